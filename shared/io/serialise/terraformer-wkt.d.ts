// @terraformer/wkt ships no type declarations; this covers the one function we use.
declare module '@terraformer/wkt' {
  import type { Geometry } from 'geojson';
  export function geojsonToWKT(geometry: Geometry): string;
}
