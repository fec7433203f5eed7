import type { Geometry } from 'geojson';
import { crsByCode, normaliseEpsg, suggestCrs, toWgs84 } from '../geo/crs-catalogue';
import type { Crs, RangeStats } from './prj';
import type { CrsQuestion, Problem } from './types';
import { msg, type Message } from '../i18n/message';

/**
 * The coordinate system a user chose for data that declares none (ParseOptions.crs), and the
 * question put to the user when such data is plainly not in degrees.
 */

export type CrsOption = { ok: true; crs: Crs | null; code: string | null } | { ok: false; error: Message };

/** ParseOptions.crs as a CRS the readers can apply; an unknown code is an error naming the code. */
export function resolveCrsOption(text: string | undefined): CrsOption {
  if (text === undefined || text.trim() === '') return { ok: true, crs: null, code: null };
  const code = normaliseEpsg(text);
  if (code === 'EPSG:4326') return { ok: true, crs: { kind: 'geographic', name: 'WGS 84', toWgs84: null }, code };
  const def = crsByCode(text);
  if (!def) {
    return { ok: false, error: msg('crs.unknown', { crs: text.trim() }) };
  }
  return { ok: true, crs: { kind: 'projected', name: `${def.name} (${def.code})`, toWgs84: toWgs84(def) }, code: def.code };
}

/** Warning telling that the user's choice was applied, for the preview and the report. */
export function crsChosenWarning(what: string, code: string, name: string): Problem {
  return { code: 'crs-chosen', params: { crs: name, code }, where: msg('where.entry', { name: what }), severity: 'warning' };
}

/** The question for a layer without CRS whose coordinates are not degrees. */
export function crsQuestion(layer: string, stats: RangeStats, propertyNames: string[]): CrsQuestion {
  const range: [number, number, number, number] = [stats.minX, stats.minY, stats.maxX, stats.maxY];
  const metres = Math.max(...range.map(Math.abs)) <= 20_000_000;
  return {
    layer,
    range,
    looksLike: metres ? 'metres' : 'unknown-units',
    suggestions: suggestCrs(range).map((s) => ({ code: s.code, name: s.name, inMissionArea: s.inMissionArea })),
    propertyNames,
  };
}

/** True when most positions are outside degree range: the data is projected, whatever it says. */
export function looksProjected(stats: RangeStats): boolean {
  const total = stats.inDegrees + stats.outside;
  return total > 0 && stats.outside > total / 2;
}

/** Reprojects a candidate's geometry in place if it is well formed enough to walk; the validator judges the rest. */
export function reprojectCandidate(geometry: unknown, crs: Crs): void {
  if (!crs.toWgs84 || geometry === null || typeof geometry !== 'object') return;
  try {
    mapGeometry(geometry as Geometry, crs.toWgs84);
  } catch {
    // Malformed coordinates: left as they are for validateGeometry to refuse with its reason.
  }
}

function mapGeometry(g: Geometry, fn: (p: number[]) => number[]): void {
  const walk = (c: unknown): unknown => (Array.isArray(c) && typeof c[0] === 'number' ? fn(c as number[]) : Array.isArray(c) ? c.map(walk) : c);
  if (g.type === 'GeometryCollection') {
    for (const m of g.geometries) mapGeometry(m, fn);
    return;
  }
  if (Array.isArray((g as { coordinates?: unknown }).coordinates)) (g as { coordinates: unknown }).coordinates = walk((g as { coordinates: unknown }).coordinates);
}
