/**
 * Logins and session tokens. A token is 32 random bytes (base64url) handed to the client once;
 * the sessions table keeps only its SHA-256, so a copy of the database opens no session.
 * These queries run as the hub's login user (role cg_auth), outside any actor: they are how an
 * actor is found in the first place.
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Actor } from '../db/tx';
import { decoyHash, verifyPassword } from './password';

export const AUTH_FAILURES = ['bad-credentials', 'user-disabled', 'token-expired', 'token-revoked'] as const;
export type AuthFailure = (typeof AUTH_FAILURES)[number];
export type AuthResult<T> = { ok: true; value: T } | { ok: false; code: AuthFailure };

/** pg.Pool and pg.Client both fit. */
export interface Queryable {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

export interface Session {
  readonly token: string;
  readonly expiresAt: Date;
  readonly actor: Actor;
}

/** Twelve hours: one JOC shift. */
export const DEFAULT_SESSION_MS = 12 * 60 * 60 * 1000;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

/** Synchronous: every request hashes its token, and WebCrypto's promise costs a thread-pool job each time (measured in the hub bench's profile). */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

const failure = <T>(code: AuthFailure): AuthResult<T> => ({ ok: false, code });

interface UserRow {
  id: string;
  org_id: string;
  password_hash: string;
  disabled: boolean;
}

export async function login(db: Queryable, loginName: string, password: string, opts: { now?: Date; ttlMs?: number } = {}): Promise<AuthResult<Session>> {
  const now = opts.now ?? new Date();
  const user = (await db.query<UserRow>('select id, org_id, password_hash, disabled from users where login = $1', [loginName])).rows[0];
  const matches = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
  if (!user || !matches) return failure('bad-credentials');
  // Said only to someone who knows the password, so it tells a guesser nothing.
  if (user.disabled) return failure('user-disabled');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + (opts.ttlMs ?? DEFAULT_SESSION_MS));
  await db.query('insert into sessions (token_hash, user_id, expires_at) values ($1, $2, $3)', [tokenHash(token), user.id, expiresAt]);
  return { ok: true, value: { token, expiresAt, actor: { userId: user.id, orgId: user.org_id } } };
}

export interface SessionRow {
  user_id: string;
  org_id: string;
  disabled: boolean;
  expires_at: Date;
  revoked_at: Date | null;
}

const SESSION_COLUMNS = 's.user_id, u.org_id, u.disabled, s.expires_at, s.revoked_at';

/** verifyToken's verdict on the session row of a token (undefined: no such session). */
export function judgeSession(row: SessionRow | undefined, now: Date): AuthResult<Actor> {
  if (!row) return failure('bad-credentials');
  if (row.revoked_at !== null && row.revoked_at <= now) return failure('token-revoked');
  if (row.expires_at <= now) return failure('token-expired');
  if (row.disabled) return failure('user-disabled');
  return { ok: true, value: { userId: row.user_id, orgId: row.org_id } };
}

export async function verifyToken(db: Queryable, token: string, now: Date = new Date()): Promise<AuthResult<Actor>> {
  return (await verifyTokens(db, [token], now)).get(token) ?? failure('bad-credentials');
}

/** verifyToken for many tokens in one query: each token's verdict, by token. */
export async function verifyTokens(db: Queryable, tokens: readonly string[], now: Date = new Date()): Promise<Map<string, AuthResult<Actor>>> {
  const hashOf = new Map(tokens.filter((t) => TOKEN_FORMAT.test(t)).map((t) => [t, tokenHash(t)]));
  const rows =
    hashOf.size === 0
      ? []
      : (await db.query<SessionRow & { token_hash: string }>(`select s.token_hash, ${SESSION_COLUMNS} from sessions s join users u on u.id = s.user_id where s.token_hash = any($1)`, [[...hashOf.values()]])).rows;
  const byHash = new Map(rows.map((r) => [r.token_hash, r]));
  return new Map(tokens.map((t) => [t, judgeSession(byHash.get(hashOf.get(t) ?? ''), now)]));
}

/**
 * The session check as one statement for the start of a request's transaction, run as the hub's
 * login (before `set local role`): it returns verifyToken's row, and sets the actor's `cg.org`
 * and `cg.user` for the transaction only when the session is valid at `now` (the same rule as
 * judgeSession, from the same `now`), so whatever runs after it in that transaction acts as that
 * user or as no organisation at all. Null when the token cannot name a session. The values are
 * inlined, quoted by pg: a statement of a multi-statement script takes no parameters.
 */
export function sessionCheckStatement(token: string, now: Date): string | null {
  if (!TOKEN_FORMAT.test(token)) return null;
  const at = `${pg.escapeLiteral(now.toISOString())}::timestamptz`;
  return `select ${SESSION_COLUMNS},
      set_config('cg.org', case when v.ok then u.org_id else '' end, true) as set_org,
      set_config('cg.user', case when v.ok then s.user_id::text else '' end, true) as set_user
    from sessions s join users u on u.id = s.user_id,
      lateral (select not u.disabled and s.expires_at > ${at} and (s.revoked_at is null or s.revoked_at > ${at}) as ok) v
    where s.token_hash = ${pg.escapeLiteral(tokenHash(token))}`;
}

/** Logout. True when the token named a session that was still open. */
export async function revokeToken(db: Queryable, token: string, now: Date = new Date()): Promise<boolean> {
  if (!TOKEN_FORMAT.test(token)) return false;
  const r = await db.query('update sessions set revoked_at = $2 where token_hash = $1 and revoked_at is null', [tokenHash(token), now]);
  return (r.rowCount ?? 0) > 0;
}

/** Closes every open session of a user (disabled, password reset). Returns how many. */
export async function revokeUserSessions(db: Queryable, userId: string, now: Date = new Date()): Promise<number> {
  const r = await db.query('update sessions set revoked_at = $2 where user_id = $1 and revoked_at is null', [userId, now]);
  return r.rowCount ?? 0;
}

/**
 * Deletes sessions that expired or were revoked before `before`, so the table does not grow for
 * ever (the administrator's job: the hub's login may not delete). Returns how many.
 */
export async function purgeSessions(db: Queryable, before: Date): Promise<number> {
  const r = await db.query('delete from sessions where expires_at < $1 or revoked_at < $1', [before]);
  return r.rowCount ?? 0;
}
