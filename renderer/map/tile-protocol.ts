import * as Comlink from 'comlink';
import * as maplibregl from 'maplibre-gl';
import type { TileAddress, TileLoad } from '../../shared/tiles/layer-tiles';
import type { TilesWorkerApi } from '../workers/tiles.worker';
// no-inline: loaded by MapLibre's workers as a file of its own (see tile-channel.mjs).
import tileChannelUrl from './tile-channel.mjs?url&no-inline';
import { requestTile, TILE_PROTOCOL, tileUrlTemplate as channelTemplate } from './tile-channel.mjs';

/**
 * The tiles worker (tiles.worker.ts) as the map controller uses it: load a stored layer's tiles
 * under a key, drop them, ask a cluster's expansion zoom. Tiles themselves go from the tiles worker
 * to MapLibre's workers over a BroadcastChannel named for this page (tile-channel.mjs), so they
 * never wait for the page's thread; the same protocol is registered on the page, and so serves
 * the print-size map of the map export too.
 */

let api: Comlink.Remote<TilesWorkerApi> | null = null;
const channelName = `cg-tiles-${crypto.randomUUID()}`;

function tilesWorker(): Comlink.Remote<TilesWorkerApi> {
  if (!api) {
    const worker = new Worker(new URL('../workers/tiles.worker.ts', import.meta.url), { type: 'module', name: 'tiles' });
    api = Comlink.wrap<TilesWorkerApi>(worker);
    maplibregl.addProtocol(TILE_PROTOCOL, requestTile as Parameters<typeof maplibregl.addProtocol>[1]);
    maplibregl.importScriptInWorkers(new URL(tileChannelUrl, document.baseURI).href).catch((error: unknown) => {
      console.warn('Map workers could not load the tile channel; tiles will pass through the page', error);
    });
  }
  return api;
}

/** Starts the tiles worker with a port to the store worker (the other end goes to the store's attachPort). */
export function startTilesWorker(storePort: MessagePort): void {
  void tilesWorker().start(channelName, Comlink.transfer(storePort, [storePort]));
}

/**
 * A port on which an import hands the tiles worker the layers it stores (TilesWorkerApi.prime);
 * null while no map has started the tiles worker, when nothing would draw them.
 */
export function tilesPortForImport(): MessagePort | null {
  if (!api) return null;
  const channel = new MessageChannel();
  void api.attachPort(Comlink.transfer(channel.port1, [channel.port1]));
  return channel.port2;
}

/** The tile URL template of a key, for a vector source's `tiles`. */
export const tileUrlTemplate = (key: string): string => channelTemplate(channelName, key);

/** Indexes a stored layer's features under `key`; resolves when its tiles can be served. */
export function loadTiles(key: string, load: TileLoad): Promise<number> {
  return tilesWorker().load(key, load);
}

export function dropTiles(key: string): void {
  void tilesWorker().drop(key);
}

export function clusterExpansionZoom(key: string, clusterId: number): Promise<number | null> {
  return tilesWorker().clusterExpansionZoom(key, clusterId);
}

/** Brings the tiles under `key` to a newer data version in place; the tiles whose bytes changed, or null (load it under a new key). */
export function advanceTiles(key: string, load: TileLoad, newKey: string): Promise<TileAddress[] | null> {
  return tilesWorker().advance(key, load, newKey);
}
