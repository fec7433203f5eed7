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
import { jsonEqual } from '../sync/content';

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
    const t = tileFeatureOf(keep, f);
    if (t) out.push(t);
  }
  return out;
}

function tileFeatureOf(keep: ReadonlySet<string> | null, f: StoredFeature): Feature | null {
  if (!f.geometry) return null;
  // Without a list of kept properties the parsed object is used as it is: it is this call's own.
  const properties: Record<string, unknown> = keep || !f.properties ? {} : f.properties;
  if (keep && f.properties) for (const k in f.properties) if (keep.has(k)) properties[k] = f.properties[k];
  if (f.id !== undefined && f.id !== null) properties[MAP_FEATURE_ID] = f.id;
  return { type: 'Feature', geometry: f.geometry, properties };
}

/**
 * A chunk's tile features brought up to date by the patches of its rewrites (oldest first; each
 * the JSON of the features put and the ids taken out), without parsing the whole chunk again.
 * Features put again keep their place, new ones go last, as in the rewritten chunk. `before` and
 * `after` are the changed features only, as diffTileFeatures takes them. Null when a kept
 * feature has no id to match (the caller reads the whole chunk).
 */
export function patchTileFeatures(
  kind: Kind,
  kept: readonly Feature[],
  patches: readonly { features: string; removed: readonly string[] }[],
): { features: Feature[]; before: Feature[]; after: Feature[] } | null {
  const keep = mapPropertyNames(kind);
  /** By id, the newest tile feature, or null when it left the chunk or has nothing to draw. */
  const next = new Map<string | number, Feature | null>();
  for (const patch of patches) {
    for (const id of patch.removed) next.set(id, null);
    for (const f of JSON.parse(patch.features) as StoredFeature[]) {
      if (f.id === undefined || f.id === null) return null;
      next.set(f.id, tileFeatureOf(keep, f));
    }
  }
  const features: Feature[] = [];
  const before: Feature[] = [];
  const after: Feature[] = [];
  const placed = new Set<string | number>();
  for (const f of kept) {
    const id = tileFeatureId(f);
    if (id === undefined) return null;
    const now = next.get(id);
    if (now === undefined) {
      features.push(f);
      continue;
    }
    before.push(f);
    placed.add(id);
    if (now) {
      features.push(now);
      after.push(now);
    }
  }
  for (const [id, now] of next) {
    if (!now || placed.has(id)) continue;
    features.push(now);
    after.push(now);
  }
  return { features, before, after };
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

/** The id a tile feature carries (tileFeaturesOfChunk copies the stored id into MAP_FEATURE_ID). */
export const tileFeatureId = (f: Feature): string | number | undefined => {
  const id = f.properties?.[MAP_FEATURE_ID];
  return typeof id === 'string' || typeof id === 'number' ? id : undefined;
};

/** What changed between two readings of some of a layer's features: ids gone, features new or different. */
export interface TileFeatureChange {
  removed: (string | number)[];
  put: Feature[];
  /** The features as they were, of the ids removed or put again (to count what a filtered index held). */
  before: Feature[];
}

/**
 * The difference between the features some chunks held before and hold now (a changeset rewrites
 * the chunks of the features it touches, whole). Compared by id and content, so the unchanged
 * features of a rewritten chunk are not put again. Features without an id cannot be told apart:
 * null, and the caller indexes the layer again.
 */
export function diffTileFeatures(before: readonly Feature[], after: readonly Feature[]): TileFeatureChange | null {
  const old = new Map<string | number, Feature>();
  for (const f of before) {
    const id = tileFeatureId(f);
    if (id === undefined || old.has(id)) return null;
    old.set(id, f);
  }
  const put: Feature[] = [];
  const was: Feature[] = [];
  const seen = new Set<string | number>();
  for (const f of after) {
    const id = tileFeatureId(f);
    if (id === undefined || seen.has(id)) return null;
    seen.add(id);
    const prior = old.get(id);
    if (prior && jsonEqual(prior.geometry, f.geometry) && jsonEqual(prior.properties, f.properties)) continue;
    put.push(f);
    if (prior) was.push(prior);
  }
  const removed: (string | number)[] = [];
  for (const [id, f] of old) {
    if (seen.has(id)) continue;
    removed.push(id);
    was.push(f);
  }
  return { removed, put, before: was };
}

/** How a change can touch a tile: not at all, surely (a changed feature lies in it), or to be told by its bytes. */
export type TileTouch = 'no' | 'yes' | 'compare';

/** Web mercator in the unit square, as geojson-vt projects. */
const unitX = (lng: number): number => lng / 360 + 0.5;
const unitY = (lat: number): number => {
  const sin = Math.sin((lat * Math.PI) / 180);
  const y = 0.5 - (0.25 * Math.log((1 + sin) / (1 - sin))) / Math.PI;
  return y < 0 ? 0 : y > 1 ? 1 : y;
};

/** [minX, minY, maxX, maxY] of a geometry in the unit square; null when it has no position. */
function unitBox(geometry: Geometry | null): [number, number, number, number] | null {
  if (!geometry) return null;
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      const x = unitX(c[0]);
      const y = unitY(c[1]);
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
      return;
    }
    for (const inner of c) visit(inner);
  };
  if (geometry.type === 'GeometryCollection') for (const g of geometry.geometries) visit('coordinates' in g ? g.coordinates : null);
  else visit(geometry.coordinates);
  return box[0] <= box[2] ? box : null;
}

/** How far around a tile its features come from: geojson-vt's buffer, supercluster's radius, and a little for rounding. */
const TILE_REACH = Math.max(BUFFER_PX, CLUSTER_RADIUS_PX) / TILE_SIZE + 1 / 64;

