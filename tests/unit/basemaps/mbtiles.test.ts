import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MAX_MBTILES_BYTES, MbtilesError, openMbtiles } from '../../../shared/basemaps/mbtiles';

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/basemaps/${name}`, import.meta.url))));

describe('openMbtiles', () => {
  it('reads the metadata of a vector MBTiles written by GDAL', async () => {
    const archive = await openMbtiles(fixture('mali-vector.mbtiles'));
    expect(archive.info).toMatchObject({ kind: 'vector', format: 'pbf', name: 'Mali test basemap', minzoom: 0, maxzoom: 7 });
    expect(archive.info.vectorLayers.map((l) => l.id).sort()).toEqual(['boundary', 'park', 'place', 'transportation', 'water', 'waterway']);
    expect(archive.info.vectorLayers.find((l) => l.id === 'place')?.fields).toMatchObject({ name: 'String', class: 'String' });
    expect(archive.info.bounds?.[0]).toBeCloseTo(-12.2);
    archive.close();
  });

  it('flips XYZ rows to the TMS rows MBTiles stores', async () => {
    const archive = await openMbtiles(fixture('mali-vector.mbtiles'));
    // Bamako (-7.99, 12.64) lies in XYZ tile 6/30/29 (row 34 counted from the south).
    const tile = archive.getTile(6, 30, 29);
    expect(tile).not.toBeNull();
    const pbf = gunzipSync(tile!);
    expect(new TextDecoder('latin1').decode(pbf)).toContain('Bamako');
    // The unflipped row is empty sea/land outside the data.
    expect(archive.getTile(6, 30, 34)).toBeNull();
    archive.close();
  });

  it('reads raster tiles as PNG', async () => {
    const archive = await openMbtiles(fixture('mali-raster.mbtiles'));
    expect(archive.info).toMatchObject({ kind: 'raster', format: 'png', name: 'Mali test imagery' });
    const tile = archive.getTile(6, 30, 29);
    expect(Array.from(tile!.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    archive.close();
  });

  it('refuses what is not MBTiles, naming why', async () => {
    await expect(openMbtiles(new TextEncoder().encode('{"type":"FeatureCollection"}'))).rejects.toThrow(/not an SQLite file/);
    const gpkg = new Uint8Array(readFileSync(fileURLToPath(new URL('../../fixtures/gpkg/', import.meta.url)) + 'sites.gpkg'));
    await expect(openMbtiles(gpkg)).rejects.toThrow(MbtilesError);
  });

  it('states its size limit', async () => {
    const big = { byteLength: MAX_MBTILES_BYTES + 1, subarray: () => new Uint8Array(0) } as unknown as Uint8Array;
    await expect(openMbtiles(big)).rejects.toThrow(/limited to 256 MB/);
  });
});
