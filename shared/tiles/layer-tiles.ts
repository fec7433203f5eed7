/**
 * A big layer cut into vector tiles in our own worker, so that MapLibre never holds the layer.
 *
 * Why not a MapLibre GeoJSON source for big layers: maplibre-gl 6 loads a GeoJSON URL in its
 * worker and then posts the whole parsed collection back to the page (GeoJSONSource keeps it for
 * getData()). At 1,000,000 incidents that clone is a main-thread task of 8 to 12 s in bare MapLibre,
 * and the page holds a second copy of every feature. Here the stored chunks are parsed one by one in
 * the tiles worker, indexed with geojson-vt (MapLibre's own fork, which clusters points with
 * supercluster exactly as a clustered GeoJSON source does), and each tile MapLibre asks for is
 * encoded as MVT (vt-pbf). The page only ever sees tiles of a few kilobytes.
 *
 * The parsed features keep the properties of the map's GeoJSON (map-data.ts) plus the feature id in
 * MAP_FEATURE_ID, which the vector source promotes (MVT ids are integers and ours are UUIDs); each
 * tile is narrowed further to what the layer's style and filter read (properties-read.ts).
 */
import { GeoJSONVT } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Kind } from '../domain/common';
import { mapPropertyNames } from '../layers/map-data';
import { CLUSTER_MAX_ZOOM, CLUSTER_RADIUS_PX, MAP_FEATURE_ID } from '../layers/layer-style';
import { TILE_EXTENT, TILE_MAX_ZOOM, TILE_SIZE, TILE_SOURCE_LAYER } from '../layers/tile-grid';

const px = (pixels: number) => Math.round((pixels * TILE_EXTENT) / TILE_SIZE);
/** MapLibre's defaults for GeoJSON sources, so a tiled layer draws as it did from one. */
const BUFFER_PX = 128;
const TOLERANCE_PX = 0.375;

interface StoredFeature {
  id?: string | number;
  geometry: Geometry | null;
  properties: Record<string, unknown> | null;
}

/**
 * The features of one stored chunk (JSON text of an array of features) as the tiles need them:
 * only the properties the map reads, the id copied into MAP_FEATURE_ID, no top-level id (vt-pbf
 * would parseInt a string id into a wrong integer). Features without geometry have nothing to draw.
 */
export function tileFeaturesOfChunk(kind: Kind, json: string): Feature[] {
  const keep = mapPropertyNames(kind);
  const out: Feature[] = [];
  for (const f of JSON.parse(json) as StoredFeature[]) {
    if (!f.geometry) continue;
    const properties: Record<string, unknown> = {};
    if (f.properties) {
      if (keep) {
        for (const k in f.properties) if (keep.has(k)) properties[k] = f.properties[k];
      } else Object.assign(properties, f.properties);
    }
    if (f.id !== undefined && f.id !== null) properties[MAP_FEATURE_ID] = f.id;
    out.push({ type: 'Feature', geometry: f.geometry, properties });
  }
  return out;
}

/** What the tiles worker is asked to index: one data version of a stored layer, all of it or the features passing a filter. */
export type { TileLoad } from '../layers/tile-grid';

function pick(tags: Record<string, unknown> | null | undefined, keep: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (tags) for (const k in tags) if (keep.has(k)) out[k] = tags[k];
  return out;
}

export interface LayerTilesOptions {
  /** Cluster the points below CLUSTER_MAX_ZOOM, as a clustered GeoJSON source does. */
  cluster: boolean;
}

export class LayerTiles {
  private constructor(
    private readonly index: GeoJSONVT,
    readonly featureCount: number,
  ) {}

  static build(features: Feature[], options: LayerTilesOptions): LayerTiles {
    const data: FeatureCollection = { type: 'FeatureCollection', features };
    const index = new GeoJSONVT(data, {
      maxZoom: TILE_MAX_ZOOM,
      extent: TILE_EXTENT,
      buffer: px(BUFFER_PX),
      tolerance: px(TOLERANCE_PX),
      cluster: options.cluster,
      clusterOptions: { maxZoom: CLUSTER_MAX_ZOOM, minPoints: 2, radius: px(CLUSTER_RADIUS_PX), extent: TILE_EXTENT },
    });
    return new LayerTiles(index, features.length);
  }

  /**
   * The MVT bytes of tile z/x/y, or null when nothing of the layer falls in it. With `properties`,
   * a feature carries only those (a cluster keeps its counts).
   */
  tile(z: number, x: number, y: number, properties: ReadonlySet<string> | null = null): Uint8Array | null {
    const tile = this.index.getTile(z, x, y);
    if (!tile || tile.features.length === 0) return null;
    const narrowed: typeof tile = properties
      ? { ...tile, features: tile.features.map((f) => (f.tags?.cluster === true ? f : { ...f, tags: pick(f.tags, properties) })) as typeof tile.features }
      : tile;
    return fromGeojsonVt({ [TILE_SOURCE_LAYER]: narrowed }, { version: 2, extent: TILE_EXTENT });
  }

  /** The zoom at which a cluster breaks apart, or null when the layer is not clustered. */
  clusterExpansionZoom(clusterId: number): number | null {
    return this.index.getClusterExpansionZoom(clusterId);
  }
}
