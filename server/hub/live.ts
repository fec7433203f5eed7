/**
 * The live channel: WebSocket clients on /live are told the seq of each committed change they
 * may read, and pull the data over HTTP (where row-level security applies once more).
 *
 * Every hub process holds one LISTEN connection; a push committed by any process on the same
 * database reaches all of them. For each notice (or batch of notices that arrived while the last
 * fan-out ran) the channel runs the pull statement (pull.ts) for the batch's seqs once per
 * organisation with a client connected, as an actor of that organisation, and sends its clients
 * the page as a `changes` frame: row-level security decides what is in it, exactly as for a pull,
 * and the clients need not pull at all. Visibility depends on the organisation alone (the release
 * rule reads cg.org), so one query per organisation serves all its clients, where 50 pulls each
 * built the same page again. The notice's payload is used only to know which seqs to ask about.
 * A frame says which seqs it covers completely (`after` < seq ≤ `next`): seqs commit in order
 * under the log lock and each one notifies, so a batch covers everything after the last batch,
 * and an organisation that may read nothing of a batch gets no frame, its next frame covering
 * both. A big or backed-up page is left to the clients' pulls, which pace themselves.
 *
 * When the LISTEN connection drops (PostgreSQL restarted), it reconnects with backoff and then
 * sends each client a `ready` frame with the newest seq it may read, so that clients pull what
 * was committed while notices could not arrive.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import pg from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';
import { verifyToken, verifyTokens } from '../auth/sessions';
import { readAsActor, type Actor } from '../db/tx';
import { LIMITS, LiveClientFrameSchema, type HubError, type LiveServerFrame } from '../../shared/hub/protocol';
import { CHANGES_CHANNEL, ChangeNoticeSchema, LAYERS_CHANNEL, type ChangeNotice } from './notice';
import { fromPgError } from './pg-errors';
import { pageParts, pullPageStatement, READABLE_PART, type PullPageRow } from './pull';

export const LIVE_PATH = '/live';
const HELLO_TIMEOUT_MS = 10_000;
const PING_MS = 30_000;
const RECONNECT_MIN_MS = 200;
const RECONNECT_MAX_MS = 5_000;
/** A live frame carries at most this many feature rows: a bigger batch is pulled. */
const LIVE_FEATURE_BUDGET = 2_000;
/** Nor more text than this, which is sent to each client of the organisation. */
const LIVE_FRAME_CHARS = 1_000_000;
/** A client with this much not yet sent is told to pull instead of being sent more. */
const LIVE_BACKLOG_BYTES = 4_000_000;
/** What a version 2 client reads as "pull now": no change, nothing covered, more waiting. */
const PULL_NOW: LiveServerFrame = { type: 'changes', after: 0, next: 0, more: true, changes: [] };

interface LiveClient {
  ws: WebSocket;
  actor: Actor;
  token: string;
  alive: boolean;
  /** Version 1 clients get `change` frames and pull. */
  protocol: 1 | 2;
}

export interface LiveChannelOptions {
  pool: pg.Pool;
  /** Connection settings of the LISTEN connection. */
  listen: pg.ClientConfig;
  /** How often connected clients' sessions are checked again (default a minute). */
  sessionSweepMs?: number;
}

