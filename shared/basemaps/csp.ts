import { isSafeOrigin } from './online-sources';

/**
 * The web page's Content-Security-Policy, strict by default: everything from the page's own origin
 * only. The one relaxation is for online basemap sources the user added: their origins (and only
 * those) may serve images and be fetched, since MapLibre fetches raster tiles. An origin that is
 * not exactly scheme://host[:port] is dropped, so stored data cannot add a directive.
 */
export function contentSecurityPolicy(userOrigins: readonly string[] = []): string {
  const extra = [...new Set(userOrigins.filter(isSafeOrigin))].sort();
  const add = extra.length ? ` ${extra.join(' ')}` : '';
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${add}`,
    "font-src 'self' data:",
    `connect-src 'self' blob: data:${add}`,
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
