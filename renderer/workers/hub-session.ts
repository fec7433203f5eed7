/**
 * The JOC hub's sync, run in the store worker beside the one writer to IndexedDB: pulled pages
 * are parsed, checked and applied here, so a burst of colleagues' edits never lands on the page's
 * thread; the page gets the state and the change summaries. Fetch and WebSocket are the
 * worker's own (in Electron under the same app:// policy that lists the hub's origin).
 */
import { ErrorResponseSchema, LoginResponseSchema, type LoginResponse } from '../../shared/hub/protocol';
import { HubSyncClient, type Clock, type HubState } from '../../shared/hub/sync-client';
import type { FeatureStore } from '../db/feature-store';
import { HubLocal, type HubLocalEvent } from '../db/hub-local';
import { HttpHubTransport } from '../hub/hub-transport';

export interface HubConfig {
  /** The hub's origin, e.g. https://hub.mission.un:8443. */
  url: string;
  token: string;
  /** The user's organisation, as the hub answered the login. */
  orgId: string;
}

export type HubWorkerEvent = HubLocalEvent | { type: 'status'; state: HubState };

export type LoginResult = { ok: true; login: LoginResponse } | { ok: false; code: string };

const clock: Clock = {
  now: () => Date.now(),
  random: () => Math.random(),
  setTimer: (ms, fn) => {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

export class HubSession {
  readonly local: HubLocal;
  readonly transport: HttpHubTransport;
  private readonly client: HubSyncClient;
  private readonly offState: () => void;

  constructor(store: FeatureStore, config: HubConfig, emit: (event: HubWorkerEvent) => void) {
    this.transport = new HttpHubTransport({ baseUrl: config.url, token: () => config.token });
    this.local = new HubLocal(store, config.url, emit, { layerTransport: this.transport, orgId: config.orgId });
    this.client = new HubSyncClient(this.transport, this.local, this.local, clock);
    this.offState = this.client.subscribe((state) => emit({ type: 'status', state }));
  }

  start(): Promise<void> {
    return this.client.start();
  }

  nudge(): void {
    void this.client.nudge();
  }

  idle(): Promise<void> {
    return this.client.idle();
  }

  stop(): void {
    this.client.stop();
    this.offState();
  }
}

/** POST /login; the password goes to the hub and nowhere else. */
export async function hubLogin(url: string, login: string, password: string): Promise<LoginResult> {
  let res: Response;
  try {
    res = await fetch(new URL('/login', url).href, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  } catch {
    return { ok: false, code: 'hub.unreachable' };
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    return { ok: false, code: 'hub.bad-answer' };
  }
  if (res.ok) {
    const parsed = LoginResponseSchema.safeParse(json);
    return parsed.success ? { ok: true, login: parsed.data } : { ok: false, code: 'hub.bad-answer' };
  }
  const error = ErrorResponseSchema.safeParse(json);
  return { ok: false, code: error.success ? `hub.${error.data.error.code}` : 'hub.bad-answer' };
}
