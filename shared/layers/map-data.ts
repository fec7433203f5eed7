import type { Kind } from '../domain/common';
import { fieldSpecs } from '../domain/field-specs';

/**
 * What the map needs of a feature: its id, geometry and the properties that styles, labels and
 * filters can read, which are the kind's form fields (fieldSpecs: the filter editor and the
 * style editor's label choice offer exactly these) without long free text, plus `sidc` for
 * military symbols, and the version. Who made a feature and when, description and source are for the
 * inspector, which reads the store. For 171k imported incidents this halves the GeoJSON that
 * MapLibre's worker parses; at 1M it is what keeps the layer's text under the longest string a
 * browser can parse at once (~536 M characters in V8).
 *
 * Reference layers have no schema: their imported attributes are what a user filters and labels
 * by, so they keep every property.
 */
/** `version` is small and lets a reader of the map tell an edited feature has been reloaded. */
const EXTRA = ['sidc', 'version'];

const cache = new Map<Kind, ReadonlySet<string> | null>();

/** The property names the map keeps for a kind, or null for all of them. */
export function mapPropertyNames(kind: Kind): ReadonlySet<string> | null {
  if (!cache.has(kind)) {
    cache.set(kind, kind === 'reference' ? null : new Set([...fieldSpecs(kind).filter((f) => f.type !== 'longtext').map((f) => f.name), ...EXTRA]));
  }
  return cache.get(kind) ?? null;
}

interface FeatureLike {
  type: 'Feature';
  id?: string | number;
  geometry: unknown;
  properties: Record<string, unknown> | null;
}

/** One feature as the map's JSON text, with only the properties the map reads. */
export function mapFeatureJson(kind: Kind, feature: FeatureLike): string {
  const keep = mapPropertyNames(kind);
  if (!keep || !feature.properties) return JSON.stringify(feature);
  const properties: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(feature.properties)) if (keep.has(k)) properties[k] = v;
  return JSON.stringify({ type: 'Feature', id: feature.id, geometry: feature.geometry, properties });
}
