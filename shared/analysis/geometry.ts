import type { Geometry, Position } from 'geojson';
import { booleanPointInPolygon } from '@turf/turf';
import { arcMidpoint, BOUNDARY_EPSILON_M, haversineM, pointToSegment, type Closest } from './sphere';
import type { LngLat } from './types';

/**
 * Geometry questions the analyses share, on plain GeoJSON geometries. Polygons are read as
 * RFC 7946 asks: rings in degrees, holes excluded, not crossing the antimeridian (import splits
 * such polygons; see shared/geo/topology.ts). Lines may cross it: distances are on the sphere.
 */

export type Box = [minX: number, minY: number, maxX: number, maxY: number];
export type Polygonal = Extract<Geometry, { type: 'Polygon' | 'MultiPolygon' }>;
export type Lineal = Extract<Geometry, { type: 'LineString' | 'MultiLineString' }>;

const pos = (p: Position): LngLat => [p[0] ?? NaN, p[1] ?? NaN];

export function isPolygonal(g: Geometry | null | undefined): g is Polygonal {
  return g?.type === 'Polygon' || g?.type === 'MultiPolygon';
}

export function isLineal(g: Geometry | null | undefined): g is Lineal {
  return g?.type === 'LineString' || g?.type === 'MultiLineString';
}

/** The point of a Point geometry, or null. */
export function pointOf(g: Geometry | null | undefined): LngLat | null {
  if (g?.type !== 'Point') return null;
  const p = pos(g.coordinates);
  return Number.isFinite(p[0]) && Number.isFinite(p[1]) ? p : null;
}

/** Polygons as lists of rings (outer first). */
export function polygonsOf(g: Polygonal): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** The paths whose segments make up a line or the boundary of a polygon (every ring). */
export function pathsOf(g: Lineal | Polygonal): Position[][] {
  switch (g.type) {
    case 'LineString':
      return [g.coordinates];
    case 'MultiLineString':
      return g.coordinates;
    case 'Polygon':
      return g.coordinates;
    case 'MultiPolygon':
      return g.coordinates.flat();
  }
}

function* vertices(g: Lineal | Polygonal): Generator<LngLat> {
  for (const path of pathsOf(g)) for (const p of path) yield pos(p);
}

/**
 * Bounding box of a line or polygon, widened to the midpoints of great-circle segments so that
 * an arc bulging poleward between two vertices is still (nearly) inside it. A segment crossing
 * the antimeridian gives a box spanning every longitude: wide, but never missing anything.
 */
export function boxOf(g: Lineal | Polygonal): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (p: LngLat): void => {
    if (p[0] < box[0]) box[0] = p[0];
    if (p[1] < box[1]) box[1] = p[1];
    if (p[0] > box[2]) box[2] = p[0];
    if (p[1] > box[3]) box[3] = p[1];
  };
  for (const path of pathsOf(g)) {
    for (let i = 0; i < path.length; i++) {
      const b = pos(path[i] as Position);
      add(b);
      if (i > 0) {
        const a = pos(path[i - 1] as Position);
        // A segment more than 180° of longitude long crosses the antimeridian (segments take
        // the shorter way): only a box of every longitude contains it.
        if (Math.abs(b[0] - a[0]) > 180) {
          box[0] = Math.min(box[0], -180);
          box[2] = Math.max(box[2], 180);
        }
        // Only the latitude of the midpoint matters; its longitude is between the ends already
        // (or, across the antimeridian, the box spans every longitude anyway).
        const m = arcMidpoint(a, b);
        add([b[0], m[1]]);
      }
    }
  }
  return box;
}

/** Point in polygon with holes; a point on an edge or vertex counts as inside (turf's default). */
export function pointInPolygonal(p: LngLat, g: Polygonal): boolean {
  return booleanPointInPolygon(p, g);
}

/** Closest point of a set of paths (their segments) to p. */
function closestOnPaths(p: LngLat, paths: Position[][]): Closest | null {
  let best: Closest | null = null;
  for (const path of paths) {
    if (path.length === 1) {
      const a = pos(path[0] as Position);
      const d = haversineM(p[0], p[1], a[0], a[1]);
      if (!best || d < best.distanceM) best = { distanceM: d, at: a };
    }
    for (let i = 1; i < path.length; i++) {
      const c = pointToSegment(p, pos(path[i - 1] as Position), pos(path[i] as Position));
      if (!best || c.distanceM < best.distanceM) best = c;
    }
  }
  return best;
}

