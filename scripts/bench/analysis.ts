/**
 * Analysis benchmark: the spatial analyses of shared/analysis on synthetic but realistic data,
 * beside a naive @turf/turf nested loop measured in the same run, and beside PostGIS (GiST
 * index) when `psql` can reach a local server with postgis. Timings are measured, not asserted.
 *
 *   node --import tsx scripts/bench/analysis.ts
 *   npm run bench -- --analysis
 *
 * Cases (seeded PRNG, a ~1,000 km box over the Central African Republic):
 *   pip      100,000 incidents against 1,000 patrol polygons (12–40 vertex blobs, 5–25 km):
 *            densityByArea (R-tree + point in polygon with holes) vs every incident × every polygon
 *            with turf.booleanPointInPolygon.
 *   nearest  100,000 incidents against 5,000 sites: NearestIndex (geokdbush) vs every incident ×
 *            every site with turf.distance.
 * The naive loops run on a 1/20 sample and are extrapolated when the whole would take more than
 * NAIVE_FULL_LIMIT_MS (the output says which). Ours include building their index; PostGIS's
 * numbers are query time only (COPY and GiST indexing printed apart, not counted), which favours
 * PostGIS. PostGIS runs in a throwaway cluster started and deleted by the bench when its binaries
 * and the postgis extension are installed (Debian: postgresql-15-postgis-3); otherwise one line
 * says why it was skipped. The naive loop's answers are compared with ours on the sample,
 * PostGIS's on everything (count per polygon, nearest site per incident).
 * Results go to bench-results/analysis-<date>.json.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { booleanPointInPolygon, distance } from '@turf/turf';
import type { Polygon } from 'geojson';
import type { CgFeature } from '../../shared/domain/feature';
import { densityByArea, NearestIndex, previousPeriod, type TimeSpan } from '../../shared/analysis';
import { prng } from './prng';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RESULTS = join(ROOT, 'bench-results');

const INCIDENTS = 100_000;
const POLYGONS = 1_000;
const SITES = 5_000;
const SAMPLE_EVERY = 20;
const RUNS = 3;
/** Run the naive loop over everything only when the sample says it takes less than this. */
const NAIVE_FULL_LIMIT_MS = 30_000;
const GOALS = { naiveRatio: 50, pipMs: 1000 };

// ---- data -------------------------------------------------------------------------------------


// Central African Republic, roughly: 9° × 9° at ~7.5°N is about 990 × 1,000 km.
const BOX = { west: 15.5, south: 3, east: 24.5, north: 12 };
const KM_PER_DEG = 111.195;
const PERIOD: TimeSpan = { start: '2026-10-01', end: '2026-11-30' };

const feature = (id: string, geometry: CgFeature['geometry'], properties: CgFeature['properties'] = {}): CgFeature => ({ type: 'Feature', id, geometry, properties });

function randomPoint(rand: () => number): [number, number] {
  return [BOX.west + rand() * (BOX.east - BOX.west), BOX.south + rand() * (BOX.north - BOX.south)];
}

/** A blob: 12–40 vertices at sorted angles, radius 5–25 km jittered, so simple and non-convex. */
function blob(rand: () => number): Polygon {
  const [cx, cy] = randomPoint(rand);
  const n = 12 + Math.floor(rand() * 29);
  const r = 5 + rand() * 20;
  const angles = Array.from({ length: n }, () => rand() * 2 * Math.PI).sort((a, b) => a - b);
  const ring = angles.map((t): [number, number] => {
    const k = r * (0.55 + 0.45 * rand());
    return [cx + (k * Math.cos(t)) / (KM_PER_DEG * Math.cos((cy * Math.PI) / 180)), cy + (k * Math.sin(t)) / KM_PER_DEG];
  });
  ring.push([ring[0]?.[0] ?? cx, ring[0]?.[1] ?? cy]);
  return { type: 'Polygon', coordinates: [ring] };
}

