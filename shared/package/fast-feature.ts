import type { Geometry } from 'geojson';
import type { CgFeature, PropertyValue } from '../domain/feature';

/**
 * The common case of a package's feature checked by hand: a plain `{ type, id, geometry,
 * properties }` whose geometry is a simple RFC 7946 geometry with only `type` and `coordinates`.
 * Zod costs about 4 µs a feature (0.4 s for 100,000, most of a package's validation); these loops
 * cost a tenth of that. Anything else (a GeometryCollection, a geometry with `bbox`, an odd key
 * such as `__proto__`) answers null and goes to the zod schema, so what is accepted, what comes
 * out and every error message stay the schema's: this only ever says yes to what it would accept,
 * giving the same value as it would.
 */

/** Nesting depth of each simple geometry's coordinates below a position. */
const DEPTH: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

function isPosition(p: unknown): boolean {
  if (!Array.isArray(p) || p.length < 2 || p.length > 3) return false;
  for (const n of p) if (typeof n !== 'number' || !Number.isFinite(n)) return false;
  return true;
}

function coordinatesOk(c: unknown, depth: number): boolean {
  if (depth === 0) return isPosition(c);
  if (!Array.isArray(c)) return false;
  for (const x of c) if (!coordinatesOk(x, depth - 1)) return false;
  return true;
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function propertyValueOk(v: unknown, depth: number): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'object':
      if (v === null) return true;
      // Deeply nested values are rare: the schema decides them.
      if (depth > 8) return false;
      if (Array.isArray(v)) {
        for (const x of v) if (!propertyValueOk(x, depth + 1)) return false;
        return true;
      }
      return recordOk(v, depth + 1);
    default:
      return false;
  }
}

function recordOk(v: unknown, depth: number): boolean {
  if (!isPlainRecord(v)) return false;
  for (const k in v) {
    if (!Object.hasOwn(v, k) || k === '__proto__') return false;
    if (!propertyValueOk(v[k], depth)) return false;
  }
  return true;
}

function geometryOk(g: unknown): g is Geometry | null {
  if (g === null) return true;
  if (!isPlainRecord(g)) return false;
  const depth = typeof g.type === 'string' && Object.hasOwn(DEPTH, g.type) ? DEPTH[g.type] : undefined;
  // Any other member (bbox, foreign members) is stripped by the schema: leave that to it.
  if (depth === undefined || Object.keys(g).length !== 2 || !('coordinates' in g)) return false;
  return coordinatesOk(g.coordinates, depth);
}

/**
 * The feature as `CgFeatureSchema.safeParse({ type, id, geometry, properties })` would give it
 * on success, or null when the schema must decide. Only the outer object is new: geometry and
 * properties are the (already JSON-parsed, unshared) input, as equal to the schema's copies.
 */
export function fastCgFeature(raw: Record<string, unknown>): CgFeature | null {
  const { id, geometry, properties } = raw;
  if (raw.type !== 'Feature' || typeof id !== 'string' || id.length < 1 || id.length > 200) return null;
  if (!geometryOk(geometry) || !recordOk(properties, 0)) return null;
  return { type: 'Feature', id, geometry, properties: properties as Record<string, PropertyValue> };
}