export class LayerTiles {
  private constructor(
    private readonly index: GeoJSONVT,
    private count: number,
    private readonly cluster: boolean,
  ) {}

  get featureCount(): number {
    return this.count;
  }

  static build(features: Feature[], options: LayerTilesOptions): LayerTiles {
    const data: FeatureCollection = { type: 'FeatureCollection', features };
    const index = new GeoJSONVT(data, {
      maxZoom: TILE_MAX_ZOOM,
      extent: TILE_EXTENT,
      buffer: px(BUFFER_PX),
      tolerance: px(TOLERANCE_PX),
      // Kept updateable, so that a new data version changes only the features it touched (update).
      updateable: true,
      promoteId: MAP_FEATURE_ID,
      cluster: options.cluster,
      clusterOptions: { maxZoom: CLUSTER_MAX_ZOOM, minPoints: 2, radius: px(CLUSTER_RADIUS_PX), extent: TILE_EXTENT },
    });
    return new LayerTiles(index, features.length, options.cluster);
  }

  /**
   * Applies a change in place: `removed` leave the index, `put` replace the features of their id
   * (or join). Tiles asked for afterwards are of the new data; geojson-vt cuts again only the tiles
   * the change touches (clusters are clustered again, as a clustered GeoJSON source's updateData does).
   * `countDelta`: how many features the index holds more (or fewer) after it.
   */
  update(change: TileFeatureChange, countDelta: number): void {
    if (change.removed.length === 0 && change.put.length === 0) return;
    this.index.updateData({ remove: change.removed, add: change.put });
    this.count += countDelta;
  }

  /**
   * Which tiles a change can have touched, without cutting them: a tile away from every changed
   * feature (before and after, with the tile's buffer) is unchanged; one a changed feature lies in
   * has changed. Clusters gather points from farther and move when one does, so at the clustered
   * zooms (and at the antimeridian, where tiles wrap) the bytes tell.
   */
  touchedBy(change: TileFeatureChange): (at: TileAddress) => TileTouch {
    const boxes: [number, number, number, number][] = [];
    for (const f of [...change.put, ...change.before]) {
      const box = unitBox(f.geometry);
      if (box) boxes.push(box);
    }
    return (at) => {
      const n = 2 ** at.z;
      if ((this.cluster && at.z <= CLUSTER_MAX_ZOOM) || at.x <= 0 || at.x >= n - 1) return 'compare';
      const minX = (at.x - TILE_REACH) / n;
      const maxX = (at.x + 1 + TILE_REACH) / n;
      const minY = (at.y - TILE_REACH) / n;
      const maxY = (at.y + 1 + TILE_REACH) / n;
      return boxes.some((b) => b[2] >= minX && b[0] <= maxX && b[3] >= minY && b[1] <= maxY) ? 'yes' : 'no';
    };
  }

  /**
   * The MVT bytes of tile z/x/y, or null when nothing of the layer falls in it. With `properties`,
   * a feature carries only those (a cluster keeps its counts).
   */
  tile(z: number, x: number, y: number, properties: ReadonlySet<string> | null = null): Uint8Array | null {
    const tile = this.index.getTile(z, x, y);
    if (!tile || tile.features.length === 0) return null;
    // No top-level id on a feature (vt-pbf would parseInt our string ids into wrong integers):
    // the id travels in MAP_FEATURE_ID, which the vector source promotes. Clusters keep theirs.
    const narrowed: typeof tile = {
      ...tile,
      features: tile.features.map((f) => {
        if (f.tags?.cluster === true) return f;
        const { id: _id, ...rest } = f;
        return properties ? { ...rest, tags: pick(f.tags, properties) } : rest;
      }) as typeof tile.features,
    };
    return fromGeojsonVt({ [TILE_SOURCE_LAYER]: narrowed }, { version: 2, extent: TILE_EXTENT });
  }

  /** The zoom at which a cluster breaks apart, or null when the layer is not clustered. */
  clusterExpansionZoom(clusterId: number): number | null {
    return this.index.getClusterExpansionZoom(clusterId);
  }
}

const sameBytes = (a: Uint8Array | null, b: Uint8Array | null): boolean => {
  if (a === b) return true;
  if (!a || !b || a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** A tile address as MapLibre names it (z, x, y). */
export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

/**
 * The tiles served under one key, with the bytes each last got: the map may hold any of them (on
 * screen or in its cache of tiles out of view), so after an update in place these are the tiles
 * to compare, and the ones whose bytes changed are the ones the map must load again.
 */
export class ServedTiles {
  private readonly served = new Map<string, { at: TileAddress; bytes: Uint8Array | null }>();

  constructor(readonly limit: number) {}

  get size(): number {
    return this.served.size;
  }

  /** False once more tiles were served than the limit: the map's tiles are then not all known cheaply. */
  get complete(): boolean {
    return this.served.size <= this.limit;
  }

  record(at: TileAddress, bytes: Uint8Array | null): void {
    const id = `${at.z}/${at.x}/${at.y}`;
    this.served.set(id, { at, bytes });
  }

  /**
   * The served tiles `tiles` now gives differently.
   * `touched` (LayerTiles.touchedBy) spares cutting the tiles a change cannot have reached.
   */
  changed(tiles: LayerTiles, properties: ReadonlySet<string> | null, touched: (at: TileAddress) => TileTouch = () => 'compare'): TileAddress[] {
    const out: TileAddress[] = [];
    for (const s of this.served.values()) {
      const touch = touched(s.at);
      if (touch === 'no') continue;
      if (touch === 'compare' && sameBytes(tiles.tile(s.at.z, s.at.x, s.at.y, properties), s.bytes)) continue;
      out.push(s.at);
    }
    return out;
  }
}
