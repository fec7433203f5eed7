/**
 * The hub benchmark's client side (issue 14): the real built app in headless Chromium, logged in
 * through Settings → JOC hub as an OCHA user, holding a 100,000-feature layer the Force shares
 * mission-wide. From node, a Force colleague pushes a burst of 1,000 one-feature changesets over
 * the hub's HTTP API (each moves a feature into an empty band of the layer); the run times push →
 * applied (the app's hub cursor past the burst) → drawn (map idle, sample edits found at their new
 * place through the test hook), counts the page's main-thread long tasks over the burst
 * (scripts/bench/probe.ts), then times ~20 single edits push → drawn. Beside it, in this run, the
 * raw HTTP pull of the same 1,000 changesets as the same user: the floor of any client.
 * Timings are printed, never asserted.
 *
 *   npm run bench -- --hub-client        (also run at the end of --hub)
 *   node --import tsx scripts/bench/hub-client.ts   (needs dist/: `npx vite build`)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { preview } from 'vite';
import { connectionStringFor } from '../../server/admin/roles';
import { startCluster } from '../../server/db/cluster';
import { migrate } from '../../server/db/migrate';
import { startHub, type Hub } from '../../server/hub/app';
import { HubClient } from '../../server/hub/client';
import type { PushChangeset } from '../../shared/hub/protocol';
import { openApp, waitForApp, type Session as AppSession } from '../../tests/e2e/harness';
import { percentile } from './hub-converge';
import { HUB_LOGIN, seededId, seedDirectory, seedSessions } from './hub-store';
import type { BenchProbe, LongTask } from './probe';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PASSWORD = 'bench';
const FEATURES = 100_000;
const BURST = 1_000;
const SINGLES = 20;
const REPAINTS = 5;
const LANES = 4;
const LONG_TASK_LIMIT_MS = 100;
const TIMEOUT_MS = 300_000;
const LAYER = { id: '40000000-0000-4000-8000-0000000000c1', tag: 'k', name: 'Client bench incidents' };
/** The grid: 400 columns of 0.002°, 250 rows of 0.0032° with an empty band 0.2° high after row 125, where edits move features. */
const COLS = 400;
const BAND_LAT = -2 + 125 * 0.0032 + 0.1;

interface Hook {
  layers(): { id: string; name: string; featureCount: number }[];
  hubCursor(): number;
  featureIdsAt(layerId: string, lng: number, lat: number): string[];
  whenIdle(): Promise<void>;
}

interface Edit {
  id: string;
  lng: number;
  lat: number;
}

async function seedLayer(admin: pg.ClientBase): Promise<void> {
  await admin.query(
    'insert into layers (id, name, kind, owner_org, contributors, classification, caveats, originator, releasable_to) values ($1, $2, $3, $4, $5, $6, $7, $4, $8)',
    [LAYER.id, LAYER.name, 'incident', 'force', [], 'UNCLASSIFIED', [], ['mission']],
  );
  await admin.query(
    `insert into features (id, layer_id, geom, props, version, classification, releasable_to, originator)
     select (select (substr(h, 1, 12) || '4' || substr(h, 14, 3) || '8' || substr(h, 18, 15))::uuid from md5('${LAYER.tag}:' || i) as h), $2,
       st_setsrid(st_makepoint(29 + (i % ${COLS}) * 0.002, -2 + (i / ${COLS}) * 0.0032 + case when i / ${COLS} >= 125 then 0.2 else 0 end), 4326),
       jsonb_build_object('name', 'seed ' || i, 'eventType', 'Battles', 'fatalities', i % 7), 1, 'UNCLASSIFIED', '{mission}', 'force'
     from generate_series(0, $1 - 1) as i`,
    [FEATURES, LAYER.id],
  );
  await admin.query('vacuum analyze features');
}

function editOf(i: number, lng: number, lat: number, label: string): { cs: PushChangeset; edit: Edit } {
  const id = seededId(LAYER.tag, i);
  const cs: PushChangeset = {
    id: crypto.randomUUID(),
    layerId: LAYER.id,
    label,
    at: new Date().toISOString(),
    ops: [{ op: 'putFeatures', features: [{ feature: { id, geometry: { type: 'Point', coordinates: [lng, lat] }, properties: { name: `moved ${i}`, eventType: 'Protests', fatalities: 0 } }, baseVersion: 1 }] }],
  };
  return { cs, edit: { id, lng, lat } };
}

async function pushAll(client: HubClient, sets: readonly PushChangeset[], lanes: number): Promise<number> {
  let next = 0;
  let maxSeq = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let cs = sets[next++]; cs; cs = sets[next++]) {
        const a = await client.push(cs);
        if (!a.ok || a.body.status !== 'applied') throw new Error(`push refused: ${JSON.stringify(a.ok ? a.body : a.error)}`);
        maxSeq = Math.max(maxSeq, a.body.seq);
      }
    }),
  );
  return maxSeq;
}

const cursorAt = (page: Page, seq: number) => page.waitForFunction((s) => (window as unknown as { __cg: Hook }).__cg.hubCursor() >= s, seq, { polling: 10, timeout: TIMEOUT_MS });

