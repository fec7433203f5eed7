import Flatbush from 'flatbush';
import { EARTH_RADIUS_M } from './sphere';
import type { Box } from './geometry';

/**
 * Flatbush over boxes in degrees, with the one query the analyses need: "boxes that may lie
 * within r metres of this box". Flatbush is planar, so the radius is turned into degrees at the
 * box's poleward latitude, and a query that runs over ±180° is split into two boxes.
 */

const FULL_LNG: [number, number] = [-180, 180];

/**
 * The query boxes covering everything within `radiusM` of `box` (one, or two when it runs over
 * the antimeridian). Exact for a spherical cap: a circle of angular radius δ around latitude φ
 * spans asin(sin δ / cos φ) of longitude; taken at the box's latitude nearest a pole, where that
 * is widest. Within reach of a pole, every longitude is included. A 1 % margin absorbs rounding.
 */
export function expandBox(box: Box, radiusM: number): Box[] {
  const [minX, minY, maxX, maxY] = box;
  const delta = (Math.max(0, radiusM) / EARTH_RADIUS_M) * 1.01;
  const dLat = (delta * 180) / Math.PI;
  const lo = Math.max(-90, minY - dLat);
  const hi = Math.min(90, maxY + dLat);
  const phi = (Math.max(Math.abs(minY), Math.abs(maxY)) * Math.PI) / 180;
  if (phi + delta >= Math.PI / 2 || maxX - minX >= 360) return [[FULL_LNG[0], lo, FULL_LNG[1], hi]];
  const dLng = (Math.asin(Math.min(1, Math.sin(delta) / Math.cos(phi))) * 180) / Math.PI;
  const west = minX - dLng;
  const east = maxX + dLng;
  if (east - west >= 360) return [[FULL_LNG[0], lo, FULL_LNG[1], hi]];
  if (west < -180) return [[west + 360, lo, 180, hi], [-180, lo, east, hi]];
  if (east > 180) return [[west, lo, 180, hi], [-180, lo, east - 360, hi]];
  return [[west, lo, east, hi]];
}

/** A static R-tree of boxes; item i is the i-th box given. Empty input gives an empty index. */
export class BoxIndex {
  private readonly tree: Flatbush | null;

  constructor(boxes: readonly Box[]) {
    // Flatbush refuses zero items: an empty layer simply has nothing to find.
    if (boxes.length === 0) {
      this.tree = null;
      return;
    }
    const tree = new Flatbush(boxes.length);
    for (const b of boxes) tree.add(b[0], b[1], b[2], b[3]);
    tree.finish();
    this.tree = tree;
  }

  /** Items whose box contains the point (edges included). */
  at(x: number, y: number): number[] {
    return this.tree ? this.tree.search(x, y, x, y) : [];
  }

  /** Items whose box may be within `radiusM` of `box`, each once, in increasing item order. */
  near(box: Box, radiusM: number): number[] {
    if (!this.tree) return [];
    const queries = expandBox(box, radiusM);
    if (queries.length === 1) {
      const q = queries[0] as Box;
      return this.tree.search(q[0], q[1], q[2], q[3]).sort((a, b) => a - b);
    }
    const found = new Set<number>();
    for (const q of queries) for (const i of this.tree.search(q[0], q[1], q[2], q[3])) found.add(i);
    return [...found].sort((a, b) => a - b);
  }
}
