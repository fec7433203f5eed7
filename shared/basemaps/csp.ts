import { isSafeOrigin } from './online-sources';

/**
 * The web page's Content-Security-Policy, strict by default: everything from the page's own origin
 * only. The one relaxation is for online basemap sources the user added: their origins (and only
 * those) may serve images and be fetched, since MapLibre fetches raster tiles. An origin that is
 * not exactly scheme://host[:port] is dropped, so stored data cannot add a directive. The JOC
 * hub's origin may be connected to, over HTTP and WebSocket, and nothing else.
 */
export function contentSecurityPolicy(userOrigins: readonly string[] = [], hubOrigins: readonly string[] = []): string {
  const extra = [...new Set(userOrigins.filter(isSafeOrigin))].sort();
  const add = extra.length ? ` ${extra.join(' ')}` : '';
  // The JOC hub is only connected to: HTTP for requests and its WebSocket twin for the live channel.
  const hub = [...new Set(hubOrigins.filter(isSafeOrigin).flatMap((o) => [o, o.replace(/^http/i, 'ws')]))].sort();
  const connect = [...new Set([...extra, ...hub])];
  const addConnect = connect.length ? ` ${connect.join(' ')}` : '';
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${add}`,
    "font-src 'self' data:",
    `connect-src 'self' blob: data:${addConnect}`,
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
