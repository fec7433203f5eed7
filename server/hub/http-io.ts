/**
 * Request bodies in, JSON answers out, and the one error type the routes throw. Bodies are read
 * with a byte limit that stops reading (and answers 413) as soon as it is passed, so an oversized
 * upload never sits whole in memory.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { invalidRequest, LIMITS, type ErrorCode, type HubError } from '../../shared/hub/protocol';

export class HubHttpError extends Error {
  constructor(
    readonly status: number,
    readonly error: HubError,
  ) {
    super(error.code);
  }
}

export const hubError = (status: number, code: ErrorCode, params: HubError['params'] = {}): HubHttpError => new HubHttpError(status, { code, params });

export async function readJsonBody(req: IncomingMessage, limit: number = LIMITS.bodyBytes): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw hubError(413, 'body-too-large', { limit });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw hubError(413, 'body-too-large', { limit });
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw hubError(400, 'bad-json', { bytes: size });
  }
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new HubHttpError(400, invalidRequest(r.error));
  return r.data;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendJsonText(res, status, JSON.stringify(body));
}

/** An answer already written as JSON (by PostgreSQL), passed through as it is. */
export function sendJsonText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

export function sendError(res: ServerResponse, e: HubHttpError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // The body may still be arriving (a 413 or 401 stops before reading it); close rather than drain it.
  if (!res.req.complete) res.setHeader('connection', 'close');
  sendJson(res, e.status, { error: e.error });
}

export function bearerToken(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  const m = h ? /^Bearer ([\w.~+/=-]{1,200})$/.exec(h) : null;
  return m?.[1] ?? null;
}
