import { msg, type Message } from '../i18n/message';
import { combineLayerOutcomes, type LayerOutcome } from './layer-outcomes';
import type { Geometry, Position } from 'geojson';
import type { Database, SqlJsStatic, SqlValue } from 'sql.js';
import { loadSqlJs } from '../sqlite/sql-js';
import { kindOf, LayerBuilder, warn } from './layer-builder';
import { addToRangeStats, clampedWarning, clampNearLimits, crsContradiction, emptyRangeStats, mapPositions, readCrs, type Crs } from './prj';
import type { FormatDef, ParseOptions, ParseResult, Problem } from './types';

/**
 * OGC GeoPackage (.gpkg): an SQLite database, opened with sql.js (SQLite compiled to WebAssembly).
 *
 * Each row of `gpkg_contents` with data_type 'features' becomes one layer; its geometry column
 * (from `gpkg_geometry_columns`) holds GeoPackage binary geometries: a small header followed by
 * WKB. Both are decoded by hand below. No maintained npm WKB reader fits: `wkx`, the usual one,
 * parses from a node `Buffer` (its browser build ships a Buffer polyfill) and is not installed;
 * we need plain Uint8Array/DataView code that runs the same in a worker and under node.
 */

export const GEOPACKAGE_FORMAT_ID = 'geopackage';

const SQLITE_MAGIC = 'SQLite format 3\0';

// ---------------------------------------------------------------------------------------------
// GeoPackage binary header (GeoPackage 1.3 §2.1.3) and WKB (OGC Simple Features / ISO 13249).

/** Why a geometry blob cannot be read, as a message code: thrown inside the reader, caught per feature. */
export class GeometryError extends Error {
  constructor(
    readonly code: string,
    readonly params?: Message['params'],
  ) {
    super(code);
  }
}

const WKB_NAMES: Record<number, string> = {
  8: 'CircularString',
  9: 'CompoundCurve',
  10: 'CurvePolygon',
  11: 'MultiCurve',
  12: 'MultiSurface',
  13: 'Curve',
  14: 'Surface',
  15: 'PolyhedralSurface',
  16: 'TIN',
  17: 'Triangle',
};

/** Reads one WKB geometry; Z is kept as the third value, M is skipped. */
class WkbReader {
  private readonly v: DataView;
  offset: number;

  constructor(bytes: Uint8Array, offset: number) {
    this.v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.offset = offset;
  }

  private need(n: number): void {
    if (this.offset + n > this.v.byteLength) throw new GeometryError('gpkg.truncated');
  }

  private count(le: boolean, itemBytes: number): number {
    this.need(4);
    const n = this.v.getUint32(this.offset, le);
    this.offset += 4;
    // Guard against absurd counts before allocating anything.
    if (n * itemBytes > this.v.byteLength - this.offset) throw new GeometryError('gpkg.count-exceeds');
    return n;
  }

  private positions(n: number, le: boolean, dims: number, hasZ: boolean): Position[] {
    this.need(n * dims * 8);
    const out: Position[] = new Array<Position>(n);
    for (let i = 0; i < n; i++) {
      const o = this.offset + i * dims * 8;
      const x = this.v.getFloat64(o, le);
      const y = this.v.getFloat64(o + 8, le);
      out[i] = hasZ ? [x, y, this.v.getFloat64(o + 16, le)] : [x, y];
    }
    this.offset += n * dims * 8;
    return out;
  }

