/**
 * Converts a small MBTiles file to PMTiles v3, for test fixtures:
 *   node --import tsx scripts/mbtiles-to-pmtiles.ts in.mbtiles out.pmtiles
 * See shared/basemaps/pmtiles-writer.ts for why it is hand-written and its size limit.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import initSqlJs from 'sql.js';
import { writePmtiles, type PmtilesTileType } from '../shared/basemaps/pmtiles-writer';
import { parseTileMetadata } from '../shared/basemaps/tile-archive';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: mbtiles-to-pmtiles <in.mbtiles> <out.pmtiles>');
  process.exit(2);
}
const SQL = await initSqlJs();
const db = new SQL.Database(readFileSync(input));
const meta: Record<string, string> = {};
for (const [name, value] of db.exec('SELECT name, value FROM metadata')[0]?.values ?? []) meta[String(name)] = String(value);
const info = parseTileMetadata(meta);
const tiles: { z: number; x: number; y: number; data: Uint8Array }[] = [];
for (const [z, x, row, data] of db.exec('SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles')[0]?.values ?? []) {
  const zoom = Number(z);
  tiles.push({ z: zoom, x: Number(x), y: (1 << zoom) - 1 - Number(row), data: data as Uint8Array });
}
const tileType: PmtilesTileType = info.format === 'pbf' ? 'mvt' : info.format;
const gz = (d: Uint8Array) => d[0] === 0x1f && d[1] === 0x8b;
const bytes = writePmtiles({
  tiles,
  tileType,
  tilesGzipped: tiles.every((t) => gz(t.data)),
  metadata: {
    name: info.name ?? undefined,
    format: info.format,
    ...(info.attribution ? { attribution: info.attribution } : {}),
    ...(info.vectorLayers.length ? { vector_layers: info.vectorLayers } : {}),
  },
  bounds: info.bounds ?? [-180, -85.0511, 180, 85.0511],
});
writeFileSync(output, bytes);
console.log(`${output}: ${tiles.length} tiles, ${bytes.byteLength} bytes`);
