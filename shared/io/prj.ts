import { msg, type Message } from '../i18n/message';
import type { Geometry, Position } from 'geojson';
import proj4 from 'proj4';
import type { Problem } from './types';

/**
 * Coordinate-system sanity checks shared by the shapefile and GeoPackage readers.
 *
 * proj4 does the actual conversions. What is hand-written here is only the glue around it: telling
 * a geographic CRS from a projected one in a WKT text (the first keyword says it), deciding whether
 * the numbers in a file agree with what its CRS says, and walking a geometry's positions. These are
 * checks no library makes for us: a .prj saying "metres" on degree values reprojects without error
 * into plausible-looking but wrong places, which is the failure we must not let through silently.
 */

export type CrsKind = 'geographic' | 'projected';

export interface Crs {
  kind: CrsKind;
  /** Human-readable name from the WKT (e.g. "NAD83 / Massachusetts Mainland"). */
  name: string;
  /** Converts one position to WGS 84 longitude/latitude; null when the CRS already is WGS 84 degrees. */
  toWgs84: ((p: Position) => Position) | null;
}

export type CrsReading = { ok: true; crs: Crs } | { ok: false; reason: Message };

const PROJECTED = /^(PROJCS|PROJCRS|PROJECTEDCRS)\s*\[/i;
const GEOGRAPHIC = /^(GEOGCS|GEOGCRS|GEOGRAPHICCRS|GEODCRS|GEODETICCRS)\s*\[/i;
const WGS84_DATUM = /DATUM\s*\[\s*"(D_)?WGS[_ ]?(19)?84"|DATUM\s*\[\s*"World Geodetic System 1984/i;

function wktName(wkt: string): string {
  const m = /^[A-Z_]+\s*\[\s*"([^"]*)"/i.exec(wkt);
  return m?.[1]?.replace(/_/g, ' ') || 'an unnamed coordinate system';
}

/** The WKT inside a COMPD_CS / COMPOUNDCRS: its horizontal part. */
function horizontalPart(wkt: string): string {
  if (!/^(COMPD_CS|COMPOUNDCRS)\s*\[/i.test(wkt)) return wkt;
  const m = /(PROJCS|PROJCRS|PROJECTEDCRS|GEOGCS|GEOGCRS|GEOGRAPHICCRS)\s*\[/i.exec(wkt.slice(1));
  return m ? wkt.slice(1 + m.index) : wkt;
}

/**
 * Reads a coordinate-system definition (a shapefile's .prj, or a GeoPackage srs `definition`):
 * well-known text, which proj4 understands. Anything else (an HTML error page saved as .prj,
 * an empty file, a WKT proj4 cannot use) is reported with a reason, never guessed at.
 */
export function readCrs(text: string): CrsReading {
  const wkt = horizontalPart(text.replace(/^\uFEFF/, '').trim());
  if (wkt === '') return { ok: false, reason: msg('prj.empty') };
  if (wkt.startsWith('<')) return { ok: false, reason: msg('prj.html') };
  const kind: CrsKind | null = PROJECTED.test(wkt) ? 'projected' : GEOGRAPHIC.test(wkt) ? 'geographic' : null;
  if (!kind) return { ok: false, reason: msg('prj.not-wkt', { start: wkt.slice(0, 24) }) };
  const name = wktName(wkt);
  if (kind === 'geographic' && WGS84_DATUM.test(wkt)) return { ok: true, crs: { kind, name, toWgs84: null } };
  let converter: proj4.Converter;
  try {
    // proj4 with one definition converts from WGS 84 to it; `inverse` goes the way we need.
    converter = proj4(wkt);
  } catch (e) {
    return { ok: false, reason: msg('prj.unusable', { detail: e instanceof Error ? e.message : String(e) }) };
  }
  const toWgs84 = (p: Position): Position => {
    const out = converter.inverse([p[0] as number, p[1] as number]);
    return p.length > 2 ? [out[0] as number, out[1] as number, ...p.slice(2)] : [out[0] as number, out[1] as number];
  };
  return { ok: true, crs: { kind, name, toWgs84 } };
}

/** Coordinate values producers write for "no location"; they say nothing about the CRS. */
const NO_DATA: ReadonlySet<number> = new Set([-9999, 9999, -99999, 99999, -999999]);

/** Counts of positions inside and outside longitude/latitude range. */
export interface RangeStats {
  inDegrees: number;
  outside: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function emptyRangeStats(): RangeStats {
  return { inDegrees: 0, outside: 0, minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
}

/** Slack for single-precision rounding: 180.0000019 in a world-borders file is 180. */
export const DEGREE_SLACK = 1e-5;

export function addToRangeStats(stats: RangeStats, g: Geometry | null | undefined): void {
  forEachPosition(g, (p) => {
    const x = p[0] as number;
    const y = p[1] as number;
    if (!Number.isFinite(x) || !Number.isFinite(y) || NO_DATA.has(x) || NO_DATA.has(y)) return;
    if (x < stats.minX) stats.minX = x;
    if (x > stats.maxX) stats.maxX = x;
    if (y < stats.minY) stats.minY = y;
    if (y > stats.maxY) stats.maxY = y;
    if (Math.abs(x) <= 180 + DEGREE_SLACK && Math.abs(y) <= 90 + DEGREE_SLACK) stats.inDegrees++;
    else stats.outside++;
  });
}

function fmtNum(n: number): number {
  return Math.abs(n) >= 1000 ? Math.round(n) : Math.round(n * 1e4) / 1e4;
}

function extent(s: RangeStats): Message {
  return msg('prj.extent', { minX: fmtNum(s.minX), maxX: fmtNum(s.maxX), minY: fmtNum(s.minY), maxY: fmtNum(s.maxY) });
}

/**
 * Does the declared CRS contradict the numbers? Returns a plain-language explanation, or null.
 * - Projected CRS, but every position is within ±180/±90: the values are degrees, and
 *   "reprojecting" them would put everything near the projection's origin, far from the truth.
 * - Geographic or no CRS, but most positions are outside ±180/±90: they are metres or feet of
 *   some projection nobody told us about. (A few stray values are left to per-feature refusal.)
 */
export function crsContradiction(crs: Crs | null, stats: RangeStats, where: Message, noCrs: Message = msg('prj.no-prj')): Message | null {
  const total = stats.inDegrees + stats.outside;
  if (total === 0) return null;
  if (crs?.kind === 'projected' && stats.outside === 0) {
    return msg('prj.projected-degrees', { where, crs: crs.name, extent: extent(stats) });
  }
  if (crs?.kind !== 'projected' && stats.outside > total / 2) {
    const declared = crs ? msg('prj.declares-geographic', { crs: crs.name }) : noCrs;
    return msg('prj.not-degrees', { where, declared, extent: extent(stats) });
  }
  return null;
}

export function forEachPosition(g: Geometry | null | undefined, fn: (p: Position) => void): void {
  if (!g) return;
  switch (g.type) {
    case 'Point':
      fn(g.coordinates);
      return;
    case 'MultiPoint':
    case 'LineString':
      for (const p of g.coordinates) fn(p);
      return;
    case 'MultiLineString':
    case 'Polygon':
      for (const l of g.coordinates) for (const p of l) fn(p);
      return;
    case 'MultiPolygon':
      for (const poly of g.coordinates) for (const l of poly) for (const p of l) fn(p);
      return;
    case 'GeometryCollection':
      for (const c of g.geometries) forEachPosition(c, fn);
  }
}

/** Replaces every position in place with `fn(position)`. */
export function mapPositions(g: Geometry | null | undefined, fn: (p: Position) => Position): void {
  if (!g) return;
  const list = (ps: Position[]) => {
    for (let i = 0; i < ps.length; i++) ps[i] = fn(ps[i] as Position);
  };
  switch (g.type) {
    case 'Point':
      g.coordinates = fn(g.coordinates);
      return;
    case 'MultiPoint':
    case 'LineString':
      list(g.coordinates);
      return;
    case 'MultiLineString':
    case 'Polygon':
      for (const l of g.coordinates) list(l);
      return;
    case 'MultiPolygon':
      for (const poly of g.coordinates) for (const l of poly) list(l);
      return;
    case 'GeometryCollection':
      for (const c of g.geometries) mapPositions(c, fn);
  }
}

/**
 * Snaps values a hair beyond ±180 / ±90 (single-precision storage, reprojection round-off) onto the
 * limit, so that a world-borders file does not lose Fiji to 180.0000019. Returns how many it moved.
 */
export function clampNearLimits(g: Geometry | null | undefined): number {
  let moved = 0;
  mapPositions(g, (p) => {
    const x = p[0] as number;
    const y = p[1] as number;
    const ax = Math.abs(x);
    const ay = Math.abs(y);
    const cx = ax > 180 && ax <= 180 + DEGREE_SLACK ? Math.sign(x) * 180 : x;
    const cy = ay > 90 && ay <= 90 + DEGREE_SLACK ? Math.sign(y) * 90 : y;
    if (cx === x && cy === y) return p;
    moved++;
    const out = p.slice();
    out[0] = cx;
    out[1] = cy;
    return out;
  });
  return moved;
}

/** The repair clampNearLimits made on one feature, for its warnings (the builder adds the index). */
export function clampedWarning(count: number): Problem {
  return {
    code: 'clamped',
    params: { count },
    severity: 'warning',
  };
}
