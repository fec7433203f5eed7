/**
 * The live channel: WebSocket clients on /live are told the seq of each committed change they
 * may read, and pull the data over HTTP (where row-level security applies once more).
 *
 * Every hub process holds one LISTEN connection; a push committed by any process on the same
 * database reaches all of them. For each notice (or batch of notices that
 * arrived while the last fan-out ran) the channel asks the database, as an actor of
 * each organisation with a client connected, whether that organisation may read any feature the
 * changeset wrote, and only then sends the frame. The notice's payload is used only to know
 * which seq to ask about. Visibility depends on the organisation alone (the release rule reads
 * cg.org), so one query per organisation serves all its clients.
 *
 * When the LISTEN connection drops (PostgreSQL restarted), it reconnects with backoff and then
 * sends each client a `ready` frame with the newest seq it may read, so that clients pull what
 * was committed while notices could not arrive.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import pg from 'pg';
import { WebSocketServer, type WebSocket } from 'ws';
import { verifyToken } from '../auth/sessions';
import { readAsActor, type Actor } from '../db/tx';
import { LiveClientFrameSchema, type HubError, type LiveServerFrame } from '../../shared/hub/protocol';
import { CHANGES_CHANNEL, ChangeNoticeSchema, LAYERS_CHANNEL, type ChangeNotice } from './notice';
import { fromPgError } from './pg-errors';
import { READABLE_PART } from './pull';

export const LIVE_PATH = '/live';
const HELLO_TIMEOUT_MS = 10_000;
const PING_MS = 30_000;
const RECONNECT_MIN_MS = 200;
const RECONNECT_MAX_MS = 5_000;

interface LiveClient {
  ws: WebSocket;
  actor: Actor;
  token: string;
  alive: boolean;
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
    const client: LiveClient = { ws, actor: auth.value, token: frame.data.token, alive: true };
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

  /** Clients whose session expired or was revoked since they said hello are closed. */
  private async sweepSessions(): Promise<void> {
    for (const c of [...this.clients]) {
      const auth = await verifyToken(this.opts.pool, c.token);
      if (!auth.ok) {
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
      if (this.pending.length === 1) this.enqueue(() => this.fanOut(this.takePending()));
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
  private async fanOut(notices: readonly ChangeNotice[]): Promise<void> {
    const seqs = notices.map((n) => n.seq);
    for (const group of this.byOrg().values()) {
      const first = group[0];
      if (!first) continue;
      // The same policies as a pull: the changeset's layer readable, and at least one of its feature rows or a withdrawal addressed to the organisation.
      // One round trip (readAsActor); the seqs are integers checked by ChangeNoticeSchema.
      const visible = (await readAsActor(
        this.opts.pool,
        first.actor,
        `select c.seq, c.layer_id from changesets c where c.seq = any(${seqArray(seqs)}) and ${READABLE_PART} order by c.seq`,
      )) as { seq: string; layer_id: string }[];
      for (const v of visible) for (const c of group) this.send(c, { type: 'change', seq: Number(v.seq), layerId: v.layer_id });
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

const seqArray = (seqs: readonly number[]): string => {
  if (!seqs.every(Number.isSafeInteger)) throw new Error('seqs must be integers');
  return `'{${seqs.join(',')}}'::bigint[]`;
};
