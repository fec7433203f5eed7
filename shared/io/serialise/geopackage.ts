import type { Geometry, Position } from 'geojson';
import type { Database, SqlValue } from 'sql.js';
import { loadSqlJs } from '../../sqlite/sql-js';
import { propertyKeys } from './properties';
import type { OutputFormatDef, SerialisableLayer, SerialiseOptions, SerialiseOutput } from './types';

/**
 * OGC GeoPackage 1.3, written with sql.js (SQLite in WebAssembly, the same engine the importer
 * reads with). One feature table per layer, in WGS 84 (EPSG:4326): an integer `fid` primary key,
 * a `geom` column of GeoPackage binary geometries (the "GP" header with the envelope, then
 * little-endian ISO WKB, Z kept), a `feature_id` text column with the feature's own id, and one
 * column per property with the narrowest type that holds every value: INTEGER, REAL, BOOLEAN,
 * DATE, DATETIME, else TEXT (lists and objects as JSON). The geometry type declared for the table
 * is the layer's one type, or GEOMETRY when it mixes types.
 *
 * No spatial index: sql.js is built without SQLite's R*Tree module, so the gpkg_rtree_index
 * extension cannot be written; GDAL and QGIS read the file without one (and can add one).
 * The WKB is written by hand for the reason the importer reads it by hand: no maintained npm
 * WKB writer works on plain Uint8Array in a worker and under node.
 */

const SRS_ID = 4326;
const WGS84_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],' +
  'PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]';

const WKB_TYPE: Record<Geometry['type'], number> = {
  Point: 1,
  LineString: 2,
  Polygon: 3,
  MultiPoint: 4,
  MultiLineString: 5,
  MultiPolygon: 6,
  GeometryCollection: 7,
};

const GPKG_TYPE_NAME: Record<Geometry['type'], string> = {
  Point: 'POINT',
  LineString: 'LINESTRING',
  Polygon: 'POLYGON',
  MultiPoint: 'MULTIPOINT',
  MultiLineString: 'MULTILINESTRING',
  MultiPolygon: 'MULTIPOLYGON',
  GeometryCollection: 'GEOMETRYCOLLECTION',
};

// ---------------------------------------------------------------------------------------------
// Geometry: GeoPackage binary = header (GeoPackage 1.3 §2.1.3) + ISO WKB

function eachPosition(g: Geometry, f: (p: Position) => void): void {
  switch (g.type) {
    case 'Point':
      return f(g.coordinates);
    case 'MultiPoint':
    case 'LineString':
      return g.coordinates.forEach(f);
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates.forEach((r) => r.forEach(f));
    case 'MultiPolygon':
      return g.coordinates.forEach((p) => p.forEach((r) => r.forEach(f)));
    case 'GeometryCollection':
      return g.geometries.forEach((c) => eachPosition(c, f));
  }
}

/** Growable little-endian byte writer. */
class Bytes {
  private buf = new ArrayBuffer(256);
  private view = new DataView(this.buf);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.byteLength) return;
    const next = new ArrayBuffer(Math.max(this.buf.byteLength * 2, this.length + n));
    new Uint8Array(next).set(new Uint8Array(this.buf, 0, this.length));
    this.buf = next;
    this.view = new DataView(next);
  }
  u8(v: number): void {
    this.room(1);
    this.view.setUint8(this.length, v);
    this.length += 1;
  }
  u32(v: number): void {
    this.room(4);
    this.view.setUint32(this.length, v, true);
    this.length += 4;
  }
  i32(v: number): void {
    this.room(4);
    this.view.setInt32(this.length, v, true);
    this.length += 4;
  }
  f64(v: number): void {
    this.room(8);
    this.view.setFloat64(this.length, v, true);
    this.length += 8;
  }
  bytes(): Uint8Array {
    return new Uint8Array(this.buf.slice(0, this.length));
  }
}

function writeWkb(out: Bytes, g: Geometry, z: boolean): void {
  out.u8(1);
  out.u32(WKB_TYPE[g.type] + (z ? 1000 : 0));
  const pos = (p: Position) => {
    out.f64(p[0] as number);
    out.f64(p[1] as number);
    if (z) out.f64(p.length > 2 && Number.isFinite(p[2]) ? (p[2] as number) : 0);
  };
  const line = (ps: Position[]) => {
    out.u32(ps.length);
    ps.forEach(pos);
  };
  const polygon = (rings: Position[][]) => {
    out.u32(rings.length);
    rings.forEach(line);
  };
  switch (g.type) {
    case 'Point':
      return pos(g.coordinates);
    case 'LineString':
      return line(g.coordinates);
    case 'Polygon':
      return polygon(g.coordinates);
    case 'MultiPoint':
      out.u32(g.coordinates.length);
      return g.coordinates.forEach((c) => writeWkb(out, { type: 'Point', coordinates: c }, z));
    case 'MultiLineString':
      out.u32(g.coordinates.length);
      return g.coordinates.forEach((c) => writeWkb(out, { type: 'LineString', coordinates: c }, z));
    case 'MultiPolygon':
      out.u32(g.coordinates.length);
      return g.coordinates.forEach((c) => writeWkb(out, { type: 'Polygon', coordinates: c }, z));
    case 'GeometryCollection':
      out.u32(g.geometries.length);
      return g.geometries.forEach((c) => writeWkb(out, c, z));
  }
}