async function drawn(page: Page, edits: readonly Edit[]): Promise<void> {
  await page.waitForFunction(
    async ({ layerId, edits }) => {
      const cg = (window as unknown as { __cg: Hook }).__cg;
      await cg.whenIdle();
      return edits.every((e) => cg.featureIdsAt(layerId, e.lng, e.lat).includes(e.id));
    },
    { layerId: LAYER.id, edits },
    { polling: 10, timeout: TIMEOUT_MS },
  );
}

async function login(s: AppSession, hubUrl: string, user: string, password: string): Promise<void> {
  await s.page.getByTestId('hub-status').click();
  const dialog = s.page.getByRole('dialog', { name: 'JOC hub' });
  await dialog.getByLabel('Hub address').fill(hubUrl);
  await Promise.all([s.page.waitForEvent('load'), dialog.getByRole('button', { name: 'Save address' }).click()]);
  await waitForApp(s.page);
  await s.page.getByTestId('hub-status').click();
  await dialog.getByLabel('User').fill(user);
  await dialog.getByLabel('Password').fill(password);
  await dialog.getByRole('button', { name: 'Log in' }).click();
  await s.page.locator('[data-testid="hub-status"][data-status="connected"]').waitFor({ timeout: TIMEOUT_MS });
  await dialog.getByRole('button', { name: 'Close' }).click();
}

async function bundle(entry: string): Promise<string> {
  const out = await build({ entryPoints: [join(ROOT, entry)], bundle: true, format: 'iife', target: 'es2022', write: false, logLevel: 'warning' });
  const js = out.outputFiles[0]?.text;
  if (!js) throw new Error(`esbuild produced nothing for ${entry}`);
  return js;
}

const longTasksSince = async (page: Page, since: number): Promise<LongTask[]> =>
  (await page.evaluate(() => (window as unknown as { __bench: BenchProbe }).__bench.longTasks())).filter((t) => t.start >= since);
const pageNow = (page: Page) => page.evaluate(() => performance.now());

