import * as Comlink from 'comlink';
import type { Feature } from 'geojson';
import type { Kind } from '../../shared/domain/common';
import { toPredicate } from '../../shared/domain/filters';
import {
  diffTileFeatures,
  LayerTiles,
  ServedTiles,
  patchTileFeatures,
  tileFeaturesOfChunk,
  type TileAddress,
  type TileFeatureChange,
  type TileLoad,
} from '../../shared/tiles/layer-tiles';
import { TILE_ANSWER, TILE_REQUEST } from '../map/tile-channel.mjs';
import type { StoreWorkerApi } from './store.worker';
import type { EncodedLayer } from '../db/chunk-transfer';
import { shouldCluster, shouldTile } from '../../shared/layers/map-scene';
import { MAP_FEATURE_ID } from '../../shared/layers/layer-style';

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
 *
 * A new data version of a layer the map draws (an edit, a colleague's change from the hub) is an
 * update in place (advance): the store sends only the chunks whose stamp changed, or only their
 * changed features (patches), only those are parsed, the features that differ are put into the
 * same index (geojson-vt updateData), which gets a new key as well, and the tiles the map was
 * served under the old key whose content changed are named (ServedTiles remembers them): none,
 * and the map keeps the old key.
 */

interface Index {
  source: string;
  tiles: Promise<LayerTiles>;
}

interface Keyed {
  index: string;
  properties: ReadonlySet<string> | null;
  served: ServedTiles;
  layerId: string;
}

/** Past this many tiles served under a key, a new version is indexed again rather than compared tile by tile. */
const SERVED_LIMIT = 1_024;

/**
 * A layer's features as last read from the store, chunk by chunk with the store's stamps, so
 * the next version reads and parses only the chunks that changed. `change`: what the last read
 * changed, from version `from` (an update in place of an index at `from` applies it).
 */
interface LayerData {
  kind: Kind;
  version: number;
  chunks: Map<number, { stamp: string; features: Feature[] }>;
  /** Features handed over by an import, not yet tied to stored chunks (the next read compares them all). */
  loose: Feature[] | null;
  change: { from: number; change: TileFeatureChange | null } | null;
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
/** Per layer, its data as last read; reads of one layer run one after the other. */
const layerData = new Map<string, Promise<LayerData | null>>();
let store: Comlink.Remote<StoreWorkerApi> | null = null;
let channel: BroadcastChannel | null = null;
let storeAttached: () => void = () => undefined;
const storeReady = new Promise<void>((resolve) => (storeAttached = resolve));

const allFeatures = (data: LayerData): Feature[] => {
  if (data.loose) return data.loose;
  const out: Feature[] = [];
  for (const seq of [...data.chunks.keys()].sort((a, b) => a - b)) for (const f of (data.chunks.get(seq) as { features: Feature[] }).features) out.push(f);
  return out;
};

/**
 * Brings the layer's data to what the store holds now, as `version`: only the chunks whose stamp
 * changed are sent, and of those, when the store has their patches, only the features that
 * changed are parsed. The features that changed are kept as `change` from the version read before.
 */
async function refreshData(prior: LayerData | null, layerId: string, kind: Kind, version: number): Promise<LayerData> {
  await storeReady;
  const s = store as Comlink.Remote<StoreWorkerApi>;
  const known: Record<number, string> = {};
  if (prior && prior.kind === kind && !prior.loose) for (const [seq, c] of prior.chunks) known[seq] = c.stamp;
  const delta = await s.layerChunkDelta(layerId, known);
  const chunks = new Map<number, { stamp: string; features: Feature[] }>();
  const before: Feature[] = [];
  const after: Feature[] = [];
  for (const d of delta) {
    const kept = prior && !prior.loose ? prior.chunks.get(d.seq) : undefined;
    if (d.json === null && kept && !d.patches) {
      chunks.set(d.seq, kept);
      continue;
    }
    const patched = d.patches && kept ? patchTileFeatures(kind, kept.features, d.patches) : null;
    if (patched) {
      for (const f of patched.before) before.push(f);
      for (const f of patched.after) after.push(f);
      chunks.set(d.seq, { stamp: d.stamp, features: patched.features });
      continue;
    }
    // Patches the kept features could not take: the whole layer again, indexed anew (no change).
    if (d.json === null) return refreshData(null, layerId, kind, version);
    const features = tileFeaturesOfChunk(kind, d.json);
    if (kept) for (const f of kept.features) before.push(f);
    for (const f of features) after.push(f);
    chunks.set(d.seq, { stamp: d.stamp, features });
  }
  if (prior && !prior.loose) {
    for (const [seq, c] of prior.chunks) if (!chunks.has(seq)) for (const f of c.features) before.push(f);
  } else if (prior?.loose) for (const f of prior.loose) before.push(f);
  const change = prior && prior.kind === kind ? { from: prior.version, change: diffTileFeatures(before, after) } : null;
  return { kind, version, chunks, loose: null, change };
}

/** The layer's features at `version` (read now if the data kept is of another version). */
function layerAt(layerId: string, kind: Kind, version: number): Promise<LayerData | null> {
  const prior = layerData.get(layerId) ?? Promise.resolve(null);
  const next = prior.then(async (data) => {
    if (data && data.version === version && data.kind === kind) return data;
    if (!data) {
      const primed = primes.get(layerId);
      if (primed) {
        primes.delete(layerId);
        await storeReady;
        if ((await (store as Comlink.Remote<StoreWorkerApi>).layerRev(layerId)) === primed.rev) {
          return { kind, version, chunks: new Map(), loose: primed.features, change: null };
        }
      }
    }
    return refreshData(data?.kind === kind ? data : null, layerId, kind, version);
  });
  // A failed read forgets what was kept: the next one reads the whole layer.
  const kept = next.catch(() => null);
  layerData.set(layerId, kept);
  return next;
}

async function readFeatures(layerId: string, kind: Kind, version: number): Promise<Feature[]> {
  const data = await layerAt(layerId, kind, version);
  return data ? allFeatures(data) : [];
}

function sourceFor(load: TileLoad): string {
  const key = `${load.layerId}@${load.version}`;
  if (!sources.has(key)) {
    const read = readFeatures(load.layerId, load.kind, load.version);
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

function indexFor(key: string): { tiles: Promise<LayerTiles>; properties: ReadonlySet<string> | null; served: ServedTiles } | null {
  const keyed = keys.get(key);
  const index = keyed && indexes.get(keyed.index);
  return keyed && index ? { tiles: index.tiles, properties: keyed.properties, served: keyed.served } : null;
}

function forget(key: string): void {
  const keyed = keys.get(key);
  if (!keyed) return;
  keys.delete(key);
  if ([...keys.values()].some((k) => k.index === keyed.index)) return;
  const index = indexes.get(keyed.index);
  indexes.delete(keyed.index);
  if (index && ![...indexes.values()].some((i) => i.source === index.source)) sources.delete(index.source);
  const layerId = keyed.layerId;
  if (![...keys.values()].some((k) => k.layerId === layerId)) layerData.delete(layerId);
}

function tileBytes(tiles: LayerTiles, properties: ReadonlySet<string> | null, served: ServedTiles, z: number, x: number, y: number): ArrayBuffer | null {
  const bytes = tiles.tile(z, x, y, properties);
  served.record({ z, x, y }, bytes);
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
      (tiles) => c.postMessage({ type: TILE_ANSWER, id: m.id, data: tileBytes(tiles, index.properties, index.served, m.z, m.x, m.y) }),
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
      keys.set(key, { index: indexKey, properties: load.properties ? new Set(load.properties) : null, served: new ServedTiles(SERVED_LIMIT), layerId: load.layerId });
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
  /**
   * Brings the index behind `key` to `load` (a newer data version of the same layer, clustering,
   * filter and properties) in place, and names the tiles served under the key whose bytes changed:
   * the map loads those again (map.refreshTiles). null when it cannot be done in place (another
   * key shares the index, too many tiles were served, the data kept is of another version): the
   * map then loads the version under a new key.
   */
  async advance(key: string, load: TileLoad, newKey: string): Promise<TileAddress[] | null> {
    const keyed = keys.get(key);
    const index = keyed && indexes.get(keyed.index);
    if (!keyed || !index || !keyed.served.complete) return null;
    if ([...keys.entries()].some(([k, v]) => k !== key && v.index === keyed.index)) return null;
    const [from, cluster, query] = JSON.parse(keyed.index) as [string, boolean, TileLoad['query']];
    if (from.slice(0, from.lastIndexOf('@')) !== load.layerId || cluster !== load.cluster || JSON.stringify(query) !== JSON.stringify(load.query)) return null;
    const fromVersion = Number(from.slice(from.lastIndexOf('@') + 1));
    if (!(load.version > fromVersion)) return null;
    const tiles = await index.tiles;
    const data = await layerAt(load.layerId, load.kind, load.version);
    const change = data?.change?.from === fromVersion ? data.change.change : null;
    // The index may have moved meanwhile (dropped, or advanced by an earlier call).
    if (!data || !change || keys.get(key) !== keyed || indexes.get(keyed.index) !== index) return null;
    const pass = load.query ? toPredicate(load.kind, load.query.filter, load.query.window) : () => true;
    const put = change.put.filter((f) => pass(f.properties));
    const removed = [...change.removed];
    // A feature that no longer passes the filter leaves the index (one that passes replaces itself).
    for (const f of change.put) if (!pass(f.properties)) removed.push(f.properties?.[MAP_FEATURE_ID] as string | number);
    const applied = { removed, put, before: change.before };
    tiles.update(applied, put.length - change.before.filter((f) => pass(f.properties)).length);
    const source = `${load.layerId}@${load.version}`;
    const indexKey = JSON.stringify([source, load.cluster, load.query]);
    if (indexes.has(indexKey)) return null;
    indexes.delete(keyed.index);
    indexes.set(indexKey, { source, tiles: index.tiles });
    if (![...indexes.values()].some((i) => i.source === index.source)) sources.delete(index.source);
    sources.set(source, Promise.resolve(allFeatures(data)));
    keyed.index = indexKey;
    const changed = keyed.served.changed(tiles, keyed.properties, tiles.touchedBy(applied));
    // The same index under a new key too: the map points its source at it (a new tile URL, so
    // every tile comes from the updated index), and drops the old key once it has.
    keys.set(newKey, { index: indexKey, properties: keyed.properties, served: new ServedTiles(SERVED_LIMIT), layerId: load.layerId });
    return changed;
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
