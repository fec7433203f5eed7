import { describe, expect, it } from 'vitest';
import type { Changeset } from '../../../shared/domain/changeset';
import type { CgFeature } from '../../../shared/domain/feature';
import {
  HubSyncClient,
  HubTransportError,
  LAYERS_MAX_AGE_MS,
  type Clock,
  type HubConflict,
  type HubTransport,
  type LiveHandlers,
  type Outbox,
  type OutboxEntry,
  type PullPage,
  type PushOutcome,
  type RemoteChange,
  type SnapshotPart,
  type SyncSink,
} from '../../../shared/hub/sync-client';
import { rebaseEntries } from '../../../shared/hub/outbox';
import type { HubLayer } from '../../../shared/hub/protocol';

const LAYER = 'layer-1';

function feature(id: string, name: string): CgFeature {
  return { type: 'Feature', id, geometry: { type: 'Point', coordinates: [15, 4] }, properties: { name } };
}

function edit(id: string, featureId: string, name: string, base: number): OutboxEntry {
  const changeset: Changeset = {
    id,
    summary: { key: 'edit', params: { name: featureId } },
    at: '2026-12-02T10:00:00Z',
    by: { name: 'A', org: 'force' },
    ops: [{ op: 'putFeatures', layerId: LAYER, features: [feature(featureId, name)] }],
  };
  return { changeset, baseVersions: { [featureId]: base } };
}

/** A hub in memory with the real one's rules: idempotent by id, stale base → conflict, seq log. */
class FakeHub implements HubTransport {
  log: RemoteChange[] = [];
  versions = new Map<string, number>();
  current = new Map<string, CgFeature>();
  applied = new Map<string, number>();
  down = false;
  refuseNext: string | null = null;
  /** Applies the next push, then fails the answer: the hub committed but the client never heard. */
  loseNextAnswer = false;
  unauthorised = false;
  /** Changesets the reader may not see (another organisation's, not released to it). */
  hidden = new Set<string>();
  pushes: string[] = [];
  pulls: number[] = [];
  live: LiveHandlers[] = [];
  /** As the version 2 hub: `ready` on opening, then each commit's content as a live page. */
  livePages = false;

  async push(entry: OutboxEntry): Promise<PushOutcome> {
    this.guard();
    this.pushes.push(entry.changeset.id);
    const done = this.applied.get(entry.changeset.id);
    if (done !== undefined) return { kind: 'duplicate', seq: done };
    if (this.refuseNext === entry.changeset.id) return { kind: 'refused', code: 'hub.no-write-access', params: { layer: LAYER } };
    const conflicts: HubConflict[] = [];
    for (const [fid, base] of Object.entries(entry.baseVersions)) {
      const v = this.versions.get(fid) ?? 0;
      if (v !== base) conflicts.push({ layerId: LAYER, featureId: fid, theirs: this.current.get(fid) ?? null, theirVersion: v });
    }
    if (conflicts.length > 0) return { kind: 'conflicts', conflicts };
    const seq = this.commit(entry.changeset);
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new Error('socket hang up');
    }
    const versions: Record<string, number> = {};
    for (const op of entry.changeset.ops) if (op.op === 'putFeatures') for (const f of op.features) versions[f.id] = this.versions.get(f.id) ?? 0;
    return { kind: 'applied', seq, versions };
  }

  /** A colleague's edit committed through another workstation. */
  commit(changeset: Changeset): number {
    for (const op of changeset.ops) {
      if (op.op !== 'putFeatures') continue;
      for (const f of op.features) {
        this.versions.set(f.id, (this.versions.get(f.id) ?? 0) + 1);
        this.current.set(f.id, f);
      }
    }
    const seq = this.log.length + 1;
    this.log.push({ seq, changeset });
    this.applied.set(changeset.id, seq);
    const change = this.log[seq - 1];
    for (const l of this.live) {
      if (!this.livePages) l.onSeq(seq);
      else l.onPage({ after: seq - 1, next: seq, more: false, changes: change && !this.hidden.has(changeset.id) ? [change] : [] });
    }
    return seq;
  }

  async pull(since: number, limit: number): Promise<PullPage> {
    this.guard();
    this.pulls.push(since);
    const after = this.log.filter((c) => c.seq > since);
    const page = after.slice(0, limit);
    const next = page.length ? page[page.length - 1]!.seq : since;
    // What the reader may not see is skipped, but the cursor still moves past it.
    return { changes: page.filter((c) => !this.hidden.has(c.changeset.id)), next, more: after.length > limit };
  }

  openLive(handlers: LiveHandlers): { close(): void } {
    this.live.push(handlers);
    if (this.livePages) handlers.onSeq(this.log.length);
    return { close: () => (this.live = this.live.filter((h) => h !== handlers)) };
  }

  layerList: HubLayer[] = [];
  async listLayers(): Promise<HubLayer[]> {
    this.guard();
    return this.layerList;
  }

  async snapshot(_layerId: string, _after: string | null): Promise<SnapshotPart> {
    this.guard();
    return { features: [...this.current.values()], seq: this.log.length, next: null };
  }

  dropLive(): void {
    const live = this.live;
    this.live = [];
    for (const l of live) l.onClose();
  }

  private guard(): void {
    if (this.unauthorised) throw new HubTransportError('unauthorised', 'hub.token-expired');
    if (this.down) throw new HubTransportError('network', 'hub.unreachable');
  }
}

