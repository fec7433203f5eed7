/**
 * What row-level security costs the hub: 100,000 features in a throwaway cluster, counted and
 * box-filtered as an organisation role (the policies of 002_rls.sql), beside the same queries as
 * the administrator without RLS, and beside the rule called per row (cg_release_refusal), which
 * is what a policy written the obvious way does (counted only: as a plain WHERE beside a box, the
 * index would filter first, which a policy does not allow). Timings are the median of 3 runs, printed with
 * their ratio to the administrator's; nothing is asserted.
 *
 *   node --import tsx scripts/bench/hub-rls.ts
 */
import pg from 'pg';
import { UN_SCHEME } from '../../shared/domain/marking';
import { addGroup, addGroupMember, addOrganisation, loadScheme } from '../../server/admin/directory';
import { createOrgRole } from '../../server/admin/roles';
import { startCluster } from '../../server/db/cluster';
import { migrate } from '../../server/db/migrate';

const FEATURES = 100_000;
const RUNS = 3;
const BOX = 'geom && ST_MakeEnvelope(29.2, -1.4, 29.4, -1.2, 4326)';

async function median(db: pg.Client, sql: string): Promise<{ ms: number; count: number }> {
  const times: number[] = [];
  let count = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    count = Number((await db.query<{ n: string }>(sql)).rows[0]?.n ?? 0);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(RUNS / 2)] ?? 0, count };
}

async function main(): Promise<void> {
  const cluster = await startCluster();
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  try {
    await migrate(admin);
    await loadScheme(admin, { ...UN_SCHEME, caveats: [{ code: 'HANDLE WITH CARE' }] });
    await addOrganisation(admin, { id: 'force', name: 'Force', clearance: 'STRICTLY CONFIDENTIAL' });
    await addOrganisation(admin, { id: 'ocha', name: 'OCHA', clearance: 'CONFIDENTIAL' });
    await addGroup(admin, { id: 'mission', name: 'Mission' });
    for (const o of ['force', 'ocha']) await addGroupMember(admin, 'mission', o);
    await admin.query("insert into layers (id, name, kind, owner_org, classification, originator, releasable_to) values ('00000000-0000-4000-8000-000000000001', 'Incidents', 'incident', 'force', 'UNCLASSIFIED', 'force', '{mission}')");
    await admin.query(
      `insert into features (id, layer_id, geom, classification, originator, releasable_to, caveats)
       select gen_random_uuid(), '00000000-0000-4000-8000-000000000001', ST_SetSRID(ST_MakePoint(29 + random(), -1 - random()), 4326),
         (array['UNCLASSIFIED', 'CONFIDENTIAL', 'STRICTLY CONFIDENTIAL'])[1 + i % 3], 'force',
         (array['{mission}', '{force}', '{ocha}'])[1 + i % 3]::text[],
         case when i % 10 = 0 then '{HANDLE WITH CARE}'::text[] else '{}' end
       from generate_series(1, $1) as i`,
      [FEATURES],
    );
    await admin.query('analyze');
    const role = await createOrgRole(admin, 'ocha', 'bench');
    const ocha = new pg.Client({ connectionString: `postgres://${role}@127.0.0.1:${cluster.port}/postgres` });
    await ocha.connect();
    try {
      const perRow = "cg_release_refusal(classification, caveats, originator, releasable_to, 'ocha') is null";
      const cases: [string, pg.Client, string][] = [
        ['count, administrator (no RLS)', admin, 'select count(*) as n from features'],
        ['count, ocha role (policies)', ocha, 'select count(*) as n from features'],
        ['count, rule called per row', admin, `select count(*) as n from features where ${perRow}`],
        ['box, administrator (no RLS)', admin, `select count(*) as n from features where ${BOX}`],
        ['box, ocha role (policies)', ocha, `select count(*) as n from features where ${BOX}`],
      ];
      const results: { name: string; ms: number; count: number }[] = [];
      for (const [name, db, sql] of cases) results.push({ name, ...(await median(db, sql)) });
      const base = (prefix: string) => results.find((r) => r.name.startsWith(prefix))?.ms ?? 1;
      process.stdout.write(`hub RLS, ${FEATURES.toLocaleString('en')} features, median of ${RUNS}\n`);
      for (const r of results) {
        const ratio = r.ms / base(r.name.split(',')[0] ?? '');
        process.stdout.write(`  ${r.name.padEnd(32)} ${r.ms.toFixed(1).padStart(8)} ms  ${ratio.toFixed(1).padStart(6)}×  (${r.count} rows)\n`);
      }
    } finally {
      await ocha.end();
    }
  } finally {
    await admin.end();
    cluster.stop();
  }
}

await main();
