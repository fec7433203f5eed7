import { booleanClockwise } from '@turf/turf';
import type { Geometry, Position } from 'geojson';
import type { Problem } from '../io/types';
import { normaliseLongitudes } from './topology';

/**
 * Geometry checks and safe repairs for imported GeoJSON (RFC 7946).
 *
 * A geometry either passes, possibly repaired in place (rings closed, rings rewound) with warnings,
 * or is refused with one Problem saying why. Valid geometries cause no allocation beyond the
 * verdict, so a file of 171k points validates in a few milliseconds.
 */

export type GeometryVerdict = { ok: true; geometry: Geometry | null } | { ok: false; problem: Problem };

export const GEOMETRY_TYPES = [
  'Point',
  'MultiPoint',
  'LineString',
  'MultiLineString',
  'Polygon',
  'MultiPolygon',
  'GeometryCollection',
] as const;
export type GeometryType = (typeof GEOMETRY_TYPES)[number];

const GEOMETRY_TYPE_SET: ReadonlySet<string> = new Set(GEOMETRY_TYPES);
const GEOMETRY_TYPE_BY_LOWER: ReadonlyMap<string, string> = new Map(
  [...GEOMETRY_TYPES, 'Feature', 'FeatureCollection'].map((t) => [t.toLowerCase(), t]),
);

/** Coordinate values that data producers write for "no location". */
const NO_DATA_VALUES: ReadonlySet<number> = new Set([-9999, 9999, -99999, 99999, -999999]);

const MAX_NESTING = 16;

/** Thrown inside the recursive checks, caught in validateGeometry: never escapes this module. */
class Refusal {
  constructor(
    readonly code: string,
    readonly message: string,
  ) {}
}

/** Flags collected while walking one geometry, turned into warnings when it passes. */
interface WalkState {
  closed: number;
  rewound: number;
  extraDims: boolean;
  nullIsland: boolean;
  nested: boolean;
  single: boolean;
  changedSemantics: string[] | null;
  emptyParts: number;
  /** True while checking a line or polygon, whose longitudes may run past ±180° (see normaliseLongitudes). */
  wrapAllowed: boolean;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `the text "${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value === 'number' ? 'the number' : typeof value} ${String(value)}`;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1e6) / 1e6);
}

function checkPosition(p: unknown, state: WalkState): asserts p is Position {
  if (!Array.isArray(p)) {
    if (typeof p === 'number') {
      throw new Refusal(
        'coords-nesting',
        'a number was found where a position [longitude, latitude] was expected: the coordinates need one more level of brackets for this geometry type',
      );
    }
    throw new Refusal('bad-position', `a position should be a list [longitude, latitude], found ${describe(p)}`);
  }
  const n = p.length;
  if (n < 2 && !Array.isArray(p[0])) {
    throw new Refusal(
      'position-too-short',
      `a position needs a longitude and a latitude, found ${n === 0 ? 'an empty list' : `only ${n} number`}`,
    );
  }
  for (let i = 0; i < n; i++) {
    const v: unknown = p[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      if (Array.isArray(v)) {
        throw new Refusal(
          'coords-nesting',
          'a list was found where a number was expected: the coordinates are nested too deeply for this geometry type',
        );
      }
      throw new Refusal('bad-coordinate', `each coordinate must be a number, found ${describe(v)}`);
    }
  }
  if (n > 3) state.extraDims = true;
  const x = p[0] as number;
  const y = p[1] as number;
  if (NO_DATA_VALUES.has(x) || NO_DATA_VALUES.has(y)) {
    throw new Refusal(
      'no-data-coordinate',
      `position (${fmt(x)}, ${fmt(y)}) uses the "no data" value ${NO_DATA_VALUES.has(x) ? fmt(x) : fmt(y)}: the location is unknown`,
    );
  }
  // A line or polygon drawn continuously across the date line (170…190) is cut there afterwards; a
  // lone point past 180° says nothing about how it was drawn and is as likely a typing slip.
  const wrapped = state.wrapAllowed && x > -360 && x < 360;
  if ((!wrapped && (x < -180 || x > 180)) || y < -90 || y > 90) {
    throw new Refusal(
      'coords-out-of-range',
      `position (${fmt(x)}, ${fmt(y)}) is outside longitude -180…180 / latitude -90…90: the data may be in a projected coordinate system (metres) rather than WGS 84 degrees, or longitude and latitude may be swapped`,
    );
  }
}

