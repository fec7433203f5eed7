/**
 * The render benchmark (`npm run bench -- --render [--counts 100000,1000000]`): for each count,
 * N synthetic incident points are stored in the app's database (render-page.ts), then the app is
 * opened afresh and timed from navigation start to the first idle map with the layer drawn, then
 * through a pan/zoom sequence to idle; in the same run a bare MapLibre page (bare-map.ts) gets
 * the same points as one clustered GeoJSON source and does the same, twice: drawn as plain
 * circles, and drawn with the app's own style layers (icons, labels, cluster counts), which
 * separates what the app's data path costs from what its symbology costs. Both pages are served by
 * the same `vite preview` of dist/, in the same Chromium with the e2e flags. Nothing fails on a
 * slow number: it prints times, ratios and the longest main-thread task. With
 * BENCH_CPU_PROFILE=<dir>, the app's start is also recorded as a CPU profile of the page's main
 * thread (<dir>/app-start-<count>.cpuprofile, opens in Chrome DevTools), and so is its pan/zoom
 * sequence (app-panzoom-<count>.cpuprofile).
 */
import { copyFileSync, createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { build } from 'esbuild';
import { preview } from 'vite';
import { openSession, waitForApp, type Session } from '../../tests/e2e/harness';
import { mapFeatureJson } from '../../shared/layers/map-data';
import type { LongTask } from './render-probe';
import type { StoreResult } from './render-page';
import { centres, incidentBatch } from './synthetic-incidents';

export interface PageTiming {
  /** Navigation start → first idle with the points drawn. */
  firstIdleMs: number;
  /** Each step of the pan/zoom sequence → idle. */
  steps: { step: string; ms: number }[];
  sequenceMs: number;
  longestTaskStartMs: number;
  longestTaskSequenceMs: number;
  drawn: number;
  errors: string[];
  /** The app's own performance marks (cg:…), first occurrence, ms from navigation start. */
  marks?: Record<string, number>;
}

/** The bare page's drawing: plain circles, or the app's own style layers (bare-map.ts). */
export type BareStyle = 'circles' | 'app';
export const BARE_STYLES: readonly BareStyle[] = ['circles', 'app'];

export interface RenderResult {
  count: number;
  store: StoreResult;
  app: PageTiming | { failed: string };
  /** Bare MapLibre given the same GeoJSON, drawn with circles and with the app's style. */
  bare: Record<BareStyle, PageTiming | { failed: string }>;
  bareDataMB: number;
}

const TIMEOUT_MS = 600_000;

async function bundle(root: string, entry: string, format: 'iife' | 'esm'): Promise<string> {
  const out = await build({ entryPoints: [join(root, entry)], bundle: true, format, target: 'es2022', write: false, logLevel: 'warning' });
  const js = out.outputFiles[0]?.text;
  if (!js) throw new Error(`esbuild produced nothing for ${entry}`);
  return js;
}

/** The bare page's GeoJSON: the same features, as the app hands them to its map. */
async function writeGeoJson(path: string, count: number): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (s: string) => {
    bytes += Buffer.byteLength(s);
    if (!out.write(s)) await once(out, 'drain');
  };
  await write('{"type":"FeatureCollection","features":[');
  for (let from = 0; from < count; from += 50_000) {
    const batch = incidentBatch(from, Math.min(50_000, count - from));
    await write((from ? ',' : '') + batch.map((f) => mapFeatureJson('incident', f)).join(','));
  }
  await write(']}');
  out.end();
  await once(out, 'finish');
  return bytes;
}

/** Pan and zoom by mouse, as a user does, over the densest blob; each step waits for idle. */
async function panZoom(s: Session, point: () => Promise<{ x: number; y: number }>, idle: () => Promise<number>): Promise<{ steps: PageTiming['steps']; start: number; end: number }> {
  const now = () => s.page.evaluate(() => performance.now());
  const steps: PageTiming['steps'] = [];
  const start = await now();
  let t = start;
  const step = async (name: string, act: () => Promise<void>) => {
    await act();
    const at = await idle();
    steps.push({ step: name, ms: Math.round(at - t) });
    t = await now();
  };
  const { x, y } = await point();
  const drag = async (dx: number, dy: number) => {
    await s.page.mouse.move(x, y);
    await s.page.mouse.down();
    await s.page.mouse.move(x + dx, y + dy, { steps: 8 });
    // Held still before release: no inertia, so both pages end at the same place.
    await s.page.waitForTimeout(300);
    await s.page.mouse.up();
  };
  await step('pan', () => drag(120, 60));
  const target = await point();
  for (let i = 1; i <= 4; i++)
    await step(`zoom in ${i}`, async () => {
      await s.page.mouse.move(target.x, target.y);
      await s.page.mouse.wheel(0, -700);
      await s.page.waitForTimeout(400);
    });
  await step('pan at zoom', () => drag(-200, 0));
  await step('zoom out', async () => {
    await s.page.mouse.wheel(0, 1400);
    await s.page.waitForTimeout(400);
  });
  return { steps, start, end: t };
}

