/**
 * The hub benchmark of issue 13, in one run on a throwaway cluster it starts itself:
 *
 * 1. a store of 1,000,000 features in four layers owned by two organisations, markings varying
 *    by layer and by feature across three organisations (so row-level security filters);
 * 2. 50 workstations (node clients over loopback, 20 Force, 20 OCHA, 10 UNPOL) with their live
 *    channel open push 10,000 changesets of 1–9 features (new, edited, deleted) and pull each
 *    other's on every live frame; the hub runs in its own process, as in production;
 * 3. throughput in feature edits per second, and the delay from a push being sent to another
 *    workstation holding it (live frame, then pull), p50 and p99 over every (changeset, receiver);
 *    with the number of pulls made and the round trip of each push and each pull, to tell a queue
 *    from slow work;
 * 4. convergence: every workstation's copy hashes equal to what PostgreSQL shows its
 *    organisation's own role, it holds every changeset that role may read, none twice; the log
 *    holds each pushed changeset once;
 * 5. a same-run baseline: the same rows as plain INSERTs with pg (no hub, no RLS), as a ratio;
 * 6. the first sync of a 100,000-feature layer to a new workstation (snapshot pages, then pull).
 *
 * Timings are printed beside the issue's goals, never asserted. `--hub-scale F` (or
 * CG_HUB_BENCH_SCALE) multiplies the store, the changesets and the first-sync layer by F; the
 * number of workstations stays 50. The default is 0.1 (100,000 features, 1,000 changesets: a few
 * minutes on the shared 2-core machine); `--hub-scale 1` is the issue's run.
 *
 *   npm run bench -- --hub [--hub-scale 1]
 *   node --import tsx scripts/bench/hub.ts [--hub-scale 1]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { connectionStringFor } from '../../server/admin/roles';
import { startCluster } from '../../server/db/cluster';
import { migrate } from '../../server/db/migrate';
import { HubClient } from '../../server/hub/client';
import type { HubFeature, PushChangeset } from '../../shared/hub/protocol';
import { orgTruth, percentile, pictureHash } from './hub-converge';
import { BENCH_LAYERS, BENCH_ORGS, createOrgRoles, HUB_LOGIN, seedDirectory, seedFeatures, seedSessions } from './hub-store';
import { Workstation, type SentLog } from './hub-workstation';
import { processCpuSeconds, treeCpuSeconds } from './proc-cpu';
import { prng } from './prng';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FULL = { features: 1_000_000, changesets: 10_000 };
const DEFAULT_SCALE = 0.1;
const WORKSTATIONS = { force: 20, ocha: 20, unpol: 10 } as const;
const PASSWORD = 'bench';
/** How long live pulls may take to settle after the last push before the final sync. */
const SETTLE_MS = 30_000;

interface PlainRow {
  cs: string;
  id: string;
  geometry: unknown;
  props: unknown;
  deleted: boolean;
}

interface GoalRow {
  measure: string;
  goal: string;
  result: string;
  met: boolean | null;
}

function spawnHub(db: string): Promise<{ url: string; child: ChildProcess }> {
  // CG_BENCH_HUB_PROFILE=dir: a CPU profile of the hub process, written there when it exits.
  const profile = process.env.CG_BENCH_HUB_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.CG_BENCH_HUB_PROFILE] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'server/hub/main.ts', '--db', db, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolvePromise, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m?.[1]) resolvePromise({ url: m[1], child });
    });
    child.once('exit', (code) => reject(new Error(`hub process exited (${code})`)));
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** The baseline: each applied changeset's feature rows as one multi-row INSERT, autocommitted, over a pool as large as the hub's. */
async function plainInserts(url: string, sets: readonly PushChangeset[], lanes: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  let next = 0;
  const { ms } = await timed(() =>
    Promise.all(
      Array.from({ length: lanes }, async () => {
        for (let cs = sets[next++]; cs; cs = sets[next++]) {
          const rows = cs.ops.flatMap((op): PlainRow[] =>
            op.op === 'putFeatures' ? op.features.map(({ feature }) => ({ cs: cs.id, id: feature.id, geometry: feature.geometry, props: feature.properties, deleted: false })) : op.features.map((f) => ({ cs: cs.id, id: f.id, geometry: null, props: {}, deleted: true })),
          );
          await pool.query(
            `insert into bench_plain (changeset_id, feature_id, geom, props, deleted)
             select r.cs, r.id, st_setsrid(st_geomfromgeojson(r.geometry), 4326), r.props, r.deleted from jsonb_to_recordset($1::jsonb) as r(cs uuid, id uuid, geometry jsonb, props jsonb, deleted boolean)`,
            [JSON.stringify(rows)],
          );
        }
      }),
    ),
  );
  await pool.end();
  return ms;
}