function checkPositionList(list: unknown, what: string, state: WalkState): asserts list is Position[] {
  if (!Array.isArray(list)) {
    if (typeof list === 'number') {
      throw new Refusal(
        'coords-nesting',
        `a number was found where a list of positions (${what}) was expected: the coordinates need more levels of brackets for this geometry type`,
      );
    }
    throw new Refusal('bad-coordinates', `${what} should be a list of positions, found ${describe(list)}`);
  }
  for (let i = 0; i < list.length; i++) checkPosition(list[i], state);
}

function checkLine(line: unknown, state: WalkState): void {
  checkPositionList(line, 'a line', state);
  if (line.length < 2) {
    throw new Refusal('short-line', `a line needs two or more positions, found ${line.length}`);
  }
}

function samePosition(a: Position, b: Position): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function checkRing(ring: unknown, state: WalkState): asserts ring is Position[] {
  checkPositionList(ring, 'a polygon ring', state);
  const n = ring.length;
  if (n === 0) throw new Refusal('short-ring', 'a polygon ring is empty');
  const first = ring[0] as Position;
  const last = ring[n - 1] as Position;
  if (!samePosition(first, last)) {
    if (n > 1 && first[0] === last[0] && first[1] === last[1]) {
      // Same place, different height or dimension: make the closing position identical.
      ring[n - 1] = first.slice();
      state.closed++;
    } else {
      const distinct = new Set<string>();
      for (const p of ring) distinct.add(`${p[0]},${p[1]}`);
      if (distinct.size < 3) {
        throw new Refusal(
          'short-ring',
          `a polygon ring needs at least 3 distinct corners, found ${distinct.size}, and its first and last positions differ`,
        );
      }
      ring.push(first.slice());
      state.closed++;
    }
  }
  if (ring.length < 4) {
    throw new Refusal(
      'short-ring',
      `a polygon ring needs at least 4 positions (3 corners and the first repeated at the end), found ${ring.length}`,
    );
  }
}

/** RFC 7946 §3.1.6: exterior rings counter-clockwise, holes clockwise. Reverses in place. */
function windPolygon(rings: Position[][], state: WalkState): void {
  for (let i = 0; i < rings.length; i++) {
    const ring = rings[i] as Position[];
    const clockwise = booleanClockwise(ring);
    if (i === 0 ? clockwise : !clockwise) {
      ring.reverse();
      state.rewound++;
    }
  }
}

function checkPolygon(poly: unknown, state: WalkState): void {
  if (!Array.isArray(poly)) {
    if (typeof poly === 'number') {
      throw new Refusal(
        'coords-nesting',
        'a number was found where a list of polygon rings was expected: the coordinates need more levels of brackets for this geometry type',
      );
    }
    throw new Refusal('bad-coordinates', `a polygon should be a list of rings, found ${describe(poly)}`);
  }
  if (poly.length === 0) throw new Refusal('short-ring', 'a polygon has no rings');
  for (const ring of poly) checkRing(ring, state);
  windPolygon(poly as Position[][], state);
}

function checkParts(parts: unknown[], check: (part: unknown, state: WalkState) => void, state: WalkState): void {
  for (const part of parts) check(part, state);
}

const SEMANTIC_MEMBERS = ['properties', 'geometry', 'features'] as const;

/** Returns null when the bbox member is absent or well formed, otherwise a plain reason. */
export function checkBBoxMember(bbox: unknown): string | null {
  if (bbox === undefined) return null;
  if (!Array.isArray(bbox)) return `bbox should be a list of 4 or 6 numbers, found ${describe(bbox)}`;
  if (bbox.length !== 4 && bbox.length !== 6) return `bbox must have 4 numbers (or 6 with heights), found ${bbox.length}`;
  for (const v of bbox) {
    if (typeof v !== 'number' || !Number.isFinite(v)) return `each element of bbox must be a number, found ${describe(v)}`;
  }
  return null;
}