function makeData() {
  const rand = prng(20261122);
  const areas = Array.from({ length: POLYGONS }, (_, i) => feature(`area-${i}`, blob(rand), { status: 'active' }));
  const day0 = Date.parse('2026-10-01T00:00:00Z');
  const incidents = Array.from({ length: INCIDENTS }, (_, i) => {
    const date = new Date(day0 + Math.floor(rand() * 61 * 86_400_000)).toISOString().slice(0, 19) + 'Z';
    return feature(`inc-${i}`, { type: 'Point', coordinates: randomPoint(rand) }, { eventDate: date, eventType: 'Battles' });
  });
  const sites = Array.from({ length: SITES }, (_, i) => feature(`site-${i}`, { type: 'Point', coordinates: randomPoint(rand) }, { siteType: 'idp_site' }));
  return { areas, incidents, sites };
}

// ---- timing -----------------------------------------------------------------------------------

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

function time<T>(fn: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

/** One warm-up run (JIT), then the median of RUNS. */
function timeRuns<T>(fn: () => T): { ms: number; runs: number[]; value: T } {
  let value = fn();
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const r = time(fn);
    runs.push(r.ms);
    value = r.value;
  }
  return { ms: median(runs), runs, value };
}

const sample = <T>(xs: readonly T[]): T[] => xs.filter((_, i) => i % SAMPLE_EVERY === 0);

interface NaiveResult {
  ms: number;
  measuredMs: number;
  extrapolated: boolean;
  note: string;
}

/** The naive loop on the sample; on everything too when that stays under the limit. */
function timeNaive<T>(all: readonly T[], loop: (items: readonly T[]) => unknown): NaiveResult {
  const part = sample(all);
  const s = time(() => loop(part));
  const estimate = s.ms * (all.length / part.length);
  if (estimate <= NAIVE_FULL_LIMIT_MS) {
    const full = time(() => loop(all));
    return { ms: full.ms, measuredMs: full.ms, extrapolated: false, note: 'measured on all' };
  }
  return { ms: estimate, measuredMs: s.ms, extrapolated: true, note: `1/${SAMPLE_EVERY} sample (${s.ms.toFixed(0)} ms) × ${SAMPLE_EVERY}, extrapolated` };
}

// ---- the naive loops --------------------------------------------------------------------------

function naivePip(incidents: readonly CgFeature[], areas: readonly CgFeature[]): number[] {
  const counts = new Array<number>(areas.length).fill(0);
  for (const f of incidents) {
    if (f.geometry?.type !== 'Point') continue;
    const p = f.geometry.coordinates;
    for (let i = 0; i < areas.length; i++) {
      const g = areas[i]?.geometry;
      if (g?.type === 'Polygon' && booleanPointInPolygon(p, g)) counts[i] = (counts[i] ?? 0) + 1;
    }
  }
  return counts;
}

function naiveNearest(incidents: readonly CgFeature[], sites: readonly CgFeature[]): string[] {
  const out: string[] = [];
  for (const f of incidents) {
    if (f.geometry?.type !== 'Point') continue;
    const p = f.geometry.coordinates;
    let best = Infinity;
    let id = '';
    for (const s of sites) {
      if (s.geometry?.type !== 'Point') continue;
      const d = distance(p, s.geometry.coordinates, { units: 'kilometers' });
      if (d < best) {
        best = d;
        id = s.id;
      }
    }
    out.push(id);
  }
  return out;
}

function fastNearest(incidents: readonly CgFeature[], sites: readonly CgFeature[]): string[] {
  const index = new NearestIndex(sites);
  const out: string[] = [];
  for (const f of incidents) {
    if (f.geometry?.type !== 'Point') continue;
    const [x = NaN, y = NaN] = f.geometry.coordinates;
    out.push(index.nearest([x, y], { count: 1 })[0]?.id ?? '');
  }
  return out;
}

