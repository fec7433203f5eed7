/**
 * Every query the hub runs on behalf of a user goes through withActor: one transaction in which
 * the connection has become the common `cg_app` role and carries the acting organisation and
 * user as transaction-local settings. Row-level security (migration 002) reads them through
 * cg_current_org() and cg_current_user(); both vanish at COMMIT or ROLLBACK, so a pooled
 * connection never carries one user's identity into the next request.
 */
import pg from 'pg';
import { judgeSession, sessionCheckStatement, type AuthResult, type SessionRow } from '../auth/sessions';

/** The NOLOGIN role the hub's login user switches to; the only role whose `cg.org` RLS trusts. */
export const APP_ROLE = 'cg_app';

export interface Actor {
  readonly userId: string;
  readonly orgId: string;
}

/** The actor's transaction-local settings, one statement (the values quoted by pg). */
const actorSettings = (actor: Actor): string =>
  `select set_config('cg.org', ${pg.escapeLiteral(actor.orgId)}, true), set_config('cg.user', ${pg.escapeLiteral(actor.userId)}, true)`;

export async function withActor<T>(pool: pg.Pool, actor: Actor, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    try {
      // One round trip instead of three (every request pays it); the values are quoted by pg.
      await client.query(`begin; set local role ${APP_ROLE}; ${actorSettings(actor)}`);
      const result = await fn(client);
      await client.query('commit');
      return result;
    } catch (e) {
      try {
        await client.query('rollback');
      } catch (rollbackError) {
        // A connection that cannot roll back is not given back to the pool.
        broken = rollbackError as Error;
      }
      throw e;
    }
  } finally {
    client.release(broken);
  }
}

/**
 * A script of statements (values already quoted) in one round trip on a pooled connection,
 * rolled back when any of them fails (the rest of the script is then skipped by PostgreSQL). The
 * results come back one per statement.
 */
async function runScript(pool: pg.Pool, script: string): Promise<pg.QueryResult[]> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const results: unknown = await client.query(script);
    if (!Array.isArray(results)) throw new Error('a script answers one result per statement');
    return results as pg.QueryResult[];
  } catch (e) {
    try {
      await client.query('rollback');
    } catch (rollbackError) {
      broken = rollbackError as Error;
    }
    throw e;
  } finally {
    client.release(broken);
  }
}

/**
 * withActor for one read-only statement, in one round trip instead of three: begin, role and
 * settings, `statement`, commit. `statement` carries its values inlined (quoted, or numbers the
 * caller checked): a script takes no parameters. Returns the statement's rows.
 */
export async function readAsActor(pool: pg.Pool, actor: Actor, statement: string): Promise<pg.QueryResultRow[]> {
  const results = await runScript(pool, `begin; set local role ${APP_ROLE}; ${actorSettings(actor)}; ${statement}; commit`);
  return results[3]?.rows ?? [];
}

/**
 * A whole read-only request in one round trip: begin, the bearer token's session check (as the
 * hub's login, which sets the actor's settings only for a valid session), the role, `statement`
 * as that actor, commit. The statement runs before node has judged the session, but row-level
 * security then sees no organisation at all, and its rows are thrown away: the answer is the
 * session's refusal. Checked at every call, so a revoked or expired token is refused at once.
 */
export async function readAsSession(pool: pg.Pool, token: string, statement: string, now: Date = new Date()): Promise<AuthResult<{ actor: Actor; rows: pg.QueryResultRow[] }>> {
  const check = await sessionCheckStatement(token, now);
  if (!check) return { ok: false, code: 'bad-credentials' };
  const results = await runScript(pool, `begin; ${check}; set local role ${APP_ROLE}; ${statement}; commit`);
  const auth = judgeSession(results[1]?.rows[0] as SessionRow | undefined, now);
  if (!auth.ok) return auth;
  return { ok: true, value: { actor: auth.value, rows: results[3]?.rows ?? [] } };
}