/**
 * Distance in metres from a point to a geometry and the geometry's closest point: 0 (at p) when
 * p is inside a polygon, else the distance to its boundary. Null for empty or unsupported input.
 */
export function pointToGeometry(p: LngLat, g: Geometry): Closest | null {
  if (g.type === 'Point') {
    const q = pos(g.coordinates);
    return { distanceM: haversineM(p[0], p[1], q[0], q[1]), at: q };
  }
  if (isPolygonal(g) && pointInPolygonal(p, g)) return { distanceM: 0, at: [p[0], p[1]] };
  if (isPolygonal(g) || isLineal(g)) return closestOnPaths(p, pathsOf(g));
  return null;
}

/** Where two planar segments meet (including touching), or null. */
function segmentIntersection(a: LngLat, b: LngLat, c: LngLat, d: LngLat): LngLat | null {
  const rx = b[0] - a[0];
  const ry = b[1] - a[1];
  const sx = d[0] - c[0];
  const sy = d[1] - c[1];
  const den = rx * sy - ry * sx;
  const qx = c[0] - a[0];
  const qy = c[1] - a[1];
  if (den === 0) {
    // Parallel: they meet only if collinear and overlapping; an end of one then lies on the other.
    if (qx * ry - qy * rx !== 0) return null;
    const len2 = rx * rx + ry * ry;
    if (len2 === 0) return null;
    for (const p of [c, d]) {
      const t = ((p[0] - a[0]) * rx + (p[1] - a[1]) * ry) / len2;
      if (t >= 0 && t <= 1) return [p[0], p[1]];
    }
    return null;
  }
  const t = (qx * sy - qy * sx) / den;
  const u = (qx * ry - qy * rx) / den;
  if (t < 0 || t > 1 || u < 0 || u > 1) return null;
  return [a[0] + t * rx, a[1] + t * ry];
}

function firstCrossing(pa: Position[][], pb: Position[][]): LngLat | null {
  for (const p of pa) {
    for (let i = 1; i < p.length; i++) {
      const a = pos(p[i - 1] as Position);
      const b = pos(p[i] as Position);
      for (const q of pb) {
        for (let j = 1; j < q.length; j++) {
          const x = segmentIntersection(a, b, pos(q[j - 1] as Position), pos(q[j] as Position));
          if (x) return x;
        }
      }
    }
  }
  return null;
}

/**
 * Distance in metres between a plan (line or polygon) and a target (point or polygon), and the
 * plan's point closest to the target. 0 when they touch or overlap; then `at` lies in both.
 * Apart, the shortest distance between two sets of segments is reached at a vertex of one of
 * them, so checking each vertex against the other's segments is exact (on the sphere, to the
 * precision of treating segment crossings as planar).
 */
export function planToTarget(plan: Lineal | Polygonal, target: Geometry): Closest | null {
  const tp = pointOf(target);
  if (tp) {
    const c = pointToGeometry(tp, plan);
    // Inside a plan area the closest point of the plan is the site itself.
    return c && c.distanceM === 0 ? { distanceM: 0, at: tp } : c;
  }
  if (!isPolygonal(target)) return null;
  for (const v of vertices(plan)) if (pointInPolygonal(v, target)) return { distanceM: 0, at: v };
  if (isPolygonal(plan)) for (const v of vertices(target)) if (pointInPolygonal(v, plan)) return { distanceM: 0, at: v };
  const planPaths = pathsOf(plan);
  const targetPaths = pathsOf(target);
  const x = firstCrossing(planPaths, targetPaths);
  if (x) return { distanceM: 0, at: x };
  let best: Closest | null = null;
  for (const v of vertices(plan)) {
    const c = closestOnPaths(v, targetPaths);
    if (c && (!best || c.distanceM < best.distanceM)) best = { distanceM: c.distanceM, at: v };
  }
  for (const v of vertices(target)) {
    const c = closestOnPaths(v, planPaths);
    if (c && (!best || c.distanceM < best.distanceM)) best = c;
  }
  return best;
}

/** Whether a distance is within a limit, counting "exactly at the limit" as within. */
export const withinM = (distanceM: number, limitM: number): boolean => distanceM <= limitM + BOUNDARY_EPSILON_M;
