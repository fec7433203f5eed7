import { area as turfArea, bearing as turfBearing, buffer as turfBuffer, circle as turfCircle, destination as turfDestination, distance as turfDistance } from '@turf/turf';
import type { Feature, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { splitAtAntimeridian } from './topology';

/**
 * Measurements on the sphere (turf's great-circle formulas, mean Earth radius 6,371,008.8 m): the
 * difference from the WGS84 ellipsoid is under 0.5 %, well inside what a planner reads off a map.
 * Everything here takes and returns plain numbers in metres, square metres and degrees.
 */

import type { LngLat } from '../base/types';

export type { LngLat };

export interface Leg {
  from: LngLat;
  to: LngLat;
  /** Great-circle length in metres. */
  distanceM: number;
  /** Initial true bearing from `from` to `to`, 0–360° clockwise from north. */
  bearingDeg: number;
  /** Length from the first vertex to the end of this leg. */
  cumulativeM: number;
}

/** Bearing normalised to [0, 360). */
export function normaliseBearing(deg: number): number {
  const b = deg % 360;
  return b < 0 ? b + 360 : b === 0 ? 0 : b;
}

export function distanceM(a: LngLat, b: LngLat): number {
  return turfDistance(a, b, { units: 'meters' });
}

export function bearingDeg(a: LngLat, b: LngLat): number {
  return normaliseBearing(turfBearing(a, b));
}

/** Each leg of a multi-segment line: length, initial bearing, running total. */
export function legs(vertices: readonly Position[]): Leg[] {
  const out: Leg[] = [];
  let total = 0;
  for (let i = 1; i < vertices.length; i++) {
    const from = toLngLat(vertices[i - 1]);
    const to = toLngLat(vertices[i]);
    const d = distanceM(from, to);
    total += d;
    out.push({ from, to, distanceM: d, bearingDeg: bearingDeg(from, to), cumulativeM: total });
  }
  return out;
}

/** Length of a line in metres (the sum of its great-circle legs). */
export function lineLengthM(vertices: readonly Position[]): number {
  return legs(vertices).reduce((s, l) => s + l.distanceM, 0);
}

/** Area in square metres of a polygon, multipolygon or a ring given as vertices (closed or not). */
export function areaM2(shape: Polygon | MultiPolygon | readonly Position[]): number {
  const geometry: Polygon | MultiPolygon = Array.isArray(shape) ? { type: 'Polygon', coordinates: [closeRing(shape)] } : (shape as Polygon | MultiPolygon);
  if (geometry.type === 'Polygon' && (geometry.coordinates[0]?.length ?? 0) < 4) return 0;
  return turfArea(geometry);
}

/** Perimeter in metres of a polygon's outer ring. */
export function perimeterM(ring: readonly Position[]): number {
  return lineLengthM(closeRing(ring));
}

/** Where you arrive going `distance` metres from `from` on initial bearing `bearing`. */
export function destination(from: LngLat, bearing: number, distance: number): LngLat {
  const p = turfDestination(from, distance, bearing, { units: 'meters' }).geometry.coordinates;
  // Keep the longitude continuous with the start, so a leg across ±180° draws as a short line.
  return [continueLng(from[0], p[0] ?? 0), p[1] ?? 0];
}

/**
 * A geodesic circle as a polygon of `steps` vertices. Longitudes run continuously from the
 * centre's (they may pass ±180°), so the ring draws correctly on the map; storableGeometry
 * splits it for storage.
 */
export function circlePolygon(center: LngLat, radiusM: number, steps = 96): Polygon {
  const ring = turfCircle(center, radiusM, { units: 'meters', steps }).geometry.coordinates[0] ?? [];
  return { type: 'Polygon', coordinates: [ring.map((p) => [continueLng(center[0], p[0] ?? 0), p[1] ?? 0])] };
}

/** One ring per radius, smallest first, each carrying its radius. */
export function rangeRings(center: LngLat, radiiM: readonly number[], steps = 96): Feature<Polygon, { radiusM: number }>[] {
  return [...radiiM]
    .sort((a, b) => a - b)
    .map((radiusM) => ({ type: 'Feature', properties: { radiusM }, geometry: circlePolygon(center, radiusM, steps) }));
}

/** The area within `radiusM` of a geometry (turf.buffer, computed in a local projection). */
export function bufferGeometry(geometry: Geometry, radiusM: number): Polygon | MultiPolygon | null {
  if (!(radiusM > 0)) return null;
  const out = turfBuffer({ type: 'Feature', properties: {}, geometry }, radiusM, { units: 'meters', steps: 16 });
  const g = out?.geometry;
  return g && (g.type === 'Polygon' || g.type === 'MultiPolygon') ? g : null;
}

/**
 * A geometry as it is stored (RFC 7946): longitudes back in [-180, 180], and a line or polygon
 * that crosses the antimeridian split into parts on either side.
 */
export function storableGeometry(g: Geometry): Geometry {
  const wrapped = wrapLongitudes(g);
  return splitAtAntimeridian(wrapped) ?? wrapped;
}

function wrapLongitudes(g: Geometry): Geometry {
  const wrap = (p: Position): Position => [wrapLng(p[0] ?? 0), ...p.slice(1)];
  switch (g.type) {
    case 'Point':
      return { ...g, coordinates: wrap(g.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...g, coordinates: g.coordinates.map(wrap) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...g, coordinates: g.coordinates.map((l) => l.map(wrap)) };
    case 'MultiPolygon':
      return { ...g, coordinates: g.coordinates.map((pl) => pl.map((l) => l.map(wrap))) };
    case 'GeometryCollection':
      return { ...g, geometries: g.geometries.map(wrapLongitudes) };
  }
}

export function wrapLng(lng: number): number {
  if (lng >= -180 && lng <= 180) return lng;
  return ((((lng + 180) % 360) + 360) % 360) - 180;
}

/** `lng` shifted by whole turns to lie within 180° of `ref`. */
function continueLng(ref: number, lng: number): number {
  let out = lng;
  while (out - ref > 180) out -= 360;
  while (ref - out > 180) out += 360;
  return out;
}

function closeRing(vertices: readonly Position[]): Position[] {
  const ring = vertices.map((p) => [...p]);
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) ring.push([...first]);
  return ring;
}

function toLngLat(p: Position | undefined): LngLat {
  return [p?.[0] ?? 0, p?.[1] ?? 0];
}
