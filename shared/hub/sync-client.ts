import type { Changeset } from '../domain/changeset';
import type { CgFeature } from '../domain/feature';
import type { HubLayer } from './protocol';

/**
 * The workstation's side of the hub, as a state machine with its transport, outbox, store and
 * clock injected, so that it runs the same under unit tests (a fake transport and clock) and in
 * the app (HTTP + WebSocket, the IndexedDB outbox, the FeatureStore).
 *
 * One sync round is: push the outbox in order, then pull everything since the cursor, then keep
 * a live channel open that announces new sequence numbers. Pushing first means our own edits
 * reach the hub before we apply colleagues' edits over the same features; the hub answers a push
 * on a stale base with the server's version, which goes to the Conflicts panel, never over ours.
 *
 * Rounds never overlap: a trigger that arrives during a round (a local edit, a live frame) runs
 * one more round when it ends. A retryable failure (network, hub restarting, 5xx) leaves the
 * entry in the outbox and retries with capped exponential backoff and jitter; an authorisation
 * failure stops until the user logs in again.
 */

export interface OutboxEntry {
  changeset: Changeset;
  /** The version each touched feature had when the edit was made locally, by feature id. */
  baseVersions: Record<string, number>;
}

export interface HubConflict {
  layerId: string;
  featureId: string;
  /** The hub's current feature, or null when the hub has it deleted. */
  theirs: CgFeature | null;
  theirVersion: number;
  /** The version our edit was based on, when the hub still has it for us: the conflict's base. */
  base?: CgFeature | null;
}

export type PushOutcome =
  /** `versions`: the version the hub gave each feature the changeset wrote. */
  | { kind: 'applied'; seq: number; versions: Record<string, number> }
  | { kind: 'duplicate'; seq: number }
  | { kind: 'conflicts'; conflicts: HubConflict[] }
  /** The hub will never take it (no write access any more, layer gone, invalid): kept aside with the code. */
  | { kind: 'refused'; code: string; params: Record<string, string | number> };

export interface RemoteChange {
  seq: number;
  changeset: Changeset;
  /** Features of the layer this change re-marked beyond our sight: our copies are to go. */
  withdrawn?: { layerId: string; ids: string[] };
}

export interface PullPage {
  changes: RemoteChange[];
  /** The cursor after this page: past changes we may not see too, so they are not asked for again. */
  next: number;
  /** More changes wait after `next`. */
  more: boolean;
}

/** One page of a layer's features as the hub has them now. */
export interface SnapshotPart {
  features: CgFeature[];
  /** The hub's log position this page is at least as new as. */
  seq: number;
  /** Pass as `after` for the next page; null on the last one. */
  next: string | null;
}

export type TransportFailure = 'network' | 'server' | 'unauthorised';

/** What a transport throws; anything else thrown is treated as a network failure. */
export class HubTransportError extends Error {
  constructor(
    readonly failure: TransportFailure,
    readonly code: string,
  ) {
    super(code);
    this.name = 'HubTransportError';
  }
}

/** A pull page the live channel brought unasked: every change we may read with `after` < seq ≤ `next`. */
export interface LivePage extends PullPage {
  after: number;
}

export interface LiveHandlers {
  /** A change with this sequence number was committed on the hub and is visible to us. */
  onSeq(seq: number): void;
  /** Changes committed on the hub, with their content; `more` asks for a pull. */
  onPage(page: LivePage): void;
  /** A shared layer's record changed on the hub (name, marking, access): list them again. */
  onLayers(): void;
  onClose(): void;
}

export interface HubTransport {
  push(entry: OutboxEntry): Promise<PushOutcome>;
  pull(since: number, limit: number): Promise<PullPage>;
  openLive(handlers: LiveHandlers): { close(): void };
  /** The hub's layers this organisation may see now. */
  listLayers(): Promise<HubLayer[]>;
  snapshot(layerId: string, after: string | null): Promise<SnapshotPart>;
}

