/**
 * The hub's HTTP service on node:http / node:https: seven routes and the live channel's upgrade.
 * Every route but /login finds the actor from the bearer token first, then runs its queries in
 * withActor (one transaction as cg_app with the actor's organisation), so row-level security
 * decides what it reads and writes.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { z } from 'zod';
import { login, verifyToken } from '../auth/sessions';
import { readAsSession, withActor, type Actor } from '../db/tx';
import {
  CreateLayerRequestSchema,
  IdSchema,
  invalidRequest,
  LIMITS,
  LoginRequestSchema,
  PullQuerySchema,
  PushRequestSchema,
  SnapshotQuerySchema,
  UpdateLayerRequestSchema,
  type LoginResponse,
  type PushResult,
} from '../../shared/hub/protocol';
import { readDirectory } from './directory';
import { bearerToken, hubError, HubHttpError, parseWith, readJsonBody, sendError, sendJson, sendJsonText } from './http-io';
import { createLayer, listLayers, snapshotPageText, snapshotStatement, updateLayer, type SnapshotRow } from './layers';
import { LIVE_PATH, LiveChannel } from './live';
import { fromPgError } from './pg-errors';
import { pullPageStatement, pullPageText, type PullPageRow } from './pull';
import { pushAsSession, PushConflicts } from './push';
import { applyCors } from './cors';

export interface HubOptions {
  /** Connection string of the hub's database login (a role that may become cg_app and cg_auth). */
  db: string;
  host: string;
  port: number;
  tls?: { cert: Buffer | string; key: Buffer | string };
  /** Largest pool per process. */
  poolSize?: number;
  /** How often the live channel checks its clients' sessions again (default a minute). */
  sessionSweepMs?: number;
  /** Origins of the workstations' pages allowed to call the hub from a browser (CORS). */
  allowedOrigins?: readonly string[];
}

export interface Hub {
  /** http(s)://host:port */
  readonly url: string;
  readonly pool: pg.Pool;
  readonly live: LiveChannel;
  close(): Promise<void>;
}

export async function startHub(opts: HubOptions): Promise<Hub> {
  const pool = new pg.Pool({ connectionString: opts.db, max: opts.poolSize ?? 10 });
  // An idle client that loses its server (PostgreSQL restarted) must not crash the process.
  pool.on('error', () => undefined);
  // The live channel's reads have connections of their own: in the pushes' pool they waited in
  // line behind every push, and a frame came up to 2 s after its push was answered (hub bench).
  const livePool = new pg.Pool({ connectionString: opts.db, max: 2 });
  livePool.on('error', () => undefined);
  const live = new LiveChannel({ pool: livePool, listen: { connectionString: opts.db }, sessionSweepMs: opts.sessionSweepMs });
  await live.start();
  const origins = new Set(opts.allowedOrigins ?? []);
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (applyCors(req, res, origins)) return;
    route(pool, req, res).catch((e: unknown) => sendError(res, toHttpError(e)));
  };
  const server: Server = opts.tls ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, handler) : createHttpServer(handler);
  server.requestTimeout = 60_000;
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://hub').pathname !== LIVE_PATH) {
      socket.destroy();
      return;
    }
    live.handleUpgrade(req, socket, head);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `${opts.tls ? 'https' : 'http'}://${host}:${port}`,
    pool,
    live,
    async close() {
      await live.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([pool.end(), livePool.end()]);
    },
  };
}

function toHttpError(e: unknown): HubHttpError {
  if (e instanceof HubHttpError) return e;
  const mapped = fromPgError(e);
  if (mapped) return mapped;
  console.error('hub: unexpected error', e);
  return hubError(500, 'internal');
}

async function actorOf(pool: pg.Pool, req: IncomingMessage): Promise<Actor> {
  const token = bearerToken(req);
  if (!token) throw hubError(401, 'unauthenticated');
  const auth = await verifyToken(pool, token);
  if (!auth.ok) throw hubError(401, auth.code);
  return auth.value;
}

/**
 * parseWith for the routes whose one statement checks the session: a refused session still
 * answers before a malformed request does, as on the other routes (the check only runs then).
 */
async function parseAfterSession<S extends z.ZodType>(pool: pg.Pool, req: IncomingMessage, schema: S, value: unknown): Promise<z.infer<S>> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  await actorOf(pool, req);
  throw new HubHttpError(400, invalidRequest(r.error));
}

