import type { Feature, Polygon, Position } from 'geojson';
import { booleanIntersects, booleanPointInPolygon } from '@turf/turf';
import type { CgFeature } from '../domain/feature';
import { boxOf, pointOf } from './geometry';
import { BoxIndex } from './spatial-index';
import type { Box } from './geometry';

/**
 * "Which features fall in this box or lasso": the map's area selection as a pure function.
 * A point counts when inside or on the edge of the area; a line or polygon when it touches it
 * at all (as a box drawn across a patrol route means that route). Each layer is indexed by
 * bounding box with flatbush, and only the candidates the index yields are tested with turf.
 */

export interface SelectableLayer {
  layerId: string;
  features: readonly CgFeature[];
}

export interface SelectedRef {
  layerId: string;
  featureId: string;
}

/** A closed ring from a lasso or box path (first position repeated at the end), or null if too few points. */
export function areaFromPath(path: readonly [number, number][]): Polygon | null {
  const ring: Position[] = path.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1])).map((p) => [p[0], p[1]]);
  if (ring.length < 3) return null;
  const first = ring[0] as Position;
  const last = ring[ring.length - 1] as Position;
  if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0] as number, first[1] as number]);
  return ring.length >= 4 ? { type: 'Polygon', coordinates: [ring] } : null;
}

/** The rectangle between two corners, in any order. */
export function areaFromBox(a: [number, number], b: [number, number]): Polygon {
  const [w, e] = a[0] <= b[0] ? [a[0], b[0]] : [b[0], a[0]];
  const [s, n] = a[1] <= b[1] ? [a[1], b[1]] : [b[1], a[1]];
  return { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] };
}

function geometryBox(f: CgFeature): Box | null {
  const g = f.geometry;
  if (!g) return null;
  const p = pointOf(g);
  if (p) return [p[0], p[1], p[0], p[1]];
  if (g.type === 'GeometryCollection' || g.type === 'MultiPoint' || g.type === 'Point') {
    const xs: number[] = [];
    const ys: number[] = [];
    const visit = (c: unknown): void => {
      if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') {
        xs.push(c[0]);
        ys.push(c[1]);
      } else if (Array.isArray(c)) for (const x of c) visit(x);
    };
    if (g.type === 'GeometryCollection') for (const sub of g.geometries) visit('coordinates' in sub ? sub.coordinates : []);
    else visit(g.coordinates);
    return xs.length ? [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] : null;
  }
  return boxOf(g);
}

/** Refs of the features of `layers` inside or touching `area`, in layer order then feature order. */
export function featuresInArea(layers: readonly SelectableLayer[], area: Polygon): SelectedRef[] {
  const areaFeature: Feature<Polygon> = { type: 'Feature', properties: {}, geometry: area };
  const areaBox = boxOf(area);
  const out: SelectedRef[] = [];
  for (const layer of layers) {
    const boxes: Box[] = [];
    const items: CgFeature[] = [];
    for (const f of layer.features) {
      const b = geometryBox(f);
      if (!b) continue;
      boxes.push(b);
      items.push(f);
    }
    const hits = new BoxIndex(boxes).near(areaBox, 0).sort((a, b) => a - b);
    for (const i of hits) {
      const f = items[i] as CgFeature;
      const p = pointOf(f.geometry);
      const inside = p ? booleanPointInPolygon(p, area) : booleanIntersects({ type: 'Feature', properties: {}, geometry: f.geometry } as Feature, areaFeature);
      if (inside) out.push({ layerId: layer.layerId, featureId: f.id });
    }
  }
  return out;
}

export interface SelectionGroup {
  layerId: string;
  count: number;
}

/** How many selected features each layer holds, in the order layers first appear. */
export function summariseSelection(refs: readonly SelectedRef[]): SelectionGroup[] {
  const counts = new Map<string, number>();
  for (const r of refs) counts.set(r.layerId, (counts.get(r.layerId) ?? 0) + 1);
  return [...counts].map(([layerId, count]) => ({ layerId, count }));
}

/** Adds refs not yet in `current` (shift-click, shift-box); keeps the order of first selection. */
export function mergeSelection(current: readonly SelectedRef[], added: readonly SelectedRef[]): SelectedRef[] {
  const key = (r: SelectedRef): string => `${r.layerId}\u0000${r.featureId}`;
  const seen = new Set(current.map(key));
  const out = [...current];
  for (const r of added) if (!seen.has(key(r))) {
    seen.add(key(r));
    out.push(r);
  }
  return out;
}

/** Shift-click on a selected feature takes it out again; on another adds it. */
export function toggleInSelection(current: readonly SelectedRef[], ref: SelectedRef): SelectedRef[] {
  const has = current.some((r) => r.layerId === ref.layerId && r.featureId === ref.featureId);
  return has ? current.filter((r) => !(r.layerId === ref.layerId && r.featureId === ref.featureId)) : [...current, ref];
}