export class LiveChannel {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 4096 }) // only the hello frame comes this way;
  private readonly clients = new Set<LiveClient>();
  private listener: pg.Client | null = null;
  private closed = false;
  private reconnectDelay = RECONNECT_MIN_MS;
  private queue: Promise<void> = Promise.resolve();
  private pending: ChangeNotice[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  /** The last seq a fan-out covered, null until the first batch after the LISTEN connection (re)opened. */
  private covered: number | null = null;
  /** Per organisation, the `after` of its next frame: it was sent, or may read, nothing after it up to `covered`. */
  private readonly orgAfter = new Map<string, number>();
  /** Counts LISTEN connections: a batch heard on an earlier one does not move `covered`. */
  private epoch = 0;

  constructor(private readonly opts: LiveChannelOptions) {
    this.timers.push(setInterval(() => this.ping(), PING_MS), setInterval(() => this.enqueue(() => this.sweepSessions()), opts.sessionSweepMs ?? 60_000));
    for (const t of this.timers) t.unref();
  }

  async start(): Promise<void> {
    await this.connectListener();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    for (const c of this.clients) c.ws.terminate();
    this.clients.clear();
    this.wss.close();
    const l = this.listener;
    this.listener = null;
    await l?.end().catch(() => undefined);
    await this.queue;
  }

  private onConnection(ws: WebSocket): void {
    const timeout = setTimeout(() => this.refuse(ws, { code: 'unauthenticated', params: {} }), HELLO_TIMEOUT_MS);
    ws.once('message', (data) => {
      clearTimeout(timeout);
      void this.hello(ws, data.toString()).catch((e: unknown) => this.refuse(ws, fromPgError(e)?.error ?? { code: 'internal', params: {} }));
    });
    ws.on('error', () => ws.terminate());
    ws.once('close', () => clearTimeout(timeout));
  }

  private async hello(ws: WebSocket, text: string): Promise<void> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return this.refuse(ws, { code: 'bad-json', params: {} });
    }
    const frame = LiveClientFrameSchema.safeParse(parsed);
    if (!frame.success) return this.refuse(ws, { code: 'invalid-request', params: { path: frame.error.issues[0]?.path.join('.') ?? '' } });
    const auth = await verifyToken(this.opts.pool, frame.data.token);
    if (!auth.ok) return this.refuse(ws, { code: auth.code, params: {} });
    const client: LiveClient = { ws, actor: auth.value, token: frame.data.token, alive: true, protocol: frame.data.protocol };
    ws.on('pong', () => (client.alive = true));
    ws.once('close', () => this.clients.delete(client));
    if (ws.readyState !== ws.OPEN) return;
    this.clients.add(client);
    ws.on('message', () => this.refuse(ws, { code: 'invalid-request', params: { path: 'type' } }));
    // Read once the client is in the set: a change committed after this read reaches it as a frame.
    this.send(client, { type: 'ready', seq: await this.latestSeq(client.actor) });
  }

  private refuse(ws: WebSocket, error: HubError): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'error', error } satisfies LiveServerFrame));
    // 1008: policy violation; the frame above says which.
    ws.close(1008, error.code);
  }

  private send(client: LiveClient, frame: LiveServerFrame): void {
    if (client.ws.readyState === client.ws.OPEN) client.ws.send(JSON.stringify(frame));
  }

  private sendAll(frame: LiveServerFrame): void {
    for (const c of this.clients) this.send(c, frame);
  }

  private ping(): void {
    for (const c of this.clients) {
      if (!c.alive) {
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      c.ws.ping();
    }
  }

  /**
   * Clients whose session expired or was revoked since they said hello are closed: once a minute,
   * and before every fan-out, so that a frame's changes never reach a session that a pull would
   * refuse. One query for all of them.
   */
  private async sweepSessions(): Promise<void> {
    const clients = [...this.clients];
    if (clients.length === 0) return;
    const verdicts = await verifyTokens(this.opts.pool, clients.map((c) => c.token));
    for (const c of clients) {
      const auth = verdicts.get(c.token);
      if (auth && !auth.ok) {
        this.clients.delete(c);
        this.refuse(c.ws, { code: auth.code, params: {} });
      }
    }
  }

  private enqueue(task: () => Promise<void>): void {
    // Frames go out in notice order; a failing task must not stop the ones after it.
    this.queue = this.queue.then(task).catch((e: unknown) => {
      if (!this.closed) console.error('hub live channel:', (e as Error).message);
    });
  }

  private async connectListener(): Promise<void> {
    const client = new pg.Client(this.opts.listen);
    client.on('error', () => this.listenerLost(client));
    client.on('end', () => this.listenerLost(client));
    client.on('notification', (n) => {
      // Content-free: every client re-lists its layers, where row-level security answers.
      if (n.channel === LAYERS_CHANNEL) return this.enqueue(async () => this.sendAll({ type: 'layers' }));
      if (n.channel !== CHANGES_CHANNEL || !n.payload) return;
      let payload: unknown;
      try {
        payload = JSON.parse(n.payload);
      } catch {
        return;
      }
      const notice = ChangeNoticeSchema.safeParse(payload);
      if (!notice.success) return;
      // Notices that arrive while a fan-out runs wait in `pending` and go out together after it.
      this.pending.push(notice.data);
      const epoch = this.epoch;
      if (this.pending.length === 1) this.enqueue(() => this.fanOut(this.takePending(), epoch));
    });
    await client.connect();
    await client.query(`listen ${CHANGES_CHANNEL}`);
    await client.query(`listen ${LAYERS_CHANNEL}`);
    this.listener = client;
    this.reconnectDelay = RECONNECT_MIN_MS;
  }

  private listenerLost(client: pg.Client): void {
    if (this.listener !== client || this.closed) return;
    this.listener = null;
    // Notices sent while no connection listens are lost: what was covered says nothing of them.
    this.epoch++;
    this.covered = null;
    this.orgAfter.clear();
    void client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
    setTimeout(() => {
      if (this.closed) return;
      this.connectListener()
        .then(() => this.enqueue(() => this.resyncAll()))
        .catch(() => this.scheduleReconnect());
    }, delay).unref();
  }

  private byOrg(): Map<string, LiveClient[]> {
    const groups = new Map<string, LiveClient[]>();
    for (const c of this.clients) {
      const g = groups.get(c.actor.orgId);
      if (g) g.push(c);
      else groups.set(c.actor.orgId, [c]);
    }
    return groups;
  }

  private takePending(): ChangeNotice[] {
    const batch = this.pending;
    this.pending = [];
    return batch;
  }

  /** One query per organisation for a whole batch of notices, frames in seq order. */
  private async fanOut(notices: readonly ChangeNotice[], epoch: number): Promise<void> {
    const seqs = notices.map((n) => n.seq);
    if (seqs.length === 0) return;
    const through = Math.max(...seqs);
    // Every seq after the last batch committed before this batch's last one, and notified.
    const current = epoch === this.epoch && this.covered !== null && this.covered < through;
    const since = current && this.covered !== null ? this.covered : Math.min(...seqs) - 1;
    if (epoch === this.epoch) this.covered = through;
    await this.sweepSessions();
    const groups = this.byOrg();
    for (const org of [...this.orgAfter.keys()]) if (!groups.has(org) || !current) this.orgAfter.delete(org);
    for (const [org, group] of groups) {
      const first = group[0];
      if (!first) continue;
      // One round trip (readAsActor): the pull statement over this batch only, as the organisation.
      const rows = (await readAsActor(this.opts.pool, first.actor, pullPageStatement({ since, through, limit: LIMITS.pullPage, featureBudget: LIVE_FEATURE_BUDGET }))) as PullPageRow[];
      for (const r of rows) if (r.seq !== null && r.layer_id !== null) for (const c of group) if (c.protocol === 1) this.send(c, { type: 'change', seq: Number(r.seq), layerId: r.layer_id });
      const page = pageParts(rows);
      const after = this.orgAfter.get(org) ?? since;
      if (page.changes.length === 0 && !page.more) {
        if (epoch === this.epoch) this.orgAfter.set(org, after);
        continue;
      }
      const text = page.changes.join(',');
      const whole = !page.more && text.length <= LIVE_FRAME_CHARS;
      if (whole && epoch === this.epoch) this.orgAfter.set(org, through);
      else this.orgAfter.delete(org);
      const frame = whole ? Buffer.from(`{"type":"changes","after":${after},"changes":[${text}],"next":${through},"more":false}`) : null;
      for (const c of group) {
        if (c.protocol === 1 || c.ws.readyState !== c.ws.OPEN) continue;
        if (frame && c.ws.bufferedAmount < LIVE_BACKLOG_BYTES) c.ws.send(frame, { binary: false });
        else this.send(c, PULL_NOW);
      }
    }
  }

  private async resyncAll(): Promise<void> {
    for (const group of this.byOrg().values()) {
      const first = group[0];
      if (!first) continue;
      const seq = await this.latestSeq(first.actor);
      for (const c of group) this.send(c, { type: 'ready', seq });
    }
  }

  private async latestSeq(actor: Actor): Promise<number> {
    const rows = await readAsActor(this.opts.pool, actor, LATEST_SEQ);
    return Number((rows[0] as { seq?: string } | undefined)?.seq ?? 0);
  }
}

/** Newest first through the primary key, stopping at the first readable one. */
const LATEST_SEQ = `select c.seq from changesets c where ${READABLE_PART} order by c.seq desc limit 1`;
