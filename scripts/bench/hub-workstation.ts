/**
 * One simulated workstation of the hub benchmark: a HubClient with its live channel open. It
 * pushes its own edits one after the other, and on every `change` frame pulls from its cursor
 * (one pull loop at a time; frames that arrive meanwhile only raise the target). Every pulled
 * changeset is logged by id with the time it arrived, so the run can tell propagation delays,
 * losses and duplicates; the features it pulled make up its copy of the picture.
 */
import { HubClient, type LiveConnection } from '../../server/hub/client';
import { LiveServerFrameSchema, type FeatureInput, type HubFeature, type LiveServerFrame, type PullPage, type PushChangeset, type PushOp } from '../../shared/hub/protocol';
import { BENCH_LAYERS, mayRead, seededId, seededMarking, type BenchLayer, type BenchOrg, type Session } from './hub-store';

/** When each changeset was sent, by id: shared by all workstations of one run (one process, one clock). */
/** When each changeset was sent, by whom, and when its push was answered. */
export type SentLog = Map<string, { at: number; by: number; answeredAt?: number }>;

const WRITABLE: Record<BenchOrg, BenchLayer[]> = {
  force: [BENCH_LAYERS.incidents, BENCH_LAYERS.patrols],
  ocha: [BENCH_LAYERS.incidents, BENCH_LAYERS.sites],
  unpol: [BENCH_LAYERS.incidents, BENCH_LAYERS.sites],
};

/** A marking a workstation gives some of its new features, so that the live channel and pulls must filter. */
const RESTRICTED: Partial<Record<BenchOrg, Record<string, FeatureInput['marking']>>> = {
  force: { a: { classification: 'CONFIDENTIAL', caveats: [], releasableTo: ['force'] } },
  ocha: { c: { classification: 'UNCLASSIFIED', caveats: [], releasableTo: ['ocha'] } },
};

export interface WorkstationStats {
  pushed: number;
  featureEdits: number;
  conflicts: number;
  duplicatesReceived: number;
  /** Pull requests made, the final catch-up's included: how much of the hub's work the receivers cause. */
  pulls: number;
  /** Round-trip time of each push and each pull (ms): which of the two the hub is slow to answer. */
  pushMs: number[];
  pullMs: number[];
}

/**
 * The live frames of this process's simulated workstations, parsed and checked once per text:
 * the hub sends the same frame to every workstation of an organisation, and 50 workstations
 * validating it on one thread measured the harness (its CPU went up by a third when frames began
 * to carry changes), not the hub. Each workstation still applies the frame to its own state; the
 * objects are only read.
 */
const parsedFrames = new Map<string, LiveServerFrame | null>();
const PARSED_FRAMES_KEPT = 256;

function parseFrame(text: string): LiveServerFrame | null {
  const known = parsedFrames.get(text);
  if (known !== undefined) return known;
  const r = LiveServerFrameSchema.safeParse(JSON.parse(text));
  const frame = r.success ? r.data : null;
  parsedFrames.set(text, frame);
  if (parsedFrames.size > PARSED_FRAMES_KEPT) parsedFrames.delete(parsedFrames.keys().next().value ?? '');
  return frame;
}

export class Workstation {
  readonly client: HubClient;
  /** Changeset id → when it was first pulled, and whether the pull was started by a live frame. */
  readonly received = new Map<string, { at: number; live: boolean }>();
  /** What this workstation holds of the features changed during the run, newest version each. */
  readonly features = new Map<string, HubFeature>();
  /** Every changeset the hub applied from this workstation, for the plain-INSERT baseline. */
  readonly applied: PushChangeset[] = [];
  readonly stats: WorkstationStats = { pushed: 0, featureEdits: 0, conflicts: 0, duplicatesReceived: 0, pulls: 0, pushMs: [], pullMs: [] };
  private live: LiveConnection | null = null;
  private cursor: number;
  private target = 0;
  private pulling: Promise<void> | null = null;
  private failure: Error | null = null;
  /** Versions of the features this workstation may edit: its slice of the seeded ones, then its own new ones. */
  private readonly versions = new Map<string, { layer: BenchLayer; version: number }>();
  private readonly seededLeft: Map<string, string[]>;
  private readonly seededIds: Set<string>;
  private readonly created: string[] = [];

