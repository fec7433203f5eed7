import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withActor } from '../../server/db/tx';
import { HubClient } from '../../server/hub/client';
import { tokenHash } from '../../server/auth/sessions';
import { LAYER, LOGIN, ORG } from '../../server/hub/demo-mission';
import { LOG_LOCK_KEY } from '../../server/hub/push';
import type { PulledChangeset } from '../../shared/hub/protocol';
import { changeset, newFeature, PASSWORDS, point, put, startMissionHub, until, written, type MissionHub } from './hub-mission';

let m: MissionHub;

beforeAll(async () => {
  m = await startMissionHub();
}, 180_000);

afterAll(async () => {
  await m?.stop();
});

const featureIds = (changes: { changeset: PulledChangeset }[]) => changes.flatMap((c) => c.changeset.features.map((f) => f.id));

async function headSeq(): Promise<number> {
  return Number((await m.admin.query<{ s: string }>('select coalesce(max(seq), 0) s from changesets')).rows[0]?.s);
}

describe('push and pull', () => {
  it('applies a pushed changeset and gives it to a reader of the layer through pull', async () => {
    const since = await headSeq();
    const f = newFeature({ name: 'Checkpoint', fatalities: 0 });
    const cs = changeset(LAYER.incidents, [put([{ feature: f, baseVersion: null }])], 'Add checkpoint');
    const pushed = await m.force.push(cs);
    expect(pushed).toMatchObject({ ok: true, status: 200, body: { status: 'applied', versions: { [f.id]: 1 } } });
    const page = await m.ocha.pull(since);
    expect(page.ok && page.body.changes.map((c) => c.changeset.id)).toEqual([cs.id]);
    const got = page.ok ? page.body.changes[0]?.changeset : undefined;
    expect(got).toMatchObject({ layerId: LAYER.incidents, label: 'Add checkpoint', author: m.mission.actors.force.userId });
    expect(got?.features).toEqual([
      expect.objectContaining({ id: f.id, version: 1, deleted: false, geometry: f.geometry, properties: f.properties, marking: { classification: 'UNCLASSIFIED', caveats: [], originator: ORG.force, releasableTo: ['mission'] } }),
    ]);
  });

  it('answers a changeset pushed twice as duplicate and writes it once', async () => {
    const f = newFeature({ name: 'Twice' });
    const cs = changeset(LAYER.incidents, [put([{ feature: f, baseVersion: null }])]);
    const first = await m.force.push(cs);
    const before = await written(m.admin);
    const second = await m.force.push(cs);
    expect(first.ok && first.body.status).toBe('applied');
    expect(second).toMatchObject({ ok: true, status: 200, body: { status: 'duplicate', seq: first.ok && first.body.status === 'applied' ? first.body.seq : -1 } });
    expect(await written(m.admin)).toEqual(before);
    expect((await m.admin.query('select 1 from changesets where id = $1', [cs.id])).rowCount).toBe(1);
  });

  it('applies once two copies of a changeset that pass every check together and meet at the log lock', async () => {
    // New features have no rows to lock, so both copies get as far as the write statement, where
    // the second finds the id taken only after the first has committed.
    const cs = changeset(LAYER.incidents, [put([{ feature: newFeature({ name: 'Raced' }), baseVersion: null }])]);
    const blocker = new pg.Client({ connectionString: m.cluster.url });
    await blocker.connect();
    try {
      await blocker.query('select pg_advisory_lock($1)', [LOG_LOCK_KEY]);
      const before = await written(m.admin);
      const answers = Promise.all([m.force.push(cs), m.force.push(cs)]);
      await until(async () => (await m.admin.query("select 1 from pg_stat_activity where usename = 'cg_hub' and wait_event = 'advisory'")).rowCount === 2, 'both copies to wait on the log lock');
      await blocker.query('select pg_advisory_unlock($1)', [LOG_LOCK_KEY]);
      const bodies = (await answers).map((a) => (a.ok ? a.body : a.error));
      const applied = bodies.find((b) => 'status' in b && b.status === 'applied');
      expect(applied).toMatchObject({ status: 'applied' });
      expect(bodies).toContainEqual({ status: 'duplicate', seq: applied && 'seq' in applied ? applied.seq : -1 });
      expect(await written(m.admin)).toEqual({ ...before, changesets: before.changesets + 1, features: before.features + 1, log: before.log + 1 });
    } finally {
      await blocker.end();
    }
  });

  it('gives no base the pusher may not read: a claimed base version from before a loosened marking stays hidden', async () => {
    const forceOnly = { classification: 'CONFIDENTIAL', caveats: [], releasableTo: [ORG.force] };
    const mission = { classification: 'UNCLASSIFIED', caveats: [], releasableTo: ['mission'] };
    const f = newFeature({ name: 'Source: informant 7' }, forceOnly);
    await m.force.push(changeset(LAYER.incidents, [put([{ feature: f, baseVersion: null }])]));
    const opened = await m.force.push(changeset(LAYER.incidents, [put([{ feature: { ...f, properties: { name: 'Ford' }, marking: mission }, baseVersion: 1 }])]));
    expect(opened.ok && opened.body.status).toBe('applied');
    const answer = await m.ocha.push(changeset(LAYER.incidents, [put([{ feature: { ...f, properties: { name: 'Ford (flooded)' }, marking: mission }, baseVersion: 1 }])]));
    expect(answer.ok && answer.body).toEqual({
      status: 'conflicts',
      conflicts: [{ featureId: f.id, baseVersion: 1, server: { version: 2, feature: expect.objectContaining({ properties: { name: 'Ford' } }) }, base: null }],
    });
    expect(JSON.stringify(answer)).not.toContain('informant');
  });

  it('returns a stale base version as a conflict with the hub version and writes nothing of the changeset', async () => {
    const f = newFeature({ name: 'Contested', status: 'unverified' });
    await m.force.push(changeset(LAYER.incidents, [put([{ feature: f, baseVersion: null }])]));
    const v2 = await m.force.push(changeset(LAYER.incidents, [put([{ feature: { ...f, properties: { name: 'Contested', status: 'verified' } }, baseVersion: 1 }])]));
    expect(v2.ok && v2.body.status === 'applied' && v2.body.versions[f.id]).toBe(2);
    const bystander = newFeature({ name: 'Would be added' });
    const before = await written(m.admin);
    const stale = changeset(LAYER.incidents, [
      put([
        { feature: bystander, baseVersion: null },
        { feature: { ...f, properties: { name: 'Contested', status: 'discounted' } }, baseVersion: 1 },
      ]),
    ]);
    const answer = await m.ocha.push(stale);
    expect(answer.status).toBe(409);
    expect(answer.ok && answer.body).toEqual({
      status: 'conflicts',
      conflicts: [
        {
          featureId: f.id,
          baseVersion: 1,
          server: { version: 2, feature: expect.objectContaining({ id: f.id, version: 2, properties: { name: 'Contested', status: 'verified' } }) },
          base: expect.objectContaining({ id: f.id, version: 1, properties: { name: 'Contested', status: 'unverified' } }),
        },
      ],
    });
    expect(await written(m.admin)).toEqual(before);
    expect((await m.admin.query('select 1 from changesets where id = $1', [stale.id])).rowCount).toBe(0);
    // The same changeset id, rebased, is not a duplicate: the refused attempt left no trace.
    const rebased = { ...stale, ops: [put([{ feature: bystander, baseVersion: null }, { feature: { ...f, properties: { name: 'Contested', status: 'discounted' } }, baseVersion: 2 }])] };
    const retry = await m.ocha.push(rebased);
    expect(retry.ok && retry.body).toMatchObject({ status: 'applied', versions: { [f.id]: 3, [bystander.id]: 1 } });
    const row = await m.admin.query('select version, props, originator, updated_by from features where id = $1', [f.id]);
    expect(row.rows[0]).toEqual({ version: 3, props: { name: 'Contested', status: 'discounted' }, originator: ORG.force, updated_by: m.mission.actors.ocha.userId });
  });

  it('takes an identical edit from a stale base as no conflict', async () => {
    const f = newFeature({ name: 'Same' });
    await m.force.push(changeset(LAYER.incidents, [put([{ feature: f, baseVersion: null }])]));
    const edited = { ...f, properties: { name: 'Same', note: 'both typed this' } };
    await m.force.push(changeset(LAYER.incidents, [put([{ feature: edited, baseVersion: 1 }])]));
    const answer = await m.ocha.push(changeset(LAYER.incidents, [put([{ feature: edited, baseVersion: 1 }])]));
    expect(answer.ok && answer.body).toMatchObject({ status: 'applied', versions: {} });
    expect((await m.admin.query('select version from features where id = $1', [f.id])).rows[0]).toEqual({ version: 2 });
  });

  it('deletes as a tombstone that pull carries and the snapshot leaves out', async () => {
    const f = newFeature({ name: 'Withdrawn' });
    await m.force.push(changeset(LAYER.incidents, [put([{ feature: f, baseVersion: null }])]));
    const since = await headSeq();
    const stale = await m.force.push(changeset(LAYER.incidents, [{ op: 'deleteFeatures', features: [{ id: f.id, baseVersion: 7 }] }]));
    expect(stale.status).toBe(409);
    const del = await m.force.push(changeset(LAYER.incidents, [{ op: 'deleteFeatures', features: [{ id: f.id, baseVersion: 1 }] }]));
    expect(del.ok && del.body).toMatchObject({ status: 'applied', versions: { [f.id]: 2 } });
    const page = await m.ocha.pull(since);
    expect(page.ok && page.body.changes.flatMap((c) => c.changeset.features.map((x) => [x.id, x.version, x.deleted]))).toEqual([[f.id, 2, true]]);
    const snap = await m.ocha.snapshot(LAYER.incidents);
    expect(snap.ok && snap.body.features.map((x) => x.id)).not.toContain(f.id);
  });

  it('pages a layer snapshot by feature id', async () => {
    const all = await m.force.snapshot(LAYER.incidents);
    const ids = all.ok ? all.body.features.map((f) => f.id) : [];
    expect(ids.length).toBeGreaterThan(4);
    const paged: string[] = [];
    let after: string | undefined;
    for (;;) {
      const p = await m.force.snapshot(LAYER.incidents, after, 2);
      if (!p.ok) throw new Error(p.error.code);
      paged.push(...p.body.features.map((f) => f.id));
      if (!p.body.next) break;
      after = p.body.next;
    }
    expect(paged).toEqual(ids);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe('releasability through the API', () => {
  it('lists only the layers an organisation may read, with whether it may write them', async () => {
    const ocha = await m.ocha.layers();
    expect(ocha.ok && ocha.body.layers.map((l) => [l.id, l.writable]).sort()).toEqual([[LAYER.incidents, true], [LAYER.sites, true]].sort());
    const force = await m.force.layers();
    expect(force.ok && force.body.layers.map((l) => [l.id, l.writable]).sort()).toEqual([[LAYER.incidents, true], [LAYER.patrols, true], [LAYER.sites, false]].sort());
  });

  it('never gives a humanitarian reader a Force-only feature, by pull or snapshot', async () => {
    const since = await headSeq();
    const secret = newFeature({ name: 'Source report 2' }, { classification: 'CONFIDENTIAL', caveats: [], releasableTo: [ORG.force] });
    const open = newFeature({ name: 'Road cut' });
    await m.force.push(changeset(LAYER.incidents, [put([{ feature: secret, baseVersion: null }])]));
    await m.force.push(changeset(LAYER.incidents, [put([{ feature: open, baseVersion: null }])]));
    await m.force.push(changeset(LAYER.patrols, [put([{ feature: newFeature({ name: 'Night patrol' }), baseVersion: null }])]));
    const forcePull = await m.force.sync(since);
    expect(featureIds(forcePull.changes)).toEqual(expect.arrayContaining([secret.id, open.id]));
    expect(forcePull.changes).toHaveLength(3);
    const ochaPull = await m.ocha.sync(since);
    expect(featureIds(ochaPull.changes)).toEqual([open.id]);
    // The patrol changeset is past OCHA's last page and stays invisible to it.
    expect(ochaPull.seq).toBeLessThan(forcePull.seq);
    expect((await m.ocha.sync(ochaPull.seq)).changes).toEqual([]);
    const all = await m.ocha.sync(0);
    expect(featureIds(all.changes)).not.toContain(secret.id);
    expect(featureIds(all.changes)).not.toContain(m.mission.features.forceOnlyIncident);
    expect(featureIds(all.changes)).not.toContain(m.mission.features.forcePatrol);
    const snap = await m.ocha.snapshot(LAYER.incidents);
    const snapIds = snap.ok ? snap.body.features.map((f) => f.id) : [];
    expect(snapIds).toContain(open.id);
    expect(snapIds).toContain(m.mission.features.sharedIncident);
    expect(snapIds).not.toContain(secret.id);
    expect(snapIds).not.toContain(m.mission.features.forceOnlyIncident);
    expect(await m.ocha.snapshot(LAYER.patrols)).toMatchObject({ ok: false, status: 404, error: { code: 'layer-not-found' } });
  });

  it('shows each organisation the same features in the change log as in the features table', async () => {
    for (const actor of [m.mission.actors.force, m.mission.actors.ocha]) {
      const [live, logged] = await withActor(m.hub.pool, actor, async (db) => [
        (await db.query<{ id: string }>('select id from features order by id')).rows.map((r) => r.id),
        (await db.query<{ id: string }>('select distinct feature_id as id from changeset_features order by 1')).rows.map((r) => r.id),
      ]);
      expect(logged).toEqual(live);
    }
    const all = (await m.admin.query<{ n: number }>('select count(*)::int n from features')).rows[0]?.n;
    const ochaSees = await withActor(m.hub.pool, m.mission.actors.ocha, async (db) => (await db.query<{ n: number }>('select count(*)::int n from changeset_features cf where cf.seq = (select max(seq) from changeset_features c2 where c2.feature_id = cf.feature_id)')).rows[0]?.n);
    expect(ochaSees).toBeLessThan(all ?? 0);
  });

  it('never sends a humanitarian live client a Force-only change, nor its seq', async () => {
    const forceLive = await m.force.live();
    const ochaLive = await m.ocha.live();
    const old = await m.ocha.live({ protocol: 1 });
    for (const l of [forceLive, ochaLive, old]) await l.next((f) => f.type === 'ready');
    const secret = await m.force.push(changeset(LAYER.incidents, [put([{ feature: newFeature({ name: 'Informant' }, { classification: 'CONFIDENTIAL', caveats: [], releasableTo: [ORG.force] }), baseVersion: null }])]));
    const patrol = await m.force.push(changeset(LAYER.patrols, [put([{ feature: newFeature({ name: 'Recce' }), baseVersion: null }])]));
    const open = await m.force.push(changeset(LAYER.incidents, [put([{ feature: newFeature({ name: 'Market fire' }), baseVersion: null }])]));
    const seqOf = (a: typeof open) => (a.ok && a.body.status === 'applied' ? a.body.seq : -1);
    await forceLive.change(seqOf(open));
    await ochaLive.change(seqOf(open));
    expect(forceLive.changeSeqs()).toEqual([seqOf(secret), seqOf(patrol), seqOf(open)]);
    // The Force-only changes came before the open one, so had they been sent they would be here.
    expect(ochaLive.changeSeqs()).toEqual([seqOf(open)]);
    const ochaText = JSON.stringify(ochaLive.frames);
    expect(ochaText).not.toContain('Informant');
    expect(ochaText).not.toContain('Recce');
    expect(ochaText).toContain('Market fire');
    // A workstation a release behind (protocol 1) is told the seq only, and pulls.
    expect(old.changeSeqs()).toEqual([seqOf(open)]);
    expect(old.frames.filter((f) => f.type !== 'ready')).toEqual([{ type: 'change', seq: seqOf(open), layerId: LAYER.incidents }]);
    old.close();
    forceLive.close();
    ochaLive.close();
  });

  it('announces a change too big for a frame as a pull, and frames what follows from there', async () => {
    const live = await m.ocha.live();
    const ready = await live.next((f) => f.type === 'ready');
    const since = ready.type === 'ready' ? ready.seq : -1;
    const big = changeset(LAYER.incidents, [put(Array.from({ length: 2_500 }, (_, i) => ({ feature: newFeature({ name: `Report ${i}` }), baseVersion: null })))]);
    const pushed = await m.force.push(big);
    const bigSeq = pushed.ok && pushed.body.status === 'applied' ? pushed.body.seq : -1;
    expect(await live.next((f) => f.type === 'changes')).toEqual({ type: 'changes', after: 0, next: 0, more: true, changes: [] });
    const pulled = await m.ocha.sync(since);
    expect(pulled.changes.map((c) => c.seq)).toEqual([bigSeq]);
    expect(pulled.changes[0]?.changeset.features).toHaveLength(2_500);
    const small = await m.force.push(changeset(LAYER.incidents, [put([{ feature: newFeature({ name: 'After the big one' }), baseVersion: null }])]));
    const smallSeq = small.ok && small.body.status === 'applied' ? small.body.seq : -1;
    const frame = await live.change(smallSeq);
    expect(frame).toMatchObject({ type: 'changes', after: bigSeq, next: smallSeq, more: false });
    live.close();
  });

  it('sends no change to a live client whose session was revoked since its hello, and closes it', async () => {
    const revoked = new HubClient(m.hub.url);
    expect((await revoked.login(LOGIN.ocha, PASSWORDS.ocha)).ok).toBe(true);
    const live = await revoked.live();
    await live.next((f) => f.type === 'ready');
    await m.admin.query('update sessions set revoked_at = now() where token_hash = $1', [tokenHash(revoked.token ?? '')]);
    const open = await m.force.push(changeset(LAYER.incidents, [put([{ feature: newFeature({ name: 'After the revocation' }), baseVersion: null }])]));
    expect(open.ok && open.body.status).toBe('applied');
    expect(await live.next((f) => f.type === 'error')).toEqual({ type: 'error', error: { code: 'token-revoked', params: {} } });
    await until(async () => live.closed !== null, 'the live channel to close');
    expect(live.changeSeqs()).toEqual([]);
    expect(JSON.stringify(live.frames)).not.toContain('After the revocation');
  });

  it('refuses a live client without a valid token', async () => {
    const stranger = new HubClient(m.hub.url);
    stranger.token = 'x'.repeat(43);
    const live = await stranger.live();
    const frame = await live.next((f) => f.type === 'error');
    expect(frame).toEqual({ type: 'error', error: { code: 'bad-credentials', params: {} } });
  });
});

describe('writes without access', () => {
  it('refuses a push to a layer the organisation may read but not write, and writes nothing', async () => {
    const before = await written(m.admin);
    const answer = await m.force.push(changeset(LAYER.sites, [put([{ feature: newFeature({ name: 'Not ours' }), baseVersion: null }])]));
    expect(answer).toMatchObject({ ok: false, status: 403, error: { code: 'layer-read-only', params: { layerId: LAYER.sites } } });
    const edit = await m.force.push(changeset(LAYER.sites, [put([{ feature: { id: m.mission.features.site, geometry: point(29, -1), properties: { name: 'moved' } }, baseVersion: 1 }])]));
    expect(edit).toMatchObject({ ok: false, status: 403, error: { code: 'layer-read-only' } });
    expect(await written(m.admin)).toEqual(before);
  });

  it('answers a push to a layer the organisation may not read as not found, and writes nothing', async () => {
    const before = await written(m.admin);
    const answer = await m.ocha.push(changeset(LAYER.patrols, [put([{ feature: newFeature({ name: 'Planted' }), baseVersion: null }])]));
    expect(answer).toMatchObject({ ok: false, status: 404, error: { code: 'layer-not-found', params: { layerId: LAYER.patrols } } });
    expect(await written(m.admin)).toEqual(before);
  });

  it('refuses to overwrite a feature id the writer may not see', async () => {
    const before = await written(m.admin);
    const answer = await m.ocha.push(changeset(LAYER.incidents, [put([{ feature: { id: m.mission.features.forceOnlyIncident, geometry: point(29, -1), properties: {} }, baseVersion: null }])]));
    expect(answer).toMatchObject({ ok: false, status: 409, error: { code: 'feature-id-taken' } });
    expect(await written(m.admin)).toEqual(before);
  });
});