const longest = (tasks: LongTask[], from: number, to: number) => Math.round(Math.max(0, ...tasks.filter((k) => k.start + k.duration > from && k.start < to).map((k) => k.duration)));

/** One page's numbers, the app's or bare MapLibre's, from the same measurements. */
function pageTiming(s: Session, firstIdleMs: number, seq: Awaited<ReturnType<typeof panZoom>>, drawn: number, tasks: LongTask[]): PageTiming {
  return {
    firstIdleMs: Math.round(firstIdleMs),
    steps: seq.steps,
    sequenceMs: Math.round(seq.end - seq.start),
    longestTaskStartMs: longest(tasks, 0, firstIdleMs),
    longestTaskSequenceMs: longest(tasks, seq.start, seq.end),
    drawn,
    errors: [...s.errors, ...s.external],
  };
}

async function timeApp(baseUrl: string, probeJs: string, storeJs: string, count: number): Promise<{ store: StoreResult; timing: PageTiming }> {
  const s = await openSession(baseUrl);
  try {
    const origin = new URL(baseUrl).origin;
    await s.page.goto(`${origin}/__bench/store.html`);
    await s.page.addScriptTag({ content: storeJs });
    const store = await s.page.evaluate((n) => (window as unknown as { __benchRenderStore: { store(n: number): Promise<StoreResult> } }).__benchRenderStore.store(n), count);
    await s.context.addInitScript({ content: probeJs });
    // The controller warns when a layer's data did not load (e.g. text too long to parse): stop waiting then.
    let loadFailure: string | null = null;
    s.page.on('console', (m) => {
      if (process.env.BENCH_CONSOLE) console.log(`  [page] ${m.text()}`);
      if (/did not load/.test(m.text())) loadFailure = m.text();
    });
    const failed = new Promise<never>((_, reject) => {
      const timer = setInterval(() => {
        if (loadFailure === null) return;
        clearInterval(timer);
        reject(new Error(`the map could not load the layer: ${loadFailure}`));
      }, 200);
      s.page.once('close', () => clearInterval(timer));
    });
    failed.catch(() => undefined);
    // BENCH_CPU_PROFILE=dir: a CPU profile of the page's main thread from navigation to first idle, to name the long tasks.
    const profileDir = process.env.BENCH_CPU_PROFILE;
    const cdp = profileDir ? await s.context.newCDPSession(s.page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
      await cdp.send('Profiler.start');
    }
    await s.page.goto(`${baseUrl}?e2e`);
    await waitForApp(s.page);
    // First idle with the layer drawn: the workspace has handed its data to the map, and the map is idle with features on screen.
    const firstIdleMs = await Promise.race([failed, s.page.evaluate(async (timeout) => {
      const hook = (window as unknown as { __cg: { whenIdle(): Promise<void>; renderedStyleLayers(id: string): Record<string, number> } }).__cg;
      const deadline = performance.now() + timeout;
      while (performance.getEntriesByName('cg:map:data-set').length === 0) {
        if (performance.now() > deadline) throw new Error('no data handed to the map');
        await new Promise((r) => setTimeout(r, 20));
      }
      for (;;) {
        await hook.whenIdle();
        const at = performance.now();
        const drawn = Object.values(hook.renderedStyleLayers('bench-incidents')).reduce((a, b) => a + b, 0);
        if (drawn > 0) return at;
        if (performance.now() > deadline) throw new Error('layer not drawn');
      }
    }, TIMEOUT_MS)]);
    if (cdp && profileDir) {
      const { profile } = await cdp.send('Profiler.stop');
      mkdirSync(profileDir, { recursive: true });
      writeFileSync(join(profileDir, `app-start-${count}.cpuprofile`), JSON.stringify(profile));
    }
    const point = () =>
      s.page.evaluate(([lng, lat]) => {
        const p = (window as unknown as { __cg: { screenPoint(lng: number, lat: number): { x: number; y: number } } }).__cg.screenPoint(lng as number, lat as number);
        const r = (document.querySelector('.maplibregl-canvas') as HTMLCanvasElement).getBoundingClientRect();
        return { x: r.left + p.x, y: r.top + p.y };
      }, densest());
    const idle = () => s.page.evaluate(async () => (await (window as unknown as { __cg: { whenIdle(): Promise<void> } }).__cg.whenIdle(), performance.now()));
    if (cdp) await cdp.send('Profiler.start');
    const seq = await panZoom(s, point, idle);
    if (cdp && profileDir) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(join(profileDir, `app-panzoom-${count}.cpuprofile`), JSON.stringify(profile));
    }
    const drawn = await s.page.evaluate(() => Object.values((window as unknown as { __cg: { renderedStyleLayers(id: string): Record<string, number> } }).__cg.renderedStyleLayers('bench-incidents')).reduce((a, b) => a + b, 0));
    const tasks = await s.page.evaluate(() => (window as unknown as { __benchTasks(): LongTask[] }).__benchTasks());
    const marks = await s.page.evaluate(() => {
      const out: Record<string, number> = {};
      for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('cg:') && out[m.name] === undefined) out[m.name] = Math.round(m.startTime);
      return out;
    });
    return { store, timing: { ...pageTiming(s, firstIdleMs, seq, drawn, tasks), marks } };
  } finally {
    await s.close();
  }
}

