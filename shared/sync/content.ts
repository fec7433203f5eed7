import type { CgFeature, PropertyValue } from '../domain/feature';

/**
 * Fields the store rewrites on every save. Two features that differ only in these carry the same
 * content, so importing the same package twice changes nothing.
 */
/**
 * Fields that say how a feature came to be, not what it is. `exchangedVersion` is the version last
 * received from, or settled with, the other side: the base version a package sent back carries.
 */
export const EXCHANGED_VERSION = 'exchangedVersion';
export const BOOKKEEPING_FIELDS: ReadonlySet<string> = new Set(['version', 'updatedAt', 'updatedBy', 'createdAt', 'createdBy', EXCHANGED_VERSION]);

/**
 * Structural equality of JSON values (geometry, property values). Hand-written because the only
 * candidate in node_modules (fast-deep-equal) is not a declared dependency, and JSON values need
 * no more than arrays, plain objects and primitives; `undefined` members count as absent.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  // Every key of either, each compared once, without building their union (this runs for every
  // geometry of a merge).
  for (const k of Object.keys(ao)) if (!jsonEqual(ao[k], bo[k])) return false;
  for (const k of Object.keys(bo)) if (!Object.hasOwn(ao, k) && !jsonEqual(ao[k], bo[k])) return false;
  return true;
}

/** The content fields (non-bookkeeping property names) of either feature, sorted. */
export function contentFieldNames(...features: (CgFeature | null | undefined)[]): string[] {
  const names = new Set<string>();
  for (const f of features) if (f) for (const k of Object.keys(f.properties)) if (!BOOKKEEPING_FIELDS.has(k)) names.add(k);
  return [...names].sort();
}

export function fieldValue(f: CgFeature | null | undefined, field: string): PropertyValue | undefined {
  return f ? f.properties[field] : undefined;
}

/** The content fields whose values differ between a and b; '@geometry' stands for the geometry. */
export function differingFields(a: CgFeature | null | undefined, b: CgFeature | null | undefined): string[] {
  const out: string[] = [];
  if (!jsonEqual(a?.geometry ?? null, b?.geometry ?? null)) out.push(GEOMETRY_FIELD);
  for (const k of contentFieldNames(a, b)) if (!jsonEqual(fieldValue(a, k), fieldValue(b, k))) out.push(k);
  return out;
}

/** Same content: geometry compared structurally, bookkeeping fields ignored. */
export function sameContent(a: CgFeature | null | undefined, b: CgFeature | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  // differingFields(a, b).length === 0, stopping at the first difference and allocating nothing:
  // most features of a merge are unchanged, and this is asked of each.
  if (!jsonEqual(a.geometry ?? null, b.geometry ?? null)) return false;
  const ap = a.properties;
  const bp = b.properties;
  for (const k of Object.keys(ap)) if (!BOOKKEEPING_FIELDS.has(k) && !jsonEqual(ap[k], bp[k])) return false;
  for (const k of Object.keys(bp)) if (!BOOKKEEPING_FIELDS.has(k) && !Object.hasOwn(ap, k) && !jsonEqual(ap[k], bp[k])) return false;
  return true;
}

/** The name a conflict uses for the geometry, as if it were a field (cannot clash: '@' is not a column character we produce). */
export const GEOMETRY_FIELD = '@geometry';
