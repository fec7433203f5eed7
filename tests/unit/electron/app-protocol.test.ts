import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
  mimeTypeFor,
  nodeFileAccess,
  parseRange,
  resolveAppPath,
  type FileAccess,
} from '../../../electron/main/app-protocol';
import { appContentSecurityPolicy, CONTENT_SECURITY_POLICY } from '../../../electron/main/csp';

const EXPECTED_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' blob: data:; " +
  "worker-src 'self' blob:; child-src 'self' blob:; object-src 'none'; base-uri 'none'; " +
  "form-action 'none'; frame-ancestors 'none'";

// Created at collection time: the traversal table below embeds the absolute secret path.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-protocol-'));
const dist = path.join(root, 'dist');
const tiles = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
const big = Uint8Array.from({ length: 600 * 1024 }, (_, i) => (i * 7) % 256);

beforeAll(() => {
  fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
  fs.mkdirSync(path.join(dist, 'basemap'), { recursive: true });
  fs.writeFileSync(path.join(root, 'secret.txt'), 'TOP SECRET');
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Common Ground</title>');
  fs.writeFileSync(path.join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dist, 'assets', 'worker.mjs'), 'self.onmessage = null');
  fs.writeFileSync(path.join(dist, 'assets', 'index-abc.css'), 'body{}');
  fs.writeFileSync(path.join(dist, 'assets', 'name with space.json'), '{"ok":true}');
  fs.writeFileSync(path.join(dist, 'basemap', 'world.pmtiles'), tiles);
  fs.writeFileSync(path.join(dist, 'basemap', 'big.pmtiles'), big);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> {
  return createAppProtocolHandler(dist)(new Request(url, { headers, method }));
}

async function bytes(response: Response): Promise<number[]> {
  return [...new Uint8Array(await response.arrayBuffer())];
}

describe('CSP', () => {
  it('is exactly the agreed policy', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(EXPECTED_CSP);
  });
});

describe('CSP with online basemap sources', () => {
  it('is read per response, so an origin the user added applies from the next load', async () => {
    let origins: string[] = [];
    const handler = createAppProtocolHandler(dist, undefined, () => appContentSecurityPolicy(origins));
    const policy = async () => (await handler(new Request('app://bundle/index.html'))).headers.get('Content-Security-Policy');
    expect(await policy()).toBe(EXPECTED_CSP);
    origins = ['https://tiles.example.org'];
    const loosened = await policy();
    expect(loosened).toContain("img-src 'self' data: blob: https://tiles.example.org;");
    expect(loosened).toContain("connect-src 'self' blob: data: https://tiles.example.org;");
    expect(loosened).toContain("script-src 'self' 'wasm-unsafe-eval';");
    expect(loosened?.endsWith("frame-ancestors 'none'")).toBe(true);
  });
});

describe('scheme privileges', () => {
  it('registers app:// as a standard, secure, fetchable, streaming, CORS-enabled scheme', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true });
  });
});

