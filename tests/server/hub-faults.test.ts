import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubClient } from '../../server/hub/client';
import { LAYER, LOGIN } from '../../server/hub/demo-mission';
import { LOG_LOCK_KEY } from '../../server/hub/push';
import type { PushChangeset, PushResult } from '../../shared/hub/protocol';
import { changeset, newFeature, PASSWORDS, put, spawnHub, startMissionHub, until, type MissionHub } from './hub-mission';

let m: MissionHub;

beforeAll(async () => {
  m = await startMissionHub();
}, 180_000);

afterAll(async () => {
  await m?.stop();
});


const newReports = (features: number) => Array.from({ length: features }, (_, i) => ({ feature: newFeature({ name: `Report ${i}` }), baseVersion: null }));
const bigChangeset = (features: number): PushChangeset => changeset(LAYER.incidents, [put(newReports(features))]);

async function timesApplied(id: string): Promise<{ changesets: number; logged: number }> {
  const r = await m.admin.query<{ changesets: number; logged: number }>(
    'select (select count(*)::int from changesets where id = $1) changesets, (select count(*)::int from changeset_features cf join changesets c on c.seq = cf.seq where c.id = $1) logged',
    [id],
  );
  return r.rows[0] ?? { changesets: -1, logged: -1 };
}

/** Retries while the hub answers 503 (database restarting) or cannot be reached. */
async function pushUntilAnswered(c: HubClient, cs: PushChangeset): Promise<PushResult> {
  return until(async () => {
    const a = await c.push(cs).catch(() => null);
    if (!a || (!a.ok && a.error.code === 'unavailable')) return null;
    if (!a.ok) throw new Error(`push refused: ${a.error.code}`);
    return a.body;
  }, 'the push to be answered');
}

describe('faults', () => {
  /**
   * Where a push was when its hub died decides whether it is applied, never how many times: a
   * push stopped before its write statement was sent is rolled back; one whose write (sent with
   * its commit as one message) waits for the log lock is applied by PostgreSQL without the hub.
   * Either way the retry through a new hub leaves it applied once.
   */
  const stops = [
    {
      where: 'waiting for a row lock, before its write was sent',
      hold: async (blocker: pg.Client, featureId: string) => {
        await blocker.query('begin');
        await blocker.query('select 1 from features where id = $1 for update', [featureId]);
      },
      release: (blocker: pg.Client) => blocker.query('rollback'),
      waitEvent: 'transactionid',
      afterKill: { changesets: 0, logged: 0 },
      retry: ['applied', 'duplicate'],
    },
    {
      where: 'with its write and commit sent, waiting for the log lock',
      hold: (blocker: pg.Client) => blocker.query('select pg_advisory_lock($1)', [LOG_LOCK_KEY]),
      release: (blocker: pg.Client) => blocker.query('select pg_advisory_unlock($1)', [LOG_LOCK_KEY]),
      waitEvent: 'advisory',
      afterKill: { changesets: 1, logged: 201 },
      retry: ['duplicate', 'duplicate'],
    },
  ];
  for (const stop of stops) {
    it(`a hub killed while a push is ${stop.where} leaves it applied once after the retry on a new hub`, async () => {
      const first = await spawnHub(m.hubDb);
      const client = new HubClient(first.url);
      expect((await client.login(LOGIN.force, PASSWORDS.force)).ok).toBe(true);
      const known = newFeature({ name: 'Edited while the hub dies' });
      const created = await client.push(changeset(LAYER.incidents, [put([{ feature: known, baseVersion: null }])]));
      if (!created.ok || created.body.status !== 'applied') throw new Error('the feature to edit was not created');
      const cs = changeset(LAYER.incidents, [put([{ feature: { ...known, properties: { name: 'Edited' } }, baseVersion: 1 }, ...newReports(200)])]);
      const blocker = new pg.Client({ connectionString: m.cluster.url });
      await blocker.connect();
      try {
        await stop.hold(blocker, known.id);
        const inFlight = client.push(cs).then(
          () => 'answered',
          () => 'failed',
        );
        const waiting = await until(
          async () => (await m.admin.query<{ pid: number }>("select pid from pg_stat_activity where usename = 'cg_hub' and wait_event = $1", [stop.waitEvent])).rows[0],
          `the push to wait (${stop.waitEvent})`,
        );
        first.child.kill('SIGKILL');
        expect(await inFlight).toBe('failed');
        await stop.release(blocker);
        await until(async () => (await m.admin.query('select 1 from pg_stat_activity where pid = $1', [waiting.pid])).rowCount === 0, 'the orphaned backend to end');
      } finally {
        await blocker.end();
      }
      expect(await timesApplied(cs.id)).toEqual(stop.afterKill);

      const second = await spawnHub(m.hubDb);
      try {
        const again = new HubClient(second.url);
        again.token = client.token;
        for (const status of stop.retry) expect(await pushUntilAnswered(again, cs)).toMatchObject({ status });
        expect(await timesApplied(cs.id)).toEqual({ changesets: 1, logged: 201 });
      } finally {
        await second.stop();
      }
    });
  }

  it('pushes in flight when a hub is killed are each applied exactly once after retrying', async () => {
    const first = await spawnHub(m.hubDb);
    const client = new HubClient(first.url);
    expect((await client.login(LOGIN.force, PASSWORDS.force)).ok).toBe(true);
    const sets = Array.from({ length: 24 }, () => bigChangeset(100));
    let answered = 0;
    const flights = sets.map((cs) => client.push(cs).then(() => answered++, () => undefined));
    await until(async () => answered > 0, 'a first answer');
    first.child.kill('SIGKILL');
    await Promise.all(flights);
    const second = await spawnHub(m.hubDb);
    try {
      const again = new HubClient(second.url);
      again.token = client.token;
      const outcomes = [];
      for (const cs of sets) outcomes.push((await pushUntilAnswered(again, cs)).status);
      expect(outcomes.every((s) => s === 'applied' || s === 'duplicate')).toBe(true);
      expect(outcomes).toContain('duplicate');
      for (const cs of sets) expect(await timesApplied(cs.id)).toEqual({ changesets: 1, logged: 100 });
    } finally {
      await second.stop();
    }
  });

  // Last in this file: the restart also ends the admin connection the other tests look through.
  it('clients connected when PostgreSQL restarts stay connected, hear from the hub again and catch up', async () => {
    const ochaLive = await m.ocha.live();
    const ready = await ochaLive.next((f) => f.type === 'ready');
    const before = ready.type === 'ready' ? ready.seq : -1;
    const framesBefore = ochaLive.frames.length;
    m.cluster.restart();
    const pushed = await pushUntilAnswered(m.force, changeset(LAYER.incidents, [put([{ feature: newFeature({ name: 'After the restart' }), baseVersion: null }])]));
    const seq = pushed.status === 'applied' ? pushed.seq : -1;
    expect(seq).toBeGreaterThan(before);
    // Either the notice of this push or the hub's resync after it listens again tells the client.
    await ochaLive.next((f) => (f.type === 'ready' && f.seq >= seq) || (f.type === 'changes' && f.changes.some((c) => c.seq >= seq)));
    await ochaLive.next((f) => f.type === 'ready' && ochaLive.frames.indexOf(f) >= framesBefore);
    expect(ochaLive.closed).toBeNull();
    const caught = await m.ocha.sync(before);
    expect(caught.changes.map((c) => c.seq)).toContain(seq);
    ochaLive.close();
  });
});