function walk(value: unknown, state: WalkState, depth: number): Geometry | null {
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new Refusal('bad-geometry', `the geometry should be an object, found ${describe(value)}`);
  }
  const g = value as Record<string, unknown>;
  const type = g.type;
  if (type === undefined) throw new Refusal('missing-type', 'the geometry has no "type" member');
  if (typeof type !== 'string') {
    throw new Refusal('bad-type', `the geometry "type" should be text, found ${describe(type)}`);
  }
  if (!GEOMETRY_TYPE_SET.has(type)) {
    const proper = GEOMETRY_TYPE_BY_LOWER.get(type.toLowerCase());
    if (proper === 'Feature' || proper === 'FeatureCollection') {
      throw new Refusal('bad-geometry', `a ${proper} cannot be used as a geometry`);
    }
    if (proper) {
      throw new Refusal('type-case', `geometry type "${type}" should be written "${proper}" (GeoJSON type names are case-sensitive)`);
    }
    throw new Refusal('unknown-type', `"${type}" is not a GeoJSON geometry type (expected one of ${GEOMETRY_TYPES.join(', ')})`);
  }
  const bboxProblem = checkBBoxMember(g.bbox);
  if (bboxProblem) throw new Refusal('bad-bbox', bboxProblem);
  for (const member of SEMANTIC_MEMBERS) {
    if (g[member] !== undefined) (state.changedSemantics ??= []).push(member);
  }

  if (type === 'GeometryCollection') {
    const members = g.geometries;
    if (members === undefined) throw new Refusal('missing-geometries', 'the GeometryCollection has no "geometries" member');
    if (!Array.isArray(members)) {
      throw new Refusal('bad-geometries', `"geometries" should be a list of geometries, found ${describe(members)}`);
    }
    if (depth > 0) state.nested = true;
    if (depth >= MAX_NESTING) throw new Refusal('bad-geometry', 'GeometryCollections are nested too deeply');
    const kept: Geometry[] = [];
    for (let i = 0; i < members.length; i++) {
      const m: unknown = members[i];
      if (m === null || typeof m !== 'object' || Array.isArray(m)) {
        throw new Refusal('bad-geometry', `member ${i + 1} of the GeometryCollection is ${describe(m)}, not a geometry object`);
      }
      const child = walk(m, state, depth + 1);
      if (child) kept.push(child);
      else state.emptyParts++;
    }
    if (kept.length === 0) return null;
    if (kept.length === 1 && members.length === 1) state.single = true;
    if (kept.length !== members.length) g.geometries = kept;
    return g as unknown as Geometry;
  }

  const coords = g.coordinates;
  if (coords === undefined) throw new Refusal('missing-coordinates', `the ${type} has no "coordinates" member`);
  if (coords === null) return null;
  if (!Array.isArray(coords)) {
    throw new Refusal('bad-coordinates', `"coordinates" should be a list, found ${describe(coords)}`);
  }
  // RFC 7946 §3.1: processors MAY treat empty "coordinates" as a null geometry.
  if (coords.length === 0) return null;

  switch (type) {
    case 'Point':
      checkPosition(coords, state);
      if (coords[0] === 0 && coords[1] === 0) state.nullIsland = true;
      break;
    case 'MultiPoint':
      checkPositionList(coords, 'the MultiPoint', state);
      break;
    case 'LineString':
    case 'MultiLineString':
    case 'Polygon':
    case 'MultiPolygon':
      state.wrapAllowed = true;
      if (type === 'LineString') checkLine(coords, state);
      else if (type === 'MultiLineString') checkParts(coords, checkLine, state);
      else if (type === 'Polygon') checkPolygon(coords, state);
      else checkParts(coords, checkPolygon, state);
      state.wrapAllowed = false;
      break;
  }
  return g as unknown as Geometry;
}

