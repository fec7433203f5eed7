import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseDecision, type Marking } from '../../shared/domain/marking';
import { connectionStringFor, createHubRole, createOrgRole, orgRoleName } from '../../server/admin/roles';
import { grantContributor, revokeContributor } from '../../server/admin/layers';
import { startCluster, type Cluster } from '../../server/db/cluster';
import { migrate } from '../../server/db/migrate';
import { withActor } from '../../server/db/tx';
import { fromPgError } from '../../server/hub/pg-errors';
import { DIRECTORY, FEATURES, LAYER, LAYERS, ORGS, SCHEME, expectedFeatureIds, expectedLayerIds, seed } from './seed';

let cluster: Cluster;
let admin: pg.Client;
let hub: pg.Pool;
const asRole = new Map<string, pg.Client>();

const roleUrl = (role: string): string => `postgres://${role}@127.0.0.1:${cluster.port}/postgres`;
const actorOf = (orgId: string) => ({ orgId, userId: '30000000-0000-4000-8000-000000000001' });
const ids = (rows: { id: string }[]): string[] => rows.map((r) => r.id).sort();

beforeAll(async () => {
  cluster = await startCluster();
  admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await migrate(admin);
  await seed(admin);
  for (const org of ORGS) {
    const role = await createOrgRole(admin, org, `pw-${org}-not-checked-on-trust`);
    const c = new pg.Client({ connectionString: roleUrl(role) });
    await c.connect();
    asRole.set(org, c);
  }
  await createHubRole(admin, 'cg_hub', 'hub-password-not-checked-on-trust');
  hub = new pg.Pool({ connectionString: roleUrl('cg_hub'), max: 2 });
}, 120_000);

afterAll(async () => {
  for (const c of asRole.values()) await c.end();
  await hub?.end();
  await admin?.end();
  cluster?.stop();
});

const role = (org: string): pg.Client => {
  const c = asRole.get(org);
  if (!c) throw new Error(`no connection for ${org}`);
  return c;
};

describe('the release rule in SQL', () => {
  it('gives the refusal shared/domain/marking.ts gives, for every marking × recipient combination', async () => {
    const classifications = ['UNCLASSIFIED', 'CONFIDENTIAL', 'STRICTLY CONFIDENTIAL', 'SECRET-ISH'];
    const caveatSets = [[], ['FORCE EYES ONLY'], ['HANDLE WITH CARE'], ['NOFORN'], ['HANDLE WITH CARE', 'NOFORN', 'FORCE EYES ONLY']];
    const originators = ['force', 'unhcr', ''];
    const releasable = [[], ['mission'], ['un_family'], ['force_group'], ['ocha'], ['nobody']];
    const recipients = [...ORGS, 'stranger'];
    let compared = 0;
    for (const classification of classifications)
      for (const caveats of caveatSets)
        for (const originator of originators)
          for (const releasableTo of releasable) {
            const marking: Marking = { classification, caveats, originator, releasableTo };
            const rows = (
              await admin.query<{ org: string; refusal: string | null }>(
                'select org, cg_release_refusal($1, $2, $3, $4, org) as refusal from unnest($5::text[]) as org',
                [classification, caveats, originator, releasableTo, recipients],
              )
            ).rows;
            for (const { org, refusal } of rows) {
              const d = releaseDecision(marking, org, DIRECTORY, SCHEME);
              expect({ marking, org, refusal }).toEqual({ marking, org, refusal: d.release ? null : d.reason.code });
              compared++;
            }
          }
    expect(compared).toBe(classifications.length * caveatSets.length * originators.length * releasable.length * recipients.length);
  });
});

