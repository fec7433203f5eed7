/** How tiled layers are cut (shared/tiles/layer-tiles.ts) and declared to the map (layer-style.ts). */

/** The one source-layer of a tiled layer's MVT tiles; its style layers name it. */
export const TILE_SOURCE_LAYER = 'features';
/** As MapLibre's GeoJSON sources: 512 px tiles, 8192 units a side. */
export const TILE_SIZE = 512;
export const TILE_EXTENT = 8192;
/** Tiles are cut down to this zoom; MapLibre over-zooms them beyond (ample for points: ~0.3 m a unit). */
export const TILE_MAX_ZOOM = 14;
