import type { Geometry } from 'geojson';

/**
 * A stored feature is a GeoJSON Feature with a string id. Its `properties` hold the common
 * fields (see common.ts), the kind's fields (kinds.ts) and any unmapped source attributes,
 * flat, so that MapLibre expressions, filters and exporters read one record.
 */
export interface CgFeature {
  type: 'Feature';
  id: string;
  geometry: Geometry | null;
  properties: FeatureProperties;
}

export type PropertyValue = string | number | boolean | null | PropertyValue[] | { [key: string]: PropertyValue };
export type FeatureProperties = Record<string, PropertyValue | undefined>;

export interface Author {
  name: string;
  org: string;
}

/** Random v4 UUID; crypto.randomUUID exists in browsers, workers and node ≥ 19. */
export function newId(): string {
  return crypto.randomUUID();
}
