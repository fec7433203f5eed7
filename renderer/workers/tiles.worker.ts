import * as Comlink from 'comlink';
import type { Feature } from 'geojson';
import type { Kind } from '../../shared/domain/common';
import { toPredicate } from '../../shared/domain/filters';
import { LayerTiles, tileFeaturesOfChunk, type TileLoad } from '../../shared/tiles/layer-tiles';
import { TILE_ANSWER, TILE_REQUEST } from '../map/tile-channel.mjs';
import type { StoreWorkerApi } from './store.worker';
import type { EncodedLayer } from '../db/chunk-transfer';
import { shouldCluster, shouldTile } from '../../shared/layers/map-scene';

/**
 * Cuts big layers into vector tiles (shared/tiles/layer-tiles.ts) off the page's thread. It reads
 * a layer's chunk texts from the store worker over a port of its own (the layer never crosses the
 * page), parses them once per data version, and indexes them: the whole layer, or, for clusters,
 * the features passing the layer's filter and time window, so that cluster counts say what the
 * filter lets through. Each load gets a key of its own, which also says which properties its tiles
 * carry; loads that differ only in those share one index. MapLibre's workers ask for tiles over the
 * page's BroadcastChannel (tile-channel.mjs); requests for a key wait until its index is built. It
 * never opens IndexedDB: the store worker stays the one reader and writer of the database.
 *
 * An import hands a new big layer's chunk texts here too, while the store worker writes the
 * same chunks to IndexedDB (prime): they are parsed and indexed at once, so the layer's tiles are
 * ready about when it is stored. The first load of the layer uses them if the store's rev of the
 * layer is the import's, and otherwise reads the store as usual.
 */

interface Index {
  source: string;
  tiles: Promise<LayerTiles>;
}

interface Keyed {
  index: string;
  properties: ReadonlySet<string> | null;
}

/** Parsed features by data version (`layerId@version`), shared by the indexes built from them. */
const sources = new Map<string, Promise<Feature[]>>();
/** Tile indexes by what they index (source, clustering, filter), shared by the keys that draw them. */
const indexes = new Map<string, Index>();
const keys = new Map<string, Keyed>();
/** Features handed over by an import, by layer, until the layer's first load takes them. */
const primes = new Map<string, { rev: string; features: Feature[] }>();
/** At most this many primed layers wait for a load (a commit that failed leaves one behind). */
const MAX_PRIMES = 4;
/** Indexes cut from primed features before any load asked, by features and clustering. */
const prebuilt = new WeakMap<Feature[], Map<boolean, Promise<LayerTiles>>>();
let store: Comlink.Remote<StoreWorkerApi> | null = null;
let channel: BroadcastChannel | null = null;
let storeAttached: () => void = () => undefined;
const storeReady = new Promise<void>((resolve) => (storeAttached = resolve));

async function readFeatures(layerId: string, kind: Kind): Promise<Feature[]> {
  await storeReady;
  const primed = primes.get(layerId);
  if (primed) {
    primes.delete(layerId);
    if ((await (store as Comlink.Remote<StoreWorkerApi>).layerRev(layerId)) === primed.rev) return primed.features;
  }
  const texts = await (store as Comlink.Remote<StoreWorkerApi>).layerChunkTexts(layerId);
  const features: Feature[] = [];
  // Chunk by chunk: one string for a whole 1M-feature layer would pass V8's longest string.
  for (let i = 0; i < texts.length; i++) {
    for (const f of tileFeaturesOfChunk(kind, texts[i] as string)) features.push(f);
    texts[i] = '';
  }
  return features;
}

function sourceFor(load: TileLoad): string {
  const key = `${load.layerId}@${load.version}`;
  if (!sources.has(key)) {
    const read = readFeatures(load.layerId, load.kind);
    sources.set(key, read);
    read.catch(() => sources.delete(key));
  }
  return key;
}

async function build(source: string, load: TileLoad): Promise<LayerTiles> {
  const all = await (sources.get(source) as Promise<Feature[]>);
  const early = load.query ? undefined : prebuilt.get(all)?.get(load.cluster);
  if (early) {
    prebuilt.get(all)?.delete(load.cluster);
    return early;
  }
  const pass = load.query ? toPredicate(load.kind, load.query.filter, load.query.window) : null;
  return LayerTiles.build(pass ? all.filter((f) => pass(f.properties)) : all, { cluster: load.cluster });
}