async function timeBare(baseUrl: string, probeJs: string, dataFile: string, size: { w: number; h: number }, style: BareStyle): Promise<PageTiming> {
  const s = await openSession(baseUrl);
  try {
    await s.context.addInitScript({ content: probeJs });
    await s.page.goto(`${new URL(baseUrl).origin}/__bench/bare.html?data=${dataFile}&w=${size.w}&h=${size.h}&style=${style}`);
    const firstIdleMs = await s.page.evaluate(async (timeout) => {
      const deadline = performance.now() + timeout;
      for (;;) {
        const bare = (window as unknown as { __bare?: { firstIdle(): number | null } }).__bare;
        const at = bare?.firstIdle();
        if (at) return at;
        if (performance.now() > deadline) throw new Error('bare map never idle with its data');
        await new Promise((r) => setTimeout(r, 20));
      }
    }, TIMEOUT_MS);
    const point = () => s.page.evaluate(([lng, lat]) => (window as unknown as { __bare: { screenPoint(a: number, b: number): { x: number; y: number } } }).__bare.screenPoint(lng as number, lat as number), densest());
    const idle = () => s.page.evaluate(() => (window as unknown as { __bare: { whenIdle(): Promise<number> } }).__bare.whenIdle());
    const seq = await panZoom(s, point, idle);
    const drawn = await s.page.evaluate(() => (window as unknown as { __bare: { drawn(): number } }).__bare.drawn());
    const tasks = await s.page.evaluate(() => (window as unknown as { __benchTasks(): LongTask[] }).__benchTasks());
    return pageTiming(s, firstIdleMs, seq, drawn, tasks);
  } finally {
    await s.close();
  }
}

/** The centre with the most points of the synthetic set (the widest blob draws most). */
function densest(): [number, number] {
  const c = [...centres()].sort((a, b) => b.sigma - a.sigma)[Math.floor(centres().length / 2)]!;
  return [c.lng, c.lat];
}

/** The app's map canvas size at the harness's viewport, so the bare map draws as many pixels. */
async function appCanvasSize(baseUrl: string): Promise<{ w: number; h: number }> {
  const s = await openSession(baseUrl);
  try {
    await s.page.goto(`${baseUrl}?e2e`);
    await waitForApp(s.page);
    return await s.page.evaluate(() => {
      const r = (document.querySelector('.maplibregl-canvas') as HTMLCanvasElement).getBoundingClientRect();
      return { w: Math.round(r.width), h: Math.round(r.height) };
    });
  } finally {
    await s.close();
  }
}

