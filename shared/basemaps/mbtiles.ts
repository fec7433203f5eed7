import type { Database } from 'sql.js';
import { loadSqlJs } from '../sqlite/sql-js';
import { parseTileMetadata, TileArchiveError, type TileArchiveInfo, type TileFormat } from './tile-archive';

/**
 * MBTiles 1.3 (https://github.com/mapbox/mbtiles-spec): an SQLite file with a `metadata` table
 * of name/value pairs and a `tiles` table whose rows are in TMS order (y counted from the south),
 * so a request for XYZ tile (z, x, y) reads row 2^z − 1 − y.
 *
 * sql.js keeps the whole database in memory, so files are accepted up to MAX_MBTILES_BYTES; a
 * larger basemap should be converted to PMTiles, which is read by range and has no such limit.
 */
export const MAX_MBTILES_BYTES = 256 * 1024 * 1024;

const SQLITE_MAGIC = 'SQLite format 3\0';

export class MbtilesError extends TileArchiveError {}

export interface MbtilesArchive {
  info: TileArchiveInfo;
  /** The stored bytes of a tile (as stored: vector tiles are often gzip'd), or null when absent. */
  getTile(z: number, x: number, y: number): Uint8Array | null;
  close(): void;
}

function metadataOf(db: Database): Record<string, string> {
  const out: Record<string, string> = {};
  const result = db.exec('SELECT name, value FROM metadata');
  for (const row of result[0]?.values ?? []) {
    const [name, value] = row;
    if (typeof name === 'string' && (typeof value === 'string' || typeof value === 'number')) out[name] = String(value);
  }
  return out;
}

function hasTable(db: Database, name: string): boolean {
  const r = db.exec("SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = ?", [name]);
  return (r[0]?.values.length ?? 0) > 0;
}

/** Guesses the tile format from the first tile when the metadata does not say (older files). */
function sniffFormat(db: Database): TileFormat | null {
  const r = db.exec('SELECT tile_data FROM tiles LIMIT 1');
  const data = r[0]?.values[0]?.[0];
  if (!(data instanceof Uint8Array) || data.byteLength < 4) return null;
  if (data[0] === 0x89 && data[1] === 0x50) return 'png';
  if (data[0] === 0xff && data[1] === 0xd8) return 'jpg';
  if (data[0] === 0x52 && data[1] === 0x49 && data[2] === 0x46 && data[3] === 0x46) return 'webp';
  if (data[0] === 0x1f && data[1] === 0x8b) return 'pbf';
  return null;
}

/** Throws when a file of `size` bytes is too big to open as MBTiles (checked before reading it). */
export function checkMbtilesSize(size: number): void {
  if (size > MAX_MBTILES_BYTES)
    throw new MbtilesError(`the file is ${Math.round(size / 1024 / 1024)} MB; MBTiles basemaps are read into memory and limited to ${MAX_MBTILES_BYTES / 1024 / 1024} MB (convert larger ones to PMTiles)`);
}

export async function openMbtiles(bytes: Uint8Array, options: { sqlWasmUrl?: string } = {}): Promise<MbtilesArchive> {
  checkMbtilesSize(bytes.byteLength);
  const magic = new TextDecoder().decode(bytes.subarray(0, 16));
  if (magic !== SQLITE_MAGIC) throw new MbtilesError('not an SQLite file, so not MBTiles');
  const SQL = await loadSqlJs(options.sqlWasmUrl);
  const db = new SQL.Database(bytes);
  try {
    if (!hasTable(db, 'tiles')) throw new MbtilesError('no "tiles" table: not an MBTiles file');
    const meta = hasTable(db, 'metadata') ? metadataOf(db) : {};
    const format = meta.format ?? sniffFormat(db);
    const info = parseTileMetadata({ ...meta, format: format ?? '' });
    const stmt = db.prepare('SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?');
    return {
      info,
      getTile(z, x, y) {
        const row = (1 << z) - 1 - y;
        stmt.bind([z, x, row]);
        try {
          if (!stmt.step()) return null;
          const value = stmt.get()[0];
          return value instanceof Uint8Array ? value : null;
        } finally {
          stmt.reset();
        }
      },
      close() {
        stmt.free();
        db.close();
      },
    };
  } catch (e) {
    db.close();
    throw e;
  }
}
