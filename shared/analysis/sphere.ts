import type { LngLat } from './types';

/**
 * Distances on the sphere that turf uses (radius 6,371,008.8 m), written out so that the
 * point-to-segment case also gives the closest point and works across the antimeridian (turf's
 * planar helpers would treat a segment from 179.8°E to 179.8°W as going the long way round).
 */

export const EARTH_RADIUS_M = 6_371_008.8;

/**
 * Tolerance for "exactly on the boundary" (metres): results of different formulas for the same
 * distance differ in the last bits, and a site exactly at its radius must count as inside.
 */
export const BOUNDARY_EPSILON_M = 1e-3;

// turf normalises degrees modulo 360 before converting; doing the same keeps `haversineM`
// bit-identical to turf.distance(..., { units: 'meters' }).
const toRad = (deg: number): number => ((deg % 360) * Math.PI) / 180;

/** Great-circle metres between two positions: the same formula and radius as turf.distance. */
export function haversineM(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const dLat = toRad(lat2 - lat1);
  const dLon = toRad(lng2 - lng1);
  const a = Math.sin(dLat / 2) ** 2 + Math.sin(dLon / 2) ** 2 * Math.cos(toRad(lat1)) * Math.cos(toRad(lat2));
  return 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a)) * EARTH_RADIUS_M;
}

type Vec = [number, number, number];

function toVec(lng: number, lat: number): Vec {
  const l = toRad(lng);
  const p = toRad(lat);
  const c = Math.cos(p);
  return [c * Math.cos(l), c * Math.sin(l), Math.sin(p)];
}

const cross = (a: Vec, b: Vec): Vec => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const dot = (a: Vec, b: Vec): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const norm = (a: Vec): number => Math.hypot(a[0], a[1], a[2]);

function toLngLat(v: Vec): LngLat {
  return [(Math.atan2(v[1], v[0]) * 180) / Math.PI, (Math.atan2(v[2], Math.hypot(v[0], v[1])) * 180) / Math.PI];
}

export interface Closest {
  distanceM: number;
  /** The closest point on the segment. */
  at: LngLat;
}

/**
 * Distance from a point to the shorter great-circle arc between a and b, and the closest point
 * of the arc. The foot of the perpendicular is used when it falls inside the arc; otherwise the
 * nearer end (whose distance is haversine, so an end vertex gives exactly turf's number).
 */
export function pointToSegment(p: LngLat, a: LngLat, b: LngLat): Closest {
  const da = haversineM(p[0], p[1], a[0], a[1]);
  const db = haversineM(p[0], p[1], b[0], b[1]);
  const best: Closest = da <= db ? { distanceM: da, at: [a[0], a[1]] } : { distanceM: db, at: [b[0], b[1]] };
  const va = toVec(a[0], a[1]);
  const vb = toVec(b[0], b[1]);
  const n = cross(va, vb);
  const nl = norm(n);
  // A zero-length (or antipodal) segment has no plane: the ends are all there is.
  if (nl < 1e-15) return best;
  const nn: Vec = [n[0] / nl, n[1] / nl, n[2] / nl];
  const vp = toVec(p[0], p[1]);
  const h = dot(vp, nn);
  const c: Vec = [vp[0] - h * nn[0], vp[1] - h * nn[1], vp[2] - h * nn[2]];
  const cl = norm(c);
  if (cl < 1e-15) return best; // p is a pole of the arc's great circle: every point is equally far
  const vc: Vec = [c[0] / cl, c[1] / cl, c[2] / cl];
  // The foot lies on the arc when it is on the inner side of both ends.
  if (dot(cross(va, vc), nn) < 0 || dot(cross(vc, vb), nn) < 0) return best;
  const d = Math.atan2(norm(cross(vp, vc)), dot(vp, vc)) * EARTH_RADIUS_M;
  return d < best.distanceM ? { distanceM: d, at: toLngLat(vc) } : best;
}

/** The great-circle midpoint of a segment: used to widen bounding boxes for the arc's bulge. */
export function arcMidpoint(a: LngLat, b: LngLat): LngLat {
  const va = toVec(a[0], a[1]);
  const vb = toVec(b[0], b[1]);
  const m: Vec = [va[0] + vb[0], va[1] + vb[1], va[2] + vb[2]];
  return norm(m) < 1e-15 ? [a[0], a[1]] : toLngLat(m);
}

/** Metres in one degree of latitude on this sphere. */
export const M_PER_DEG = (EARTH_RADIUS_M * Math.PI) / 180;
