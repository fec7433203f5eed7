import fs from 'node:fs';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from './csp';
import { APP_HOST, APP_SCHEME } from './urls';

export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  // PMTiles basemaps are read by range; stream lets Chromium consume partial bodies.
  stream: true,
  corsEnabled: true,
} as const;

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.pbf': 'application/x-protobuf',
  '.mvt': 'application/vnd.mapbox-vector-tile',
  '.pmtiles': 'application/vnd.pmtiles',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps an app:// URL to a file inside `root`, or null when the URL is not ours or would
 * leave `root`. The URL parser already folds `..` segments, but percent-encoded separators
 * (`..%2f`) only become separators after decoding, so containment is checked afterwards.
 */
export function resolveAppPath(root: string, url: URL): string | null {
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  // Backslashes are separators on Windows only; refusing them everywhere keeps behaviour identical.
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded.endsWith('/')) decoded += 'index.html';
  const base = path.resolve(root);
  const target = path.resolve(base, `.${path.posix.sep}${decoded}`);
  const relative = path.relative(base, target);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return target;
}

export type ByteRange = { start: number; end: number };

/**
 * One `bytes=` range, end inclusive. Returns null when the header is absent or something we
 * choose to ignore (multiple ranges, bad syntax): RFC 9110 lets a server answer those with
 * the whole file. 'unsatisfiable' becomes a 416.
 */
export function parseRange(header: string | null, size: number): ByteRange | 'unsatisfiable' | null {
  if (header === null) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return 'unsatisfiable';
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return null;
  return { start, end };
}

/** The few file operations the handler needs, injectable so tests can use a temp directory. */
export interface FileAccess {
  open(filePath: string): Promise<number>;
  stat(fd: number): Promise<{ isFile: boolean; size: number }>;
  read(fd: number, into: Uint8Array, position: number): Promise<number>;
  close(fd: number): Promise<void>;
}

/**
 * Callback-style fs on purpose: inside a packaged app Electron makes these understand
 * app.asar (and app.asar.unpacked), which it does not promise for fs/promises file handles.
 */
export const nodeFileAccess: FileAccess = {
  open: (filePath) =>
    new Promise((resolve, reject) => fs.open(filePath, 'r', (err, fd) => (err ? reject(err) : resolve(fd)))),
  stat: (fd) =>
    new Promise((resolve, reject) =>
      fs.fstat(fd, (err, st) => (err ? reject(err) : resolve({ isFile: st.isFile(), size: st.size }))),
    ),
  read: (fd, into, position) =>
    new Promise((resolve, reject) =>
      fs.read(fd, into, 0, into.byteLength, position, (err, n) => (err ? reject(err) : resolve(n))),
    ),
  close: (fd) => new Promise((resolve) => fs.close(fd, () => resolve())),
};

const CHUNK_BYTES = 256 * 1024;

function fileStream(files: FileAccess, fd: number, range: ByteRange): ReadableStream<Uint8Array> {
  let position = range.start;
  let closed = false;
  const finish = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await files.close(fd);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const remaining = range.end + 1 - position;
      const chunk = new Uint8Array(Math.min(CHUNK_BYTES, Math.max(remaining, 0)));
      const read = remaining > 0 ? await files.read(fd, chunk, position) : 0;
      if (read === 0) {
        await finish();
        controller.close();
        return;
      }
      position += read;
      controller.enqueue(chunk.subarray(0, read));
    },
    cancel: finish,
  });
}

function baseHeaders(contentType: string, policy: string = CONTENT_SECURITY_POLICY): Headers {
  return new Headers({
    'Content-Type': contentType,
    // Set on every response, not only HTML: dedicated workers take their policy from their own script.
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
  });
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: baseHeaders('text/plain; charset=utf-8') });
}

/**
 * Builds the `protocol.handle('app', …)` callback serving files from `root` (the vite `dist/`).
 * `policy` is read per response: it changes when the user adds an online basemap source.
 */
export function createAppProtocolHandler(
  root: string,
  files: FileAccess = nodeFileAccess,
  policy: () => string = () => CONTENT_SECURITY_POLICY,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(404, 'Not found');
    }
    const filePath = resolveAppPath(root, url);
    if (filePath === null) return plain(404, 'Not found');

    let fd: number;
    try {
      fd = await files.open(filePath);
    } catch {
      return plain(404, 'Not found');
    }
    let keepOpen = false;
    try {
      // fstat on the opened descriptor so the size matches the file we actually read.
      const { isFile, size } = await files.stat(fd);
      if (!isFile) return plain(404, 'Not found');

      const headers = baseHeaders(mimeTypeFor(filePath), policy());
      headers.set('Accept-Ranges', 'bytes');
      const range = parseRange(request.headers.get('Range'), size);
      if (range === 'unsatisfiable') {
        headers.set('Content-Range', `bytes */${size}`);
        return new Response(null, { status: 416, headers });
      }
      const span = range ?? { start: 0, end: size - 1 };
      const status = range ? 206 : 200;
      if (range) headers.set('Content-Range', `bytes ${span.start}-${span.end}/${size}`);
      headers.set('Content-Length', String(span.end - span.start + 1));
      if (request.method === 'HEAD' || size === 0) return new Response(null, { status, headers });

      keepOpen = true;
      return new Response(fileStream(files, fd, span), { status, headers });
    } finally {
      if (!keepOpen) await files.close(fd);
    }
  };
}
