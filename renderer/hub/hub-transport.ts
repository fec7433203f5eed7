import {
  ErrorResponseSchema,
  HubDirectorySchema,
  LayerAnswerSchema,
  LayersResponseSchema,
  LiveServerFrameSchema,
  SnapshotPageSchema,
  PROTOCOL_VERSION,
  PullPageSchema,
  PushResultSchema,
  type CreateLayerRequest,
  type HubDirectory,
  type HubError,
  type HubLayer,
  type UpdateLayerRequest,
} from '../../shared/hub/protocol';
import type { HubLayerTransport, LayerOutcome } from '../../shared/hub/layer-transport';
import { HubTransportError, type HubTransport, type LiveHandlers, type OutboxEntry, type PullPage, type PushOutcome, type SnapshotPart } from '../../shared/hub/sync-client';
import { fromHubFeature, fromPulled, fromPushConflict, layerOf, toPushChangeset } from '../../shared/hub/wire';
import { parseJson } from '../../shared/io/text';

/** The WebSocket constructor the page has; node tests pass the `ws` package's, which has the same shape. */
export interface SocketLike {
  onopen: (() => void) | null;
  onmessage: ((e: { data: unknown }) => void) | null;
  onclose: (() => void) | null;
  onerror: (() => void) | null;
  send(data: string): void;
  close(): void;
}
export type SocketFactory = (url: string) => SocketLike;

export interface TransportOptions {
  baseUrl: string;
  token(): string | null;
  fetch?: typeof fetch;
  socket?: SocketFactory;
}

/** Errors the hub will answer the same way however often the entry is sent: kept aside, not retried. */
const FOR_GOOD = new Set<HubError['code']>([
  'layer-not-found',
  'layer-read-only',
  'layer-id-taken',
  'layer-not-owner',
  'feature-not-found',
  'feature-id-taken',
  'unknown-classification',
  'unknown-party',
  'unknown-caveat',
  'unknown-organisation',
  'bad-geometry',
  'invalid-request',
  'body-too-large',
]);
const AUTH = new Set<HubError['code']>(['unauthenticated', 'token-expired', 'token-revoked', 'user-disabled', 'bad-credentials']);

/**
 * The hub over HTTP and its live channel, answers checked against the protocol's zod schemas.
 * Network failures and 5xx are retryable; authentication failures stop the client until the user
 * logs in again; other refusals are for good.
 */
export class HttpHubTransport implements HubTransport, HubLayerTransport {
  private readonly fetch: typeof fetch;
  private readonly socket: SocketFactory;

  constructor(private readonly opts: TransportOptions) {
    this.fetch = opts.fetch ?? ((...args) => globalThis.fetch(...args));
    this.socket = opts.socket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
  }

  async push(entry: OutboxEntry): Promise<PushOutcome> {
    const res = await this.request('POST', '/push', JSON.stringify({ changeset: toPushChangeset(entry) }));
    const json = await this.json(res);
    if (res.ok || res.status === 409) {
      const parsed = PushResultSchema.safeParse(json);
      if (parsed.success) {
        const r = parsed.data;
        if (r.status === 'applied') return { kind: 'applied', seq: r.seq, versions: r.versions };
        if (r.status === 'duplicate') return { kind: 'duplicate', seq: r.seq ?? 0 };
        const layerId = layerOf(entry);
        return { kind: 'conflicts', conflicts: r.conflicts.map((c) => fromPushConflict(layerId, c)) };
      }
    }
    const error = this.errorOf(res, json);
    return { kind: 'refused', code: `hub.${error.code}`, params: stringParams(error.params) };
  }

  async pull(since: number, limit: number): Promise<PullPage> {
    const res = await this.request('GET', `/pull?since=${since}&limit=${limit}`);
    const json = await this.json(res);
    if (!res.ok) this.errorOf(res, json);
    const page = PullPageSchema.parse(json);
    return { changes: page.changes.map((c) => fromPulled(c.seq, c.changeset)), next: page.next, more: page.more };
  }

  async listLayers(): Promise<HubLayer[]> {
    const res = await this.request('GET', '/layers');
    const json = await this.json(res);
    this.requireOk(res, json);
    return LayersResponseSchema.parse(json).layers;
  }

