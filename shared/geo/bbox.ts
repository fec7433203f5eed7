import type { Geometry, Position } from 'geojson';
import type { BBox } from '../base/types';

/** Running [minX, minY, maxX, maxY]; starts empty (min > max). Reused to avoid allocations. */
export class BBoxAccumulator {
  minX = Infinity;
  minY = Infinity;
  maxX = -Infinity;
  maxY = -Infinity;

  addPosition(p: Position): void {
    const x = p[0] as number;
    const y = p[1] as number;
    if (x < this.minX) this.minX = x;
    if (x > this.maxX) this.maxX = x;
    if (y < this.minY) this.minY = y;
    if (y > this.maxY) this.maxY = y;
  }

  addPositions(ps: readonly Position[]): void {
    for (let i = 0; i < ps.length; i++) this.addPosition(ps[i] as Position);
  }

  addGeometry(g: Geometry | null | undefined): void {
    if (!g) return;
    switch (g.type) {
      case 'Point':
        this.addPosition(g.coordinates);
        break;
      case 'MultiPoint':
      case 'LineString':
        this.addPositions(g.coordinates);
        break;
      case 'MultiLineString':
      case 'Polygon':
        for (const part of g.coordinates) this.addPositions(part);
        break;
      case 'MultiPolygon':
        for (const poly of g.coordinates) for (const ring of poly) this.addPositions(ring);
        break;
      case 'GeometryCollection':
        for (const child of g.geometries) this.addGeometry(child);
        break;
    }
  }

  get empty(): boolean {
    return this.minX > this.maxX;
  }

  result(): BBox | null {
    return this.empty ? null : [this.minX, this.minY, this.maxX, this.maxY];
  }
}

/** Bounding box of one geometry, or null for a null or empty geometry. */
export function geometryBBox(g: Geometry | null | undefined): BBox | null {
  const acc = new BBoxAccumulator();
  acc.addGeometry(g);
  return acc.result();
}

/** Bounding box of many features; features without geometry are skipped; null when none has one. */
export function featuresBBox(features: readonly { geometry: Geometry | null }[]): BBox | null {
  const acc = new BBoxAccumulator();
  for (const f of features) acc.addGeometry(f.geometry);
  return acc.result();
}
