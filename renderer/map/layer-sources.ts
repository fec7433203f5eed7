import type * as maplibregl from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { imageSourceId, type SceneData, type SceneImage } from '../../shared/layers/map-scene';
import { operationalSource, sourceIdFor, tiledOperationalSource } from '../../shared/layers/layer-style';
import type { TileLoad } from '../../shared/tiles/layer-tiles';
import { FEATURE_PROTOCOL } from './feature-ids-protocol.mjs';
import { advanceTiles, clusterExpansionZoom, dropTiles, loadTiles, tileUrlTemplate } from './tile-protocol';

/**
 * The sources of our layers, one class per kind, as MapLibre has one Source class per source type:
 * each owns what its data needs on the page (a GeoJSON source its object URLs, a tiled source its
 * tile keys in the tiles worker) and lets go of it in `remove`. The map controller makes one per
 * layer from the scene (`sourceFor`) and hands it the layer's new data reference on a change.
 */

export interface SourceHost {
  readonly map: maplibregl.Map;
  /** Counted by whenIdle until settled. */
  track(work: Promise<unknown>): void;
  /** Resolves when the source has loaded its data (or failed to). */
  sourceLoaded(sourceId: string): Promise<void>;
  destroyed(): boolean;
  /** A layer's GeoJSON at a data version, from the store. */
  layerBlob(layerId: string, version: number): Promise<Blob>;
}

export interface LayerSource {
  readonly type: 'geojson' | 'vector';
  add(): void;
  update(data: SceneData): void;
  /** The zoom at which a cluster of this source breaks apart. */
  clusterExpansionZoom(clusterId: number): Promise<number | null>;
  remove(): void;
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** URL of a layer's GeoJSON through the id-copying protocol (feature-ids-protocol.mjs). */
const viaFeatureProtocol = (url: string): string => `${FEATURE_PROTOCOL}://${url}`;

const warn = (host: SourceHost, layerId: string) => (error: unknown) => {
  if (!host.destroyed()) console.warn(`Map layer ${layerId}: data did not load`, error);
};

/** A small layer: its GeoJSON as a Blob from the store, fetched and parsed in MapLibre's worker. */
export class GeoJsonLayerSource implements LayerSource {
  readonly type = 'geojson';
  private readonly sourceId: string;
  /** Object URLs handed to the source, oldest first; all but the last are revoked once a newer one loaded. */
  private readonly urls: string[] = [];
  private wanted = -1;
  private removed = false;

  constructor(
    private readonly host: SourceHost,
    private readonly layerId: string,
    private readonly first: Extract<SceneData, { type: 'geojson' }>,
  ) {
    this.sourceId = sourceIdFor(layerId);
  }

  add(): void {
    this.host.map.addSource(this.sourceId, operationalSource(EMPTY));
    this.update(this.first);
  }

  update(data: SceneData): void {
    if (data.type !== 'geojson') return;
    const version = (this.wanted = data.version);
    const done = this.host
      .layerBlob(this.layerId, version)
      .then(async (blob) => {
        // A newer version was asked for while this one was read: it wins.
        if (this.removed || version !== this.wanted) return;
        const url = URL.createObjectURL(blob);
        this.urls.push(url);
        const source = this.host.map.getSource<maplibregl.GeoJSONSource>(this.sourceId);
        if (!source) return;
        await source.setData(viaFeatureProtocol(url));
        // The worker has fetched the new data: the older object URLs are no longer needed.
        const at = this.urls.indexOf(url);
        for (const old of this.urls.splice(0, Math.max(0, at))) URL.revokeObjectURL(old);
        await this.host.sourceLoaded(this.sourceId);
      })
      .catch(warn(this.host, this.layerId));
    this.host.track(done);
  }

  clusterExpansionZoom(clusterId: number): Promise<number | null> {
    const source = this.host.map.getSource<maplibregl.GeoJSONSource>(this.sourceId);
    return source ? source.getClusterExpansionZoom(clusterId) : Promise.resolve(null);
  }

  remove(): void {
    this.removed = true;
    if (this.host.map.getSource(this.sourceId)) this.host.map.removeSource(this.sourceId);
    for (const url of this.urls.splice(0)) URL.revokeObjectURL(url);
  }
}

let tileKeys = 0;
/** A key per load, never reused, so a tile request can never be answered from another load's index. */
const nextTileKey = (layerId: string): string => `${layerId}~${++tileKeys}`;

/** A tile index being built (or built) in the tiles worker under `key`. */
export interface TileIndex {
  key: string;
  /** JSON of the load, to tell whether an early index is still the one wanted. */
  load: string;
  built: Promise<boolean>;
}

/** Starts indexing a stored layer in the tiles worker under a new key; a source may use the key at once (requests wait for the index). */
export function startTileIndex(host: Pick<SourceHost, 'track' | 'destroyed'>, load: TileLoad): TileIndex {
  const key = nextTileKey(load.layerId);
  const built = loadTiles(key, load).then(
    () => {
      performance.mark('cg:map:tiles-indexed');
      return true;
    },
    (error: unknown) => {
      if (!host.destroyed()) console.warn(`Map layer ${load.layerId}: data did not load`, error);
      return false;
    },
  );
  host.track(built);
  return { key, load: JSON.stringify(load), built };
}

/** Whether `next` is `current` at a newer data version and nothing else changed (an update in place). */
export function isNewerVersion(current: TileLoad, next: TileLoad): boolean {
  return next.version > current.version && JSON.stringify({ ...current, version: 0 }) === JSON.stringify({ ...next, version: 0 });
}

/**
 * A big layer: vector tiles the tiles worker cuts from the stored layer (tile-protocol.ts). A new
 * data version with nothing else changed is applied in place (advanceTiles): the tiles worker
 * updates the index in place (no re-read or re-parse of the layer, no new index) and says whether
 * any tile it served changed; if so the source is pointed at the index's new key, else nothing
 * is reloaded. Any other new load (for clusters the filter, or
 * the properties the tiles carry) builds a new index under a new key, and the source is pointed at
 * it once built, so the old tiles stay on screen meanwhile. One build or update at a time: loads
 * that come in the while (the time slider playing, a burst of edits) are folded into one more.
 */
export class TiledLayerSource implements LayerSource {
  readonly type = 'vector';
  private readonly sourceId: string;
  private key: string;
  private current: string;
  private currentLoad: TileLoad;
  private building = false;
  private next: TileLoad | null = null;
  private removed = false;
  /** `early` is an index started for this load before the style had loaded. */
  constructor(
    private readonly host: SourceHost,
    layerId: string,
    load: TileLoad,
    early: TileIndex | null,
  ) {
    this.sourceId = sourceIdFor(layerId);
    const index = early && early.load === JSON.stringify(load) ? early : startTileIndex(host, load);
    if (early && index !== early) dropTiles(early.key);
    this.key = index.key;
    this.current = index.load;
    this.currentLoad = load;
  }

