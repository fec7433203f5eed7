import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, revokeToken } from '../../server/auth/sessions';
import { HubClient } from '../../server/hub/client';
import { LAYER, LOGIN } from '../../server/hub/demo-mission';
import { ErrorResponseSchema, LIMITS } from '../../shared/hub/protocol';
import { changeset, newFeature, put, PASSWORDS, startMissionHub, written, type MissionHub } from './hub-mission';

let m: MissionHub;

beforeAll(async () => {
  m = await startMissionHub();
}, 180_000);

afterAll(async () => {
  await m?.stop();
});

async function until(test: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !test(); i++) await new Promise((r) => setTimeout(r, 50));
}

async function raw(path: string, init: RequestInit & { token?: string | null }): Promise<{ status: number; body: unknown }> {
  const headers = new Headers(init.headers);
  const token = init.token === undefined ? m.force.token : init.token;
  if (token) headers.set('authorization', `Bearer ${token}`);
  const res = await fetch(m.hub.url + path, { ...init, headers });
  return { status: res.status, body: await res.json() };
}

/** Runs `request`, expects the error `code` with `status`, and that nothing was written. */
async function refused(request: () => Promise<{ status: number; body: unknown }>, status: number, code: string): Promise<Record<string, unknown>> {
  const before = await written(m.admin);
  const a = await request();
  expect(a.status).toBe(status);
  const error = ErrorResponseSchema.parse(a.body).error;
  expect(error.code).toBe(code);
  expect(await written(m.admin)).toEqual(before);
  return error.params;
}

const pushBody = (layerId: string = LAYER.incidents) => JSON.stringify({ changeset: changeset(layerId, [put([{ feature: newFeature({ name: 'x' }), baseVersion: null }])]) });