export async function runHubClientBench(): Promise<void> {
  const server = await preview({ configFile: join(ROOT, 'vite.config.ts'), preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false }, logLevel: 'warn' });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no port');
  const baseUrl = `http://127.0.0.1:${address.port}/`;
  const cluster = await startCluster();
  const admin = new pg.Client({ connectionString: cluster.url });
  let hub: Hub | null = null;
  let app: AppSession | null = null;
  try {
    await admin.connect();
    await migrate(admin);
    await seedDirectory(admin, PASSWORD);
    await seedLayer(admin);
    const sessions = await seedSessions(admin, { force: 1, ocha: 1, unpol: 0 });
    hub = await startHub({ db: connectionStringFor(cluster.url, HUB_LOGIN, PASSWORD).url, host: '127.0.0.1', port: 0, allowedOrigins: [new URL(baseUrl).origin] });
    const force = new HubClient(hub.url);
    force.token = sessions.find((s) => s.org === 'force')?.token ?? '';
    const ocha = new HubClient(hub.url);
    ocha.token = sessions.find((s) => s.org === 'ocha')?.token ?? '';

    app = await openApp(baseUrl, [hub.url]);
    // Installed for the next load, which the login's address change makes.
    await app.context.addInitScript({ content: await bundle('scripts/bench/probe.ts') });
    const joinStart = performance.now();
    await login(app, hub.url, 'ocha.ws0', 'bench-ocha');
    await app.page.waitForFunction(([id, n]) => (window as unknown as { __cg: Hook }).__cg.layers().some((l) => l.id === id && l.featureCount === n), [LAYER.id, FEATURES] as const, { timeout: TIMEOUT_MS });
    const joinMs = performance.now() - joinStart;
    const row = app.page.locator('.layer-row', { hasText: LAYER.name });
    await row.getByRole('button', { name: 'Zoom to layer' }).click();
    await app.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.whenIdle());
    await app.page.waitForTimeout(1000);
    const startSeq = await app.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.hubCursor());

    // The baseline for the long tasks: the same view redrawn at rest, nothing changed. Without a
    // GPU each frame is SwiftShader rasterising on the CPU while the page waits (docs/benchmarks.md).
    const restT0 = await pageNow(app.page);
    for (let k = 0; k < REPAINTS; k++) await app.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.whenIdle());
    const restTasks = await longTasksSince(app.page, restT0);
    const restLongest = Math.max(0, ...restTasks.map((t) => t.duration));

    // The burst: features 0..999 of the first rows move into the band, one changeset each.
    const burst = Array.from({ length: BURST }, (_, k) => editOf(k, 29.02 + k * 0.00075, BAND_LAT, `burst ${k}`));
    const sample = burst.filter((_, k) => k % 100 === 99).map((b) => b.edit);
    const profiler = process.env.CG_BENCH_PROFILE ? await app.context.newCDPSession(app.page) : null;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.start');
    }
    const pageT0 = await pageNow(app.page);
    const t0 = performance.now();
    const maxSeq = await pushAll(force, burst.map((b) => b.cs), LANES);
    const pushedMs = performance.now() - t0;
    await cursorAt(app.page, maxSeq);
    const appliedMs = performance.now() - t0;
    await drawn(app.page, sample);
    const drawnMs = performance.now() - t0;
    const burstTasks = await longTasksSince(app.page, pageT0);
    if (profiler && process.env.CG_BENCH_PROFILE) {
      const { profile } = await profiler.send('Profiler.stop');
      writeFileSync(process.env.CG_BENCH_PROFILE, JSON.stringify(profile));
    }

    // Single edits, one at a time: features 2000+ move into the band's upper half.
    const singles: { applied: number; drawn: number }[] = [];
    for (let j = 0; j < SINGLES; j++) {
      const { cs, edit } = editOf(2_000 + j, 29.05 + j * 0.035, BAND_LAT + 0.05, `single ${j}`);
      const t = performance.now();
      const seq = await pushAll(force, [cs], 1);
      await cursorAt(app.page, seq);
      const applied = performance.now() - t;
      await drawn(app.page, [edit]);
      singles.push({ applied, drawn: performance.now() - t });
    }

    // The floor: the same user pulling the burst's changesets over HTTP, no store, no map.
    const pullT0 = performance.now();
    let pulled = 0;
    for (let since = startSeq; ; ) {
      const a = await ocha.pull(since);
      if (!a.ok) throw new Error(`pull refused: ${a.error.code}`);
      pulled += a.body.changes.filter((c) => c.seq <= maxSeq).length;
      since = a.body.next;
      if (!a.body.more || since >= maxSeq) break;
    }
    const pullMs = performance.now() - pullT0;

    const longest = Math.max(0, ...burstTasks.map((t) => t.duration));
    const over = burstTasks.filter((t) => t.duration > LONG_TASK_LIMIT_MS).length;
    const singleDrawn = singles.map((s) => s.drawn).sort((a, b) => a - b);
    const singleApplied = singles.map((s) => s.applied).sort((a, b) => a - b);
    const rows = [
      { measure: `burst of ${BURST} edits: pushed (${LANES} lanes)`, goal: '', result: `${(pushedMs / 1000).toFixed(2)} s` },
      { measure: 'burst: first push → applied in the store', goal: '', result: `${(appliedMs / 1000).toFixed(2)} s` },
      { measure: 'burst: first push → drawn (map idle)', goal: '', result: `${(drawnMs / 1000).toFixed(2)} s; last push → drawn ${((drawnMs - pushedMs) / 1000).toFixed(2)} s` },
      { measure: 'burst: main-thread tasks > 100 ms', goal: '0', result: `${over} (longest ${longest.toFixed(0)} ms, ${burstTasks.length} long tasks)`, met: over === 0 },
      { measure: `baseline: ${REPAINTS} redraws of the view at rest`, goal: '', result: `longest task ${restLongest.toFixed(0)} ms, ${restTasks.filter((t) => t.duration > LONG_TASK_LIMIT_MS).length} over 100 ms; burst longest / rest ${restLongest > 0 ? (longest / restLongest).toFixed(1) : '-'}×` },
      { measure: `single edit push → applied, p50 of ${SINGLES}`, goal: '', result: `${percentile(singleApplied, 50).toFixed(0)} ms` },
      { measure: `single edit push → drawn, p50 of ${SINGLES}`, goal: '', result: `${percentile(singleDrawn, 50).toFixed(0)} ms (max ${(singleDrawn[singleDrawn.length - 1] ?? 0).toFixed(0)} ms)` },
      { measure: `baseline: raw HTTP pull of the ${pulled} changesets`, goal: '', result: `${pullMs.toFixed(0)} ms; burst last push → drawn / pull ${((drawnMs - pushedMs) / pullMs).toFixed(1)}×` },
      { measure: `first sync of ${FEATURES.toLocaleString('en')} features (login → joined)`, goal: '', result: `${(joinMs / 1000).toFixed(1)} s` },
    ];
    console.log(`hub client bench: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log(`  ${'measure'.padEnd(52)} ${'goal'.padEnd(6)} result`);
    for (const r of rows) console.log(`  ${r.measure.padEnd(52)} ${r.goal.padEnd(6)} ${r.result}${'met' in r ? (r.met ? '  ok' : '  MISSED') : ''}`);
    if (app.errors.length) console.log(`  page errors: ${app.errors.slice(0, 3).join(' | ')}`);
    mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
    const out = join(ROOT, 'bench-results', `hub-client-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), load: loadavg(), features: FEATURES, burst: BURST, pushedMs, appliedMs, drawnMs, longTasks: burstTasks, restTasks, singles, pullMs, joinMs, rows }, null, 2) + '\n');
    console.log(`written ${out}`);
  } finally {
    await app?.close().catch(() => undefined);
    await hub?.close().catch(() => undefined);
    await admin.end().catch(() => undefined);
    cluster.stop();
    await server.close();
  }
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  await runHubClientBench();
}
