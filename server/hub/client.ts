/**
 * A node client of the hub (fetch + ws), for the tests, the benchmark and scripts. Answers are
 * checked against the protocol's schemas, so a hub that drifted from the contract fails loudly.
 * `sync` is the catch-up loop a workstation runs: pull pages until none is left.
 */
import WebSocket from 'ws';
import { z } from 'zod';
import {
  ErrorResponseSchema,
  HubDirectorySchema,
  LayerAnswerSchema,
  LayersResponseSchema,
  LiveServerFrameSchema,
  LoginResponseSchema,
  PROTOCOL_VERSION,
  PullPageSchema,
  PushResultSchema,
  SnapshotPageSchema,
  type CreateLayerRequest,
  type HubError,
  type LayerAnswer,
  type LiveServerFrame,
  type PullPage,
  type PushChangeset,
  type PushResult,
  type UpdateLayerRequest,
} from '../../shared/hub/protocol';

export type Answer<T> = { ok: true; status: number; body: T } | { ok: false; status: number; error: HubError };

export class HubClient {
  token: string | null = null;

  constructor(readonly baseUrl: string) {}

  /** Any request, its answer parsed with `schema` on success and as the protocol's error otherwise. */
  async request<S extends z.ZodType>(schema: S, method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<Answer<z.infer<S>>> {
    const h: Record<string, string> = { ...headers };
    if (this.token && !('authorization' in h)) h.authorization = `Bearer ${this.token}`;
    if (body !== undefined) h['content-type'] = 'application/json';
    const res = await fetch(this.baseUrl + path, { method, headers: h, body });
    const json: unknown = await res.json();
    // A push's conflicts come with 409 too, but as a push result rather than an error.
    const isError = typeof json === 'object' && json !== null && 'error' in json;
    if (!isError && (res.ok || res.status === 409)) return { ok: true, status: res.status, body: schema.parse(json) };
    return { ok: false, status: res.status, error: ErrorResponseSchema.parse(json).error };
  }

  async login(login: string, password: string): Promise<Answer<z.infer<typeof LoginResponseSchema>>> {
    const a = await this.request(LoginResponseSchema, 'POST', '/login', JSON.stringify({ login, password }));
    if (a.ok) this.token = a.body.token;
    return a;
  }

  push(changeset: PushChangeset): Promise<Answer<PushResult>> {
    return this.request(PushResultSchema, 'POST', '/push', JSON.stringify({ changeset }));
  }

  pull(since: number, limit?: number): Promise<Answer<PullPage>> {
    return this.request(PullPageSchema, 'GET', `/pull?since=${since}${limit ? `&limit=${limit}` : ''}`);
  }

  directory(): Promise<Answer<z.infer<typeof HubDirectorySchema>>> {
    return this.request(HubDirectorySchema, 'GET', '/directory');
  }

  layers(): Promise<Answer<z.infer<typeof LayersResponseSchema>>> {
    return this.request(LayersResponseSchema, 'GET', '/layers');
  }

  /** POST /layers: 201 when created, 200 when this organisation had already shared it. */
  createLayer(request: CreateLayerRequest): Promise<Answer<LayerAnswer>> {
    return this.request(LayerAnswerSchema, 'POST', '/layers', JSON.stringify(request));
  }

  updateLayer(layerId: string, patch: UpdateLayerRequest): Promise<Answer<LayerAnswer>> {
    return this.request(LayerAnswerSchema, 'PATCH', `/layers/${encodeURIComponent(layerId)}`, JSON.stringify(patch));
  }

  snapshot(layerId: string, after?: string, limit?: number): Promise<Answer<z.infer<typeof SnapshotPageSchema>>> {
    const q = new URLSearchParams();
    if (after) q.set('after', after);
    if (limit) q.set('limit', String(limit));
    return this.request(SnapshotPageSchema, 'GET', `/layers/${encodeURIComponent(layerId)}/snapshot${q.size ? `?${q}` : ''}`);
  }

  /** Pulls every page after `since`; returns the pages' changes in order and the last seq. */
  async sync(since: number, limit?: number): Promise<{ changes: PullPage['changes']; seq: number; pages: number }> {
    const changes: PullPage['changes'] = [];
    let seq = since;
    let pages = 0;
    for (;;) {
      const a = await this.pull(seq, limit);
      if (!a.ok) throw new Error(`pull failed: ${a.error.code}`);
      pages++;
      changes.push(...a.body.changes);
      seq = a.body.next;
      if (!a.body.more) return { changes, seq, pages };
    }
  }

  /** Opens the live channel and says hello; frames arrive in `frames` and through `onFrame`. */
  live(options: LiveOptions = {}): Promise<LiveConnection> {
    return LiveConnection.open(this.baseUrl.replace(/^http/, 'ws') + '/live', this.token ?? '', options);
  }
}

export interface LiveOptions {
  /** The protocol version said in hello (default the current one). */
  protocol?: number;
  /** Whether change frames are kept in `frames`, for tests to read; a long-running client keeps only the others. */
  keep?: boolean;
  /** A frame's text as a frame (default: JSON checked against the protocol's schema); null drops it. */
  parse?: (text: string) => LiveServerFrame | null;
}

const parseFrame = (text: string): LiveServerFrame => LiveServerFrameSchema.parse(JSON.parse(text));

export class LiveConnection {
  readonly frames: LiveServerFrame[] = [];
  onFrame: ((frame: LiveServerFrame) => void) | null = null;
  private waiters: { test: (f: LiveServerFrame) => boolean; resolve: (f: LiveServerFrame) => void }[] = [];
  closed: { code: number; reason: string } | null = null;

  private constructor(
    readonly ws: WebSocket,
    { keep = true, parse = parseFrame }: LiveOptions,
  ) {
    ws.on('message', (data) => {
      const frame = parse(data.toString());
      if (!frame) return;
      if (keep || (frame.type !== 'change' && frame.type !== 'changes')) this.frames.push(frame);
      this.onFrame?.(frame);
      this.waiters = this.waiters.filter((w) => {
        if (!w.test(frame)) return true;
        w.resolve(frame);
        return false;
      });
    });
    ws.on('close', (code, reason) => (this.closed = { code, reason: reason.toString() }));
  }

  static open(url: string, token: string, options: LiveOptions = {}): Promise<LiveConnection> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const conn = new LiveConnection(ws, options);
      ws.once('open', () => {
        ws.send(JSON.stringify({ type: 'hello', token, protocol: options.protocol ?? PROTOCOL_VERSION }));
        resolve(conn);
      });
      ws.once('error', reject);
    });
  }

  /** The first frame (already received or to come) that passes `test`. */
  next(test: (f: LiveServerFrame) => boolean, timeoutMs = 10_000): Promise<LiveServerFrame> {
    const seen = this.frames.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no such live frame in time')), timeoutMs);
      this.waiters.push({ test, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  /** The seqs of the changes the frames so far told of, in order: `change` frames' and the changes `changes` frames carry. */
  changeSeqs(): number[] {
    return this.frames.flatMap(changeSeqsOf);
  }

  /** The frame (already received or to come) that tells of the change `seq`. */
  change(seq: number, timeoutMs?: number): Promise<LiveServerFrame> {
    return this.next((f) => changeSeqsOf(f).includes(seq), timeoutMs);
  }

  close(): void {
    this.ws.close();
  }
}

const changeSeqsOf = (f: LiveServerFrame): number[] => (f.type === 'change' ? [f.seq] : f.type === 'changes' ? f.changes.map((c) => c.seq) : []);