export async function runRenderBench(root: string, counts: number[]): Promise<RenderResult[]> {
  const dist = join(root, 'dist');
  const benchDir = join(dist, '__bench');
  mkdirSync(benchDir, { recursive: true });
  const [probeJs, storeJs, bareJs] = await Promise.all([
    bundle(root, 'scripts/bench/render-probe.ts', 'iife'),
    bundle(root, 'scripts/bench/render-page.ts', 'iife'),
    bundle(root, 'scripts/bench/bare-map.ts', 'esm'),
  ]);
  writeFileSync(join(benchDir, 'store.html'), '<!doctype html><meta charset="utf-8"><title>bench store</title>');
  writeFileSync(join(benchDir, 'bare.js'), bareJs);
  writeFileSync(
    join(benchDir, 'bare.html'),
    '<!doctype html><meta charset="utf-8"><title>bare MapLibre</title><link rel="stylesheet" href="maplibre-gl.css"><style>body{margin:0}</style><div id="map"></div><script type="module" src="bare.js"></script>',
  );
  const mlDist = join(root, 'node_modules/maplibre-gl/dist');
  for (const f of ['maplibre-gl-worker.mjs', 'maplibre-gl-shared.mjs', 'maplibre-gl.css']) copyFileSync(join(mlDist, f), join(benchDir, f));

  const server = await preview({ configFile: join(root, 'vite.config.ts'), preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false }, logLevel: 'warn' });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no port');
  const baseUrl = `http://127.0.0.1:${address.port}/`;
  const results: RenderResult[] = [];
  try {
    const size = await appCanvasSize(baseUrl);
    for (const count of counts) {
      const file = `points-${count}.geojson`;
      console.log(`${count.toLocaleString('en-GB')} points: writing the bare page's GeoJSON …`);
      const bytes = await writeGeoJson(join(benchDir, file), count);
      console.log(`  bare MapLibre (${(bytes / 1e6).toFixed(0)} MB GeoJSON) …`);
      const bare = {} as RenderResult['bare'];
      for (const style of BARE_STYLES) {
        bare[style] = await timeBare(baseUrl, probeJs, file, size, style).catch((e: unknown) => ({ failed: String(e instanceof Error ? e.message : e) }));
        console.log(`  bare (${style}) ${JSON.stringify(bare[style])}`);
      }
      console.log('  app: storing, then opening it afresh …');
      let store: StoreResult = { features: count, chunks: 0, ms: 0, chars: 0 };
      const app = await timeApp(baseUrl, probeJs, storeJs, count)
        .then((r) => ((store = r.store), r.timing))
        .catch((e: unknown) => ({ failed: String(e instanceof Error ? e.message : e) }));
      console.log(`  store ${JSON.stringify(store)}\n  app ${JSON.stringify(app)}`);
      results.push({ count, store, app, bare, bareDataMB: Math.round(bytes / 1e6) });
      rmSync(join(benchDir, file), { force: true });
    }
  } finally {
    await server.close();
    rmSync(benchDir, { recursive: true, force: true });
  }
  return results;
}

export function renderTable(results: RenderResult[]): string {
  const f = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '—' : Math.round(n).toLocaleString('en-GB'));
  const r = (a: number | undefined, b: number | undefined) => (a && b ? `${(a / b).toFixed(2)}×` : '—');
  const ok = (t: PageTiming | { failed: string }) => ('failed' in t ? undefined : t);
  const lines = [
    '',
    'start → idle and the pan/zoom sequence, ms; ratio = app / bare MapLibre given the same GeoJSON, drawn as circles or with the app’s style',
    'points      | store ms | app start | bare circles | ratio | bare app style | ratio | app pan/zoom | bare circles | ratio | bare app style | ratio | longest task app / circles / app style (start; pan/zoom)',
  ];
  for (const x of results) {
    const a = ok(x.app);
    const c = ok(x.bare.circles);
    const s = ok(x.bare.app);
    lines.push(
      [
        x.count.toLocaleString('en-GB').padEnd(11),
        f(x.store.ms).padStart(8),
        f(a?.firstIdleMs).padStart(9),
        f(c?.firstIdleMs).padStart(12),
        r(a?.firstIdleMs, c?.firstIdleMs).padStart(5),
        f(s?.firstIdleMs).padStart(14),
        r(a?.firstIdleMs, s?.firstIdleMs).padStart(5),
        f(a?.sequenceMs).padStart(12),
        f(c?.sequenceMs).padStart(12),
        r(a?.sequenceMs, c?.sequenceMs).padStart(5),
        f(s?.sequenceMs).padStart(14),
        r(a?.sequenceMs, s?.sequenceMs).padStart(5),
        `${f(a?.longestTaskStartMs)} / ${f(c?.longestTaskStartMs)} / ${f(s?.longestTaskStartMs)}; ${f(a?.longestTaskSequenceMs)} / ${f(c?.longestTaskSequenceMs)} / ${f(s?.longestTaskSequenceMs)}`,
      ].join(' | '),
    );
    if ('failed' in x.app) lines.push(`  app failed: ${x.app.failed}`);
    for (const style of BARE_STYLES) {
      const b = x.bare[style];
      if ('failed' in b) lines.push(`  bare (${style}) failed: ${b.failed}`);
    }
  }
  return lines.join('\n');
}