// ---- PostGIS ------------------------------------------------------------------------------------
//
// A throwaway cluster in a temp dir (initdb, pg_ctl start on a unix socket only, then stop and
// delete), the same generated data loaded with COPY, GiST indexes, the same two questions:
//   pip      incidents per polygon in the period and in the period before, boundary counting as
//            inside (ST_Intersects and a date test per incident, as densityByArea does);
//   nearest  the nearest site per incident by great-circle distance (geography `<->`, which PostGIS
//            computes on the sphere, as geokdbush does), one index-assisted KNN per incident.
// Parallel query is off: ours runs on one thread, and the 2 cores here are shared.
// Every step is guarded: without PostGIS the bench prints why and carries on.

interface PostgisResult {
  available: boolean;
  reason: string;
  loadMs?: number;
  indexMs?: number;
  pipMs?: number;
  pipRuns?: number[];
  nearestMs?: number;
  nearestRuns?: number[];
  /** Count per polygon, by polygon index. */
  pipCounts?: number[];
  /** Nearest site index per incident, by incident index. */
  nearestIds?: number[];
}

const PG_BIN_CANDIDATES = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];

function run(cmd: string, args: string[], opts: { input?: string; asUser?: string | null; timeoutMs?: number } = {}): { ok: boolean; out: string; err: string } {
  // initdb and postgres refuse to run as root: run them as the `postgres` system user then.
  const [file, argv] = opts.asUser ? ['runuser', ['-u', opts.asUser, '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(file, argv, { encoding: 'utf8', timeout: opts.timeoutMs ?? 600_000, input: opts.input, maxBuffer: 256 << 20 });
  return { ok: !r.error && r.status === 0, out: r.stdout ?? '', err: `${r.error?.message ?? ''}${r.stderr ?? ''}`.trim() };
}

function findPgBin(): string | null {
  const fromConfig = run('pg_config', ['--bindir'], { timeoutMs: 5_000 });
  const dirs = [...(fromConfig.ok ? [fromConfig.out.trim()] : []), ...PG_BIN_CANDIDATES];
  return dirs.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl'))) ?? null;
}

function postgisInstalled(bin: string): boolean {
  const share = run(join(bin, 'pg_config'), ['--sharedir'], { timeoutMs: 5_000 });
  const version = basename(dirname(bin));
  const dirs = [...(share.ok ? [share.out.trim()] : []), `/usr/share/postgresql/${version}`];
  return dirs.some((d) => existsSync(join(d, 'extension', 'postgis.control')));
}

function runPostgis(areas: readonly CgFeature[], incidents: readonly CgFeature[], sites: readonly CgFeature[]): PostgisResult {
  const bin = findPgBin();
  if (!bin) return { available: false, reason: 'PostGIS comparison skipped: no PostgreSQL server binaries (initdb, pg_ctl) found' };
  if (!postgisInstalled(bin)) return { available: false, reason: `PostGIS comparison skipped: PostgreSQL found in ${bin} but the postgis extension is not installed (apt-get install postgresql-15-postgis-3)` };
  const asUser = process.getuid?.() === 0 ? 'postgres' : null;
  const dir = mkdtempSync(join(tmpdir(), 'cg-bench-pg-'));
  const data = join(dir, 'data');
  const port = String(55_000 + (process.pid % 1000));
  let started = false;
  try {
    if (asUser) {
      const chown = run('chown', [asUser, dir]);
      if (!chown.ok) return { available: false, reason: `PostGIS comparison skipped: cannot hand the temp dir to ${asUser}: ${chown.err}` };
    }
    const init = run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'bench', '--no-sync', '-E', 'UTF8'], { asUser });
    if (!init.ok) return { available: false, reason: `PostGIS comparison skipped: initdb failed: ${firstLine(init.err)}` };
    const options = `-c listen_addresses='' -c unix_socket_directories='${dir}' -p ${port} -c fsync=off -c max_parallel_workers_per_gather=0 -c shared_buffers=128MB -c work_mem=64MB`;
    const start = run(join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', 'start'], { asUser });
    if (!start.ok) return { available: false, reason: `PostGIS comparison skipped: pg_ctl start failed: ${firstLine(start.err || start.out)}` };
    started = true;
    const psql = (sql: string) => run('psql', ['-X', '-q', '-h', dir, '-p', port, '-U', 'bench', '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-At', '-f', '-'], { input: sql });
    const version = psql('create extension postgis; select postgis_lib_version();');
    if (!version.ok) return { available: false, reason: `PostGIS comparison skipped: create extension postgis failed: ${firstLine(version.err)}` };

    const xy = (c: number[]) => `${c[0]} ${c[1]}`;
    const write = (name: string, rows: string[]) => {
      const file = join(dir, name);
      writeFileSync(file, rows.join('\n') + '\n');
      return file;
    };
    const ring = (f: CgFeature) => (f.geometry as Polygon).coordinates[0]?.map(xy).join(',');
    const point = (f: CgFeature) => xy((f.geometry as { coordinates: number[] }).coordinates);
    const polys = write('areas.tsv', areas.map((f, i) => `${i}\tSRID=4326;POLYGON((${ring(f)}))`));
    const pts = write('incidents.tsv', incidents.map((f, i) => `${i}\tSRID=4326;POINT(${point(f)})\t${String(f.properties.eventDate)}`));
    const sts = write('sites.tsv', sites.map((f, i) => `${i}\tSRID=4326;POINT(${point(f)})`));
    const timed = (sql: string) => `\\timing on\n${sql}\n\\timing off`;
    const times = (out: string) => [...out.matchAll(/Time: ([\d.]+) ms/g)].map((m) => Number(m[1]));

    const load = psql(
      [
        'create table a(id int primary key, geom geometry(Polygon,4326));',
        'create table i(id int primary key, geom geometry(Point,4326), at timestamptz, geog geography(Point,4326));',
        'create table s(id int primary key, geom geometry(Point,4326), geog geography(Point,4326));',
        timed([`\\copy a from '${polys}'`, `\\copy i(id, geom, at) from '${pts}'`, `\\copy s(id, geom) from '${sts}'`, 'update i set geog = geom::geography;', 'update s set geog = geom::geography;'].join('\n')),
        timed('create index on a using gist(geom); create index on i using gist(geom); create index on s using gist(geog); vacuum analyze a; vacuum analyze i; vacuum analyze s;'),
      ].join('\n'),
    );
    if (!load.ok) return { available: false, reason: `PostGIS comparison skipped: loading failed: ${firstLine(load.err)}` };
    const loadTimes = times(load.out);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

    // Bare days, ends inclusive: [start, end + 1 day).
    const before = previousPeriod(PERIOD);
    const within = (p: TimeSpan) => `i.at >= '${p.start}T00:00:00Z' and i.at < '${p.end}T00:00:00Z'::timestamptz + interval '1 day'`;
    const pipSql = `create temp table pip as select a.id, (count(*) filter (where ${within(PERIOD)}))::int as n, (count(*) filter (where ${within(before)}))::int as prev from a left join i on ST_Intersects(a.geom, i.geom) group by a.id;`;
    const knnSql = 'create temp table knn as select i.id, n.id as site from i cross join lateral (select s.id from s order by s.geog <-> i.geog limit 1) n;';
    // One warm-up and RUNS timed runs of each, as for ours.
    const repeat = (sql: string, table: string) => Array.from({ length: RUNS + 1 }, () => `drop table if exists ${table};\n${timed(sql)}`).join('\n');
    const q = psql([repeat(pipSql, 'pip'), repeat(knnSql, 'knn'), "select 'PIP', string_agg(n::text, ',' order by id) from pip;", "select 'KNN', string_agg(site::text, ',' order by id) from knn;"].join('\n'));
    if (!q.ok) return { available: false, reason: `PostGIS comparison skipped: a query failed: ${firstLine(q.err)}` };
    const t = times(q.out);
    const pipRuns = t.slice(1, RUNS + 1);
    const nearestRuns = t.slice(RUNS + 2, 2 * RUNS + 2);
    const line = (tag: string) => q.out.split('\n').find((l) => l.startsWith(`${tag}|`))?.slice(tag.length + 1) ?? '';
    return {
      available: true,
      reason: `PostGIS ${version.out.trim()} on PostgreSQL in ${bin} (throwaway cluster, unix socket, parallel query off)`,
      loadMs: sum(loadTimes.slice(0, 5)),
      indexMs: sum(loadTimes.slice(5)),
      pipMs: median(pipRuns),
      pipRuns,
      nearestMs: median(nearestRuns),
      nearestRuns,
      pipCounts: line('PIP').split(',').map(Number),
      nearestIds: line('KNN').split(',').map(Number),
    };
  } finally {
    if (started) run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], { asUser, timeoutMs: 60_000 });
    rmSync(dir, { recursive: true, force: true });
  }
}

