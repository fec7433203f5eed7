import { booleanClockwise } from '@turf/turf';
import type { Geometry, Position } from 'geojson';
import { msg, type Message } from '../i18n/message';
import type { Problem } from '../base/types';
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
    readonly reason: Message,
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

/** What a value found in the file is, for the reason that names it. */
export function describe(value: unknown): Message {
  if (value === null) return msg('value.null');
  if (Array.isArray(value)) return msg('value.list');
  if (typeof value === 'string') return msg('value.text', { text: value.length > 40 ? value.slice(0, 40) + '…' : value });
  if (typeof value === 'object') return msg('value.object');
  if (typeof value === 'number') return msg('value.number', { value: String(value) });
  return msg('value.other', { type: typeof value, value: String(value) });
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 1e6) / 1e6);
}

function checkPosition(p: unknown, state: WalkState): asserts p is Position {
  if (!Array.isArray(p)) {
    if (typeof p === 'number') {
      throw new Refusal('coords-nesting', msg('geometry.number-for-position'));
    }
    throw new Refusal('bad-position', msg('geometry.bad-position', { found: describe(p) }));
  }
  const n = p.length;
  if (n < 2 && !Array.isArray(p[0])) {
    throw new Refusal('position-too-short', msg(n === 0 ? 'geometry.position-empty' : 'geometry.position-too-short', { count: n }));
  }
  for (let i = 0; i < n; i++) {
    const v: unknown = p[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      if (Array.isArray(v)) {
        throw new Refusal('coords-nesting', msg('geometry.list-for-number'));
      }
      throw new Refusal('bad-coordinate', msg('geometry.bad-coordinate', { found: describe(v) }));
    }
  }
  if (n > 3) state.extraDims = true;
  const x = p[0] as number;
  const y = p[1] as number;
  if (NO_DATA_VALUES.has(x) || NO_DATA_VALUES.has(y)) {
    throw new Refusal('no-data-coordinate', msg('geometry.no-data', { x: fmt(x), y: fmt(y), value: NO_DATA_VALUES.has(x) ? fmt(x) : fmt(y) }));
  }
  // A line or polygon drawn continuously across the date line (170…190) is cut there afterwards; a
  // lone point past 180° says nothing about how it was drawn and is as likely a typing slip.
  const wrapped = state.wrapAllowed && x > -360 && x < 360;
  if ((!wrapped && (x < -180 || x > 180)) || y < -90 || y > 90) {
    throw new Refusal('coords-out-of-range', msg('geometry.out-of-range', { x: fmt(x), y: fmt(y) }));
  }
}

type ListOwner = 'line' | 'ring' | 'multipoint';

function checkPositionList(list: unknown, what: ListOwner, state: WalkState): asserts list is Position[] {
  if (!Array.isArray(list)) {
    if (typeof list === 'number') throw new Refusal('coords-nesting', msg(`geometry.number-for-positions-${what}`));
    throw new Refusal('bad-coordinates', msg(`geometry.not-positions-${what}`, { found: describe(list) }));
  }
  for (let i = 0; i < list.length; i++) checkPosition(list[i], state);
}

function checkLine(line: unknown, state: WalkState): void {
  checkPositionList(line, 'line', state);
  if (line.length < 2) throw new Refusal('short-line', msg('geometry.short-line', { count: line.length }));
}

function samePosition(a: Position, b: Position): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function checkRing(ring: unknown, state: WalkState): asserts ring is Position[] {
  checkPositionList(ring, 'ring', state);
  const n = ring.length;
  if (n === 0) throw new Refusal('short-ring', msg('geometry.ring-empty'));
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
        throw new Refusal('short-ring', msg('geometry.ring-corners', { count: distinct.size }));
      }
      ring.push(first.slice());
      state.closed++;
    }
  }
  if (ring.length < 4) {
    throw new Refusal('short-ring', msg('geometry.ring-positions', { count: ring.length }));
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
      throw new Refusal('coords-nesting', msg('geometry.number-for-rings'));
    }
    throw new Refusal('bad-coordinates', msg('geometry.not-rings', { found: describe(poly) }));
  }
  if (poly.length === 0) throw new Refusal('short-ring', msg('geometry.no-rings'));
  for (const ring of poly) checkRing(ring, state);
  windPolygon(poly as Position[][], state);
}

function checkParts(parts: unknown[], check: (part: unknown, state: WalkState) => void, state: WalkState): void {
  for (const part of parts) check(part, state);
}

const SEMANTIC_MEMBERS = ['properties', 'geometry', 'features'] as const;

/** Returns null when the bbox member is absent or well formed, otherwise the reason. */
export function checkBBoxMember(bbox: unknown): Message | null {
  if (bbox === undefined) return null;
  if (!Array.isArray(bbox)) return msg('geometry.bbox-not-list', { found: describe(bbox) });
  if (bbox.length !== 4 && bbox.length !== 6) return msg('geometry.bbox-length', { count: bbox.length });
  for (const v of bbox) {
    if (typeof v !== 'number' || !Number.isFinite(v)) return msg('geometry.bbox-element', { found: describe(v) });
  }
  return null;
}