async function firstSync(hubUrl: string, token: string): Promise<{ ms: number; features: number; pages: number }> {
  const client = new HubClient(hubUrl);
  client.token = token;
  const held = new Map<string, HubFeature>();
  let pages = 0;
  const { ms } = await timed(async () => {
    let after: string | undefined;
    let seq = 0;
    do {
      const a = await client.snapshot(BENCH_LAYERS.firstSync.id, after);
      if (!a.ok) throw new Error(`snapshot refused: ${a.error.code}`);
      if (pages++ === 0) seq = a.body.seq;
      for (const f of a.body.features) held.set(f.id, f);
      after = a.body.next ?? undefined;
    } while (after);
    for (const { changeset } of (await client.sync(seq)).changes) for (const f of changeset.features) if (f.layerId === BENCH_LAYERS.firstSync.id) held.set(f.id, f);
  });
  return { ms, features: held.size, pages };
}

export function hubScale(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const i = argv.indexOf('--hub-scale');
  const raw = i >= 0 ? argv[i + 1] : env.CG_HUB_BENCH_SCALE;
  if (raw === undefined) return DEFAULT_SCALE;
  const n = Number(raw);
  if (!(n > 0 && n <= 1)) throw new Error(`--hub-scale must be a number in (0, 1], not ${raw}`);
  return n;
}

