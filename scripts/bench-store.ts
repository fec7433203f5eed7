/**
 * Measures the feature store in real Chromium IndexedDB (fake-indexeddb timings mean nothing):
 * a chunk-size sweep of raw chunk writes, then a 171k-point import through FeatureStore.apply,
 * the GeoJSON blob, and single-feature edits.
 *
 *   node --import tsx scripts/bench-store.ts [featureCount]
 *
 * Needs Debian's chromium at /usr/bin/chromium (see the engineering guide).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const count = Number(process.argv[2] ?? 171_000);

const PAGE = `
import Dexie from 'dexie';
import { FeatureStore } from './renderer/db/feature-store';
import { CgDatabase } from './renderer/db/schema';

const N = ${count};
const at = '2026-11-22T14:30:00Z';
function feature(i) {
  return { type: 'Feature', id: 'f' + i, geometry: { type: 'Point', coordinates: [Math.random() * 360 - 180, Math.random() * 170 - 85] },
    properties: { name: 'City ' + i, classification: 'UNCLASSIFIED', createdBy: 'import', createdAt: at, updatedBy: 'import', updatedAt: at,
      version: 1, eventDate: '2026-11-21', eventType: 'Battles', fatalities: i % 7, population: i * 13, country: 'XX' } };
}
const ms = (t) => Math.round(performance.now() - t);

async function sweep(features) {
  const out = {};
  for (const size of [500, 1000, 2000, 5000, 10000]) {
    const name = 'sweep-' + size;
    const db = new CgDatabase(name);
    await db.open();
    let t = performance.now();
    const records = [];
    for (let i = 0, seq = 0; i < features.length; i += size, seq++) {
      const slice = features.slice(i, i + size);
      records.push({ layerId: 'x', seq, count: slice.length, json: JSON.stringify(slice), bbox: null });
    }
    const serialise = ms(t);
    t = performance.now();
    await db.chunks.bulkPut(records);
    const write = ms(t);
    t = performance.now();
    const first = features.slice(0, size);
    await db.chunks.put({ layerId: 'x', seq: 0, count: first.length, json: JSON.stringify(first), bbox: null });
    const rewriteOne = ms(t);
    t = performance.now();
    const back = await db.chunks.toArray();
    const read = ms(t);
    t = performance.now();
    for (const r of back.slice(0, 1)) JSON.parse(r.json);
    const parseOne = ms(t);
    out[size] = { records: records.length, serialise, write, rewriteOne, read, parseOne };
    db.close();
    await Dexie.delete(name);
  }
  return out;
}

async function run() {
  const features = Array.from({ length: N }, (_, i) => feature(i));
  const result = { features: N, sweep: await sweep(features) };
  const store = await FeatureStore.open('bench-store');
  const by = { name: 'bench', org: 'bench' };
  const layer = { id: 'big', name: 'Big', kind: 'reference', owner: '', visible: true, opacity: 1, order: 0, createdAt: at, updatedAt: at };
  let t = performance.now();
  await store.apply({ id: 'import', label: 'Import', at, by, ops: [{ op: 'putLayer', layer }, { op: 'putFeatures', layerId: 'big', features }] });
  result.importApply = ms(t);
  t = performance.now();
  const chunks = await store.db.chunks.toArray();
  result.readChunks = ms(t);
  t = performance.now();
  const parts = ['{"type":"FeatureCollection","features":['];
  chunks.forEach((c, i) => parts.push((i ? ',' : '') + c.json.slice(1, -1)));
  parts.push(']}');
  new Blob(parts, { type: 'application/geo+json' });
  result.blobFromStrings = ms(t);
  t = performance.now();
  const blob = await store.layerGeoJsonBlob('big');
  result.geoJsonBlob = ms(t);
  result.blobMB = Math.round(blob.size / 1e6);
  const edit = (id, i) => store.apply({ id, label: 'Edit', at, by, ops: [{ op: 'putFeatures', layerId: 'big', features: [{ ...features[i], properties: { ...features[i].properties, fatalities: 99 } }] }] });
  t = performance.now();
  await edit('e1', 5);
  result.firstEditLoadsLayer = ms(t);
  t = performance.now();
  await edit('e2', 100000 % N);
  result.nextEdit = ms(t);
  t = performance.now();
  await store.undo(by);
  result.undoEdit = ms(t);
  store.close();
  return result;
}
window.benchResult = run();
`;

async function main(): Promise<void> {
  const bundle = await build({
    stdin: { contents: PAGE, resolveDir: root, loader: 'ts', sourcefile: 'bench-page.ts' },
    bundle: true,
    format: 'esm',
    write: false,
    logLevel: 'warning',
  });
  const js = bundle.outputFiles[0]?.text ?? '';
  const server = createServer((req, res) => {
    if (req.url === '/bench.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(js);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><script type="module" src="/bench.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => 'benchResult' in window);
    const result: unknown = await page.evaluate(() => (window as unknown as { benchResult: Promise<unknown> }).benchResult);
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