describe('the read policies', () => {
  it('release exactly what releaseDecision releases, for every storable marking, to each role and through withActor', async () => {
    const markings: Marking[] = [];
    for (const classification of ['UNCLASSIFIED', 'CONFIDENTIAL', 'STRICTLY CONFIDENTIAL'])
      for (const caveats of [[], ['FORCE EYES ONLY'], ['HANDLE WITH CARE'], ['NOFORN'], ['HANDLE WITH CARE', 'FORCE EYES ONLY']])
        for (const originator of ORGS)
          for (const releasableTo of [[], ['mission'], ['un_family'], ['force_group'], ['ocha'], ['nobody', 'unhcr']]) markings.push({ classification, caveats, originator, releasableTo });
    const rows = markings.map((m, i) => ({ id: `50000000-0000-4000-8000-${String(i).padStart(12, '0')}`, ...m }));
    const gridLayer = '10000000-0000-4000-8000-0000000000ff';
    const insert = (table: 'layers' | 'features') =>
      admin.query(
        `insert into ${table} (id, ${table === 'layers' ? "name, kind, owner_org" : "layer_id, geom"}, classification, caveats, originator, releasable_to) ` +
          `select r.id, ${table === 'layers' ? "'grid', 'site', 'force'" : "$2::uuid, 'SRID=4326;POINT(29 -1)'"}, r.classification, r.caveats, r.originator, r."releasableTo" ` +
          'from jsonb_to_recordset($1) as r(id uuid, classification text, caveats text[], originator text, "releasableTo" text[])',
        table === 'layers' ? [JSON.stringify(rows)] : [JSON.stringify(rows), gridLayer],
      );
    await admin.query("insert into layers (id, name, kind, owner_org, classification, originator) values ($1, 'grid', 'site', 'force', 'UNCLASSIFIED', 'force')", [gridLayer]);
    await insert('features');
    await insert('layers');
    try {
      const expected = (org: string) => rows.filter((r) => releaseDecision(r, org, DIRECTORY, SCHEME).release).map((r) => r.id).sort();
      const gridIds = (r: { id: string }[]) => ids(r).filter((id) => id.startsWith('50000000-'));
      for (const org of ORGS) {
        expect(expected(org).length).toBeGreaterThan(0);
        expect({ org, features: gridIds((await role(org).query<{ id: string }>('select id from features')).rows) }).toEqual({ org, features: expected(org) });
        expect({ org, layers: gridIds((await role(org).query<{ id: string }>('select id from layers')).rows) }).toEqual({ org, layers: expected(org) });
      }
      for (const org of [...ORGS, 'stranger']) {
        const seen = await withActor(hub, actorOf(org), async (c) => gridIds((await c.query<{ id: string }>('select id from features')).rows));
        expect({ org, seen }).toEqual({ org, seen: expected(org) });
      }
    } finally {
      await admin.query("delete from features where id::text like '50000000-%' or layer_id = $1", [gridLayer]);
      await admin.query("delete from layers where id::text like '50000000-%' or id = $1", [gridLayer]);
    }
  });
});