  /** The mission's sharing directory as the hub holds it. */
  async directory(): Promise<HubDirectory> {
    const res = await this.request('GET', '/directory');
    const json = await this.json(res);
    this.requireOk(res, json);
    return HubDirectorySchema.parse(json);
  }

  async snapshot(layerId: string, after: string | null): Promise<SnapshotPart> {
    const query = after ? `?after=${encodeURIComponent(after)}` : '';
    const res = await this.request('GET', `/layers/${encodeURIComponent(layerId)}/snapshot${query}`);
    const json = await this.json(res);
    this.requireOk(res, json);
    const page = SnapshotPageSchema.parse(json);
    return { features: page.features.map(fromHubFeature), seq: page.seq, next: page.next };
  }

  createLayer(request: CreateLayerRequest): Promise<LayerOutcome> {
    return this.layerRequest('POST', '/layers', JSON.stringify(request));
  }

  updateLayer(layerId: string, patch: UpdateLayerRequest): Promise<LayerOutcome> {
    return this.layerRequest('PATCH', `/layers/${encodeURIComponent(layerId)}`, JSON.stringify(patch));
  }

  private async layerRequest(method: string, path: string, body: string): Promise<LayerOutcome> {
    const res = await this.request(method, path, body);
    const json = await this.json(res);
    if (res.ok) {
      const parsed = LayerAnswerSchema.safeParse(json);
      if (parsed.success) return { kind: 'shared', layer: parsed.data.layer, created: parsed.data.created };
      throw new HubTransportError('server', 'hub.bad-answer');
    }
    const error = this.errorOf(res, json);
    return { kind: 'refused', code: `hub.${error.code}`, params: stringParams(error.params) };
  }

  openLive(handlers: LiveHandlers): { close(): void } {
    const url = new URL('/live', this.opts.baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = this.socket(url.href);
    let closed = false;
    const end = (): void => {
      if (closed) return;
      closed = true;
      handlers.onClose();
    };
    ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', token: this.opts.token() ?? '', protocol: PROTOCOL_VERSION }));
    ws.onmessage = (e) => {
      const json = parseJson(typeof e.data === 'string' ? e.data : String(e.data));
      const frame = LiveServerFrameSchema.safeParse(json.ok ? json.value : null);
      if (!frame.success) return;
      if (frame.data.type === 'ready' || frame.data.type === 'change') handlers.onSeq(frame.data.seq);
      else if (frame.data.type === 'changes') {
        const { after, next, more, changes } = frame.data;
        handlers.onPage({ after, next, more, changes: changes.map((c) => fromPulled(c.seq, c.changeset)) });
      } else if (frame.data.type === 'layers') handlers.onLayers();
      else ws.close();
    };
    ws.onclose = end;
    ws.onerror = end;
    return {
      close: () => {
        closed = true;
        ws.close();
      },
    };
  }

  private async request(method: string, path: string, body?: string): Promise<Response> {
    const headers: Record<string, string> = {};
    const token = this.opts.token();
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await this.fetch(new URL(path, this.opts.baseUrl).href, { method, headers, ...(body !== undefined ? { body } : {}) });
    } catch {
      throw new HubTransportError('network', 'hub.unreachable');
    }
  }

  private async json(res: Response): Promise<unknown> {
    try {
      return await res.json();
    } catch {
      throw new HubTransportError(res.status >= 500 ? 'server' : 'network', 'hub.bad-answer');
    }
  }

  /** A read that did not succeed is retried in the next round, whatever the hub said. */
  private requireOk(res: Response, json: unknown): void {
    if (res.ok) return;
    throw new HubTransportError('server', `hub.${this.errorOf(res, json).code}`);
  }

  /** The hub's error; throws for the retryable and authentication ones. */
  private errorOf(res: Response, json: unknown): HubError {
    const parsed = ErrorResponseSchema.safeParse(json);
    const error: HubError = parsed.success ? parsed.data.error : { code: 'internal', params: { status: res.status } };
    if (AUTH.has(error.code) || res.status === 401) throw new HubTransportError('unauthorised', `hub.${error.code}`);
    if (res.status >= 500 || !FOR_GOOD.has(error.code)) throw new HubTransportError('server', `hub.${error.code}`);
    return error;
  }
}


function stringParams(p: HubError['params']): Record<string, string | number> {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, typeof v === 'boolean' ? String(v) : v]));
}