  constructor(
    hubUrl: string,
    readonly index: number,
    readonly count: number,
    readonly session: Session,
    startSeq: number,
    seededCounts: Record<string, number>,
    private readonly rand: () => number,
  ) {
    this.client = new HubClient(hubUrl);
    this.client.token = session.token;
    this.cursor = startSeq;
    // Disjoint slices (feature i goes to workstation i mod count), visible to this workstation's
    // organisation, so edits never conflict by construction and any conflict is the hub's error.
    this.seededLeft = new Map(
      WRITABLE[session.org].map((layer) => {
        const ids: string[] = [];
        for (let i = index; i < (seededCounts[layer.tag] ?? 0) && ids.length < 2_000; i += count) {
          if (mayRead(session.org, seededMarking(layer, i), layer.owner)) ids.push(seededId(layer.tag, i));
        }
        return [layer.tag, ids];
      }),
    );
    this.seededIds = new Set([...this.seededLeft.values()].flat());
  }

  async connect(): Promise<void> {
    const live = await this.client.live({ keep: false, parse: parseFrame });
    this.live = live;
    live.onFrame = (frame) => {
      if (frame.type === 'change') this.wantUpTo(frame.seq, true);
      else if (frame.type === 'changes') this.livePage(frame);
    };
    await live.next((f) => f.type === 'ready');
  }

  /** The next changeset this workstation would make: 1–9 features of one writable layer. */
  nextChangeset(): PushChangeset {
    const layers = WRITABLE[this.session.org];
    const layer = layers[Math.floor(this.rand() * layers.length)] ?? BENCH_LAYERS.incidents;
    const n = 1 + Math.floor(this.rand() * 9);
    const put: { feature: FeatureInput; baseVersion: number | null }[] = [];
    const del: { id: string; baseVersion: number }[] = [];
    const seeded = this.seededLeft.get(layer.tag) ?? [];
    const taken = new Set<string>();
    for (let k = 0; k < n; k++) {
      const r = this.rand();
      const own = this.created.filter((id) => this.versions.get(id)?.layer === layer && !taken.has(id));
      const geometry: FeatureInput['geometry'] = { type: 'Point', coordinates: [28.5 + this.rand(), -2 + this.rand()] };
      if (r < 0.03 && own.length > 0) {
        const id = own[Math.floor(this.rand() * own.length)] ?? '';
        taken.add(id);
        del.push({ id, baseVersion: this.versions.get(id)?.version ?? 1 });
      } else if (r < 0.5 && seeded.length > 0) {
        const id = seeded[Math.floor(this.rand() * seeded.length)] ?? '';
        if (taken.has(id)) continue;
        taken.add(id);
        put.push({ feature: { id, geometry, properties: { name: `edited by ws${this.index}`, rev: k, eventType: 'Battles' } }, baseVersion: this.versions.get(id)?.version ?? 1 });
      } else if (r < 0.7 && own.length > 0) {
        const id = own[Math.floor(this.rand() * own.length)] ?? '';
        taken.add(id);
        put.push({ feature: { id, geometry, properties: { name: `ws${this.index} again`, rev: k } }, baseVersion: this.versions.get(id)?.version ?? 1 });
      } else {
        const id = crypto.randomUUID();
        taken.add(id);
        const marking = this.rand() < 0.25 ? RESTRICTED[this.session.org]?.[layer.tag] : undefined;
        put.push({ feature: { id, geometry, properties: { name: `new from ws${this.index}`, fatalities: k }, ...(marking ? { marking } : {}) }, baseVersion: null });
      }
    }
    const ops: PushOp[] = [];
    if (put.length > 0) ops.push({ op: 'putFeatures', features: put });
    if (del.length > 0) ops.push({ op: 'deleteFeatures', features: del });
    if (ops.length === 0) return this.nextChangeset();
    return { id: crypto.randomUUID(), layerId: layer.id, label: `ws${this.index}`, at: new Date().toISOString(), ops };
  }

