declare module 'geojson-polygon-self-intersections' {
  import type { Feature, MultiPoint, Polygon } from 'geojson';
  /** Points where the polygon's edges cross (each crossing may be listed twice), or [] when none. */
  export default function gpsi(feature: Feature<Polygon>): Feature<MultiPoint> | [];
}
