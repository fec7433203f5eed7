/**
 * Bounding boxes as the store keeps them: [west, south, east, north], null when there is no
 * geometry at all. Geometry walking is shared/geo's; this adds the merging the store needs to
 * derive a layer's extent from its chunks' extents without touching the features again.
 * Boxes are plain min/max: a layer that crosses the antimeridian gets a world-wide box.
 */
import type { BBox } from '../../shared/base/types';

export type { BBox };
export { geometryBBox, featuresBBox, BBoxAccumulator } from '../../shared/geo/bbox';

/** The smallest box around all given boxes; nulls (chunks without geometry) are skipped. */
export function unionBBoxes(boxes: Iterable<BBox | null>): BBox | null {
  let out: BBox | null = null;
  for (const b of boxes) {
    if (!b) continue;
    if (!out) out = [b[0], b[1], b[2], b[3]];
    else {
      if (b[0] < out[0]) out[0] = b[0];
      if (b[1] < out[1]) out[1] = b[1];
      if (b[2] > out[2]) out[2] = b[2];
      if (b[3] > out[3]) out[3] = b[3];
    }
  }
  return out;
}
