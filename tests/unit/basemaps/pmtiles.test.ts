import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'fflate';
import { FileSource, PMTiles, TileType } from 'pmtiles';
import { describe, expect, it } from 'vitest';
import { writePmtiles } from '../../../shared/basemaps/pmtiles-writer';
import { BlobSource, pmtilesInfo } from '../../../shared/basemaps/pmtiles-archive';

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/basemaps/${name}`, import.meta.url))));

describe('PMTiles fixtures through the pmtiles reader', () => {
  it('reads the vector archive by range from a Blob, as the web build does', async () => {
    const blob = new Blob([fixture('mali-vector.pmtiles')]);
    const archive = new PMTiles(new BlobSource(blob, 'mali-vector.pmtiles'));
    const header = await archive.getHeader();
    expect(header).toMatchObject({ specVersion: 3, tileType: TileType.Mvt, minZoom: 0, maxZoom: 7 });
    const tile = await archive.getZxy(6, 30, 29);
    expect(tile).toBeDefined();
    // The reader decompresses gzip'd tiles itself.
    expect(new TextDecoder('latin1').decode(new Uint8Array(tile!.data))).toContain('Bamako');
    const info = await pmtilesInfo(archive);
    expect(info).toMatchObject({ kind: 'vector', format: 'pbf', name: 'Mali test basemap', minzoom: 0, maxzoom: 7 });
    expect(info.vectorLayers.map((l) => l.id)).toContain('transportation');
  });

  it('reads the raster archive with the package\'s own FileSource too', async () => {
    const file = new File([fixture('mali-raster.pmtiles')], 'mali-raster.pmtiles');
    const archive = new PMTiles(new FileSource(file));
    const info = await pmtilesInfo(archive);
    expect(info).toMatchObject({ kind: 'raster', format: 'png', minzoom: 5, maxzoom: 6 });
    const tile = await archive.getZxy(6, 30, 29);
    expect(Array.from(new Uint8Array(tile!.data).subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(await archive.getZxy(6, 0, 0)).toBeUndefined();
  });
});

describe('writePmtiles', () => {
  it('round-trips tiles, bounds and metadata', async () => {
    const tiles = [
      { z: 0, x: 0, y: 0, data: new Uint8Array([1, 2, 3]) },
      { z: 2, x: 3, y: 1, data: new Uint8Array([9]) },
      { z: 1, x: 1, y: 0, data: new Uint8Array([4, 5]) },
    ];
    const bytes = writePmtiles({ tiles, tileType: 'png', tilesGzipped: false, metadata: { name: 'x', format: 'png' }, bounds: [-10, -5, 20, 15] });
    const archive = new PMTiles(new BlobSource(new Blob([bytes as Uint8Array<ArrayBuffer>]), 'x'));
    const h = await archive.getHeader();
    expect(h).toMatchObject({ minZoom: 0, maxZoom: 2, minLon: -10, minLat: -5, maxLon: 20, maxLat: 15, numAddressedTiles: 3, clustered: true });
    for (const t of tiles) expect(Array.from(new Uint8Array((await archive.getZxy(t.z, t.x, t.y))!.data))).toEqual(Array.from(t.data));
    expect(await archive.getMetadata()).toEqual({ name: 'x', format: 'png' });
  });

  it('gzips its directories (internal compression)', () => {
    const bytes = writePmtiles({ tiles: [{ z: 0, x: 0, y: 0, data: new Uint8Array([7]) }], tileType: 'mvt', tilesGzipped: true, metadata: {}, bounds: [-1, -1, 1, 1] });
    const view = new DataView(bytes.buffer);
    const rootOffset = Number(view.getBigUint64(8, true));
    const rootLength = Number(view.getBigUint64(16, true));
    expect(Array.from(gunzipSync(bytes.subarray(rootOffset, rootOffset + rootLength)))).toEqual([1, 0, 1, 1, 1]);
  });

  it('refuses an empty archive', () => {
    expect(() => writePmtiles({ tiles: [], tileType: 'png', tilesGzipped: false, metadata: {}, bounds: [0, 0, 1, 1] })).toThrow(/no tiles/);
  });
});
