import { bboxClip } from '@turf/turf';
import polygonSelfIntersections from 'geojson-polygon-self-intersections';
import type { Feature, Geometry, LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import type { Problem } from '../base/types';

/**
 * Checks that need the geometry as a whole, after the per-position checks in validate.ts:
 * antimeridian crossings, split as RFC 7946 §3.1.9 asks (a safe repair, reported), and
 * self-intersections (reported only: no repair keeps the author's intent for sure).
 */

/** Polygon parts with more vertices than this are not searched for self-intersections. */
const MAX_KINK_CHECK_VERTICES = 200_000;

/**
 * A segment is read as crossing ±180° when its longitudes jump by more than 270°: the way round
 * through the antimeridian is then under 90°, as for a track or an outline that straddles the date
 * line. A jump of 180°–270° is left alone: RFC 7946 draws segments straight in longitude/latitude,
 * and a line from −110° to 110° is a legitimate line across the Greenwich side.
 */
const CROSSING_JUMP = 270;

function isJump(a: Position | undefined, b: Position | undefined): boolean {
  return Math.abs((b?.[0] ?? 0) - (a?.[0] ?? 0)) > CROSSING_JUMP;
}

function crossesAntimeridian(line: readonly Position[]): boolean {
  for (let i = 1; i < line.length; i++) if (isJump(line[i - 1], line[i])) return true;
  return false;
}

/** Longitudes made continuous (no jump over 180°), so the line may run past ±180. */
function unwrap(line: readonly Position[]): Position[] {
  const out: Position[] = [];
  let shift = 0;
  let prev: number | null = null;
  for (const p of line) {
    const lng = p[0] ?? 0;
    if (prev !== null) {
      const d = lng - prev;
      if (d > CROSSING_JUMP) shift -= 360;
      else if (d < -CROSSING_JUMP) shift += 360;
    }
    prev = lng;
    out.push([lng + shift, ...p.slice(1)]);
  }
  return out;
}

function shiftPositions<T extends Position[] | Position[][]>(coords: T, dx: number): T {
  return coords.map((c) => (typeof c[0] === 'number' ? [(c[0] as number) + dx, ...(c as Position).slice(1)] : shiftPositions(c as Position[], dx))) as T;
}

/** The world copies an unwrapped geometry touches, as offsets of 360°. */
function worldOffsets(minLng: number, maxLng: number): number[] {
  const out: number[] = [];
  for (let k = Math.floor((minLng + 180) / 360); k <= Math.floor((maxLng + 180) / 360); k++) out.push(k * 360);
  return out;
}

function splitLine(line: Position[]): Position[][] {
  const u = unwrap(line);
  const lngs = u.map((p) => p[0] ?? 0);
  const parts: Position[][] = [];
  for (const off of worldOffsets(Math.min(...lngs), Math.max(...lngs))) {
    const clipped = bboxClip({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: u } } as Feature<LineString>, [
      -180 + off,
      -90,
      180 + off,
      90,
    ]).geometry;
    const lines = clipped.type === 'LineString' ? [clipped.coordinates] : (clipped as MultiLineString).coordinates;
    for (const l of lines) if (l.length >= 2) parts.push(shiftPositions(l, -off));
  }
  return parts;
}

function splitPolygon(rings: Position[][]): Position[][][] {
  const u = rings.map(unwrap);
  const lngs = u.flat().map((p) => p[0] ?? 0);
  const parts: Position[][][] = [];
  for (const off of worldOffsets(Math.min(...lngs), Math.max(...lngs))) {
    const clipped = bboxClip({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: u } } as Feature<Polygon>, [
      -180 + off,
      -90,
      180 + off,
      90,
    ]).geometry;
    const polys = clipped.type === 'Polygon' ? [clipped.coordinates] : (clipped as MultiPolygon).coordinates;
    for (const p of polys) {
      const kept = p.filter((r) => r.length >= 4);
      if (kept.length && (kept[0]?.length ?? 0) >= 4) parts.push(shiftPositions(kept, -off));
    }
  }
  return parts;
}