type Envelope = [number, number, number, number];

function envelopeOf(g: Geometry): { env: Envelope | null; z: boolean } {
  let env: Envelope | null = null;
  let z = false;
  eachPosition(g, (p) => {
    const [x, y] = p as [number, number];
    if (p.length > 2) z = true;
    if (!env) env = [x, x, y, y];
    else {
      if (x < env[0]) env[0] = x;
      if (x > env[1]) env[1] = x;
      if (y < env[2]) env[2] = y;
      if (y > env[3]) env[3] = y;
    }
  });
  return { env, z };
}

/** One geometry as a GeoPackage binary blob, and its [minx, maxx, miny, maxy]. */
export function gpkgGeometry(g: Geometry): { blob: Uint8Array; env: Envelope | null; z: boolean } {
  const { env, z } = envelopeOf(g);
  const out = new Bytes();
  out.u8(0x47); // 'G'
  out.u8(0x50); // 'P'
  out.u8(0); // version 1
  // Flags: little-endian (bit 0); an XY envelope (indicator 1, bits 1–3) except for points,
  // whose envelope is the point itself; the empty flag (bit 4) when there is no position.
  const withEnvelope = g.type !== 'Point' && env !== null;
  out.u8(1 | (withEnvelope ? 1 << 1 : 0) | (env === null ? 1 << 4 : 0));
  out.i32(SRS_ID);
  if (withEnvelope && env) for (const v of env) out.f64(v);
  writeWkb(out, g, z);
  return { blob: out.bytes(), env, z };
}

// ---------------------------------------------------------------------------------------------
// Attributes

type ColumnType = 'INTEGER' | 'REAL' | 'BOOLEAN' | 'DATE' | 'DATETIME' | 'TEXT';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function typeOfValue(v: unknown): ColumnType | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return 'BOOLEAN';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER ? 'INTEGER' : Number.isFinite(v) ? 'REAL' : 'TEXT';
  if (typeof v === 'string') {
    if (ISO_DATE.test(v) && !Number.isNaN(Date.parse(v))) return 'DATE';
    if (ISO_DATETIME.test(v) && !Number.isNaN(Date.parse(v))) return 'DATETIME';
  }
  return 'TEXT';
}

function widen(a: ColumnType | null, b: ColumnType | null): ColumnType | null {
  if (a === null) return b;
  if (b === null || a === b) return a;
  if ((a === 'INTEGER' && b === 'REAL') || (a === 'REAL' && b === 'INTEGER')) return 'REAL';
  return 'TEXT';
}

