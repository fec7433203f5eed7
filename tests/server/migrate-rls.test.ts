import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScheme } from '../../server/admin/directory';
import { createOrgRole } from '../../server/admin/roles';
import { startCluster, type Cluster } from '../../server/db/cluster';
import { migrate, readMigrations } from '../../server/db/migrate';
import { FEATURES, SCHEME, expectedFeatureIds, seed } from './seed';

let cluster: Cluster;
let admin: pg.Client;

const TABLES = ['classification_levels', 'organisations', 'parties', 'party_members', 'users', 'sessions', 'layers', 'features', 'changesets'];

/** Every row of every table of 001, as text, in a stable order. */
async function snapshot(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of TABLES) out[t] = (await admin.query<{ r: string }>(`select t::text as r from ${t} t order by 1`)).rows.map((x) => x.r);
  return out;
}

beforeAll(async () => {
  cluster = await startCluster();
  admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
}, 120_000);

afterAll(async () => {
  await admin?.end();
  cluster?.stop();
});

describe('migration 001 → 002 on a database in use', () => {
  it('keeps every row, then filters them by organisation', async () => {
    const all = readMigrations();
    expect(await migrate(admin, all.filter((m) => m.version === 1))).toEqual([1]);
    // Caveat definitions arrive with 002, so the scheme's caveats are loaded after it.
    await seed(admin, { caveats: false });
    const user = (
      await admin.query<{ id: string }>("insert into users (org_id, login, password_hash) values ('unhcr', 'amina', 'scrypt$17$8$1$c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5') returning id")
    ).rows[0]?.id;
    await admin.query("insert into sessions values (repeat('a', 64), $1, '2030-01-01Z', null)", [user]);
    await admin.query("insert into changesets (id, layer_id, author, ops) select gen_random_uuid(), id, $1, '[]' from layers", [user]);
    const before = await snapshot();
    expect(before.features).toHaveLength(FEATURES.length);

    // Exactly 002: later migrations may add columns, which would change the rows' text.
    expect(await migrate(admin, all.filter((m) => m.version <= 2))).toEqual([2]);
    expect(await snapshot()).toEqual(before);

    const role = await createOrgRole(admin, 'unhcr', 'not-checked-on-trust');
    const c = new pg.Client({ connectionString: `postgres://${role}@127.0.0.1:${cluster.port}/postgres` });
    await c.connect();
    try {
      const seen = (await c.query<{ id: string }>('select id from features')).rows.map((r) => r.id).sort();
      // Without the scheme's caveats in the database, a caveated feature is released to nobody
      // but its originator: the rule fails closed on a caveat it does not know.
      const withoutCaveats = expectedFeatureIds('unhcr').filter((id) => (FEATURES.find((f) => f.id === id)?.marking.caveats.length ?? 0) === 0);
      expect(seen).toEqual(withoutCaveats);
      expect(seen.length).toBeLessThan(expectedFeatureIds('unhcr').length);
      await loadScheme(admin, SCHEME);
      expect((await c.query<{ id: string }>('select id from features')).rows.map((r) => r.id).sort()).toEqual(expectedFeatureIds('unhcr'));
    } finally {
      await c.end();
    }
  });
});
