import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../server/db/cluster';
import { migrate, readMigrations, MIGRATIONS_DIR } from '../../server/db/migrate';

let cluster: Cluster;
let client: pg.Client;

beforeAll(async () => {
  cluster = await startCluster();
  client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
}, 120_000);

afterAll(async () => {
  await client?.end();
  cluster?.stop();
});

describe('migrations', () => {
  it('migrates an empty database, then again as a no-op', async () => {
    const all = readMigrations().map((m) => m.version);
    expect(await migrate(client)).toEqual(all);
    expect(await migrate(client)).toEqual([]);
    const tables = (await client.query<{ t: string }>("select table_name as t from information_schema.tables where table_schema = 'public' order by 1")).rows.map((r) => r.t);
    expect(tables).toEqual(expect.arrayContaining(['organisations', 'parties', 'party_members', 'users', 'sessions', 'classification_levels', 'layers', 'features', 'changesets', 'schema_migrations']));
    const gist = await client.query("select 1 from pg_indexes where tablename = 'features' and indexdef ilike '%gist%'");
    expect(gist.rowCount).toBe(1);
  });

  it('keeps data across a later migration and rolls back a failing one whole', async () => {
    await client.query("insert into classification_levels values ('UNCLASSIFIED', 0) on conflict do nothing");
    await client.query("insert into organisations values ('force', 'Force', 'UNCLASSIFIED')");
    const dir = mkdtempSync(join(tmpdir(), 'cg-mig-'));
    for (const m of readMigrations()) writeFileSync(join(dir, `${String(m.version).padStart(3, '0')}_${m.name}.sql`), m.sql);
    writeFileSync(join(dir, '900_add_short_name.sql'), 'alter table organisations add column short_name text;');
    writeFileSync(join(dir, '901_broken.sql'), 'create table half_done(x int); select no_such_function();');
    await expect(migrate(client, readMigrations(dir))).rejects.toThrow(/901_broken/);
    const orgs = await client.query('select id, name, short_name from organisations');
    expect(orgs.rows).toEqual([{ id: 'force', name: 'Force', short_name: null }]);
    expect((await client.query("select to_regclass('half_done') as t")).rows[0]).toEqual({ t: null });
    expect((await client.query('select version from schema_migrations order by 1')).rows.map((r) => r.version)).toEqual([...readMigrations(MIGRATIONS_DIR).map((m) => m.version), 900]);
  });
});