  read(depth = 0): Geometry | null {
    if (depth > 16) throw new GeometryError('gpkg.too-deep');
    this.need(5);
    const order = this.v.getUint8(this.offset);
    if (order > 1) throw new GeometryError('gpkg.not-wkb', { order });
    const le = order === 1;
    let code = this.v.getUint32(this.offset + 1, le);
    this.offset += 5;
    // EWKB (PostGIS) flags, accepted because some writers use them.
    let hasZ = (code & 0x80000000) !== 0;
    let hasM = (code & 0x40000000) !== 0;
    if (code & 0x20000000) {
      this.need(4);
      this.offset += 4; // embedded SRID
    }
    code &= 0x0fffffff;
    // ISO WKB: 1000s digit says Z (1), M (2), ZM (3).
    const iso = Math.floor(code / 1000);
    if (iso === 1 || iso === 3) hasZ = true;
    if (iso === 2 || iso === 3) hasM = true;
    const base = code % 1000;
    const dims = 2 + (hasZ ? 1 : 0) + (hasM ? 1 : 0);
    switch (base) {
      case 1: {
        const p = this.positions(1, le, dims, hasZ)[0] as Position;
        // An empty point is written as NaN coordinates.
        return Number.isNaN(p[0]) && Number.isNaN(p[1]) ? null : { type: 'Point', coordinates: p };
      }
      case 2:
        return { type: 'LineString', coordinates: this.positions(this.count(le, dims * 8), le, dims, hasZ) };
      case 3: {
        const rings = this.count(le, 4);
        const coordinates: Position[][] = [];
        for (let i = 0; i < rings; i++) coordinates.push(this.positions(this.count(le, dims * 8), le, dims, hasZ));
        return { type: 'Polygon', coordinates };
      }
      case 4:
      case 5:
      case 6:
      case 7: {
        const n = this.count(le, 5);
        const parts: Geometry[] = [];
        for (let i = 0; i < n; i++) {
          const g = this.read(depth + 1);
          if (g) parts.push(g);
        }
        if (base === 7) return { type: 'GeometryCollection', geometries: parts };
        const want = base === 4 ? 'Point' : base === 5 ? 'LineString' : 'Polygon';
        const coords = parts.map((g) => {
          if (g.type !== want) throw new GeometryError('gpkg.multi-mixed', { want, type: g.type });
          return g.coordinates;
        });
        if (base === 4) return { type: 'MultiPoint', coordinates: coords as Position[] };
        if (base === 5) return { type: 'MultiLineString', coordinates: coords as Position[][] };
        return { type: 'MultiPolygon', coordinates: coords as Position[][][] };
      }
      default: {
        const name = WKB_NAMES[base];
        throw name ? new GeometryError('gpkg.curves', { name }) : new GeometryError('gpkg.unknown-wkb', { code });
      }
    }
  }
}

const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

/**
 * Decodes a GeoPackage geometry blob: 'GP', version, flags (bit 0 byte order, bits 1-3 envelope
 * kind, bit 4 empty, bit 5 extended type), int32 srs_id, the envelope, then WKB.
 */
export function decodeGpkgGeometry(blob: Uint8Array): Geometry | null {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new GeometryError('gpkg.no-gp-header');
  const flags = blob[3] as number;
  if (flags & 0x20) throw new GeometryError('gpkg.extended');
  const envelope = ENVELOPE_BYTES[(flags >> 1) & 0x07];
  if (envelope === undefined) throw new GeometryError('gpkg.envelope');
  if (flags & 0x10) return null;
  return new WkbReader(blob, 8 + envelope).read();
}

// ---------------------------------------------------------------------------------------------

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

function rows(db: Database, sql: string, params: SqlValue[] = []): Record<string, SqlValue>[] {
  const stmt = db.prepare(sql, params);
  const out: Record<string, SqlValue>[] = [];
  try {
    while (stmt.step()) out.push(stmt.getAsObject() as Record<string, SqlValue>);
  } finally {
    stmt.free();
  }
  return out;
}

function hasTable(db: Database, name: string): boolean {
  return rows(db, "SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name = ?", [name]).length > 0;
}

interface SrsInfo {
  crs: Crs | null;
  /** Set when the srs is unusable: explains why, for a warning. */
  problem?: Message;
  label: string;
}

