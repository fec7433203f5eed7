import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Cross-origin access for the workstations' web page (the Electron app's `app://bundle` page and
 * the web build's origin): only the origins the operator lists get CORS headers, so a page from
 * anywhere else cannot read the hub's answers even with a stolen token in hand. Hand-written: it
 * is three headers and a preflight, and the hub uses no framework a CORS package would plug into.
 */
const ALLOWED_HEADERS = 'authorization, content-type';
const ALLOWED_METHODS = 'GET, POST, PATCH';

/** Adds CORS headers for a listed origin; answers a preflight itself (true: nothing left to do). */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: ReadonlySet<string>): boolean {
  const origin = req.headers.origin;
  const listed = typeof origin === 'string' && allowed.has(origin);
  if (listed) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
  }
  if (req.method !== 'OPTIONS') return false;
  if (listed) {
    res.setHeader('access-control-allow-methods', ALLOWED_METHODS);
    res.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
    res.setHeader('access-control-max-age', '600');
  }
  res.writeHead(listed ? 204 : 403, { 'content-length': 0 });
  res.end();
  return true;
}

/** An origin as browsers send it: scheme://host[:port], nothing after. */
export function isOrigin(value: string): boolean {
  try {
    const u = new URL(value);
    return u.origin === value || (u.protocol === 'app:' && `${u.protocol}//${u.host}` === value);
  } catch {
    return false;
  }
}
