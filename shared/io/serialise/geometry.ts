import type { Feature, Geometry, Position } from 'geojson';

/** Geometry helpers shared by the serialisers. */

function mapPositions(g: Geometry, f: (p: Position) => Position): Geometry {
  switch (g.type) {
    case 'Point':
      return { ...g, coordinates: f(g.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...g, coordinates: g.coordinates.map(f) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...g, coordinates: g.coordinates.map((r) => r.map(f)) };
    case 'MultiPolygon':
      return { ...g, coordinates: g.coordinates.map((p) => p.map((r) => r.map(f))) };
    case 'GeometryCollection':
      return { ...g, geometries: g.geometries.map((c) => mapPositions(c, f)) };
  }
}

/** A copy of the geometry with every coordinate rounded to `decimals` places. */
export function roundGeometry(g: Geometry, decimals: number): Geometry {
  const d = Math.min(15, Math.max(0, Math.round(decimals)));
  const scale = 10 ** d;
  const round = (n: number) => Math.round(n * scale) / scale;
  return mapPositions(g, (p) => p.map(round));
}

/** True when any position carries a third (altitude) value. */
export function hasAltitude(g: Geometry | null): boolean {
  if (!g) return false;
  let found = false;
  mapPositions(g, (p) => {
    if (p.length > 2) found = true;
    return p;
  });
  return found;
}

/** Number of features (over all layers) with an altitude somewhere in their geometry. */
export function countWithAltitude(features: Iterable<Feature>): number {
  let n = 0;
  for (const f of features) if (hasAltitude(f.geometry)) n++;
  return n;
}
