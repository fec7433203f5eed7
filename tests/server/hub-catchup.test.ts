import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubClient } from '../../server/hub/client';
import { LAYER, LOGIN } from '../../server/hub/demo-mission';
import { pushAsActor } from '../../server/hub/push';
import { LIMITS } from '../../shared/hub/protocol';
import { changeset, newFeature, PASSWORDS, put, startMissionHub, type MissionHub } from './hub-mission';

let m: MissionHub;
const CHANGES = 10_000;
const CONCURRENCY = 8;

beforeAll(async () => {
  m = await startMissionHub();
}, 180_000);

afterAll(async () => {
  await m?.stop();
});

describe('catching up', () => {
  it(`brings a client ${CHANGES.toLocaleString('en')} changes behind up to date through paged pull`, async () => {
    const behind = new HubClient(m.hub.url);
    expect((await behind.login(LOGIN.ocha, PASSWORDS.ocha)).ok).toBe(true);
    const start = await behind.sync(0);
    // One feature per lane, edited over and over: the end state depends on every page, in order.
    const features = Array.from({ length: CONCURRENCY }, (_, i) => newFeature({ name: `Counter ${i}`, n: 0 }));
    const first = await m.force.push(changeset(LAYER.incidents, [put(features.map((feature) => ({ feature, baseVersion: null })))]));
    expect(first.ok && first.body.status).toBe('applied');
    const force = m.mission.actors.force;
    let pushed = 1;
    const lane = async (i: number) => {
      const f = features[i];
      if (!f) throw new Error('no feature');
      let version = 1;
      for (let n = i + 1; n < CHANGES; n += CONCURRENCY) {
        // The backlog is written through pushAsActor in this process (the HTTP path is another file's subject): half the time.
        const a = await pushAsActor(m.hub.pool, force, changeset(LAYER.incidents, [put([{ feature: { ...f, properties: { ...f.properties, n } }, baseVersion: version }])]));
        if (a.status !== 'applied') throw new Error(`push ${n}: ${a.status}`);
        version++;
        pushed++;
      }
    };
    // Meanwhile a follower pulls from its cursor again and again. Seqs become visible in commit
    // order (the log lock), so it never moves its cursor past a seq that commits later.
    const follower = new HubClient(m.hub.url);
    expect((await follower.login(LOGIN.force, PASSWORDS.force)).ok).toBe(true);
    const followed: number[] = [];
    let cursor = start.seq;
    let writing = true;
    const follow = (async () => {
      while (writing) {
        const p = await follower.pull(cursor);
        if (!p.ok) throw new Error(p.error.code);
        followed.push(...p.body.changes.map((c) => c.seq));
        cursor = p.body.next;
      }
    })();
    await Promise.all(features.map((_, i) => lane(i)));
    writing = false;
    await follow;
    followed.push(...(await follower.sync(cursor)).changes.map((c) => c.seq));
    expect(pushed).toBe(CHANGES);

    const caught = await behind.sync(start.seq, LIMITS.pullPage);
    expect(caught.changes).toHaveLength(CHANGES);
    expect(caught.pages).toBeGreaterThanOrEqual(CHANGES / LIMITS.pullPage);
    const seqs = caught.changes.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(CHANGES);
    expect(followed).toEqual(seqs);
    // Replaying the pages in order gives the hub's current state of every feature.
    const replayed = new Map<string, { version: number; n: unknown }>();
    for (const c of caught.changes) for (const f of c.changeset.features) replayed.set(f.id, { version: f.version, n: f.properties.n });
    const snap = await behind.snapshot(LAYER.incidents);
    if (!snap.ok) throw new Error(snap.error.code);
    for (const f of features) {
      const now = snap.body.features.find((x) => x.id === f.id);
      expect(replayed.get(f.id)).toEqual({ version: now?.version, n: now?.properties.n });
    }
    expect([...replayed.values()].reduce((sum, v) => sum + v.version, 0)).toBe(CHANGES + features.length - 1);
  }, 600_000);
});