  add(): void {
    this.host.map.addSource(this.sourceId, tiledOperationalSource(tileUrlTemplate(this.key)));
    this.host.track(this.host.sourceLoaded(this.sourceId));
  }

  update(data: SceneData): void {
    if (data.type !== 'tiled' || JSON.stringify(data.load) === this.current) return;
    this.next = data.load;
    if (!this.building) this.build();
  }

  private build(): void {
    const load = this.next;
    this.next = null;
    if (!load || this.removed) return;
    this.building = true;
    // Tracked as a whole, so whenIdle also waits for the new tiles.
    this.host.track((isNewerVersion(this.currentLoad, load) ? this.advance(load) : Promise.resolve(false)).then((done) => (done ? this.built() : this.rebuild(load))));
  }

  private built(): void {
    this.building = false;
    this.build();
  }

  /** The newer version in place under the same key; false when the tiles worker could not (then rebuild). */
  private async advance(load: TileLoad): Promise<boolean> {
    const key = this.key;
    const newKey = nextTileKey(load.layerId);
    const changed = await advanceTiles(key, load, newKey).catch((error: unknown) => {
      if (!this.host.destroyed()) console.warn(`Map layer ${load.layerId}: tiles not updated in place`, error);
      return null;
    });
    if (!changed) return false;
    this.current = JSON.stringify(load);
    this.currentLoad = load;
    const source = this.host.map.getSource<maplibregl.VectorTileSource>(this.sourceId);
    if (changed.length === 0 || this.removed || this.host.destroyed() || !source) {
      dropTiles(newKey);
      return true;
    }
    performance.mark('cg:map:tiles-indexed');
    // A new URL for the same updated index: map.refreshTiles(id, changed) under the same key
    // reloaded none of the tiles in the big-layers e2e test (cause not found yet), so the source is
    // pointed at the new key as after a rebuild; each tile is a cut of the updated index.
    this.key = newKey;
    source.setTiles([tileUrlTemplate(newKey)]);
    dropTiles(key);
    await this.host.sourceLoaded(this.sourceId);
    return true;
  }

  private async rebuild(load: TileLoad): Promise<void> {
    const index = startTileIndex(this.host, load);
    const ok = await index.built;
    const source = this.host.map.getSource<maplibregl.VectorTileSource>(this.sourceId);
    if (this.removed || this.host.destroyed() || !ok || !source) {
      dropTiles(index.key);
    } else {
      const old = this.key;
      this.key = index.key;
      this.current = index.load;
      this.currentLoad = load;
      source.setTiles([tileUrlTemplate(index.key)]);
      // Requests already sent hold the old index; later ones name the new key.
      dropTiles(old);
      this.host.track(this.host.sourceLoaded(this.sourceId));
    }
    this.built();
  }

  clusterExpansionZoom(clusterId: number): Promise<number | null> {
    return clusterExpansionZoom(this.key, clusterId);
  }

  remove(): void {
    this.removed = true;
    if (this.host.map.getSource(this.sourceId)) this.host.map.removeSource(this.sourceId);
    dropTiles(this.key);
  }
}

export function sourceFor(host: SourceHost, layerId: string, data: SceneData, early: TileIndex | null): LayerSource {
  return data.type === 'tiled' ? new TiledLayerSource(host, layerId, data.load, early) : new GeoJsonLayerSource(host, layerId, data);
}

/** A layer's georeferenced images: one image source each, from an object URL of its Blob. */
export class LayerImages {
  private readonly urls: string[] = [];

  constructor(
    private readonly map: maplibregl.Map,
    private readonly layerId: string,
    private readonly images: readonly SceneImage[],
  ) {}

  add(): void {
    for (const [i, image] of this.images.entries()) {
      const url = URL.createObjectURL(image.blob);
      this.urls.push(url);
      this.map.addSource(imageSourceId(this.layerId, i), { type: 'image', url, coordinates: image.corners });
    }
  }

  remove(): void {
    for (const i of this.images.keys()) if (this.map.getSource(imageSourceId(this.layerId, i))) this.map.removeSource(imageSourceId(this.layerId, i));
    for (const url of this.urls.splice(0)) URL.revokeObjectURL(url);
  }
}