describe('plain SQL as each organisation role (what QGIS gets)', () => {
  it('reads exactly the features and layers releaseDecision releases to it', async () => {
    for (const org of ORGS) {
      const features = await role(org).query<{ id: string }>('select id from features');
      expect({ org, ids: ids(features.rows) }).toEqual({ org, ids: expectedFeatureIds(org) });
      const layers = await role(org).query<{ id: string }>('select id from layers');
      expect({ org, ids: ids(layers.rows) }).toEqual({ org, ids: expectedLayerIds(org) });
    }
  });

  it('never gives a humanitarian agency a Force-only feature nor one above its clearance, and gives it its own', async () => {
    const rows = (await role('unhcr').query<{ id: string; classification: string; releasable_to: string[]; caveats: string[]; originator: string }>('select * from features')).rows;
    const others = rows.filter((r) => r.originator !== 'unhcr');
    expect(others.length).toBeGreaterThan(0);
    for (const r of others) {
      expect(r.classification).toBe('UNCLASSIFIED');
      expect(r.releasable_to).not.toEqual(['force_group']);
      expect(r.caveats).not.toContain('FORCE EYES ONLY');
    }
    const note = (id: string) => FEATURES.find((f) => f.id === id)?.note;
    expect(rows.map((r) => note(r.id))).toEqual(expect.arrayContaining(['unhcr report, top level, released to nobody', 'camp']));
    expect(rows.map((r) => note(r.id))).not.toEqual(expect.arrayContaining(['force only']));
    expect((await role('unhcr').query('select 1 from layers where id = $1', [LAYER.forceOps])).rowCount).toBe(0);
  });

  it('ignores a cg.org the role sets itself and look-alike temporary tables, and cannot become cg_app', async () => {
    const c = role('unhcr');
    await c.query("select set_config('cg.org', 'force', false)");
    try {
      expect(ids((await c.query<{ id: string }>('select id from features')).rows)).toEqual(expectedFeatureIds('unhcr'));
    } finally {
      await c.query("select set_config('cg.org', '', false)");
    }
    await c.query("create temporary table organisations (id text, name text, clearance text); insert into organisations values ('unhcr', 'x', 'STRICTLY CONFIDENTIAL')");
    await c.query("create temporary table party_members (group_id text, org_id text); insert into party_members values ('force_group', 'unhcr')");
    await c.query('set search_path = pg_temp, public');
    try {
      expect(ids((await c.query<{ id: string }>('select id from public.features')).rows)).toEqual(expectedFeatureIds('unhcr'));
    } finally {
      await c.query('drop table pg_temp.organisations, pg_temp.party_members');
      await c.query('reset search_path');
    }
    await expect(c.query('set role cg_app')).rejects.toThrow(/permission denied/);
    await expect(c.query('select * from users')).rejects.toThrow(/permission denied/);
    await expect(c.query('select * from sessions')).rejects.toThrow(/permission denied/);
  });

  it('refuses writes to a layer the organisation neither owns nor contributes to, and hard deletes to everyone', async () => {
    const c = role('unhcr');
    await expect(
      c.query("insert into features (id, layer_id, geom, classification, originator, releasable_to) values (gen_random_uuid(), $1, 'SRID=4326;POINT(29 -1)', 'UNCLASSIFIED', 'unhcr', '{mission}')", [LAYER.patrols]),
    ).rejects.toThrow(/row-level security/);
    const mission = FEATURES[0];
    const upd = await c.query("update features set props = '{\"note\":\"defaced\"}' where id = $1", [mission?.id]);
    expect(upd.rowCount).toBe(0);
    await expect(c.query('delete from features where layer_id = $1', [LAYER.patrols])).rejects.toThrow(/permission denied/);
    await expect(role('force').query('delete from features where layer_id = $1', [LAYER.patrols])).rejects.toThrow(/permission denied/);
    const stillThere = await admin.query("select props->>'note' as note from features where id = $1", [mission?.id]);
    expect(stillThere.rows[0]).toEqual({ note: 'mission-wide' });
    await expect(c.query('update layers set name = $2 where id = $1', [LAYER.patrols, 'renamed'])).resolves.toMatchObject({ rowCount: 0 });
  });

  it("lets nobody but the administrator change a row's originator", async () => {
    const camp = FEATURES.find((f) => f.note === 'camp')?.id;
    await expect(role('unhcr').query("update features set originator = 'ocha' where id = $1", [camp])).rejects.toThrow(/originator .* cannot be changed/);
    await expect(role('unhcr').query("update layers set originator = 'force' where id = $1", [LAYER.camps])).rejects.toThrow(/originator .* cannot be changed/);
    await expect(withActor(hub, actorOf('ocha'), (c) => c.query("update features set originator = 'ocha' where id = $1", [camp]))).rejects.toThrow(/originator .* cannot be changed/);
    expect((await role('unhcr').query("update features set props = '{\"note\":\"camp\"}', originator = 'unhcr' where id = $1", [camp])).rowCount).toBe(1);
  });

  it('lets a listed contributor write, and stops when the contributor is revoked', async () => {
    const c = role('ocha');
    const insert = "insert into features (id, layer_id, geom, classification, originator, releasable_to) values ($1, $2, 'SRID=4326;POINT(30 -2)', 'UNCLASSIFIED', 'ocha', '{mission}')";
    const id = '20000000-0000-4000-8000-0000000000a1';
    await c.query(insert, [id, LAYER.camps]);
    expect((await role('unhcr').query('select 1 from features where id = $1', [id])).rowCount).toBe(1);
    await revokeContributor(admin, LAYER.camps, 'ocha');
    try {
      await expect(c.query(insert, ['20000000-0000-4000-8000-0000000000a2', LAYER.camps])).rejects.toThrow(/row-level security/);
      expect((await c.query("update features set props = '{}' where id = $1", [id])).rowCount).toBe(0);
    } finally {
      await grantContributor(admin, LAYER.camps, 'ocha');
      await admin.query('delete from features where id = $1', [id]);
    }
  });

  it('shows changesets only of layers the organisation may read', async () => {
    for (const l of LAYERS) await admin.query('insert into changesets (id, layer_id, ops) values (gen_random_uuid(), $1, $2)', [l.id, JSON.stringify([{ layer: l.name }])]);
    try {
      for (const org of ORGS) {
        const seen = (await role(org).query<{ layer_id: string }>('select layer_id from changesets')).rows.map((r) => r.layer_id).sort();
        expect({ org, seen }).toEqual({ org, seen: expectedLayerIds(org) });
      }
      await expect(role('force').query('update changesets set ops = $1', ['[]'])).rejects.toThrow(/permission denied/);
    } finally {
      await admin.query('delete from changesets');
    }
  });
});

