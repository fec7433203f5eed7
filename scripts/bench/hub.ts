/**
 * Hub benchmark: pushes through the whole hub (HTTP, token check, withActor, RLS, version checks,
 * the change log, NOTIFY) beside a same-run baseline of plain INSERTs of the same rows into a
 * table with only a primary key and no RLS, over one superuser connection, autocommitted the
 * same way (one statement per changeset). Then a client catching up by paged pull, and the delay
 * from sending a push to receiving its live frame. Timings are printed, never asserted.
 *
 *   npm run bench -- --hub [--count N]      N single-feature changesets (default 2,000)
 *   node --import tsx scripts/bench/hub.ts [--count N]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { connectionStringFor } from '../../server/admin/roles';
import { startCluster } from '../../server/db/cluster';
import { migrate } from '../../server/db/migrate';
import { startHub } from '../../server/hub/app';
import { HubClient } from '../../server/hub/client';
import { HUB_ROLE, LAYER, LOGIN, seedDemoMission } from '../../server/hub/demo-mission';
import type { FeatureInput, PushChangeset } from '../../shared/hub/protocol';
import { prng } from './prng';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BATCHES = 20;
const BATCH_SIZE = 500;
const CONCURRENCY = 8;
const LIVE_SAMPLES = 50;

interface Row {
  name: string;
  ms: number;
  per: string;
  perSecond: number;
  baselineMs?: number;
}

function features(n: number, rand: () => number): FeatureInput[] {
  return Array.from({ length: n }, (_, i) => ({
    id: crypto.randomUUID(),
    geometry: { type: 'Point', coordinates: [29 + rand(), -1.5 - rand()] },
    properties: { name: `incident ${i}`, eventType: 'Battles', fatalities: i % 7, notes: 'x'.repeat(80) },
  }));
}

const asChangeset = (fs: FeatureInput[]): PushChangeset => ({
  id: crypto.randomUUID(),
  layerId: LAYER.incidents,
  label: 'bench',
  at: new Date().toISOString(),
  ops: [{ op: 'putFeatures', features: fs.map((feature) => ({ feature, baseVersion: null })) }],
});

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function pushAll(client: HubClient, sets: PushChangeset[], lanes: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < sets.length) {
        const cs = sets[next++];
        if (!cs) return;
        const a = await client.push(cs);
        if (!a.ok || a.body.status !== 'applied') throw new Error(`push failed: ${a.ok ? a.body.status : a.error.code}`);
      }
    }),
  );
}

/** The baseline: the same rows, one autocommitted INSERT per changeset, over `lanes` connections. */
async function plainInsertAll(url: string, sets: PushChangeset[], lanes: number): Promise<void> {
  const pool = new pg.Pool({ connectionString: url, max: lanes });
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < sets.length) {
        const cs = sets[next++];
        const op = cs?.ops[0];
        if (!op || op.op !== 'putFeatures') return;
        const rows = op.features.map(({ feature }) => ({ id: feature.id, geometry: feature.geometry, props: feature.properties }));
        await pool.query(
          'insert into bench_plain (id, geom, props) select r.id, st_setsrid(st_geomfromgeojson(r.geometry), 4326), r.props from jsonb_to_recordset($1::jsonb) as r(id uuid, geometry jsonb, props jsonb)',
          [JSON.stringify(rows)],
        );
      }
    }),
  );
  await pool.end();
}