function indexFor(key: string): { tiles: Promise<LayerTiles>; properties: ReadonlySet<string> | null } | null {
  const keyed = keys.get(key);
  const index = keyed && indexes.get(keyed.index);
  return keyed && index ? { tiles: index.tiles, properties: keyed.properties } : null;
}

function forget(key: string): void {
  const keyed = keys.get(key);
  if (!keyed) return;
  keys.delete(key);
  if ([...keys.values()].some((k) => k.index === keyed.index)) return;
  const index = indexes.get(keyed.index);
  indexes.delete(keyed.index);
  if (index && ![...indexes.values()].some((i) => i.source === index.source)) sources.delete(index.source);
}

function tileBytes(tiles: LayerTiles, properties: ReadonlySet<string> | null, z: number, x: number, y: number): ArrayBuffer | null {
  const bytes = tiles.tile(z, x, y, properties);
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

function answerOn(c: BroadcastChannel): void {
  c.onmessage = (event: MessageEvent<TileRequest>) => {
    const m = event.data;
    if (m?.type !== TILE_REQUEST || typeof m.id !== 'string' || typeof m.key !== 'string') return;
    if (![m.z, m.x, m.y].every(Number.isInteger)) {
      c.postMessage({ type: TILE_ANSWER, id: m.id, error: 'not a tile address' });
      return;
    }
    const index = indexFor(m.key);
    if (!index) {
      c.postMessage({ type: TILE_ANSWER, id: m.id, error: `no tiles for ${m.key}` });
      return;
    }
    index.tiles.then(
      (tiles) => c.postMessage({ type: TILE_ANSWER, id: m.id, data: tileBytes(tiles, index.properties, m.z, m.x, m.y) }),
      (error: unknown) => c.postMessage({ type: TILE_ANSWER, id: m.id, error: String(error instanceof Error ? error.message : error) }),
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
  /** Lets the import worker hand layers over (prime) on a port of its own. */
  attachPort(port: MessagePort): void {
    Comlink.expose(api, port);
  },
  /**
   * A layer an import is storing as changeset `rev`, from the same chunk texts the store worker
   * writes: parsed now and indexed as the map will most likely ask (clustered when all points).
   */
  prime(rev: string, layer: EncodedLayer): void {
    const features: Feature[] = [];
    for (const chunk of layer.chunks) for (const f of tileFeaturesOfChunk(layer.kind, chunk.json)) features.push(f);
    primes.delete(layer.layerId);
    primes.set(layer.layerId, { rev, features });
    for (const old of primes.keys()) if (primes.size > MAX_PRIMES) primes.delete(old);
    // The map's choice for a new layer (workspace feedMap): incidents and all-point layers cluster.
    // Guessed as the scene decides it for the default display; a layer shown otherwise reads the store again.
    const cluster = shouldTile(layer.featureCount) && shouldCluster(layer.kind === 'incident' || layer.pointsOnly);
    prebuilt.set(features, new Map([[cluster, Promise.resolve(LayerTiles.build(features, { cluster }))]]));
  },
  /** Forgets a primed layer whose commit failed. */
  unprime(layerId: string): void {
    primes.delete(layerId);
  },
  /** Indexes a stored layer under `key`; resolves with the number of features indexed once tiles can be served. */
  async load(key: string, load: TileLoad): Promise<number> {
    if (!keys.has(key)) {
      const source = sourceFor(load);
      const indexKey = JSON.stringify([source, load.cluster, load.query]);
      keys.set(key, { index: indexKey, properties: load.properties ? new Set(load.properties) : null });
      if (!indexes.has(indexKey)) {
        const tiles = build(source, load);
        indexes.set(indexKey, { source, tiles });
        // A failed build is not served: tile requests for its keys get an error, a new load tries again.
        tiles.catch(() => {
          indexes.delete(indexKey);
          for (const [k, v] of keys) if (v.index === indexKey) keys.delete(k);
        });
      }
    }
    const index = indexFor(key);
    if (!index) throw new Error(`no tiles for ${key}`);
    return (await index.tiles).featureCount;
  },
  async clusterExpansionZoom(key: string, clusterId: number): Promise<number | null> {
    const index = indexFor(key);
    return index ? (await index.tiles).clusterExpansionZoom(clusterId) : null;
  },
  /** Frees an index the map no longer draws, and its parsed features once no index uses them. */
  drop(key: string): void {
    forget(key);
  },
};

export type TilesWorkerApi = typeof api;
Comlink.expose(api);