/** Kept by the app in IndexedDB, written in the same transaction as the local apply. */
export interface Outbox {
  /** Oldest first. */
  entries(): Promise<OutboxEntry[]>;
  /**
   * The entry reached the hub (or never will: refused, or in conflict). `versions`, when the hub
   * applied it, are the versions it gave each feature: entries still waiting on the same features
   * are based on them from now on.
   */
  remove(changesetId: string, versions?: Record<string, number>): Promise<void>;
}

export interface SyncSink {
  /**
   * Applies pulled changes in order. Must be idempotent by changeset id: our own pushed
   * changesets come back in the pull and are already applied locally.
   */
  applyRemote(changes: RemoteChange[]): Promise<void>;
  conflicts(entry: OutboxEntry, conflicts: HubConflict[]): Promise<void>;
  refused(entry: OutboxEntry, code: string, params: Record<string, string | number>): Promise<void>;
  /**
   * The hub's layers this organisation may see, before each pull: new ones are filled from
   * `snapshot`, ours that are no longer listed are removed. A new workstation's first snapshot
   * may move the cursor past the log it then already holds (written before this resolves).
   */
  layers(layers: HubLayer[], snapshot: (layerId: string, after: string | null) => Promise<SnapshotPart>): Promise<void>;
  readCursor(): Promise<number>;
  writeCursor(seq: number): Promise<void>;
}

export interface Clock {
  now(): number;
  setTimer(ms: number, fn: () => void): () => void;
  /** In [0, 1); injected so backoff jitter is reproducible in tests. */
  random(): number;
}

export type HubStatus = 'stopped' | 'syncing' | 'connected' | 'offline' | 'unauthorised';

export interface HubState {
  status: HubStatus;
  /** Entries in the outbox when last counted. */
  pending: number;
  /** ms since epoch of the last completed round, or null. */
  lastSyncAt: number | null;
  /** The code of the last failure while offline or unauthorised. */
  lastError: string | null;
  /** ms until the next retry while offline. */
  retryInMs: number | null;
  cursor: number;
}

export interface SyncClientOptions {
  pageSize?: number;
  backoff?: { initialMs: number; maxMs: number };
}

const DEFAULT_BACKOFF = { initialMs: 500, maxMs: 30_000 };

/**
 * How long the hub's layer list is trusted while the live channel is open. The hub sends a
 * `layers` frame when a layer record changes; what no frame announces (an administrator putting
 * an organisation in a group, say) is picked up within this long, or at the next reconnect.
 */
export const LAYERS_MAX_AGE_MS = 60_000;

export class HubSyncClient {
  private state: HubState = { status: 'stopped', pending: 0, lastSyncAt: null, lastError: null, retryInMs: null, cursor: 0 };
  private readonly listeners = new Set<(s: HubState) => void>();
  private running: Promise<void> | null = null;
  private again = false;
  private attempts = 0;
  private cancelRetry: (() => void) | null = null;
  private live: { close(): void } | null = null;
  /** Pages the live channel brought since the last pull, applied by the next round in order. */
  private livePages: LivePage[] = [];
  /** The newest seq the open live channel has told of; meaningful once it has said anything (`liveHeard`). */
  private liveHead = 0;
  private liveHeard = false;
  /** A `layers` frame or a local edit came since the last listing. */
  private layersStale = true;
  private layersListedAt: number | null = null;
  private readonly pageSize: number;
  private readonly backoff: { initialMs: number; maxMs: number };

  constructor(
    private readonly transport: HubTransport,
    private readonly outbox: Outbox,
    private readonly sink: SyncSink,
    private readonly clock: Clock,
    options: SyncClientOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 1000;
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
  }

  get snapshot(): HubState {
    return this.state;
  }