function walk(value: unknown, state: WalkState, depth: number): Geometry | null {
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new Refusal('bad-geometry', msg('geometry.not-object', { found: describe(value) }));
  }
  const g = value as Record<string, unknown>;
  const type = g.type;
  if (type === undefined) throw new Refusal('missing-type', msg('geometry.missing-type'));
  if (typeof type !== 'string') throw new Refusal('bad-type', msg('geometry.bad-type', { found: describe(type) }));
  if (!GEOMETRY_TYPE_SET.has(type)) {
    const proper = GEOMETRY_TYPE_BY_LOWER.get(type.toLowerCase());
    if (proper === 'Feature' || proper === 'FeatureCollection') {
      throw new Refusal('bad-geometry', msg('geometry.feature-as-geometry', { type: proper }));
    }
    if (proper) throw new Refusal('type-case', msg('geometry.type-case', { type, proper }));
    throw new Refusal('unknown-type', msg('geometry.unknown-type', { type, expected: GEOMETRY_TYPES.join(', ') }));
  }
  const bboxProblem = checkBBoxMember(g.bbox);
  if (bboxProblem) throw new Refusal('bad-bbox', bboxProblem);
  for (const member of SEMANTIC_MEMBERS) {
    if (g[member] !== undefined) (state.changedSemantics ??= []).push(member);
  }

  if (type === 'GeometryCollection') {
    const members = g.geometries;
    if (members === undefined) throw new Refusal('missing-geometries', msg('geometry.missing-geometries'));
    if (!Array.isArray(members)) throw new Refusal('bad-geometries', msg('geometry.bad-geometries', { found: describe(members) }));
    if (depth > 0) state.nested = true;
    if (depth >= MAX_NESTING) throw new Refusal('bad-geometry', msg('geometry.collections-too-deep'));
    const kept: Geometry[] = [];
    for (let i = 0; i < members.length; i++) {
      const m: unknown = members[i];
      if (m === null || typeof m !== 'object' || Array.isArray(m)) {
        throw new Refusal('bad-geometry', msg('geometry.member-not-geometry', { n: i + 1, found: describe(m) }));
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
  if (coords === undefined) throw new Refusal('missing-coordinates', msg('geometry.missing-coordinates', { type }));
  if (coords === null) return null;
  if (!Array.isArray(coords)) throw new Refusal('bad-coordinates', msg('geometry.coordinates-not-list', { found: describe(coords) }));
  // RFC 7946 §3.1: processors MAY treat empty "coordinates" as a null geometry.
  if (coords.length === 0) return null;

  switch (type) {
    case 'Point':
      checkPosition(coords, state);
      if (coords[0] === 0 && coords[1] === 0) state.nullIsland = true;
      break;
    case 'MultiPoint':
      checkPositionList(coords, 'multipoint', state);
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

function warning(code: string, params: Problem['params'], index: number | undefined): Problem {
  const p: Problem = params ? { code, params, severity: 'warning' } : { code, severity: 'warning' };
  if (index !== undefined) p.index = index;
  return p;
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
          ? { code: e.code, params: { reason: e.reason }, severity: 'error' }
          : { code: e.code, params: { reason: e.reason }, index, severity: 'error' };
      return { ok: false, problem };
    }
    throw e;
  }
  const normalised = geometry ? normaliseLongitudes(geometry) : null;
  if (normalised) {
    geometry = normalised.geometry;
    warnings.push(warning('antimeridian-normalised', { parts: normalised.parts }, index));
  }
  if (value !== null && geometry === null) {
    warnings.push(warning('empty-geometry', { reason: msg('geometry.empty') }, index));
  }
  if (state.closed) {
    warnings.push(warning('ring-closed', { count: state.closed }, index));
  }
  if (state.rewound) {
    warnings.push(warning('rewound', { count: state.rewound }, index));
  }
  if (state.extraDims) {
    warnings.push(warning('extra-dimensions', undefined, index));
  }
  if (state.nullIsland) {
    warnings.push(warning('null-island', undefined, index));
  }
  if (state.nested) {
    warnings.push(warning('nested-geometry-collection', undefined, index));
  }
  if (state.single) {
    warnings.push(warning('single-geometry-collection', undefined, index));
  }
  if (state.emptyParts && geometry) {
    warnings.push(warning('empty-geometry', { reason: msg('geometry.empty-members', { count: state.emptyParts }) }, index));
  }
  if (state.changedSemantics) {
    const members = [...new Set(state.changedSemantics)].map((m) => `"${m}"`).join(', ');
    warnings.push(warning('changed-semantics', { members }, index));
  }
  return { ok: true, geometry };
}
