import type * as maplibregl from 'maplibre-gl';
import { MAP_FEATURE_ID } from '../../shared/layers/layer-style';

/** Our string id of a feature MapLibre drew (promoted from MAP_FEATURE_ID, see map-controller.ts). */
export function featureIdOf(f: maplibregl.MapGeoJSONFeature): string | null {
  if (typeof f.id === 'string' && f.id !== '') return f.id;
  const props = f.properties as Record<string, unknown>;
  const promoted = props[MAP_FEATURE_ID];
  if (typeof promoted === 'string' && promoted !== '') return promoted;
  return typeof props.id === 'string' && props.id !== '' ? props.id : null;
}