function readSrs(db: Database, srsId: number): SrsInfo {
  if (srsId === 4326) return { crs: null, label: 'EPSG:4326' };
  if (srsId === 0 || srsId === -1) return { crs: null, label: `srs_id ${srsId} ("undefined ${srsId === 0 ? 'geographic' : 'Cartesian'}")` };
  const found = rows(db, 'SELECT srs_name, organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?', [srsId])[0];
  if (!found) return { crs: null, problem: msg('gpkg.srs-unlisted', { srsId }), label: `srs_id ${srsId}` };
  const label = `${String(found.organization ?? '')}:${String(found.organization_coordsys_id ?? srsId)}`;
  if (String(found.organization).toUpperCase() === 'EPSG' && Number(found.organization_coordsys_id) === 4326) return { crs: null, label };
  const reading = readCrs(typeof found.definition === 'string' ? found.definition : '');
  if (!reading.ok) return { crs: null, problem: msg('gpkg.srs-unusable', { label, reason: reading.reason }), label };
  return { crs: reading.crs, label };
}

type TableOutcome = LayerOutcome;

function readFeatureTable(db: Database, table: string, name: string): TableOutcome {
  const where = msg('where.table', { name: table });
  const located = (p: Problem): Problem => ({ ...p, where });
  const geomCol = rows(db, 'SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?', [table])[0];
  if (!geomCol || typeof geomCol.column_name !== 'string') return { ok: false, error: msg('in-place', { where, text: msg('gpkg.no-geometry-column') }) };
  const geometryColumn = geomCol.column_name;
  const warnings: Problem[] = [];
  const srs = readSrs(db, Number(geomCol.srs_id));
  if (srs.problem) warnings.push(located(warn('bad-srs', { reason: msg('gpkg.srs-read-as-wgs84', { reason: srs.problem }) })));

  const columns = rows(db, `PRAGMA table_info(${quoteId(table)})`);
  const pk = columns.find((c) => Number(c.pk) === 1 && /INT/i.test(String(c.type)))?.name;
  const booleans = new Set(columns.filter((c) => /^BOOL/i.test(String(c.type))).map((c) => String(c.name)));

  const stmt = db.prepare(`SELECT * FROM ${quoteId(table)}`);
  const names = stmt.getColumnNames();
  const geomIndex = names.indexOf(geometryColumn);
  const skippedBlobs = new Set<string>();
  const candidates: { id: SqlValue; properties: Record<string, unknown>; geometry: Geometry | null; error?: Message }[] = [];
  try {
    while (stmt.step()) {
      const values = stmt.get();
      const properties: Record<string, unknown> = {};
      let id: SqlValue = null;
      for (let c = 0; c < names.length; c++) {
        if (c === geomIndex) continue;
        const key = names[c] as string;
        const value = values[c] ?? null;
        if (key === pk) {
          id = value;
          continue;
        }
        if (value instanceof Uint8Array) {
          skippedBlobs.add(key);
          continue;
        }
        properties[key] = booleans.has(key) && typeof value === 'number' ? value !== 0 : value;
      }
      const blob = geomIndex >= 0 ? values[geomIndex] : null;
      let geometry: Geometry | null = null;
      let error: Message | undefined;
      if (blob instanceof Uint8Array) {
        try {
          geometry = decodeGpkgGeometry(blob);
        } catch (e) {
          if (!(e instanceof GeometryError)) throw e;
          error = msg(e.code, e.params);
        }
      } else if (blob !== null) {
        error = msg('gpkg.not-blob', { found: kindOf(blob) });
      }
      candidates.push(error === undefined ? { id, properties, geometry } : { id, properties, geometry, error });
    }
  } finally {
    stmt.free();
  }
  if (skippedBlobs.size) {
    warnings.push(located(warn('blob-skipped', { columns: [...skippedBlobs].map((b) => `"${b}"`).join(', ') })));
  }

  const stats = emptyRangeStats();
  for (const f of candidates) addToRangeStats(stats, f.geometry);
  const contradiction = crsContradiction(srs.crs, stats, msg('where.layer', { name }), msg('gpkg.no-usable-crs', { label: srs.label }));
  if (contradiction) return { ok: false, error: contradiction };

  const builder = new LayerBuilder();
  const refused: Problem[] = [];
  for (const f of candidates) {
    if (f.error !== undefined) {
      const index = builder.index++;
      refused.push({ code: 'bad-geometry', params: { reason: f.error }, index, severity: 'error' });
      continue;
    }
    if (f.geometry && srs.crs?.toWgs84) mapPositions(f.geometry, srs.crs.toWgs84);
    const clamped = clampNearLimits(f.geometry);
    const feature: Record<string, unknown> = { type: 'Feature', properties: f.properties, geometry: f.geometry };
    if (typeof f.id === 'number' || typeof f.id === 'string') feature.id = f.id;
    builder.addFeature(feature, undefined, clamped ? [clampedWarning(clamped)] : []);
  }
  if (srs.crs?.toWgs84) warnings.push(located(warn('reprojected', { crs: `${srs.crs.name} (${srs.label})` })));
  return {
    ok: true,
    layer: builder.layer(name),
    refused: [...refused, ...builder.refused.toArray()].map(located),
    warnings: [...warnings, ...builder.warnings.toArray().map(located)],
  };
}