class MemoryOutbox implements Outbox {
  items: OutboxEntry[] = [];
  async entries(): Promise<OutboxEntry[]> {
    return [...this.items];
  }
  async remove(id: string, versions?: Record<string, number>): Promise<void> {
    const pushed = this.items.find((e) => e.changeset.id === id);
    this.items = this.items.filter((e) => e.changeset.id !== id);
    if (pushed && versions) this.items = rebaseEntries(this.items, pushed, versions);
  }
}

class RecordingSink implements SyncSink {
  appliedIds: string[] = [];
  conflicted: { entry: string; conflicts: HubConflict[] }[] = [];
  refusals: { entry: string; code: string }[] = [];
  cursor = 0;
  async applyRemote(changes: RemoteChange[]): Promise<void> {
    for (const c of changes) if (!this.appliedIds.includes(c.changeset.id)) this.appliedIds.push(c.changeset.id);
  }
  async conflicts(entry: OutboxEntry, conflicts: HubConflict[]): Promise<void> {
    this.conflicted.push({ entry: entry.changeset.id, conflicts });
  }
  async refused(entry: OutboxEntry, code: string): Promise<void> {
    this.refusals.push({ entry: entry.changeset.id, code });
  }
  layerRounds = 0;
  async layers(): Promise<void> {
    this.layerRounds += 1;
  }
  async readCursor(): Promise<number> {
    return this.cursor;
  }
  async writeCursor(seq: number): Promise<void> {
    this.cursor = seq;
  }
}

class ManualClock implements Clock {
  t = 0;
  timers: { at: number; fn: () => void }[] = [];
  now(): number {
    return this.t;
  }
  setTimer(ms: number, fn: () => void): () => void {
    const timer = { at: this.t + ms, fn };
    this.timers.push(timer);
    return () => (this.timers = this.timers.filter((x) => x !== timer));
  }
  random(): number {
    return 0.5;
  }
  /** Runs the timers due by `ms` from now. */
  advance(ms: number): void {
    this.t += ms;
    const due = this.timers.filter((x) => x.at <= this.t);
    this.timers = this.timers.filter((x) => x.at > this.t);
    for (const x of due) x.fn();
  }
}

function setup(options?: ConstructorParameters<typeof HubSyncClient>[4]) {
  const hub = new FakeHub();
  const outbox = new MemoryOutbox();
  const sink = new RecordingSink();
  const clock = new ManualClock();
  const client = new HubSyncClient(hub, outbox, sink, clock, options);
  return { hub, outbox, sink, clock, client };
}

