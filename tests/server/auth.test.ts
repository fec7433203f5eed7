import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UN_SCHEME } from '../../shared/domain/marking';
import { addOrganisation, loadScheme } from '../../server/admin/directory';
import { createHubRole } from '../../server/admin/roles';
import { hashPassword, verifyPassword } from '../../server/auth/password';
import { login, revokeToken, sessionCheckStatement, tokenHash, verifyToken } from '../../server/auth/sessions';
import { readAsSession, withSession } from '../../server/db/tx';
import { addUser, disableUser, resetPassword } from '../../server/auth/users';
import { startCluster, type Cluster } from '../../server/db/cluster';
import { migrate } from '../../server/db/migrate';

let cluster: Cluster;
let admin: pg.Client;
/** The hub's own login: what the auth code really runs as. */
let hub: pg.Pool;
let userId = '';

const HOUR = 60 * 60 * 1000;
const T0 = new Date('2026-03-01T08:00:00Z');
const at = (ms: number): Date => new Date(T0.getTime() + ms);

beforeAll(async () => {
  cluster = await startCluster();
  admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await migrate(admin);
  await loadScheme(admin, UN_SCHEME);
  await addOrganisation(admin, { id: 'unhcr', name: 'UNHCR', clearance: 'UNCLASSIFIED' });
  userId = await addUser(admin, { login: 'amina', orgId: 'unhcr', password: 'correct horse battery' });
  await addUser(admin, { login: 'jo', orgId: 'unhcr', password: 'jo-s long password' });
  await createHubRole(admin, 'cg_hub', 'not-checked-on-trust');
  hub = new pg.Pool({ connectionString: `postgres://cg_hub@127.0.0.1:${cluster.port}/postgres`, max: 2 });
}, 120_000);

afterAll(async () => {
  await hub?.end();
  await admin?.end();
  cluster?.stop();
});