  subscribe(listener: (s: HubState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  /** Starts syncing; resolves when the first round has ended, whatever its result. */
  start(): Promise<void> {
    if (this.state.status !== 'stopped' && this.state.status !== 'unauthorised') return this.idle();
    this.attempts = 0;
    this.set({ status: 'syncing', lastError: null, retryInMs: null });
    return this.trigger();
  }

  stop(): void {
    this.cancelRetry?.();
    this.cancelRetry = null;
    this.closeLive();
    this.set({ status: 'stopped', retryInMs: null });
  }

  /**
   * A local edit went to the outbox, or the network came back: sync soon, layer list included
   * (the sink sends our waiting layer-record changes with it).
   */
  nudge(): Promise<void> {
    this.layersStale = true;
    return this.wake();
  }

  private wake(): Promise<void> {
    if (this.state.status === 'stopped' || this.state.status === 'unauthorised') return Promise.resolve();
    if (this.state.status === 'offline') {
      this.cancelRetry?.();
      this.cancelRetry = null;
    }
    return this.trigger();
  }

  /** Resolves when no round is running. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private trigger(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.idle();
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.round();
    } while (this.again && this.state.status !== 'stopped' && this.state.status !== 'unauthorised' && this.state.status !== 'offline');
  }

  private async round(): Promise<void> {
    if (this.state.status === 'stopped') return;
    this.set({ status: 'syncing', retryInMs: null });
    try {
      await this.pushAll();
      if (this.stopped()) return;
      if (this.layersDue()) await this.listLayers();
      await this.pullAll();
      if (this.stopped()) return;
      this.attempts = 0;
      this.openLive();
      this.set({ status: 'connected', lastSyncAt: this.clock.now(), lastError: null });
    } catch (error) {
      if (this.stopped()) return;
      this.fail(error);
    }
  }

  /**
   * The layer list is asked for when the live channel is not open (the first round, after a drop),
   * when a `layers` frame said it changed, or when it is older than LAYERS_MAX_AGE_MS; not on
   * every change frame, which would double the requests each colleague's edit costs the hub.
   */
  private layersDue(): boolean {
    return this.layersStale || !this.live || this.layersListedAt === null || this.clock.now() - this.layersListedAt >= LAYERS_MAX_AGE_MS;
  }

  private async listLayers(): Promise<void> {
    // Cleared before asking: a frame arriving while the list is on its way asks again.
    this.layersStale = false;
    try {
      await this.sink.layers(await this.transport.listLayers(), (id, after) => this.transport.snapshot(id, after));
      this.layersListedAt = this.clock.now();
    } catch (e) {
      this.layersStale = true;
      throw e;
    }
  }

  private async pushAll(): Promise<void> {
    // Read again after every applied entry: the outbox rebases the entries behind it on the
    // versions the hub just gave, and edits made while we push are pushed in this round too.
    for (;;) {
      const entries = await this.outbox.entries();
      this.set({ pending: entries.length });
      if (entries.length === 0) return;
      const last = lastTouch(entries);
      for (const [i, entry] of entries.entries()) {
        if (this.stopped()) return;
        const outcome = await this.transport.push(entry);
        if (outcome.kind === 'conflicts') await this.sink.conflicts(entry, outcome.conflicts);
        else if (outcome.kind === 'refused') await this.sink.refused(entry, outcome.code, outcome.params);
        await this.outbox.remove(entry.changeset.id, outcome.kind === 'applied' ? outcome.versions : undefined);
        this.set({ pending: Math.max(0, this.state.pending - 1) });
        if (outcome.kind === 'applied' && Object.keys(outcome.versions).some((id) => (last.get(id) ?? -1) > i)) break;
      }
    }
  }

  private async pullAll(): Promise<void> {
    const live = await this.applyLivePages(await this.sink.readCursor());
    let cursor = live.cursor;
    // Everything the live channel told of is in: no request to the hub.
    if (live.complete && cursor >= this.liveHead) return;
    for (;;) {
      if (this.stopped()) return;
      const page = await this.transport.pull(cursor, this.pageSize);
      const fresh = page.changes.filter((c) => c.seq > cursor).sort((a, b) => a.seq - b.seq);
      if (fresh.length > 0) await this.sink.applyRemote(fresh);
      const next = Math.max(cursor, page.next, fresh[fresh.length - 1]?.seq ?? 0);
      const moved = next !== cursor;
      if (moved) {
        cursor = next;
        await this.sink.writeCursor(cursor);
        this.set({ cursor });
      }
      // A hub that says "more" without moving the cursor would loop for ever.
      if (!page.more || !moved) return;
    }
  }

  /**
   * The live channel's pages that follow on from the cursor, applied as pulled pages are. Returns
   * the cursor after them, and whether they are complete; they are not when the channel has not
   * said anything yet, a page asked for a pull (`more`), or a page starts after the cursor (a gap).
   */
  private async applyLivePages(from: number): Promise<{ cursor: number; complete: boolean }> {
    const pages = this.livePages;
    this.livePages = [];
    this.set({ cursor: from });
    let cursor = from;
    let complete = this.live !== null && this.liveHeard;
    // All of them in one apply, as one pulled page is: a burst of frames is one store write and one redraw.
    const fresh: RemoteChange[] = [];
    for (const page of pages) {
      if (page.more) complete = false;
      if (page.next <= cursor) continue;
      if (page.after > cursor) {
        complete = false;
        continue;
      }
      const after = cursor;
      fresh.push(...page.changes.filter((c) => c.seq > after));
      cursor = page.next;
    }
    if (cursor === from) return { cursor, complete };
    if (fresh.length > 0) await this.sink.applyRemote(fresh.sort((a, b) => a.seq - b.seq));
    await this.sink.writeCursor(cursor);
    this.set({ cursor });
    return { cursor, complete };
  }

  private openLive(): void {
    if (this.live) return;
    this.livePages = [];
    this.liveHead = 0;
    this.liveHeard = false;
    this.live = this.transport.openLive({
      onSeq: (seq) => {
        this.heard(seq);
        if (seq > this.state.cursor) void this.wake();
      },
      onPage: (page) => {
        this.heard(page.next);
        this.livePages.push(page);
        if (page.more || page.next > this.state.cursor) void this.wake();
      },
      onLayers: () => void this.nudge(),
      onClose: () => {
        this.live = null;
        if (this.stopped() || this.state.status === 'unauthorised') return;
        this.fail(new HubTransportError('network', 'hub.live-closed'));
      },
    });
  }

  private heard(seq: number): void {
    this.liveHeard = true;
    this.liveHead = Math.max(this.liveHead, seq);
  }

  private closeLive(): void {
    const live = this.live;
    this.live = null;
    this.livePages = [];
    live?.close();
  }

  private fail(error: unknown): void {
    const failure = error instanceof HubTransportError ? error.failure : 'network';
    const code = error instanceof HubTransportError ? error.code : 'hub.unreachable';
    this.closeLive();
    if (failure === 'unauthorised') {
      this.set({ status: 'unauthorised', lastError: code, retryInMs: null });
      return;
    }
    const delay = this.nextDelay();
    this.set({ status: 'offline', lastError: code, retryInMs: delay });
    this.cancelRetry?.();
    this.cancelRetry = this.clock.setTimer(delay, () => {
      this.cancelRetry = null;
      void this.trigger();
    });
  }

  /** Full jitter on a doubling ceiling: spreads 50 reconnecting workstations after a hub restart. */
  private nextDelay(): number {
    const ceiling = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** this.attempts);
    this.attempts += 1;
    return Math.round(ceiling / 2 + (ceiling / 2) * this.clock.random());
  }

  private stopped(): boolean {
    return this.state.status === 'stopped';
  }

  private set(patch: Partial<HubState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }
}

/**
 * For each feature id, the index of the last entry that edits it: an entry pushed at `i` whose
 * features a later entry edits too must be read again (rebased) before that one goes. One pass
 * over the outbox, where asking every later entry after each push grew with the square of it.
 */
function lastTouch(entries: readonly OutboxEntry[]): Map<string, number> {
  const last = new Map<string, number>();
  for (const [i, e] of entries.entries()) {
    for (const id of Object.keys(e.baseVersions)) last.set(id, i);
    for (const op of e.changeset.ops) if (op.op === 'putFeatures') for (const f of op.features) last.set(f.id, i);
  }
  return last;
}