describe('the hub through withActor', () => {
  it('logs in as a role that cannot bypass RLS', async () => {
    const r = (await admin.query('select rolsuper, rolbypassrls from pg_roles where rolname = $1', ['cg_hub'])).rows[0];
    expect(r).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = await admin.query("select tablename from pg_tables where schemaname = 'public' and tableowner in ('cg_hub', 'cg_app')");
    expect(owned.rowCount).toBe(0);
    expect((await hub.query('select count(*)::int as n from features')).rows[0]).toEqual({ n: 0 });
  });

  it('gives each organisation the same view as its own role', async () => {
    for (const org of ORGS) {
      const seen = await withActor(hub, actorOf(org), async (c) => ids((await c.query<{ id: string }>('select id from features')).rows));
      expect({ org, seen }).toEqual({ org, seen: expectedFeatureIds(org) });
    }
  });

  it('refuses a write without access, keeps a permitted one, and rolls back a failing function whole', async () => {
    await expect(
      withActor(hub, actorOf('unhcr'), (c) =>
        c.query("insert into features (id, layer_id, geom, classification, originator, releasable_to) values (gen_random_uuid(), $1, 'SRID=4326;POINT(29 -1)', 'UNCLASSIFIED', 'unhcr', '{}')", [LAYER.forceOps]),
      ),
    ).rejects.toThrow(/row-level security/);
    const id = '20000000-0000-4000-8000-0000000000b1';
    await withActor(hub, actorOf('ocha'), (c) =>
      c.query("insert into features (id, layer_id, geom, classification, originator, releasable_to, created_by) values ($1, $2, 'SRID=4326;POINT(30 -2)', 'UNCLASSIFIED', 'ocha', '{un_family}', null)", [id, LAYER.camps]),
    );
    expect((await admin.query('select originator from features where id = $1', [id])).rows).toEqual([{ originator: 'ocha' }]);
    const other = '20000000-0000-4000-8000-0000000000b2';
    await expect(
      withActor(hub, actorOf('ocha'), async (c) => {
        await c.query("insert into features (id, layer_id, geom, classification, originator) values ($1, $2, 'SRID=4326;POINT(30 -2)', 'UNCLASSIFIED', 'ocha')", [other, LAYER.camps]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect((await admin.query('select 1 from features where id = $1', [other])).rowCount).toBe(0);
    await admin.query('delete from features where id = $1', [id]);
  });

  it('creates a layer only for its own organisation, and the layer appears in the QGIS views of those it is released to', async () => {
    const layer = '10000000-0000-4000-8000-0000000000c1';
    const create = (owner: string) =>
      "insert into layers (id, name, kind, owner_org, classification, originator, releasable_to) values ($1, 'Water points', 'site', '" + owner + "', 'UNCLASSIFIED', 'ocha', '{un_family}')";
    await expect(withActor(hub, actorOf('ocha'), (c) => c.query(create('force'), [layer]))).rejects.toThrow(/row-level security/);
    await withActor(hub, actorOf('ocha'), (c) => c.query(create('ocha'), [layer]));
    try {
      const views = async (org: string) => (await admin.query<{ v: string }>('select table_name as v from information_schema.views where table_schema = $1', [orgRoleName(org)])).rows.map((r) => r.v);
      const view = `site_${layer.replace(/-/g, '')}`;
      expect(await views('unhcr')).toContain(view);
      expect(await views('force')).not.toContain(view);
    } finally {
      await admin.query('delete from layers where id = $1', [layer]);
    }
  });

  it('appends changesets as the acting user only', async () => {
    const user = (await admin.query<{ id: string }>("insert into users (org_id, login, password_hash) values ('ocha', 'sam', 'x') returning id")).rows[0]?.id ?? '';
    const append = (author: string) => (c: pg.PoolClient) => c.query('insert into changesets (id, layer_id, author, ops) values (gen_random_uuid(), $1, $2, $3)', [LAYER.camps, author, '[]']);
    try {
      await withActor(hub, { orgId: 'ocha', userId: user }, append(user));
      await expect(withActor(hub, { orgId: 'ocha', userId: user }, append(actorOf('ocha').userId))).rejects.toThrow(/row-level security/);
      await expect(withActor(hub, { orgId: 'unhcr', userId: user }, append(user))).resolves.toBeTruthy();
      await expect(withActor(hub, { orgId: 'force', userId: user }, append(user))).rejects.toThrow(/row-level security/);
      expect((await admin.query('select count(*)::int as n from changesets where author = $1', [user])).rows[0]).toEqual({ n: 2 });
    } finally {
      await admin.query('delete from changesets where author = $1', [user]);
      await admin.query('delete from users where id = $1', [user]);
    }
  });

  it('commits with its last statement in one message, or rolls the whole transaction back when that statement fails', async () => {
    const insert = (id: string) => `insert into features (id, layer_id, geom, classification, originator, releasable_to) values ('${id}', '${LAYER.camps}', 'SRID=4326;POINT(30 -2)', 'UNCLASSIFIED', 'ocha', '{un_family}')`;
    const [kept, alsoKept, dropped] = ['20000000-0000-4000-8000-0000000000d1', '20000000-0000-4000-8000-0000000000d2', '20000000-0000-4000-8000-0000000000d3'];
    try {
      const after = await withActor(hub, actorOf('ocha'), async (c, tx) => {
        await c.query(insert(kept));
        await tx.commitWith(insert(alsoKept));
        return { again: await tx.readAfterCommit('select cg_current_org() as org, current_user as u'), bare: (await c.query('select cg_current_org() as org, current_user as u')).rows };
      });
      expect(after).toEqual({ again: [{ org: 'ocha', u: 'cg_app' }], bare: [{ org: null, u: 'cg_hub' }] });
      expect(ids((await admin.query<{ id: string }>('select id from features where id = any($1)', [[kept, alsoKept]])).rows)).toEqual([kept, alsoKept]);
      const refused = withActor(hub, actorOf('ocha'), async (c, tx) => {
        await c.query(insert(dropped));
        await tx.commitWith('select cg_check_all_updated(0, 1)');
      });
      await expect(refused).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/row-level security filtered 1 of 1/) });
      expect((await admin.query('select 1 from features where id = $1', [dropped])).rowCount).toBe(0);
      expect((await hub.query('select cg_check_all_updated(3, 3) as ok')).rows).toEqual([{ ok: true }]);
    } finally {
      await admin.query('delete from features where id = any($1)', [[kept, alsoKept, dropped]]);
    }
  });

  it('reports a connection lost between two queries of a request as that request\'s failure, and the pool serves on', async () => {
    const lost = withActor(hub, actorOf('ocha'), async (c) => {
      const pid = (await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]?.pid;
      const ended = new Promise((resolve) => c.once('end', resolve));
      await admin.query('select pg_terminate_backend($1)', [pid]);
      await ended;
      await c.query('select 1');
    });
    const error: unknown = await lost.then(
      () => null,
      (e: unknown) => e,
    );
    expect(fromPgError(error)).toMatchObject({ status: 503, error: { code: 'unavailable' } });
    for (let i = 0; i < 3; i++) expect((await withActor(hub, actorOf('ocha'), (c) => c.query('select cg_current_org() as org'))).rows).toEqual([{ org: 'ocha' }]);
  });

  it('leaves nothing of the actor on the pooled connection afterwards', async () => {
    await withActor(hub, actorOf('force'), (c) => c.query('select 1'));
    const after = await Promise.all([0, 1].map(() => hub.query("select current_user as u, coalesce(current_setting('cg.org', true), '') as org, cg_current_org() as current")));
    for (const r of after) expect(r.rows[0]).toEqual({ u: 'cg_hub', org: '', current: null });
  });
});

describe('GDAL as an organisation role (what QGIS lists)', () => {
  /** ogrinfo's layers and feature counts, connected with the string `role create` prints. */
  const ogrSummary = (org: string, withSchemas = true): Map<string, number> => {
    const { ogr } = connectionStringFor(cluster.url, orgRoleName(org), 'not-checked-on-trust');
    const source = withSchemas ? ogr : ogr.replace(/ schemas=\S+/, '');
    const out = execFileSync('ogrinfo', ['-ro', '-so', '-al', source], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const counts = new Map<string, number>();
    let name = '';
    for (const line of out.split('\n')) {
      const n = /^Layer name: (.+)$/.exec(line);
      if (n) name = n[1] ?? '';
      const c = /^Feature Count: (\d+)$/.exec(line);
      if (c) counts.set(name, Number(c[1]));
    }
    return counts;
  };

  it('lists one view per layer the organisation may read, with its feature counts', async () => {
    const viewNames = new Map((await admin.query<{ id: string; v: string }>('select id, cg_layer_view_name(kind, id) as v from layers')).rows.map((r) => [r.id, r.v]));
    for (const org of ORGS) {
      const expected = new Map<string, number>();
      const visible = new Set(expectedFeatureIds(org));
      for (const layerId of expectedLayerIds(org)) {
        const n = FEATURES.filter((f) => f.layer === layerId && !f.deleted && visible.has(f.id)).length;
        expected.set(viewNames.get(layerId) ?? '', n);
      }
      expect({ org, layers: Object.fromEntries(ogrSummary(org)) }).toEqual({ org, layers: Object.fromEntries(expected) });
    }
  });

  it('drops a view when its layer stops being releasable to the organisation', async () => {
    const camps = `site_${LAYER.camps.replace(/-/g, '')}`;
    expect(ogrSummary('ocha').has(camps)).toBe(true);
    await admin.query("update layers set releasable_to = '{force_group}' where id = $1", [LAYER.camps]);
    try {
      expect(ogrSummary('ocha').has(camps)).toBe(false);
      expect(ogrSummary('unhcr').has(camps)).toBe(true);
    } finally {
      await admin.query("update layers set releasable_to = '{mission}' where id = $1", [LAYER.camps]);
    }
  });

  it('keeps the views that stay when another layer arrives, without waiting for a QGIS session reading one', async () => {
    const camps = `${orgRoleName('unhcr')}.site_${LAYER.camps.replace(/-/g, '')}`;
    const oid = async () => (await admin.query<{ oid: number }>('select $1::regclass::oid as oid', [camps])).rows[0]?.oid;
    const before = await oid();
    const qgis = role('unhcr');
    await qgis.query('begin');
    const layer = '10000000-0000-4000-8000-0000000000d1';
    try {
      await qgis.query(`select count(*) from ${camps}`);
      await withActor(hub, actorOf('ocha'), async (c) => {
        await c.query("set local lock_timeout = '5s'");
        await c.query("insert into layers (id, name, kind, owner_org, classification, originator, releasable_to) values ($1, 'Clinics', 'site', 'ocha', 'UNCLASSIFIED', 'ocha', '{un_family}')", [layer]);
      });
    } finally {
      await qgis.query('commit');
    }
    try {
      expect(await oid()).toBe(before);
      const names = (await qgis.query<{ view_name: string; name: string }>('select view_name, name from layer_names order by name')).rows;
      expect(names).toEqual(expect.arrayContaining([{ view_name: `site_${layer.replace(/-/g, '')}`, name: 'Clinics' }, { view_name: `site_${LAYER.camps.replace(/-/g, '')}`, name: 'Camps' }]));
      expect(names.map((n) => n.name)).not.toContain('Force operations');
    } finally {
      await admin.query('delete from layers where id = $1', [layer]);
    }
  });

  it("without schemas=, lists other organisations' view names but reads not one of their features", async () => {
    const all = ogrSummary('unhcr', false);
    const foreign = [...all].filter(([name]) => name.startsWith('cg_org_'));
    expect(foreign.length).toBeGreaterThan(0);
    for (const [, n] of foreign) expect(n).toBe(0);
    expect(all.get('public.features')).toBe(expectedFeatureIds('unhcr').length);
  });
});
