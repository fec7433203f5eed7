import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubClient } from '../../server/hub/client';
import { LAYER, LOGIN, ORG } from '../../server/hub/demo-mission';
import { changeset, newFeature, PASSWORDS, put, spawnHub, startMissionHub, type MissionHub } from './hub-mission';

let m: MissionHub;
let second: Awaited<ReturnType<typeof spawnHub>>;

beforeAll(async () => {
  m = await startMissionHub();
  second = await spawnHub(m.hubDb);
}, 180_000);

afterAll(async () => {
  await second?.stop();
  await m?.stop();
});

const seqOf = (a: Awaited<ReturnType<HubClient['push']>>): number => (a.ok && a.body.status === 'applied' ? a.body.seq : -1);

describe('two hub processes on one database', () => {
  it("fan out each other's changes, each only to the organisations that may read them", async () => {
    expect(second.url).not.toBe(m.hub.url);
    const forceThere = new HubClient(second.url);
    const ochaThere = new HubClient(second.url);
    expect((await forceThere.login(LOGIN.force, PASSWORDS.force)).ok).toBe(true);
    expect((await ochaThere.login(LOGIN.ocha, PASSWORDS.ocha)).ok).toBe(true);
    const forceHereLive = await m.force.live();
    const ochaThereLive = await ochaThere.live();
    const forceThereLive = await forceThere.live();
    for (const l of [forceHereLive, ochaThereLive, forceThereLive]) await l.next((f) => f.type === 'ready');

    // Pushed to this process, seen by clients of the other one.
    const secret = seqOf(await m.force.push(changeset(LAYER.incidents, [put([{ feature: newFeature({ name: 'Informant' }, { classification: 'CONFIDENTIAL', caveats: [], releasableTo: [ORG.force] }), baseVersion: null }])])));
    const open = seqOf(await m.force.push(changeset(LAYER.incidents, [put([{ feature: newFeature({ name: 'Bridge down' }), baseVersion: null }])])));
    await forceThereLive.change(open);
    await ochaThereLive.change(open);
    expect(forceThereLive.changeSeqs()).toEqual([secret, open]);
    expect(ochaThereLive.changeSeqs()).toEqual([open]);

    // Pushed to the other process, seen by a client of this one.
    const there = seqOf(await ochaThere.push(changeset(LAYER.sites, [put([{ feature: newFeature({ name: 'Water point' }), baseVersion: null }])])));
    await forceHereLive.change(there);
    expect(forceHereLive.changeSeqs()).toEqual([secret, open, there]);

    // A frame carries the change as a pull through either process gives it to that organisation.
    const pulled = await m.force.sync(open);
    expect(pulled.changes.map((c) => c.seq)).toEqual([there]);
    const framed = forceHereLive.frames.flatMap((f) => (f.type === 'changes' ? f.changes : [])).find((c) => c.seq === there);
    expect(framed).toEqual(pulled.changes[0]);
    await ochaThereLive.change(there);
    expect(ochaThereLive.changeSeqs()).toEqual([open, there]);
    for (const l of [forceHereLive, ochaThereLive, forceThereLive]) l.close();
  });
});