function newState(): WalkState {
  return {
    closed: 0,
    rewound: 0,
    extraDims: false,
    nullIsland: false,
    nested: false,
    single: false,
    changedSemantics: null,
    emptyParts: 0,
    wrapAllowed: false,
  };
}

function warning(code: string, message: string, index: number | undefined): Problem {
  return index === undefined ? { code, message, severity: 'warning' } : { code, message, index, severity: 'warning' };
}

/**
 * Checks one GeoJSON geometry (or null). Repairs are made in place on `value`.
 * Warnings are appended to `warnings`; a refusal is returned as { ok: false, problem }.
 */
export function validateGeometry(value: unknown, warnings: Problem[], index?: number): GeometryVerdict {
  // Fast path for the commonest case, a valid 2D point: no state object, no closures.
  if (value !== null && typeof value === 'object') {
    const g = value as { type?: unknown; coordinates?: unknown; bbox?: unknown };
    const c = g.coordinates;
    if (
      g.type === 'Point' &&
      g.bbox === undefined &&
      Array.isArray(c) &&
      c.length === 2 &&
      typeof c[0] === 'number' &&
      typeof c[1] === 'number' &&
      c[0] >= -180 &&
      c[0] <= 180 &&
      c[1] >= -90 &&
      c[1] <= 90 &&
      (c[0] !== 0 || c[1] !== 0) &&
      !('properties' in g) &&
      !('geometry' in g) &&
      !('features' in g)
    ) {
      return { ok: true, geometry: value as Geometry };
    }
  }
  const state = newState();
  let geometry: Geometry | null;
  try {
    geometry = walk(value, state, 0);
  } catch (e) {
    if (e instanceof Refusal) {
      const problem: Problem =
        index === undefined
          ? { code: e.code, message: e.message, severity: 'error' }
          : { code: e.code, message: e.message, index, severity: 'error' };
      return { ok: false, problem };
    }
    throw e;
  }
  const normalised = geometry ? normaliseLongitudes(geometry) : null;
  if (normalised) {
    geometry = normalised.geometry;
    warnings.push({
      ...warning('antimeridian-normalised', `its longitudes run past ±180°; it was cut at the 180° meridian into ${normalised.parts} part(s) within -180…180 (RFC 7946 §3.1.9)`, index),
      params: { parts: normalised.parts },
    });
  }
  if (value !== null && geometry === null) {
    warnings.push(warning('empty-geometry', 'the geometry has no coordinates; the feature is kept without a location', index));
  }
  if (state.closed) {
    warnings.push({
      ...warning('ring-closed', `${state.closed === 1 ? 'a polygon ring was' : `${state.closed} polygon rings were`} not closed; the first position was repeated at the end`, index),
      params: { count: state.closed },
    });
  }
  if (state.rewound) {
    warnings.push({
      ...warning('rewound', 'polygon rings were rewound to the GeoJSON convention (outer ring counter-clockwise, holes clockwise)', index),
      params: { count: state.rewound },
    });
  }
  if (state.extraDims) {
    warnings.push(warning('extra-dimensions', 'some positions have more than 3 numbers; only longitude, latitude and height are meaningful', index));
  }
  if (state.nullIsland) {
    warnings.push(warning('null-island', 'the point is at exactly 0°, 0° ("null island"), which usually means the location is missing', index));
  }
  if (state.nested) {
    warnings.push(warning('nested-geometry-collection', 'a GeometryCollection contains another GeometryCollection', index));
  }
  if (state.single) {
    warnings.push(warning('single-geometry-collection', 'a GeometryCollection holds a single geometry; a plain geometry would be simpler', index));
  }
  if (state.emptyParts && geometry) {
    warnings.push(warning('empty-geometry', `${state.emptyParts} empty member(s) of a GeometryCollection were dropped`, index));
  }
  if (state.changedSemantics) {
    const listed = [...new Set(state.changedSemantics)].map((m) => `"${m}"`).join(', ');
    warnings.push({ ...warning('changed-semantics', `the geometry carries member(s) ${listed} that belong to features; they are ignored`, index), params: { members: listed } });
  }
  return { ok: true, geometry };
}