export async function runHubBench(count = 2_000): Promise<void> {
  const cluster = await startCluster();
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await migrate(admin);
    const hubDb = connectionStringFor(cluster.url, HUB_ROLE, 'bench').url;
    const seedPool = new pg.Pool({ connectionString: hubDb, max: 2 });
    await seedDemoMission(admin, seedPool, { force: 'bench-force', ocha: 'bench-ocha' }, 'bench');
    await seedPool.end();
    await admin.query('create table bench_plain (id uuid primary key, geom geometry(Geometry, 4326) not null, props jsonb not null)');
    const hub = await startHub({ db: hubDb, host: '127.0.0.1', port: 0, poolSize: CONCURRENCY + 2 });
    const client = new HubClient(hub.url);
    const login = await client.login(LOGIN.force, 'bench-force');
    if (!login.ok) throw new Error(login.error.code);
    const rand = prng(13);
    const rows: Row[] = [];
    const compare = async (name: string, sets: PushChangeset[], lanes: number, per: string, units: number) => {
      // Warm both paths on a few changesets of their own first.
      await pushAll(client, Array.from({ length: 5 }, () => asChangeset(features(1, rand))), 1);
      await plainInsertAll(cluster.url, Array.from({ length: 5 }, () => asChangeset(features(1, rand))), 1);
      const ms = await timed(() => pushAll(client, sets, lanes));
      const copy = sets.map((cs) => ({ ...cs, ops: cs.ops.map((op) => (op.op === 'putFeatures' ? { ...op, features: op.features.map((f) => ({ ...f, feature: { ...f.feature, id: crypto.randomUUID() } })) } : op)) }));
      const baselineMs = await timed(() => plainInsertAll(cluster.url, copy, lanes));
      rows.push({ name, ms, per, perSecond: (units * 1000) / ms, baselineMs });
    };
    await compare(`${count.toLocaleString('en')} one-feature changesets, one at a time`, Array.from({ length: count }, () => asChangeset(features(1, rand))), 1, 'changesets', count);
    await compare(`${count.toLocaleString('en')} one-feature changesets, ${CONCURRENCY} at a time`, Array.from({ length: count }, () => asChangeset(features(1, rand))), CONCURRENCY, 'changesets', count);
    await compare(`${BATCHES} changesets of ${BATCH_SIZE} features`, Array.from({ length: BATCHES }, () => asChangeset(features(BATCH_SIZE, rand))), 1, 'features', BATCHES * BATCH_SIZE);

    const reader = new HubClient(hub.url);
    await reader.login(LOGIN.ocha, 'bench-ocha');
    let pulled = 0;
    const pullMs = await timed(async () => {
      pulled = (await reader.sync(0)).changes.length;
    });
    rows.push({ name: `catch-up by paged pull (${pulled.toLocaleString('en')} changesets)`, ms: pullMs, per: 'changesets', perSecond: (pulled * 1000) / pullMs });

    const live = await reader.live();
    await live.next((f) => f.type === 'ready');
    const delays: number[] = [];
    for (let i = 0; i < LIVE_SAMPLES; i++) {
      const t0 = performance.now();
      const a = await client.push(asChangeset(features(1, rand)));
      const seq = a.ok && a.body.status === 'applied' ? a.body.seq : -1;
      await live.next((f) => f.type === 'change' && f.seq === seq);
      delays.push(performance.now() - t0);
    }
    live.close();
    delays.sort((x, y) => x - y);
    const median = delays[Math.floor(delays.length / 2)] ?? 0;

    console.log(`hub: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    for (const r of rows) {
      const base = r.baselineMs !== undefined ? `   plain INSERT ${r.baselineMs.toFixed(0)} ms, ratio ${(r.ms / r.baselineMs).toFixed(1)}×` : '';
      console.log(`  ${r.name.padEnd(52)} ${r.ms.toFixed(0).padStart(7)} ms  ${r.perSecond.toFixed(0).padStart(7)} ${r.per}/s${base}`);
    }
    console.log(`  push sent → live frame received, median of ${LIVE_SAMPLES}: ${median.toFixed(1)} ms`);
    mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
    const out = join(ROOT, 'bench-results', `hub-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), load: loadavg(), count, rows, liveMedianMs: median }, null, 2) + '\n');
    console.log(`written ${out}`);
    await hub.close();
    await admin.end();
  } finally {
    cluster.stop();
  }
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  const i = process.argv.indexOf('--count');
  await runHubBench(i > 0 ? Number(process.argv[i + 1]) || 2_000 : 2_000);
}
