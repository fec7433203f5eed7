/** How tiled layers are cut (shared/tiles/layer-tiles.ts) and declared to the map (layer-style.ts). */
import type { Kind } from '../domain/common';
import type { LayerFilter, TimeWindow } from '../domain/filters';

/** The one source-layer of a tiled layer's MVT tiles; its style layers name it. */
export const TILE_SOURCE_LAYER = 'features';
/** As MapLibre's GeoJSON sources: 512 px tiles, 8192 units a side. */
export const TILE_SIZE = 512;
export const TILE_EXTENT = 8192;
/** Tiles are cut down to this zoom; MapLibre over-zooms them beyond (ample for points: ~0.3 m a unit). */
export const TILE_MAX_ZOOM = 14;

/** What the tiles worker is asked to index for a tiled layer: the scene's data reference. */
export interface TileLoad {
  layerId: string;
  /** The layer's data version: loads of the same version share one parse of the layer. */
  version: number;
  kind: Kind;
  cluster: boolean;
  /** Only the features passing this filter and time window (clusters count what the filter lets through). */
  query: { filter: LayerFilter | null; window: TimeWindow } | null;
  /** The properties the tiles carry (what the layer's style and filter read, propertiesRead); null for all. */
  properties: string[] | null;
}