  /** Pushes `n` changesets one after the other, each logged in `sent` just before it goes. */
  async pushMany(n: number, sent: SentLog): Promise<void> {
    for (let k = 0; k < n; k++) {
      if (this.failure) throw this.failure;
      const cs = this.nextChangeset();
      const t0 = performance.now();
      sent.set(cs.id, { at: t0, by: this.index });
      const a = await this.client.push(cs);
      const answeredAt = performance.now();
      this.stats.pushMs.push(answeredAt - t0);
      const logged = sent.get(cs.id);
      if (logged) logged.answeredAt = answeredAt;
      if (!a.ok) throw new Error(`ws${this.index} push refused: ${a.error.code} ${JSON.stringify(a.error.params)}`);
      if (a.body.status === 'conflicts') {
        this.stats.conflicts += a.body.conflicts.length;
        continue;
      }
      if (a.body.status !== 'applied') throw new Error(`ws${this.index} push answered ${a.body.status}`);
      this.stats.pushed++;
      this.applied.push(cs);
      const layer = Object.values(BENCH_LAYERS).find((l) => l.id === cs.layerId) ?? BENCH_LAYERS.incidents;
      for (const [id, version] of Object.entries(a.body.versions)) {
        if (!this.versions.has(id) && !this.seededIds.has(id)) this.created.push(id);
        this.versions.set(id, { layer, version });
        this.stats.featureEdits++;
      }
    }
  }

  /** As the app's sync client: a page that follows on from the cursor is applied, anything else pulls. */
  private livePage(page: PullPage & { after: number }): void {
    if (page.more || this.pulling || page.after > this.cursor) {
      this.wantUpTo(page.more ? Math.max(page.next, this.target, this.cursor + 1) : page.next, true);
      return;
    }
    if (page.next <= this.cursor) return;
    this.receive(page.changes.filter((c) => c.seq > this.cursor), performance.now(), true);
    this.cursor = page.next;
  }

  private receive(changes: PullPage['changes'], at: number, live: boolean): void {
    for (const { changeset } of changes) {
      if (this.received.has(changeset.id)) this.stats.duplicatesReceived++;
      else this.received.set(changeset.id, { at, live });
      for (const f of changeset.features) {
        const held = this.features.get(f.id);
        if (!held || held.version < f.version) this.features.set(f.id, f);
      }
    }
  }

  private wantUpTo(seq: number, live: boolean): void {
    if (seq > this.target) this.target = seq;
    if (this.pulling) return;
    const aimed = this.target;
    this.pulling = this.pullLoop(live)
      .catch((e: unknown) => {
        this.failure = e as Error;
      })
      .finally(() => {
        this.pulling = null;
        // Only a frame that came during the loop starts another: one the hub has not shown yet must not spin.
        if (this.target > aimed && !this.failure) this.wantUpTo(this.target, live);
      });
  }

  private async pullLoop(live: boolean): Promise<void> {
    while (this.cursor < this.target) {
      this.stats.pulls++;
      const t0 = performance.now();
      const a = await this.client.pull(this.cursor);
      if (!a.ok) throw new Error(`ws${this.index} pull refused: ${a.error.code}`);
      const at = performance.now();
      this.stats.pullMs.push(at - t0);
      this.receive(a.body.changes.filter((c) => c.seq > this.cursor), at, live);
      this.cursor = Math.max(this.cursor, a.body.next);
      if (!a.body.more) return;
    }
  }

  /** After the run: everything left, pulled without a live frame (what arrives here was missed live). */
  async finish(): Promise<void> {
    if (this.pulling) await this.pulling;
    if (this.failure) throw this.failure;
    this.target = Number.MAX_SAFE_INTEGER;
    await this.pullLoop(false);
    this.live?.close();
  }
}