describe('HubSyncClient', () => {
  it('pushes the outbox in order, then pulls, then is connected with the cursor saved', async () => {
    const { hub, outbox, sink, client } = setup();
    hub.commit(edit('theirs-1', 'f9', 'Site 9', 0).changeset);
    outbox.items.push(edit('c1', 'f1', 'one', 0), edit('c2', 'f2', 'two', 0));
    await client.start();
    expect(hub.pushes).toEqual(['c1', 'c2']);
    expect(outbox.items).toEqual([]);
    expect(sink.appliedIds).toEqual(['theirs-1', 'c1', 'c2']);
    expect(sink.cursor).toBe(3);
    expect(client.snapshot).toMatchObject({ status: 'connected', pending: 0, cursor: 3, lastSyncAt: 0 });
  });

  it('two offline edits of one feature go in order: the second is based on the version the first got, not a conflict', async () => {
    const { hub, outbox, sink, client } = setup();
    outbox.items.push(edit('c1', 'f1', 'first', 0), edit('c2', 'f1', 'second', 0));
    await client.start();
    expect(hub.pushes).toEqual(['c1', 'c2']);
    expect(sink.conflicted).toEqual([]);
    expect(hub.versions.get('f1')).toBe(2);
    expect(hub.current.get('f1')?.properties.name).toBe('second');
  });

  it("asks for the hub's layers after pushing and before pulling", async () => {
    const { hub, sink, client } = setup();
    const order: string[] = [];
    const pull = hub.pull.bind(hub);
    hub.pull = async (since, limit) => {
      order.push('pull');
      return pull(since, limit);
    };
    const layers = sink.layers.bind(sink);
    sink.layers = async () => {
      order.push('layers');
      return layers();
    };
    await client.start();
    expect(order).toEqual(['layers', 'pull']);
    expect(sink.layerRounds).toBe(1);
  });

  it('goes offline keeping the outbox, backs off with a doubling capped delay, and pushes once when back', async () => {
    const { hub, outbox, clock, client } = setup({ backoff: { initialMs: 1000, maxMs: 4000 } });
    hub.down = true;
    outbox.items.push(edit('c1', 'f1', 'one', 0));
    await client.start();
    expect(client.snapshot).toMatchObject({ status: 'offline', lastError: 'hub.unreachable', pending: 1 });
    const delays: (number | null)[] = [client.snapshot.retryInMs];
    for (let i = 0; i < 3; i++) {
      clock.advance(client.snapshot.retryInMs!);
      await client.idle();
      delays.push(client.snapshot.retryInMs);
    }
    // random() is 0.5: three quarters of a ceiling of 1000, 2000, 4000, then capped at 4000.
    expect(delays).toEqual([750, 1500, 3000, 3000]);
    expect(outbox.items.map((e) => e.changeset.id)).toEqual(['c1']);
    hub.down = false;
    clock.advance(3000);
    await client.idle();
    expect(client.snapshot.status).toBe('connected');
    expect(hub.log.map((c) => c.changeset.id)).toEqual(['c1']);
    expect(outbox.items).toEqual([]);
  });

  it('a push the hub committed but whose answer was lost is retried and answered as a duplicate: applied once', async () => {
    const { hub, outbox, clock, client } = setup();
    hub.loseNextAnswer = true;
    outbox.items.push(edit('c1', 'f1', 'one', 0));
    await client.start();
    expect(client.snapshot.status).toBe('offline');
    expect(outbox.items).toHaveLength(1);
    clock.advance(client.snapshot.retryInMs!);
    await client.idle();
    expect(hub.pushes).toEqual(['c1', 'c1']);
    expect(hub.log.filter((c) => c.changeset.id === 'c1')).toHaveLength(1);
    expect(outbox.items).toEqual([]);
    expect(client.snapshot.status).toBe('connected');
  });

  it('a stale base comes back as a conflict with the hub version and is handed over, not retried', async () => {
    const { hub, outbox, sink, client } = setup();
    hub.commit(edit('theirs', 'f1', 'Their name', 0).changeset);
    outbox.items.push(edit('ours', 'f1', 'Our name', 0), edit('c2', 'f2', 'two', 0));
    await client.start();
    expect(sink.conflicted).toHaveLength(1);
    expect(sink.conflicted[0]!.entry).toBe('ours');
    expect(sink.conflicted[0]!.conflicts[0]).toMatchObject({ featureId: 'f1', theirVersion: 1 });
    expect(sink.conflicted[0]!.conflicts[0]!.theirs?.properties.name).toBe('Their name');
    expect(hub.log.map((c) => c.changeset.id)).toEqual(['theirs', 'c2']);
    expect(outbox.items).toEqual([]);
  });

  it('a push the hub refuses for good is kept aside with its code and the rest goes on', async () => {
    const { hub, outbox, sink, client } = setup();
    hub.refuseNext = 'c1';
    outbox.items.push(edit('c1', 'f1', 'one', 0), edit('c2', 'f2', 'two', 0));
    await client.start();
    expect(sink.refusals).toEqual([{ entry: 'c1', code: 'hub.no-write-access' }]);
    expect(hub.log.map((c) => c.changeset.id)).toEqual(['c2']);
    expect(client.snapshot.status).toBe('connected');
  });

  it('catches up 10,000 changes behind in pages, in order, each applied once', async () => {
    const { hub, sink, client } = setup({ pageSize: 1000 });
    for (let i = 0; i < 10_000; i++) hub.commit(edit(`r${i}`, `f${i % 50}`, `n${i}`, 0).changeset);
    await client.start();
    expect(hub.pulls).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000]);
    expect(sink.appliedIds).toHaveLength(10_000);
    expect(sink.appliedIds[0]).toBe('r0');
    expect(sink.appliedIds[9_999]).toBe('r9999');
    expect(sink.cursor).toBe(10_000);
  });

  it('moves the cursor past pages of changes it may not see, without asking for them again', async () => {
    const { hub, sink, client } = setup({ pageSize: 10 });
    for (let i = 0; i < 25; i++) {
      hub.commit(edit(`force-${i}`, `f${i}`, `n${i}`, 0).changeset);
      hub.hidden.add(`force-${i}`);
    }
    hub.commit(edit('visible', 'g1', 'site', 0).changeset);
    await client.start();
    expect(sink.appliedIds).toEqual(['visible']);
    expect(sink.cursor).toBe(26);
    expect(hub.pulls).toEqual([0, 10, 20]);
  });

  it('a live frame pulls the new change; a closed live channel goes offline and reconnects', async () => {
    const { hub, sink, clock, client } = setup();
    await client.start();
    hub.commit(edit('r1', 'f1', 'one', 0).changeset);
    await client.idle();
    expect(sink.appliedIds).toEqual(['r1']);
    hub.dropLive();
    expect(client.snapshot).toMatchObject({ status: 'offline', lastError: 'hub.live-closed' });
    hub.commit(edit('r2', 'f2', 'two', 0).changeset);
    clock.advance(client.snapshot.retryInMs!);
    await client.idle();
    expect(client.snapshot.status).toBe('connected');
    expect(sink.appliedIds).toEqual(['r1', 'r2']);
    expect(hub.live).toHaveLength(1);
  });

  it('applies the changes a live page brings without asking the hub, our own pushes included', async () => {
    const { hub, outbox, sink, client } = setup();
    hub.livePages = true;
    await client.start();
    expect(hub.pulls).toEqual([0]);
    hub.commit(edit('r1', 'f1', 'one', 0).changeset);
    await client.idle();
    hub.hidden.add('force-only');
    hub.commit(edit('force-only', 'f3', 'secret', 0).changeset);
    await client.idle();
    outbox.items.push(edit('ours', 'f2', 'two', 0));
    await client.nudge();
    await client.idle();
    expect(sink.appliedIds).toEqual(['r1', 'ours']);
    expect(sink.cursor).toBe(3);
    expect(client.snapshot).toMatchObject({ status: 'connected', cursor: 3 });
    expect(hub.pulls).toEqual([0]);
  });

  it('applies the pages of a burst of frames together, as one pulled page', async () => {
    const { hub, sink, client } = setup();
    hub.livePages = true;
    await client.start();
    const applies: string[][] = [];
    const apply = sink.applyRemote.bind(sink);
    sink.applyRemote = async (changes) => {
      applies.push(changes.map((c) => c.changeset.id));
      return apply(changes);
    };
    for (const id of ['b1', 'b2', 'b3']) hub.commit(edit(id, `f-${id}`, id, 0).changeset);
    await client.idle();
    expect(applies).toEqual([['b1', 'b2', 'b3']]);
    expect(sink.cursor).toBe(3);
    expect(hub.pulls).toEqual([0]);
  });

  it('pulls when a live page starts after the cursor or asks for a pull, and applies each change once', async () => {
    const { hub, sink, client } = setup();
    hub.livePages = true;
    await client.start();
    const live = hub.live[0]!;
    // Committed while this client heard nothing (a frame it never got): the next page leaves a gap.
    hub.live = [];
    hub.commit(edit('missed', 'f1', 'one', 0).changeset);
    hub.live = [live];
    hub.commit(edit('r2', 'f2', 'two', 0).changeset);
    await client.idle();
    expect(sink.appliedIds).toEqual(['missed', 'r2']);
    expect(hub.pulls).toEqual([0, 0]);
    hub.live = [];
    hub.commit(edit('r3', 'f3', 'three', 0).changeset);
    hub.live = [live];
    live.onPage({ after: 0, next: 0, more: true, changes: [] });
    await client.idle();
    expect(sink.appliedIds).toEqual(['missed', 'r2', 'r3']);
    expect(hub.pulls).toEqual([0, 0, 2]);
    expect(sink.cursor).toBe(3);
  });

  it("asks for the hub's layers again on a layers frame, a local edit, after a drop or once the list is old, not on every change frame", async () => {
    const { hub, sink, clock, client } = setup();
    await client.start();
    expect(sink.layerRounds).toBe(1);
    for (let i = 0; i < 5; i++) {
      hub.commit(edit(`c${i}`, `f${i}`, 'x', 0).changeset);
      await client.idle();
    }
    expect(sink.appliedIds).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(sink.layerRounds).toBe(1);
    for (const l of hub.live) l.onLayers();
    await client.idle();
    expect(sink.layerRounds).toBe(2);
    // A local edit: the sink sends our waiting layer-record changes with the list.
    await client.nudge();
    expect(sink.layerRounds).toBe(3);
    clock.advance(LAYERS_MAX_AGE_MS);
    hub.commit(edit('late', 'f9', 'x', 0).changeset);
    await client.idle();
    expect(sink.layerRounds).toBe(4);
    hub.dropLive();
    clock.advance(client.snapshot.retryInMs!);
    await client.idle();
    expect(client.snapshot.status).toBe('connected');
    expect(sink.layerRounds).toBe(5);
  });

  it('edits queued while a round runs are pushed before it ends', async () => {
    const { hub, outbox, client } = setup();
    outbox.items.push(edit('c1', 'f1', 'one', 0));
    const push = hub.push.bind(hub);
    hub.push = async (entry) => {
      if (entry.changeset.id === 'c1') outbox.items.push(edit('c2', 'f2', 'two', 0));
      return push(entry);
    };
    await client.start();
    expect(hub.log.map((c) => c.changeset.id)).toEqual(['c1', 'c2']);
  });

  it('an expired token stops syncing without retries until started again', async () => {
    const { hub, outbox, clock, client } = setup();
    hub.unauthorised = true;
    outbox.items.push(edit('c1', 'f1', 'one', 0));
    await client.start();
    expect(client.snapshot).toMatchObject({ status: 'unauthorised', lastError: 'hub.token-expired', retryInMs: null });
    expect(clock.timers).toEqual([]);
    await client.nudge();
    expect(hub.pushes).toEqual([]);
    hub.unauthorised = false;
    await client.start();
    expect(client.snapshot.status).toBe('connected');
    expect(hub.log.map((c) => c.changeset.id)).toEqual(['c1']);
  });

  it('stop closes the live channel and cancels the retry', async () => {
    const { hub, clock, client } = setup();
    await client.start();
    expect(hub.live).toHaveLength(1);
    client.stop();
    expect(hub.live).toHaveLength(0);
    hub.down = true;
    await client.start();
    expect(client.snapshot.status).toBe('offline');
    client.stop();
    expect(clock.timers).toEqual([]);
  });
});