const firstLine = (s: string): string => s.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'no message';

// ---- report -------------------------------------------------------------------------------------

interface CaseReport {
  case: string;
  oursMs: number;
  oursRuns: number[];
  naiveMs: number;
  naiveNote: string;
  naiveRatio: number;
  postgisMs: number | null;
  postgisRatio: number | null;
  agree: boolean;
  agreement: string;
}

const fmt = (n: number | null, digits = 0): string => (n === null || !Number.isFinite(n) ? '—' : n.toFixed(digits));

function table(rows: CaseReport[]): string {
  const head = ['case', 'ours ms', 'naive ms', 'naive / ours', 'PostGIS ms', 'PostGIS / ours', 'results agree', 'naive measured as'];
  const body = rows.map((r) => [r.case, fmt(r.oursMs, 1), fmt(r.naiveMs), `${fmt(r.naiveRatio, 0)}×`, fmt(r.postgisMs, 1), r.postgisRatio === null ? '—' : `${fmt(r.postgisRatio, 2)}×`, r.agree ? `yes (${r.agreement})` : `NO (${r.agreement})`, r.naiveNote]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => (b[c] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((x, c) => x.padEnd(widths[c] ?? 0)).join(' | ')} |`;
  return [line(head), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...body.map(line)].join('\n');
}

export async function runAnalysisBench(): Promise<void> {
  const started = new Date();
  console.log(`analysis bench: ${INCIDENTS.toLocaleString('en')} incidents, ${POLYGONS.toLocaleString('en')} polygons, ${SITES.toLocaleString('en')} sites (seeded) …`);
  const { areas, incidents, sites } = makeData();

  // Point in polygon: every incident is in the period, so all of them are located.
  const fastPip = timeRuns(() => densityByArea({ incidents, areas, period: PERIOD }));
  const naivePipTime = timeNaive(incidents, (xs) => naivePip(xs, areas));
  const sampled = sample(incidents);
  const fastSampleCounts = densityByArea({ incidents: sampled, areas, period: PERIOD }).map((r) => r.count);
  const naiveSampleCounts = naivePip(sampled, areas);
  const pipPairsFast = fastPip.value.reduce((n, r) => n + r.count, 0);
  const pipAgree = fastSampleCounts.every((c, i) => c === naiveSampleCounts[i]);
  const pipAgreement = `${fastSampleCounts.reduce((a, b) => a + b, 0)} = ${naiveSampleCounts.reduce((a, b) => a + b, 0)} pairs on the sample, ${fastSampleCounts.filter((c, i) => c !== naiveSampleCounts[i]).length} polygons differ`;

  // Nearest site.
  const fastNear = timeRuns(() => fastNearest(incidents, sites));
  const naiveNearTime = timeNaive(incidents, (xs) => naiveNearest(xs, sites));
  const naiveSampleIds = naiveNearest(sampled, sites);
  const fastSampleIds = sample(fastNear.value);
  const nearMismatch = fastSampleIds.filter((id, i) => id !== naiveSampleIds[i]).length;
  const nearAgreement = `${fastSampleIds.length - nearMismatch}/${fastSampleIds.length} same nearest site`;

  console.log('PostGIS …');
  let pg: PostgisResult;
  try {
    pg = runPostgis(areas, incidents, sites);
  } catch (e) {
    // The comparison is optional: whatever goes wrong there must not cost the rest of the bench.
    pg = { available: false, reason: `PostGIS comparison skipped: ${e instanceof Error ? e.message : String(e)}` };
  }
  console.log(pg.available ? `${pg.reason}: COPY ${fmt(pg.loadMs ?? null)} ms, GiST indexes + analyze ${fmt(pg.indexMs ?? null)} ms (not counted below)` : pg.reason);
  const oursCounts = fastPip.value.map((r) => r.count);
  const pgPipDiffer = pg.pipCounts ? oursCounts.filter((c, i) => c !== pg.pipCounts?.[i]).length : null;
  const pgPipPairs = pg.pipCounts?.reduce((a, b) => a + b, 0);
  const pgNearDiffer = pg.nearestIds ? fastNear.value.filter((id, i) => id !== `site-${pg.nearestIds?.[i]}`).length : null;

  const rows: CaseReport[] = [
    {
      case: `pip ${INCIDENTS / 1000}k × ${POLYGONS}`,
      oursMs: fastPip.ms,
      oursRuns: fastPip.runs,
      naiveMs: naivePipTime.ms,
      naiveNote: naivePipTime.note,
      naiveRatio: naivePipTime.ms / fastPip.ms,
      postgisMs: pg.pipMs ?? null,
      postgisRatio: pg.pipMs === undefined ? null : pg.pipMs / fastPip.ms,
      agree: pipAgree && (pgPipDiffer === null || pgPipDiffer === 0),
      agreement: pipAgreement + (pgPipDiffer === null ? '' : `; PostGIS ${pgPipPairs} vs ours ${pipPairsFast} pairs on all, ${pgPipDiffer} polygons differ`),
    },
    {
      case: `nearest ${INCIDENTS / 1000}k × ${SITES}`,
      oursMs: fastNear.ms,
      oursRuns: fastNear.runs,
      naiveMs: naiveNearTime.ms,
      naiveNote: naiveNearTime.note,
      naiveRatio: naiveNearTime.ms / fastNear.ms,
      postgisMs: pg.nearestMs ?? null,
      postgisRatio: pg.nearestMs === undefined ? null : pg.nearestMs / fastNear.ms,
      agree: nearMismatch === 0 && (pgNearDiffer === null || pgNearDiffer === 0),
      agreement: nearAgreement + (pgNearDiffer === null ? '' : `; PostGIS ${fastNear.value.length - pgNearDiffer}/${fastNear.value.length} same on all`),
    },
  ];

  console.log('');
  console.log(table(rows));
  console.log('');
  console.log(`ours: median of ${RUNS} after a warm-up, index build included; naive: turf nested loop; PostGIS: query time only, GiST index.`);
  console.log(`goals: ≥ ${GOALS.naiveRatio}× the naive loop, no slower than PostGIS, pip < ${GOALS.pipMs} ms.`);
  const pip = rows[0] as CaseReport;
  const goals = {
    naive: rows.every((r) => r.naiveRatio >= GOALS.naiveRatio),
    pipUnder1s: pip.oursMs < GOALS.pipMs,
    postgis: pg.available ? rows.every((r) => r.postgisRatio === null || r.postgisRatio >= 1) : null,
  };
  console.log(`met: ≥ ${GOALS.naiveRatio}× naive ${goals.naive ? 'yes' : 'NO'}; pip < ${GOALS.pipMs} ms ${goals.pipUnder1s ? 'yes' : 'NO'}; vs PostGIS ${goals.postgis === null ? 'not measured (PostGIS not available)' : goals.postgis ? 'yes' : 'NO'}`);

  mkdirSync(RESULTS, { recursive: true });
  const out = join(RESULTS, `analysis-${started.toISOString().slice(0, 19).replace(/:/g, '-')}.json`);
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? '?', node: process.version, loadavg: loadavg().map((n) => Number(n.toFixed(2))) };
  writeFileSync(out, JSON.stringify({ started: started.toISOString(), machine, sizes: { INCIDENTS, POLYGONS, SITES, SAMPLE_EVERY, RUNS }, postgis: pg, goals, rows }, null, 2) + '\n');
  console.log(`wrote ${out}`);
}

// Runnable on its own as well as from scripts/bench.ts.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await runAnalysisBench();