describe('app:// handler', () => {
  it('serves index.html with its MIME type and the CSP header', async () => {
    const response = await get('app://bundle/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('Content-Security-Policy')).toBe(EXPECTED_CSP);
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Common Ground</title>');
  });

  it('serves index.html for the bare origin', async () => {
    const response = await get('app://bundle/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Common Ground');
  });

  it.each([
    ['assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['assets/worker.mjs', 'text/javascript; charset=utf-8'],
    ['assets/index-abc.css', 'text/css; charset=utf-8'],
    ['assets/name%20with%20space.json', 'application/json; charset=utf-8'],
    ['basemap/world.pmtiles', 'application/vnd.pmtiles'],
  ])('serves %s as %s', async (file, type) => {
    const response = await get(`app://bundle/${file}?v=1#frag`);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe(type);
  });

  it.each([
    ['x.geojson', 'application/geo+json; charset=utf-8'],
    ['0/0/0.pbf', 'application/x-protobuf'],
    ['icon.PNG', 'image/png'],
    ['sprite.svg', 'image/svg+xml'],
    ['gdal.wasm', 'application/wasm'],
    ['unknown.xyz', 'application/octet-stream'],
  ])('knows the MIME type of %s', (file, type) => {
    expect(mimeTypeFor(file)).toBe(type);
  });

  it.each([
    'app://bundle/../secret.txt',
    'app://bundle/assets/../../secret.txt',
    'app://bundle/..%2fsecret.txt',
    'app://bundle/..%2Fsecret.txt',
    'app://bundle/%2e%2e%2fsecret.txt',
    'app://bundle/%2E%2E/secret.txt',
    'app://bundle/assets/..%2f..%2fsecret.txt',
    'app://bundle/..%5csecret.txt',
    'app://bundle/%252e%252e%252fsecret.txt',
    `app://bundle/${encodeURIComponent(path.join(root, 'secret.txt'))}`,
    'app://bundle/index.html%00.png',
    'app://bundle/%E0%A4%A',
    'app://other/index.html',
    'app://bundle/assets',
    'app://bundle/missing.js',
  ])('refuses %s with 404', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('TOP SECRET');
  });

  it('refuses backslashes on every platform, since on Windows they are separators', async () => {
    // A legal file name on POSIX, so only the explicit refusal makes this a 404 here.
    fs.writeFileSync(path.join(dist, 'assets', 'a\\b.js'), 'x');
    expect((await get('app://bundle/assets/a%5cb.js')).status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://bundle/index.html', {}, 'POST')).status).toBe(405);
  });

  it('answers a Range request with 206 and exactly those bytes', async () => {
    const response = await get('app://bundle/basemap/world.pmtiles', { Range: 'bytes=10-19' });
    expect(response.status).toBe(206);
    expect(response.headers.get('Content-Range')).toBe('bytes 10-19/1000');
    expect(response.headers.get('Content-Length')).toBe('10');
    expect(response.headers.get('Accept-Ranges')).toBe('bytes');
    expect(await bytes(response)).toEqual([...tiles.slice(10, 20)]);
  });

  it('answers suffix and open-ended ranges', async () => {
    const suffix = await get('app://bundle/basemap/world.pmtiles', { Range: 'bytes=-5' });
    expect(suffix.headers.get('Content-Range')).toBe('bytes 995-999/1000');
    expect(await bytes(suffix)).toEqual([...tiles.slice(995)]);
    const open = await get('app://bundle/basemap/world.pmtiles', { Range: 'bytes=990-' });
    expect(await bytes(open)).toEqual([...tiles.slice(990)]);
    const clamped = await get('app://bundle/basemap/world.pmtiles', { Range: 'bytes=998-5000' });
    expect(clamped.headers.get('Content-Range')).toBe('bytes 998-999/1000');
  });

  it('answers an unsatisfiable range with 416', async () => {
    const response = await get('app://bundle/basemap/world.pmtiles', { Range: 'bytes=1000-1001' });
    expect(response.status).toBe(416);
    expect(response.headers.get('Content-Range')).toBe('bytes */1000');
  });

  it('serves the whole file for a multi-range request', async () => {
    const response = await get('app://bundle/basemap/world.pmtiles', { Range: 'bytes=0-1,5-6' });
    expect(response.status).toBe(200);
    expect((await bytes(response)).length).toBe(1000);
  });

  it('streams files larger than one chunk intact, in full and by range', async () => {
    const full = await get('app://bundle/basemap/big.pmtiles');
    expect(Buffer.from(await full.arrayBuffer()).equals(Buffer.from(big))).toBe(true);
    const part = await get('app://bundle/basemap/big.pmtiles', { Range: 'bytes=200000-499999' });
    expect(Buffer.from(await part.arrayBuffer()).equals(Buffer.from(big.subarray(200000, 500000)))).toBe(true);
  });

  it('answers HEAD with headers only', async () => {
    const response = await get('app://bundle/basemap/world.pmtiles', {}, 'HEAD');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Length')).toBe('1000');
    expect(response.body).toBeNull();
  });

  it('closes every file it opens', async () => {
    let open = 0;
    const counting: FileAccess = {
      ...nodeFileAccess,
      open: async (file) => {
        const fd = await nodeFileAccess.open(file);
        open += 1;
        return fd;
      },
      close: async (fd) => {
        open -= 1;
        await nodeFileAccess.close(fd);
      },
    };
    const handler = createAppProtocolHandler(dist, counting);
    await (await handler(new Request('app://bundle/basemap/big.pmtiles'))).arrayBuffer();
    await (await handler(new Request('app://bundle/basemap/world.pmtiles', { headers: { Range: 'bytes=1-2' } }))).arrayBuffer();
    await handler(new Request('app://bundle/basemap/world.pmtiles', { method: 'HEAD' }));
    await handler(new Request('app://bundle/assets'));
    const cancelled = await handler(new Request('app://bundle/basemap/big.pmtiles'));
    await cancelled.body?.cancel();
    expect(open).toBe(0);
  });
});

describe('resolveAppPath', () => {
  it('maps bundle URLs inside the root and nothing else', () => {
    expect(resolveAppPath(dist, new URL('app://bundle/assets/index-abc.js'))).toBe(path.join(dist, 'assets', 'index-abc.js'));
    expect(resolveAppPath(dist, new URL('app://bundle/..%2f..%2fetc/passwd'))).toBeNull();
    expect(resolveAppPath(dist, new URL('https://bundle/index.html'))).toBeNull();
  });
});

describe('parseRange', () => {
  it.each([
    [null, null],
    ['bytes=0-0', { start: 0, end: 0 }],
    ['bytes=5-', { start: 5, end: 99 }],
    ['bytes=-10', { start: 90, end: 99 }],
    ['bytes=-500', { start: 0, end: 99 }],
    ['bytes=100-', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
    ['bytes=9-3', null],
    ['bytes=-', null],
    ['items=0-5', null],
    ['bytes=0-1,3-4', null],
  ] as const)('%s → %j', (header, expected) => {
    expect(parseRange(header, 100)).toEqual(expected);
  });
});