describe('scrypt password hashes', () => {
  it('verify the right password, reject a wrong one, and salt each hash', async () => {
    const a = await hashPassword('Kivu 2026!');
    const b = await hashPassword('Kivu 2026!');
    expect(a).toMatch(/^scrypt\$17\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('Kivu 2026!', a)).toBe(true);
    expect(await verifyPassword('Kivu 2026!', b)).toBe(true);
    expect(await verifyPassword('kivu 2026!', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
    expect(await verifyPassword('Bangui-sécurité', await hashPassword('Bangui-se\u0301curite\u0301'))).toBe(true);
  });

  it('reject a tampered or foreign hash instead of throwing', async () => {
    const h = await hashPassword('secret words here');
    const parts = h.split('$');
    const key = Buffer.from(parts[5] ?? '', 'base64');
    key[0] = (key[0] ?? 0) ^ 1;
    expect(await verifyPassword('secret words here', [...parts.slice(0, 5), key.toString('base64')].join('$'))).toBe(false);
    expect(await verifyPassword('secret words here', h.replace('scrypt$17$', 'scrypt$30$'))).toBe(false);
    expect(await verifyPassword('secret words here', '$2b$10$abcdefghijklmnopqrstuv')).toBe(false);
    expect(await verifyPassword('secret words here', '')).toBe(false);
  });
});

describe('logins and session tokens', () => {
  it('logs in, stores only the sha256 of the token, and verifies it to the actor', async () => {
    const r = await login(hub, 'amina', 'correct horse battery', { now: T0, ttlMs: 8 * HOUR });
    if (!r.ok) throw new Error(r.code);
    expect(r.value.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r.value.expiresAt).toEqual(at(8 * HOUR));
    expect(r.value.actor).toEqual({ userId, orgId: 'unhcr' });
    const stored = (await admin.query<{ token_hash: string }>('select token_hash from sessions where user_id = $1', [userId])).rows.map((x) => x.token_hash);
    expect(stored).toContain(tokenHash(r.value.token));
    expect(stored).not.toContain(r.value.token);
    expect(await verifyToken(hub, r.value.token, at(HOUR))).toEqual({ ok: true, value: { userId, orgId: 'unhcr' } });
  });

  it('refuses a wrong password and an unknown login alike', async () => {
    expect(await login(hub, 'amina', 'Correct horse battery')).toEqual({ ok: false, code: 'bad-credentials' });
    expect(await login(hub, 'nobody', 'correct horse battery')).toEqual({ ok: false, code: 'bad-credentials' });
  });

  it('expires a token at its expiry time', async () => {
    const r = await login(hub, 'amina', 'correct horse battery', { now: T0, ttlMs: 2 * HOUR });
    if (!r.ok) throw new Error(r.code);
    expect((await verifyToken(hub, r.value.token, at(2 * HOUR - 1))).ok).toBe(true);
    expect(await verifyToken(hub, r.value.token, at(2 * HOUR))).toEqual({ ok: false, code: 'token-expired' });
  });

  it('revokes a token on logout, once', async () => {
    const r = await login(hub, 'amina', 'correct horse battery', { now: T0 });
    if (!r.ok) throw new Error(r.code);
    expect(await revokeToken(hub, r.value.token, at(HOUR))).toBe(true);
    expect(await revokeToken(hub, r.value.token, at(HOUR))).toBe(false);
    expect(await verifyToken(hub, r.value.token, at(HOUR + 1))).toEqual({ ok: false, code: 'token-revoked' });
  });

  it('checks the session and runs a statement as its actor in one script, refusing as verifyToken does', async () => {
    const r = await login(hub, 'amina', 'correct horse battery', { now: T0, ttlMs: 2 * HOUR });
    if (!r.ok) throw new Error(r.code);
    const whoami = "select cg_current_org() as org, cg_current_user()::text as usr, current_user::text as role";
    expect(await readAsSession(hub, r.value.token, whoami, at(HOUR))).toEqual({ ok: true, value: { actor: { userId, orgId: 'unhcr' }, rows: [{ org: 'unhcr', usr: userId, role: 'cg_app' }] } });
    expect(await readAsSession(hub, r.value.token, whoami, at(2 * HOUR))).toEqual({ ok: false, code: 'token-expired' });
    expect(await readAsSession(hub, 'x'.repeat(43), whoami)).toEqual({ ok: false, code: 'bad-credentials' });
    expect(await readAsSession(hub, "'; drop table sessions; --", whoami)).toEqual({ ok: false, code: 'bad-credentials' });
    expect(await revokeToken(hub, r.value.token, at(HOUR))).toBe(true);
    expect(await readAsSession(hub, r.value.token, whoami, at(HOUR))).toEqual({ ok: false, code: 'token-revoked' });
    // What the statement itself saw for a refused session: no organisation and no user at all.
    const seenAs = async (now: Date) => {
      const c = await hub.connect();
      try {
        const results = (await c.query(`begin; ${sessionCheckStatement(r.value.token, now) ?? ''}; set local role cg_app; ${whoami}; rollback`)) as unknown as pg.QueryResult[];
        return results[3]?.rows[0];
      } finally {
        c.release();
      }
    };
    expect(await seenAs(at(HOUR - 1))).toEqual({ org: 'unhcr', usr: userId, role: 'cg_app' });
    expect(await seenAs(at(HOUR))).toEqual({ org: null, usr: null, role: 'cg_app' });
    expect(await seenAs(at(3 * HOUR))).toEqual({ org: null, usr: null, role: 'cg_app' });
  });

  it('opens a transaction as the session\'s actor with the check and the opening statements in the same round trip, and runs nothing for a refused session', async () => {
    const r = await login(hub, 'amina', 'correct horse battery', { now: T0, ttlMs: 2 * HOUR });
    if (!r.ok) throw new Error(r.code);
    const whoami = "select cg_current_org() as org, cg_current_user()::text as usr, current_user::text as role";
    let ran = 0;
    const ask = (now: Date, token = r.value.token) =>
      withSession(
        hub,
        token,
        async (c, _tx, actor, opened) => {
          ran++;
          return { actor, seen: (await c.query(whoami)).rows[0], opened: opened.map((o) => o.rows[0]) };
        },
        { now, opening: `${whoami}; select 2 as n` },
      );
    const as = { org: 'unhcr', usr: userId, role: 'cg_app' };
    expect(await ask(at(HOUR))).toEqual({ ok: true, value: { actor: { userId, orgId: 'unhcr' }, seen: as, opened: [as, { n: 2 }] } });
    expect(await ask(at(2 * HOUR))).toEqual({ ok: false, code: 'token-expired' });
    expect(await ask(at(HOUR), 'x'.repeat(43))).toEqual({ ok: false, code: 'bad-credentials' });
    expect(await revokeToken(hub, r.value.token, at(HOUR))).toBe(true);
    expect(await ask(at(HOUR))).toEqual({ ok: false, code: 'token-revoked' });
    expect(ran).toBe(1);
    const after = (await hub.query("select current_user as u, coalesce(current_setting('cg.org', true), '') as org")).rows[0];
    expect(after).toEqual({ u: 'cg_hub', org: '' });
  });

  it('refuses tokens it never issued', async () => {
    expect(await verifyToken(hub, 'x'.repeat(43))).toEqual({ ok: false, code: 'bad-credentials' });
    expect(await verifyToken(hub, "'; drop table sessions; --")).toEqual({ ok: false, code: 'bad-credentials' });
  });

  it('closes sessions on a password reset, and a disabled user neither logs in nor keeps a session', async () => {
    const before = await login(hub, 'jo', 'jo-s long password');
    if (!before.ok) throw new Error(before.code);
    expect(await resetPassword(admin, 'jo', 'jo-s new long password')).toBe(true);
    expect((await verifyToken(hub, before.value.token)).ok).toBe(false);
    expect(await login(hub, 'jo', 'jo-s long password')).toEqual({ ok: false, code: 'bad-credentials' });
    const fresh = await login(hub, 'jo', 'jo-s new long password');
    if (!fresh.ok) throw new Error(fresh.code);
    await admin.query('update users set disabled = true where login = $1', ['jo']);
    expect(await verifyToken(hub, fresh.value.token)).toEqual({ ok: false, code: 'user-disabled' });
    expect(await login(hub, 'jo', 'jo-s new long password')).toEqual({ ok: false, code: 'user-disabled' });
    expect(await login(hub, 'jo', 'a wrong password')).toEqual({ ok: false, code: 'bad-credentials' });
    expect(await disableUser(admin, 'jo')).toBe(true);
    expect(await verifyToken(hub, fresh.value.token)).toEqual({ ok: false, code: 'token-revoked' });
    expect(await disableUser(admin, 'no-such-login')).toBe(false);
  });

  it('the hub login reads users but changes only sessions', async () => {
    await expect(hub.query('select count(*) from users')).resolves.toBeTruthy();
    await expect(hub.query('delete from users')).rejects.toThrow(/permission denied/);
    await expect(hub.query("update users set disabled = false where login = 'jo'")).rejects.toThrow(/permission denied/);
    await expect(hub.query('delete from sessions')).rejects.toThrow(/permission denied/);
  });
});