const SNAPSHOT_PATH = /^\/layers\/([^/]+)\/snapshot$/;
const LAYER_PATH = /^\/layers\/([^/]+)$/;

async function route(pool: pg.Pool, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://hub');
  const method = req.method ?? 'GET';
  const path = url.pathname;
  const query = Object.fromEntries(url.searchParams);
  const expect = (m: string) => {
    if (method !== m) throw hubError(405, 'method-not-allowed', { method, path });
  };

  if (path === '/login') {
    expect('POST');
    const body = parseWith(LoginRequestSchema, await readJsonBody(req, LIMITS.loginBodyBytes));
    const r = await login(pool, body.login, body.password);
    if (!r.ok) throw hubError(401, r.code);
    const answer: LoginResponse = { token: r.value.token, expiresAt: r.value.expiresAt.toISOString(), user: { id: r.value.actor.userId, orgId: r.value.actor.orgId } };
    return sendJson(res, 200, answer);
  }
  if (path === '/push') {
    expect('POST');
    const token = bearerToken(req);
    if (!token) throw hubError(401, 'unauthenticated');
    // The body is read before a connection is taken (a slow sender holds none); a refused session
    // still answers before a bad body does.
    const body = await readJsonBody(req).catch(async (e: unknown) => {
      await actorOf(pool, req);
      throw e;
    });
    const { changeset } = await parseAfterSession(pool, req, PushRequestSchema, body);
    let result: PushResult;
    try {
      const pushed = await pushAsSession(pool, token, changeset);
      if (!pushed.ok) throw hubError(401, pushed.code);
      result = pushed.value;
    } catch (e) {
      if (!(e instanceof PushConflicts)) throw e;
      result = { status: 'conflicts', conflicts: e.conflicts };
    }
    return sendJson(res, result.status === 'conflicts' ? 409 : 200, result);
  }
  if (path === '/pull') {
    expect('GET');
    const token = bearerToken(req);
    if (!token) throw hubError(401, 'unauthenticated');
    const q = await parseAfterSession(pool, req, PullQuerySchema, query);
    // The session check and the whole page in one round trip; PostgreSQL writes the JSON.
    const page = await readAsSession(pool, token, pullPageStatement(q));
    if (!page.ok) throw hubError(401, page.code);
    return sendJsonText(res, 200, pullPageText(page.value.rows as PullPageRow[]));
  }
  if (path === '/directory') {
    expect('GET');
    const actor = await actorOf(pool, req);
    return sendJson(res, 200, await withActor(pool, actor, (db) => readDirectory(db)));
  }
  if (path === '/layers') {
    if (method === 'POST') {
      const actor = await actorOf(pool, req);
      const body = parseWith(CreateLayerRequestSchema, await readJsonBody(req, LIMITS.layerBodyBytes));
      const answer = await withActor(pool, actor, (db) => createLayer(db, actor, body));
      return sendJson(res, answer.created ? 201 : 200, answer);
    }
    expect('GET');
    const actor = await actorOf(pool, req);
    return sendJson(res, 200, { layers: await withActor(pool, actor, (db) => listLayers(db, actor)) });
  }
  const layerPath = LAYER_PATH.exec(path);
  if (layerPath) {
    expect('PATCH');
    const actor = await actorOf(pool, req);
    const layerId = parseWith(IdSchema, decodeURIComponent(layerPath[1] ?? ''));
    const body = parseWith(UpdateLayerRequestSchema, await readJsonBody(req, LIMITS.layerBodyBytes));
    return sendJson(res, 200, await withActor(pool, actor, (db) => updateLayer(db, actor, layerId, body)));
  }
  const snap = SNAPSHOT_PATH.exec(path);
  if (snap) {
    expect('GET');
    const token = bearerToken(req);
    if (!token) throw hubError(401, 'unauthenticated');
    const layerId = await parseAfterSession(pool, req, IdSchema, decodeURIComponent(snap[1] ?? ''));
    const q = await parseAfterSession(pool, req, SnapshotQuerySchema, query);
    // The session check and the whole page in one round trip; PostgreSQL writes each feature's JSON.
    const page = await readAsSession(pool, token, snapshotStatement(layerId, q));
    if (!page.ok) throw hubError(401, page.code);
    return sendJsonText(res, 200, snapshotPageText(layerId, q, page.value.rows as SnapshotRow[]));
  }
  throw hubError(404, 'not-found', { path });
}