/** Splits lines and polygons that cross ±180° into parts on either side; null when nothing crosses. */
export function splitAtAntimeridian(g: Geometry): MultiLineString | MultiPolygon | null {
  switch (g.type) {
    case 'LineString':
      if (!crossesAntimeridian(g.coordinates)) return null;
      return { type: 'MultiLineString', coordinates: splitLine(g.coordinates) };
    case 'MultiLineString':
      if (!g.coordinates.some(crossesAntimeridian)) return null;
      return { type: 'MultiLineString', coordinates: g.coordinates.flatMap((l) => (crossesAntimeridian(l) ? splitLine(l) : [l])) };
    case 'Polygon':
      if (!g.coordinates.some(crossesAntimeridian)) return null;
      return { type: 'MultiPolygon', coordinates: splitPolygon(g.coordinates) };
    case 'MultiPolygon':
      if (!g.coordinates.some((p) => p.some(crossesAntimeridian))) return null;
      return { type: 'MultiPolygon', coordinates: g.coordinates.flatMap((p) => (p.some(crossesAntimeridian) ? splitPolygon(p) : [p])) };
    default:
      return null;
  }
}

function pastAntimeridian(coords: unknown): boolean {
  if (!Array.isArray(coords)) return false;
  if (typeof coords[0] === 'number') return Math.abs(coords[0]) > 180;
  return coords.some(pastAntimeridian);
}

function single<T extends Position[] | Position[][]>(parts: T[], one: string, many: string): Geometry {
  return (parts.length === 1 ? { type: one, coordinates: parts[0] } : { type: many, coordinates: parts }) as Geometry;
}

/**
 * A line or polygon whose longitudes run past ±180° (drawn continuously across the date line, as
 * 170…190) cut at the antimeridian into parts within -180…180, as RFC 7946 §3.1.9 asks. The cut is
 * the same clip-per-world-copy as for jumps; GeometryCollection members are done one by one. Null
 * when no longitude is past ±180°; `parts` counts the pieces the moved members now have.
 */
export function normaliseLongitudes(g: Geometry): { geometry: Geometry; parts: number } | null {
  switch (g.type) {
    case 'LineString':
    case 'MultiLineString': {
      const lines = g.type === 'LineString' ? [g.coordinates] : g.coordinates;
      if (!lines.some(pastAntimeridian)) return null;
      const parts = lines.flatMap((l) => (pastAntimeridian(l) ? splitLine(l) : [l]));
      return { geometry: single(parts, 'LineString', 'MultiLineString'), parts: parts.length };
    }
    case 'Polygon':
    case 'MultiPolygon': {
      const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      if (!polys.some(pastAntimeridian)) return null;
      const parts = polys.flatMap((p) => (pastAntimeridian(p) ? splitPolygon(p) : [p]));
      return { geometry: single(parts, 'Polygon', 'MultiPolygon'), parts: parts.length };
    }
    case 'GeometryCollection': {
      let parts = 0;
      let changed = false;
      const geometries = g.geometries.map((m) => {
        const n = normaliseLongitudes(m);
        if (!n) return m;
        changed = true;
        parts += n.parts;
        return n.geometry;
      });
      return changed ? { geometry: { ...g, geometries }, parts } : null;
    }
    default:
      return null;
  }
}

/**
 * Where a polygon's edges cross each other, or []. Parts of a MultiPolygon are checked one by
 * one: parts may touch each other, edges within one part may not. The search uses an R-tree
 * (geojson-polygon-self-intersections), so it stays near n log n on detailed boundaries, where
 * turf's kinks compares every pair of edges.
 */
export function selfIntersections(g: Polygon | MultiPolygon): Position[] {
  const parts = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const out: Position[] = [];
  for (const rings of parts) {
    if (rings.flat().length > MAX_KINK_CHECK_VERTICES) continue;
    const hit = polygonSelfIntersections({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: rings } });
    if (!Array.isArray(hit)) out.push(...hit.geometry.coordinates);
  }
  return out;
}

/** Applies the whole-geometry checks; returns the geometry to keep (split if it crossed ±180°). */
export function checkTopology(g: Geometry, warnings: Problem[], index?: number): Geometry {
  const at = index === undefined ? {} : { index };
  let out = g;
  const split = splitAtAntimeridian(g);
  if (split) {
    out = split;
    warnings.push({ code: 'antimeridian-split', params: { parts: split.coordinates.length }, severity: 'warning', ...at });
  }
  if (out.type === 'Polygon' || out.type === 'MultiPolygon') {
    const crossings = selfIntersections(out);
    if (crossings.length) {
      const [lng, lat] = crossings[0] ?? [0, 0];
      warnings.push({
        code: 'self-intersection',
        params: { count: crossings.length, lat: lat?.toFixed(5) ?? '', lng: lng?.toFixed(5) ?? '' },
        severity: 'warning',
        ...at,
      });
    }
  }
  return out;
}