export async function runHubBench(scale = 1): Promise<void> {
  const totalFeatures = Math.round(FULL.features * scale);
  const totalChangesets = Math.round(FULL.changesets * scale);
  const cluster = await startCluster();
  let hubChild: ChildProcess | null = null;
  const admin = new pg.Client({ connectionString: cluster.url });
  try {
    await admin.connect();
    await migrate(admin);
    await seedDirectory(admin, PASSWORD);
    const seeded = await timed(() => seedFeatures(admin, totalFeatures));
    const roles = await createOrgRoles(admin, PASSWORD);
    const sessions = await seedSessions(admin, { ...WORKSTATIONS, ocha: WORKSTATIONS.ocha + 1 });
    const newcomer = sessions.filter((s) => s.org === 'ocha').pop();
    const stations = sessions.filter((s) => s !== newcomer);
    await admin.query('create table bench_plain (seq bigserial primary key, changeset_id uuid not null, feature_id uuid not null, geom geometry(Geometry, 4326), props jsonb not null, deleted boolean not null)');
    console.log(`hub bench: ${totalFeatures.toLocaleString('en')} features seeded in ${(seeded.ms / 1000).toFixed(1)} s; ${stations.length} workstations, ${totalChangesets.toLocaleString('en')} changesets`);

    const hub = await spawnHub(connectionStringFor(cluster.url, HUB_LOGIN, PASSWORD).url);
    hubChild = hub.child;
    const startSeq = Number((await admin.query<{ s: string | null }>('select max(seq) as s from changesets')).rows[0]?.s ?? 0);
    const workstations = stations.map((s, i) => new Workstation(hub.url, i, stations.length, s, startSeq, seeded.value, prng(1000 + i)));
    await Promise.all(workstations.map((w) => w.connect()));

    // CPU seconds over the pushes and their delivery, per process group (wall-clock moves with the machine's load).
    const postmaster = Number(readFileSync(join(cluster.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const cpuAt = () => ({ hub: processCpuSeconds(hub.child.pid), pg: treeCpuSeconds(postmaster), bench: process.cpuUsage() });
    const cpu0 = cpuAt();
    const sent: SentLog = new Map();
    const share = (i: number) => Math.floor(totalChangesets / workstations.length) + (i < totalChangesets % workstations.length ? 1 : 0);
    const push = await timed(() => Promise.all(workstations.map((w, i) => w.pushMany(share(i), sent))));
    // The database is quiet now: what each organisation should hold is asked of it once, the
    // live pulls are given time to bring it, and a final pull counts what live did not bring.
    const truths = Object.fromEntries(
      await Promise.all(BENCH_ORGS.map(async (org) => [org, await orgTruth(connectionStringFor(cluster.url, roles[org], PASSWORD).url, startSeq)] as const)),
    );
    const settleUntil = performance.now() + SETTLE_MS;
    while (performance.now() < settleUntil && workstations.some((w) => w.received.size < (truths[w.session.org]?.changesets.size ?? 0))) await new Promise((r) => setTimeout(r, 100));
    await Promise.all(workstations.map((w) => w.finish()));
    const cpu1 = cpuAt();
    const cpuOf = (a: number | null, b: number | null) => (a === null || b === null ? 'n/a' : `${(b - a).toFixed(1)} s`);
    const benchCpu = process.cpuUsage(cpu0.bench);
    const cpu = { hub: cpuOf(cpu0.hub, cpu1.hub), postgres: cpuOf(cpu0.pg, cpu1.pg), workstations: `${((benchCpu.user + benchCpu.system) / 1e6).toFixed(1)} s` };

    const featureEdits = workstations.reduce((n, w) => n + w.stats.featureEdits, 0);
    const conflicts = workstations.reduce((n, w) => n + w.stats.conflicts, 0);
    const pulls = workstations.reduce((n, w) => n + w.stats.pulls, 0);
    const pushRtt = workstations.flatMap((w) => w.stats.pushMs).sort((a, b) => a - b);
    const pullRtt = workstations.flatMap((w) => w.stats.pullMs).sort((a, b) => a - b);
    const rtt = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(0)} ms, p99 ${percentile(xs, 99).toFixed(0)} ms`;
    const delays: number[] = [];
    // From the pusher's answer: the fan-out alone, without the push's wait in line (negative when the frame came first).
    const afterAnswer: number[] = [];
    let missedLive = 0;
    for (const w of workstations) {
      for (const [id, got] of w.received) {
        const s = sent.get(id);
        if (!s || s.by === w.index) continue;
        if (!got.live) missedLive++;
        else {
          delays.push(got.at - s.at);
          if (s.answeredAt !== undefined) afterAnswer.push(got.at - s.answeredAt);
        }
      }
    }
    delays.sort((a, b) => a - b);
    afterAnswer.sort((a, b) => a - b);

    let converged = 0;
    const mismatches: string[] = [];
    for (const w of workstations) {
      const truth = truths[w.session.org];
      if (!truth) continue;
      const mine = pictureHash(w.features.values());
      const missing = [...truth.changesets].filter((id) => !w.received.has(id)).length;
      const extra = [...w.received.keys()].filter((id) => !truth.changesets.has(id)).length;
      if (mine.hash === truth.picture.hash && missing === 0 && extra === 0 && w.stats.duplicatesReceived === 0) converged++;
      else mismatches.push(`ws${w.index} (${w.session.org}): ${mine.count} features ${mine.hash} vs ${truth.picture.count} ${truth.picture.hash}; changesets missing ${missing}, extra ${extra}, twice ${w.stats.duplicatesReceived}`);
    }
    const log = (
      await admin.query<{ n: string; ids: string; pushed: string }>(
        'select count(*) as n, count(distinct id) as ids, count(*) filter (where id = any($2::uuid[])) as pushed from changesets where seq > $1',
        [startSeq, [...sent.keys()]],
      )
    ).rows[0];
    const applied = workstations.flatMap((w) => w.applied);
    const logOk = Number(log?.n) === applied.length && Number(log?.ids) === applied.length && Number(log?.pushed) === applied.length && applied.length === totalChangesets;

    const baselineMs = await plainInserts(cluster.url, applied, workstations.length);
    const sync = await firstSync(hub.url, newcomer?.token ?? '');

    const editsPerSecond = (featureEdits * 1000) / push.ms;
    const p50 = percentile(delays, 50);
    const p99 = percentile(delays, 99);
    const syncScaled = sync.ms / 1000 / scale;
    const rows: GoalRow[] = [
      { measure: `propagation p99, ${workstations.length} workstations`, goal: '< 1 s', result: `${(p99 / 1000).toFixed(3)} s`, met: p99 < 1000 },
      { measure: 'propagation p50', goal: '', result: `${(p50 / 1000).toFixed(3)} s (${delays.length.toLocaleString('en')} deliveries)`, met: null },
      { measure: 'propagation after the push was answered', goal: '', result: rtt(afterAnswer), met: null },
      { measure: 'throughput', goal: '>= 1,000 feature edits/s', result: `${editsPerSecond.toFixed(0)} edits/s (${featureEdits.toLocaleString('en')} in ${(push.ms / 1000).toFixed(1)} s, ${((applied.length * 1000) / push.ms).toFixed(0)} changesets/s)`, met: editsPerSecond >= 1000 },
      { measure: 'plain INSERTs of the same rows', goal: '', result: `${(baselineMs / 1000).toFixed(1)} s: hub/plain ${(push.ms / baselineMs).toFixed(1)}×`, met: null },
      { measure: `first sync of ${sync.features.toLocaleString('en')} features`, goal: '< 5 s for 100,000', result: `${(sync.ms / 1000).toFixed(2)} s in ${sync.pages} pages${scale < 1 ? ` (≈ ${syncScaled.toFixed(1)} s per 100,000)` : ''}`, met: syncScaled < 5 },
      { measure: 'convergence (hash per organisation role)', goal: 'all equal', result: `${converged}/${workstations.length} workstations`, met: converged === workstations.length },
      { measure: 'changesets lost or twice', goal: 'none', result: `log ${log?.n} rows, ${log?.ids} ids, ${applied.length} applied of ${totalChangesets}; ${conflicts} conflicts`, met: logOk && conflicts === 0 },
      { measure: 'deliveries missed by the live channel', goal: '0', result: String(missedLive), met: missedLive === 0 },
      { measure: 'CPU over pushes and deliveries', goal: '', result: `hub ${cpu.hub}, PostgreSQL ${cpu.postgres}, workstations ${cpu.workstations}`, met: null },
      { measure: 'pull requests by the workstations', goal: '', result: `${pulls.toLocaleString('en')} (${(pulls / applied.length).toFixed(1)} per changeset)`, met: null },
      { measure: 'round trip of a push / of a pull', goal: '', result: `push ${rtt(pushRtt)}; pull ${rtt(pullRtt)}`, met: null },
    ];
    console.log(`hub bench, scale ${scale}: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    console.log(`  ${'measure'.padEnd(46)} ${'goal'.padEnd(26)} result`);
    for (const r of rows) console.log(`  ${r.measure.padEnd(46)} ${r.goal.padEnd(26)} ${r.result}${r.met === null ? '' : r.met ? '  ok' : '  MISSED'}`);
    for (const m of mismatches.slice(0, 5)) console.log(`  not converged: ${m}`);
    mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
    const out = join(ROOT, 'bench-results', `hub-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      out,
      JSON.stringify({ date: new Date().toISOString(), load: loadavg(), scale, features: totalFeatures, changesets: totalChangesets, workstations: workstations.length, seedMs: seeded.ms, pushMs: push.ms, featureEdits, pulls, p50, p99, baselineMs, firstSync: sync, converged, missedLive, cpu, rows }, null, 2) + '\n',
    );
    console.log(`written ${out}`);
  } finally {
    hubChild?.kill('SIGTERM');
    await admin.end().catch(() => undefined);
    cluster.stop();
  }
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? '')).href) {
  await runHubBench(hubScale(process.argv));
}
