/**
 * The `cgtile://` protocol as MapLibre's workers see it: `cgtile://<channel>/<key>/<z>/<x>/<y>` is
 * answered by the tiles worker (renderer/workers/tiles.worker.ts) over the BroadcastChannel
 * `<channel>`, which is unique to the page. Without this, a MapLibre worker hands a request for a
 * protocol it does not know to the page's main thread, which is busy drawing frames: every tile
 * would wait for a frame to end, twice.
 *
 * Like feature-ids-protocol.mjs this file has no imports, so MapLibre's workers can load it as it
 * is (maplibregl.importScriptInWorkers). The page registers the same function as the fallback for
 * a worker that has not loaded it (yet).
 */
export const TILE_PROTOCOL = 'cgtile';
export const TILE_REQUEST = 'cg:tile';
export const TILE_ANSWER = 'cg:tile-answer';

const URL_PATTERN = /^cgtile:\/\/([^/]+)\/([^/]+)\/(\d+)\/(\d+)\/(\d+)$/;
const channels = new Map();
const pending = new Map();
const sender = Math.random().toString(36).slice(2);
let sent = 0;

function channel(name) {
  let c = channels.get(name);
  if (!c) {
    c = new BroadcastChannel(name);
    c.onmessage = (event) => {
      const m = event.data;
      if (!m || m.type !== TILE_ANSWER) return;
      const waiting = pending.get(m.id);
      if (!waiting) return;
      pending.delete(m.id);
      if (m.error) waiting.reject(new Error(m.error));
      else waiting.resolve({ data: m.data || new ArrayBuffer(0) });
    };
    channels.set(name, c);
  }
  return c;
}

export function requestTile(params, abortController) {
  const m = URL_PATTERN.exec(params.url);
  if (!m) return Promise.reject(new Error(`not a tile address: ${params.url}`));
  const id = `${sender}:${++sent}`;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    abortController.signal.addEventListener('abort', () => {
      if (pending.delete(id)) reject(new DOMException('tile request aborted', 'AbortError'));
    });
    channel(decodeURIComponent(m[1])).postMessage({
      type: TILE_REQUEST,
      id,
      key: decodeURIComponent(m[2]),
      z: Number(m[3]),
      x: Number(m[4]),
      y: Number(m[5]),
    });
  });
}

/** The URL template of a tiled layer's source. */
export function tileUrlTemplate(channelName, key) {
  return `${TILE_PROTOCOL}://${encodeURIComponent(channelName)}/${encodeURIComponent(key)}/{z}/{x}/{y}`;
}

if (typeof WorkerGlobalScope !== 'undefined' && typeof self.addProtocol === 'function') {
  self.addProtocol(TILE_PROTOCOL, requestTile);
}
