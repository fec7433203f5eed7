import * as Comlink from 'comlink';
import type { Feature } from 'geojson';
import type { Kind } from '../../shared/domain/common';
import { LayerTiles, tileFeaturesOfChunk } from '../../shared/tiles/layer-tiles';
import { TILE_ANSWER, TILE_REQUEST } from '../map/tile-channel.mjs';
import type { StoreWorkerApi } from './store.worker';

/**
 * Cuts big layers into vector tiles (shared/tiles/layer-tiles.ts) off the page's thread. It reads
 * a layer's chunk texts from the store worker over a port of its own (the layer never crosses the
 * page) and indexes them under a key that names one load; MapLibre's workers ask for tiles over
 * the page's BroadcastChannel (tile-channel.mjs), and requests for a key wait until its index is
 * built. It never opens IndexedDB: the store worker stays the one reader and writer of the database.
 */

const indexes = new Map<string, Promise<LayerTiles>>();
let store: Comlink.Remote<StoreWorkerApi> | null = null;
let channel: BroadcastChannel | null = null;
let storeAttached: () => void = () => undefined;
const storeReady = new Promise<void>((resolve) => (storeAttached = resolve));

async function build(layerId: string, kind: Kind, cluster: boolean): Promise<LayerTiles> {
  await storeReady;
  const texts = await (store as Comlink.Remote<StoreWorkerApi>).layerChunkTexts(layerId);
  const features: Feature[] = [];
  // Chunk by chunk: one string for a whole 1M-feature layer would pass V8's longest string.
  for (let i = 0; i < texts.length; i++) {
    for (const f of tileFeaturesOfChunk(kind, texts[i] as string)) features.push(f);
    texts[i] = '';
  }
  return LayerTiles.build(features, { cluster });
}

function tileBytes(tiles: LayerTiles, z: number, x: number, y: number): ArrayBuffer | null {
  const bytes = tiles.tile(z, x, y);
  if (!bytes) return null;
  return (bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer) as ArrayBuffer;
}

interface TileRequest {
  type: typeof TILE_REQUEST;
  id: string;
  key: string;
  z: number;
  x: number;
  y: number;
}

function answerOn(channel: BroadcastChannel): void {
  channel.onmessage = (event: MessageEvent<TileRequest>) => {
    const m = event.data;
    if (m?.type !== TILE_REQUEST) return;
    const index = indexes.get(m.key);
    if (!index) {
      channel.postMessage({ type: TILE_ANSWER, id: m.id, error: `no tiles for ${m.key}` });
      return;
    }
    index.then(
      (tiles) => channel.postMessage({ type: TILE_ANSWER, id: m.id, data: tileBytes(tiles, m.z, m.x, m.y) }),
      (error: unknown) => channel.postMessage({ type: TILE_ANSWER, id: m.id, error: String(error instanceof Error ? error.message : error) }),
    );
  };
}

const api = {
  /** The page's tile channel (tile-channel.mjs) and a port to the store worker (a later call replaces the port). */
  start(channelName: string, storePort: MessagePort): void {
    if (!channel) {
      channel = new BroadcastChannel(channelName);
      answerOn(channel);
    }
    store = Comlink.wrap<StoreWorkerApi>(storePort);
    storeAttached();
  },
  /** Indexes a stored layer under `key`; resolves with its feature count once tiles can be served. */
  async load(key: string, layerId: string, kind: Kind, cluster: boolean): Promise<number> {
    let index = indexes.get(key);
    if (!index) {
      index = build(layerId, kind, cluster);
      indexes.set(key, index);
      // A failed build is not served: tile requests for the key get an error, a new load tries again.
      index.catch(() => indexes.delete(key));
    }
    return (await index).featureCount;
  },
  async clusterExpansionZoom(key: string, clusterId: number): Promise<number | null> {
    const index = indexes.get(key);
    return index ? (await index).clusterExpansionZoom(clusterId) : null;
  },
  /** Frees an index the map no longer draws. */
  drop(key: string): void {
    indexes.delete(key);
  },
};

export type TilesWorkerApi = typeof api;
Comlink.expose(api);
