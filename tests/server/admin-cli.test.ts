import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../server/db/cluster';
import { login } from '../../server/auth/sessions';

let cluster: Cluster;
let admin: pg.Client;

/** Runs `npm run hub:admin -- <args> --db <url>` as an administrator would. */
function hubAdmin(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('npm', ['run', '--silent', 'hub:admin', '--', ...args, '--db', cluster.url], { encoding: 'utf8', input, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(args: string[], input?: string): string {
  const r = hubAdmin(args, input);
  if (r.status !== 0) throw new Error(`hub:admin ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
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

describe('npm run hub:admin', () => {
  it('sets up organisations, groups, users, contributors and roles', async () => {
    ok(['migrate']);
    ok(['scheme', 'un']);
    ok(['org', 'add', 'force', '--name', 'Force HQ', '--clearance', 'STRICTLY CONFIDENTIAL']);
    ok(['org', 'add', 'wfp', '--name', 'World Food Programme', '--clearance', 'UNCLASSIFIED']);
    ok(['group', 'add', 'un_family', '--name', 'UN family']);
    ok(['group', 'add-member', 'un_family', 'wfp']);
    expect((await admin.query('select group_id, org_id from party_members')).rows).toEqual([{ group_id: 'un_family', org_id: 'wfp' }]);

    const added = ok(['user', 'add', 'amina', '--org', 'wfp']);
    const password = /^password: (\S+)$/m.exec(added)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect((await login(admin, 'amina', password)).ok).toBe(true);
    ok(['user', 'reset-password', 'amina', '--password-stdin'], 'a pass phrase from stdin\n');
    expect(await login(admin, 'amina', password)).toEqual({ ok: false, code: 'bad-credentials' });
    expect((await login(admin, 'amina', 'a pass phrase from stdin')).ok).toBe(true);
    await admin.query("insert into sessions (token_hash, user_id, expires_at) select 'old', id, now() - interval '40 days' from users where login = 'amina'");
    await admin.query("insert into sessions (token_hash, user_id, expires_at) select 'recent', id, now() - interval '2 days' from users where login = 'amina'");
    expect(ok(['session', 'purge', '--days', '30'])).toBe('1 sessions deleted\n');
    expect((await admin.query("select token_hash from sessions where token_hash in ('old', 'recent')")).rows).toEqual([{ token_hash: 'recent' }]);
    ok(['user', 'disable', 'amina']);
    expect(await login(admin, 'amina', 'a pass phrase from stdin')).toEqual({ ok: false, code: 'user-disabled' });

    const layer = '40000000-0000-4000-8000-000000000001';
    await admin.query("insert into layers (id, name, kind, owner_org, classification, originator, releasable_to) values ($1, 'Routes', 'patrol', 'force', 'UNCLASSIFIED', 'force', '{un_family}')", [layer]);
    ok(['layer', 'grant-contributor', layer, 'wfp']);
    ok(['layer', 'grant-contributor', layer, 'wfp']);
    expect((await admin.query('select contributors from layers where id = $1', [layer])).rows[0]).toEqual({ contributors: ['wfp'] });
    ok(['layer', 'revoke', layer, 'wfp']);
    expect((await admin.query('select contributors from layers where id = $1', [layer])).rows[0]).toEqual({ contributors: [] });

    const role = ok(['role', 'create', 'wfp', '--host', 'joc-hub.mission.local']);
    expect(role).toMatch(/^connection: postgres:\/\/cg_org_wfp:[^@]+@joc-hub\.mission\.local:\d+\/postgres$/m);
    expect(role).toMatch(/^GDAL\/QGIS: +PG:host=joc-hub\.mission\.local port=\d+ dbname=postgres user=cg_org_wfp password=\S+ schemas=cg_org_wfp$/m);
    const list = ok(['org', 'list']);
    expect(list.trim().split('\n')).toEqual(['force\tSTRICTLY CONFIDENTIAL\tForce HQ\t', 'wfp\tUNCLASSIFIED\tWorld Food Programme\tcg_org_wfp']);
  });

  it('says what went wrong and exits non-zero', () => {
    const bad = hubAdmin(['org', 'add', 'Bad Id', '--name', 'x', '--clearance', 'UNCLASSIFIED']);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/^hub:admin: /m);
    const missing = hubAdmin(['user', 'disable', 'nobody']);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('no user nobody');
  });
});