describe('bad input is refused with a code and writes nothing', () => {
  it('malformed JSON', async () => {
    await refused(() => raw('/push', { method: 'POST', body: '{"changeset": {"id": ' }), 400, 'bad-json');
  });

  it('an oversized body, declared or streamed', async () => {
    const big = JSON.stringify({ changeset: changeset(LAYER.incidents, [put([{ feature: newFeature({ blob: 'x'.repeat(LIMITS.stringChars) }), baseVersion: null }])]) }).padEnd(LIMITS.bodyBytes + 10, ' ');
    const params = await refused(() => raw('/push', { method: 'POST', body: big }), 413, 'body-too-large');
    expect(params).toEqual({ limit: LIMITS.bodyBytes });
    expect(await refused(() => raw('/login', { method: 'POST', body: JSON.stringify({ login: 'x', password: 'y'.repeat(LIMITS.loginBodyBytes) }), token: null }), 413, 'body-too-large')).toEqual({ limit: LIMITS.loginBodyBytes });
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ < 9) c.enqueue(new TextEncoder().encode(' '.repeat(1024 * 1024)));
        else c.close();
      },
    });
    // No content-length: the limit is checked as the bytes arrive.
    await refused(() => raw('/push', { method: 'POST', body: stream, duplex: 'half' } as RequestInit), 413, 'body-too-large');
  });

  it('wrong types, named by their path', async () => {
    const cs = changeset(LAYER.incidents, [put([{ feature: newFeature(), baseVersion: null }])]);
    const bad = { changeset: { ...cs, ops: [{ op: 'putFeatures', features: [{ feature: { ...newFeature(), geometry: { type: 'Point', coordinates: ['29', -1] } }, baseVersion: null }] }] } };
    const params = await refused(() => raw('/push', { method: 'POST', body: JSON.stringify(bad) }), 400, 'invalid-request');
    expect(params).toMatchObject({ path: 'changeset.ops.0.features.0.feature.geometry.coordinates' });
    const versionAsText = { changeset: { ...cs, ops: [{ op: 'deleteFeatures', features: [{ id: crypto.randomUUID(), baseVersion: '1' }] }] } };
    expect(await refused(() => raw('/push', { method: 'POST', body: JSON.stringify(versionAsText) }), 400, 'invalid-request')).toMatchObject({ path: 'changeset.ops.0.features.0.baseVersion', issue: 'invalid_type' });
    const outOfRange = { changeset: { ...cs, ops: [put([{ feature: { ...newFeature(), geometry: { type: 'Point', coordinates: [190, 0] } }, baseVersion: null }])] } };
    await refused(() => raw('/push', { method: 'POST', body: JSON.stringify(outOfRange) }), 400, 'invalid-request');
    const notAnId = { changeset: { ...cs, layerId: "1'; drop table features; --" } };
    expect(await refused(() => raw('/push', { method: 'POST', body: JSON.stringify(notAnId) }), 400, 'invalid-request')).toMatchObject({ path: 'changeset.layerId' });
    const f = newFeature();
    const twice = { changeset: { ...cs, ops: [put([{ feature: f, baseVersion: null }, { feature: f, baseVersion: null }])] } };
    expect(await refused(() => raw('/push', { method: 'POST', body: JSON.stringify(twice) }), 400, 'invalid-request')).toMatchObject({ issue: 'feature-twice' });
    expect(await refused(() => raw('/pull?since=-1', { method: 'GET' }), 400, 'invalid-request')).toMatchObject({ path: 'since' });
    expect(await refused(() => raw(`/pull?since=0&limit=${LIMITS.pullPage + 1}`, { method: 'GET' }), 400, 'invalid-request')).toMatchObject({ path: 'limit' });
    await refused(() => raw('/layers/not-a-uuid/snapshot', { method: 'GET' }), 400, 'invalid-request');
  });

  it("another organisation's layer id", async () => {
    const token = m.ocha.token;
    await refused(() => raw('/push', { method: 'POST', body: pushBody(LAYER.patrols), token }), 404, 'layer-not-found');
    await refused(() => raw('/push', { method: 'POST', body: pushBody(crypto.randomUUID()), token }), 404, 'layer-not-found');
  });

  it('an unknown classification', async () => {
    const body = JSON.stringify({ changeset: changeset(LAYER.incidents, [put([{ feature: newFeature({}, { classification: 'TOP SECRET', caveats: [], releasableTo: ['mission'] }), baseVersion: null }])]) });
    await refused(() => raw('/push', { method: 'POST', body }), 400, 'unknown-classification');
  });

  it('stores SQL-looking properties as data', async () => {
    const nasty = {
      name: "Robert'); DROP TABLE features;--",
      "note'; delete from changesets; --": '$1 $2 \\x00 %s',
      nested: { q: "' or 1=1 --", list: ['"; select pg_sleep(10); --'] },
    };
    const f = newFeature(nasty);
    const cs = changeset(LAYER.incidents, [put([{ feature: f, baseVersion: null }])], "label'); drop table layers; --");
    const before = await written(m.admin);
    const a = await m.force.push(cs);
    expect(a.ok && a.body.status).toBe('applied');
    const after = await written(m.admin);
    expect(after.features).toBe(before.features + 1);
    expect(after.changesets).toBe(before.changesets + 1);
    const pulled = await m.ocha.sync(0);
    const got = pulled.changes.find((c) => c.changeset.id === cs.id)?.changeset;
    expect(got?.label).toBe("label'); drop table layers; --");
    expect(got?.features[0]?.properties).toEqual(nasty);
    const tables = await m.admin.query("select count(*)::int n from information_schema.tables where table_name in ('features', 'changesets', 'layers')");
    expect(tables.rows[0]).toEqual({ n: 3 });
  });

  it('a missing, unknown, expired or revoked token', async () => {
    await refused(() => raw('/push', { method: 'POST', body: pushBody(), token: null }), 401, 'unauthenticated');
    await refused(() => raw('/push', { method: 'POST', body: pushBody(), token: 'A'.repeat(43) }), 401, 'bad-credentials');
    const db = new pg.Client({ connectionString: m.hubDb });
    await db.connect();
    try {
      const expired = await login(db, LOGIN.force, PASSWORDS.force, { ttlMs: -1000 });
      if (!expired.ok) throw new Error(expired.code);
      await refused(() => raw('/push', { method: 'POST', body: pushBody(), token: expired.value.token }), 401, 'token-expired');
      await refused(() => raw('/pull?since=0', { method: 'GET', token: expired.value.token }), 401, 'token-expired');
      const revoked = new HubClient(m.hub.url);
      const r = await revoked.login(LOGIN.force, PASSWORDS.force);
      if (!r.ok) throw new Error(r.error.code);
      expect((await revoked.pull(0)).ok).toBe(true);
      await m.admin.query('update sessions set revoked_at = now()');
      // Refused at the very next request: nothing about a session is kept between requests.
      await refused(() => raw('/pull?since=0', { method: 'GET', token: revoked.token }), 401, 'token-revoked');
      await refused(() => raw('/pull?since=x', { method: 'GET', token: revoked.token }), 401, 'token-revoked');
      await refused(() => raw('/push', { method: 'POST', body: pushBody(), token: revoked.token }), 401, 'token-revoked');
    } finally {
      await db.end();
      // Later tests log in again: the sessions of this file's clients were revoked above.
      for (const [c, l, p] of [[m.force, LOGIN.force, PASSWORDS.force], [m.ocha, LOGIN.ocha, PASSWORDS.ocha]] as const) await c.login(l, p);
    }
  });

  it('closes a live client whose session is revoked', async () => {
    const c = new HubClient(m.hub.url);
    const r = await c.login(LOGIN.ocha, PASSWORDS.ocha);
    if (!r.ok) throw new Error(r.error.code);
    const live = await c.live();
    await live.next((f) => f.type === 'ready');
    const db = new pg.Client({ connectionString: m.hubDb });
    await db.connect();
    try {
      expect(await revokeToken(db, r.body.token)).toBe(true);
    } finally {
      await db.end();
    }
    expect(await live.next((f) => f.type === 'error')).toEqual({ type: 'error', error: { code: 'token-revoked', params: {} } });
    await until(() => live.closed !== null);
    expect(live.closed?.code).toBe(1008);
  });

  it('bad credentials at login, and a wrong method or path', async () => {
    await refused(() => raw('/login', { method: 'POST', body: JSON.stringify({ login: LOGIN.force, password: 'wrong' }), token: null }), 401, 'bad-credentials');
    await refused(() => raw('/login', { method: 'POST', body: JSON.stringify({ login: LOGIN.force }), token: null }), 400, 'invalid-request');
    await refused(() => raw('/push', { method: 'GET' }), 405, 'method-not-allowed');
    await refused(() => raw('/nowhere', { method: 'GET' }), 404, 'not-found');
  });
});