function cellValue(v: unknown, type: ColumnType): SqlValue {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'INTEGER':
    case 'REAL':
      return v as number;
    case 'BOOLEAN':
      return v ? 1 : 0;
    case 'DATE':
      return v as string;
    // GeoPackage wants DATETIME as ISO 8601 in UTC with milliseconds and a Z.
    case 'DATETIME':
      return new Date(Date.parse(v as string)).toISOString();
    case 'TEXT':
      return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** `wanted`, made unique case-insensitively against `taken` (SQLite names ignore case). */
function uniqueName(wanted: string, taken: Set<string>): string {
  let name = wanted.trim() || 'field';
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${wanted}_${n}`;
  taken.add(name.toLowerCase());
  return name;
}

// ---------------------------------------------------------------------------------------------

const GEOMETRY_COLUMN = 'geom';

function createMetadataTables(db: Database): void {
  db.run(`
    PRAGMA application_id = 1196444487;
    PRAGMA user_version = 10300;
    CREATE TABLE gpkg_spatial_ref_sys (
      srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
      organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
    CREATE TABLE gpkg_contents (
      table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
      last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
      min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
      CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
    CREATE TABLE gpkg_geometry_columns (
      table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
      srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
      CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
      CONSTRAINT uk_gc_table_name UNIQUE (table_name),
      CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
      CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
  `);
  const srs = db.prepare('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)');
  srs.run(['Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system']);
  srs.run(['Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system']);
  srs.run(['WGS 84 geodetic', SRS_ID, 'EPSG', SRS_ID, WGS84_WKT, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid']);
  srs.free();
}

function writeLayer(db: Database, layer: SerialisableLayer, tableName: string, lastChange: string, warnings: string[]): void {
  const keys = propertyKeys([layer]);
  const taken = new Set(['fid', GEOMETRY_COLUMN, 'feature_id']);
  const columns = keys.map((key) => {
    let type: ColumnType | null = null;
    for (const f of layer.features) type = widen(type, typeOfValue(f.properties?.[key]));
    const name = uniqueName(key, taken);
    return { key, name, type: type ?? 'TEXT' };
  });
  const renamed = columns.filter((c) => c.name !== c.key).map((c) => `"${c.key}" as "${c.name}"`);
  if (renamed.length) warnings.push(`${layer.name}: properties written under another column name: ${renamed.join(', ')}`);

  const types = new Set(layer.features.flatMap((f) => (f.geometry ? [f.geometry.type] : [])));
  const geometryType = types.size === 1 ? GPKG_TYPE_NAME[[...types][0] as Geometry['type']] : 'GEOMETRY';
  const columnSql = columns.map((c) => `${quote(c.name)} ${c.type}`).join(', ');
  db.run(
    `CREATE TABLE ${quote(tableName)} (fid INTEGER PRIMARY KEY AUTOINCREMENT, ${GEOMETRY_COLUMN} ${geometryType}, feature_id TEXT${columnSql ? `, ${columnSql}` : ''})`,
  );
  const insert = db.prepare(
    `INSERT INTO ${quote(tableName)} (${[GEOMETRY_COLUMN, 'feature_id', ...columns.map((c) => c.name)].map(quote).join(', ')}) VALUES (${['?', '?', ...columns.map(() => '?')].join(', ')})`,
  );
  let bounds: Envelope | null = null;
  let anyZ = false;
  for (const f of layer.features) {
    let blob: Uint8Array | null = null;
    if (f.geometry) {
      const g = gpkgGeometry(f.geometry);
      blob = g.blob;
      anyZ ||= g.z;
      if (g.env) {
        bounds = bounds
          ? [Math.min(bounds[0], g.env[0]), Math.max(bounds[1], g.env[1]), Math.min(bounds[2], g.env[2]), Math.max(bounds[3], g.env[3])]
          : [...g.env];
      }
    }
    insert.run([blob, f.id === undefined ? null : String(f.id), ...columns.map((c) => cellValue(f.properties?.[c.key], c.type))]);
  }
  insert.free();
  const b = bounds as Envelope | null;
  db.run('INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
    tableName,
    'features',
    tableName,
    '',
    lastChange,
    b ? b[0] : null,
    b ? b[2] : null,
    b ? b[1] : null,
    b ? b[3] : null,
    SRS_ID,
  ]);
  // z: 0 = no Z, 2 = Z optional (features with and without altitude may mix).
  db.run('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, ?, 0)', [tableName, GEOMETRY_COLUMN, geometryType, SRS_ID, anyZ ? 2 : 0]);
}

export async function serialiseGeoPackage(layers: readonly SerialisableLayer[], options: SerialiseOptions = {}): Promise<SerialiseOutput> {
  const SQL = await loadSqlJs(options.sqlWasmUrl);
  const db = new SQL.Database();
  try {
    createMetadataTables(db);
    const warnings: string[] = [];
    const tables = new Set<string>(['gpkg_spatial_ref_sys', 'gpkg_contents', 'gpkg_geometry_columns', 'sqlite_sequence']);
    const lastChange = new Date().toISOString();
    db.run('BEGIN');
    for (const layer of layers) {
      // Names starting gpkg_ or rtree_ are reserved by the standard; sqlite_ by SQLite.
      const wanted = /^(gpkg_|rtree_|sqlite_)/i.test(layer.name) ? `layer_${layer.name}` : layer.name;
      const table = uniqueName(wanted, tables);
      if (table !== layer.name) warnings.push(`layer "${layer.name}" is the table "${table}"`);
      writeLayer(db, layer, table, lastChange, warnings);
    }
    db.run('COMMIT');
    const bytes = new Uint8Array(db.export());
    return warnings.length ? { bytes, warnings } : { bytes };
  } finally {
    db.close();
  }
}

export const geopackageOutput: OutputFormatDef = {
  id: 'gpkg',
  label: 'GeoPackage',
  extension: '.gpkg',
  mimeType: 'application/geopackage+sqlite3',
  binary: true,
  serialise: serialiseGeoPackage,
};