function isSqlite(bytes: Uint8Array): boolean {
  if (bytes.length < 16) return false;
  for (let i = 0; i < 16; i++) if (bytes[i] !== SQLITE_MAGIC.charCodeAt(i)) return false;
  return true;
}

export async function parseGeoPackage(bytes: Uint8Array, fileName: string, options: ParseOptions = {}): Promise<ParseResult> {
  const format = GEOPACKAGE_FORMAT_ID;
  if (!isSqlite(bytes)) return { ok: false, format, error: msg('gpkg.not-sqlite') };
  let SQL: SqlJsStatic;
  try {
    SQL = await loadSqlJs(options.sqlWasmUrl);
  } catch (e) {
    return { ok: false, format, error: msg('gpkg.sqljs-failed', { detail: e instanceof Error ? e.message : String(e) }) };
  }
  let db: Database;
  try {
    db = new SQL.Database(bytes);
  } catch (e) {
    return { ok: false, format, error: msg('gpkg.cannot-open', { detail: e instanceof Error ? e.message : String(e) }) };
  }
  try {
    if (!hasTable(db, 'gpkg_contents')) {
      return { ok: false, format, error: msg('gpkg.no-contents') };
    }
    const contents = rows(db, 'SELECT table_name, data_type, identifier FROM gpkg_contents ORDER BY rowid');
    const featureTables = contents.filter((c) => String(c.data_type).toLowerCase() === 'features');
    const others = contents.filter((c) => String(c.data_type).toLowerCase() !== 'features');
    const fileWarnings: Problem[] = [];
    if (others.length) {
      const list = others.map((c) => `"${String(c.table_name)}" (${String(c.data_type)})`).join(', ');
      fileWarnings.push(warn('non-feature-tables', { list }));
    }
    if (featureTables.length === 0) {
      const only = others.map((c) => String(c.data_type)).join(', ');
      return { ok: false, format, error: others.length ? msg('gpkg.no-feature-tables-only', { only }) : msg('gpkg.no-feature-tables') };
    }
    const outcomes: TableOutcome[] = [];
    for (const c of featureTables) {
      const table = String(c.table_name);
      const identifier = typeof c.identifier === 'string' && c.identifier.trim() ? c.identifier.trim() : table;
      try {
        outcomes.push(readFeatureTable(db, table, identifier));
      } catch (e) {
        const text = msg('gpkg.table-unreadable', { detail: e instanceof Error ? e.message : String(e) });
        outcomes.push({ ok: false, error: msg('in-place', { where: msg('where.table', { name: table }), text }) });
      }
      options.onProgress?.(outcomes.length / featureTables.length);
    }
    return combineLayerOutcomes(format, outcomes, fileWarnings);
  } finally {
    db.close();
  }
}

export const geopackageFormat: FormatDef = {
  id: GEOPACKAGE_FORMAT_ID,
  label: 'GeoPackage',
  extensions: ['.gpkg'],
  mimeTypes: ['application/geopackage+sqlite3'],
  sniff(_head: string, bytes: Uint8Array): boolean {
    // SQLite header, and application_id "GPKG" (0x47504B47) at offset 68 as GeoPackage 1.2+ sets it.
    return isSqlite(bytes) && bytes.length > 72 && bytes[68] === 0x47 && bytes[69] === 0x50 && bytes[70] === 0x4b && bytes[71] === 0x47;
  },
  parse: parseGeoPackage,
};
