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

/**
 * The actor's transaction, for a request that can end it itself: its last statement and `commit`
 * sent as one message save the round trip of a separate `commit`, which counts where the
 * transaction holds a lock that every writer waits for (the hub's log lock, hub/push.ts).
 */
export interface ActorTransaction {
  /**
   * `statement` and `commit` in one simple-protocol message. `statement` takes no parameters, so
   * it carries no user data: that goes first into a transaction-local setting through a bound
   * parameter. Returns the statement's result. A failing statement skips the commit, and
   * withActor rolls back. Afterwards the connection is no longer the actor's: use readAfterCommit.
   */
  commitWith(statement: string): Promise<pg.QueryResult>;
  /** After commitWith: one read-only statement (values inlined and quoted) in a new transaction as the same actor. */
  readAfterCommit(statement: string): Promise<pg.QueryResultRow[]>;
}

export async function withActor<T>(pool: pg.Pool, actor: Actor, fn: (client: pg.PoolClient, tx: ActorTransaction) => Promise<T>): Promise<T> {
  const r = await inActorTransaction(
    pool,
    async (client) => {
      // One round trip instead of three (every request pays it); the values are quoted by pg.
      await client.query(`begin; set local role ${APP_ROLE}; ${actorSettings(actor)}`);
      return { ok: true, value: actor };
    },
    fn,
  );
  if (!r.ok) throw new Error('an actor given is never refused');
  return r.value;
}

/**
 * withActor for the bearer of `token`, the session check in the same round trip as the
 * transaction's opening (sessionCheckStatement sets the actor's settings only for a valid
 * session, as in readAsSession). `opening` (statements with their values inlined and quoted) runs
 * in that round trip too, after the role, and fn gets their results: for a refused session they
 * ran as no organisation at all, so row-level security gave them nothing, and fn does not run.
 */
export async function withSession<T>(
  pool: pg.Pool,
  token: string,
  fn: (client: pg.PoolClient, tx: ActorTransaction, actor: Actor, opened: pg.QueryResult[]) => Promise<T>,
  { now = new Date(), opening }: { now?: Date; opening?: string } = {},
): Promise<AuthResult<T>> {
  const check = sessionCheckStatement(token, now);
  if (!check) return { ok: false, code: 'bad-credentials' };
  let opened: pg.QueryResult[] = [];
  return inActorTransaction(
    pool,
    async (client) => {
      const results = await runScriptOn(client, `begin; ${check}; set local role ${APP_ROLE}${opening ? `; ${opening}` : ''}`);
      opened = results.slice(3);
      return judgeSession(results[1]?.rows[0] as SessionRow | undefined, now);
    },
    (client, tx, actor) => fn(client, tx, actor, opened),
  );
}

/**
 * A pooled connection for one request. pg's pool listens for a connection's errors only while
 * the connection is idle: one lost while a request holds it between two queries (PostgreSQL
 * restarted) emitted an error nobody heard, which ends the process. The next query reports it.
 */
async function checkOut(pool: pg.Pool): Promise<pg.PoolClient> {
  const client = await pool.connect();
  client.on('error', reportedByNextQuery);
  return client;
}

function checkIn(client: pg.PoolClient, broken: Error | undefined): void {
  client.off('error', reportedByNextQuery);
  client.release(broken);
}

const reportedByNextQuery = (): void => undefined;

/** The transaction `open` starts for the actor it answers (or refuses), then fn, then commit unless fn committed; rolled back on any error or refusal. */
async function inActorTransaction<T>(
  pool: pg.Pool,
  open: (client: pg.PoolClient) => Promise<AuthResult<Actor>>,
  fn: (client: pg.PoolClient, tx: ActorTransaction, actor: Actor) => Promise<T>,
): Promise<AuthResult<T>> {
  const client = await checkOut(pool);
  let broken: Error | undefined;
  let committed = false;
  let actor: Actor | undefined;
  const tx: ActorTransaction = {
    async commitWith(statement) {
      const results: unknown = await client.query(`${statement}; commit`);
      committed = true;
      if (!Array.isArray(results)) throw new Error('a statement and its commit answer two results');
      return results[0] as pg.QueryResult;
    },
    async readAfterCommit(statement) {
      if (!committed || !actor) throw new Error('readAfterCommit runs after commitWith');
      return (await runScriptOn(client, readScript(actor, statement)))[3]?.rows ?? [];
    },
  };
  try {
    try {
      const opened = await open(client);
      if (!opened.ok) {
        await client.query('rollback');
        return opened;
      }
      actor = opened.value;
      const value = await fn(client, tx, actor);
      if (!committed) await client.query('commit');
      return { ok: true, value };
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
    checkIn(client, broken);
  }
}

/**
 * A script of statements (values already quoted) in one round trip, rolled back when any of them
 * fails (the rest of the script is then skipped by PostgreSQL). The results come back one per
 * statement.
 */
async function runScriptOn(client: pg.ClientBase, script: string): Promise<pg.QueryResult[]> {
  const results: unknown = await client.query(script);
  if (!Array.isArray(results)) throw new Error('a script answers one result per statement');
  return results as pg.QueryResult[];
}

/** runScriptOn on a pooled connection, which is not given back to the pool if it cannot roll back. */
async function runScript(pool: pg.Pool, script: string): Promise<pg.QueryResult[]> {
  const client = await checkOut(pool);
  let broken: Error | undefined;
  try {
    return await runScriptOn(client, script);
  } catch (e) {
    try {
      await client.query('rollback');
    } catch (rollbackError) {
      broken = rollbackError as Error;
    }
    throw e;
  } finally {
    checkIn(client, broken);
  }
}

/** begin, role and settings, `statement`, commit: the statement's result is the fourth. */
const readScript = (actor: Actor, statement: string): string => `begin; set local role ${APP_ROLE}; ${actorSettings(actor)}; ${statement}; commit`;

/**
 * withActor for one read-only statement, in one round trip instead of three: begin, role and
 * settings, `statement`, commit. `statement` carries its values inlined (quoted, or numbers the
 * caller checked): a script takes no parameters. Returns the statement's rows.
 */
export async function readAsActor(pool: pg.Pool, actor: Actor, statement: string): Promise<pg.QueryResultRow[]> {
  return (await runScript(pool, readScript(actor, statement)))[3]?.rows ?? [];
}

/**
 * A whole read-only request in one round trip: begin, the bearer token's session check (as the
 * hub's login, which sets the actor's settings only for a valid session), the role, `statement`
 * as that actor, commit. The statement runs before node has judged the session, but row-level
 * security then sees no organisation at all, and its rows are thrown away: the answer is the
 * session's refusal. Checked at every call, so a revoked or expired token is refused at once.
 */
export async function readAsSession(pool: pg.Pool, token: string, statement: string, now: Date = new Date()): Promise<AuthResult<{ actor: Actor; rows: pg.QueryResultRow[] }>> {
  const check = sessionCheckStatement(token, now);
  if (!check) return { ok: false, code: 'bad-credentials' };
  const results = await runScript(pool, `begin; ${check}; set local role ${APP_ROLE}; ${statement}; commit`);
  const auth = judgeSession(results[1]?.rows[0] as SessionRow | undefined, now);
  if (!auth.ok) return auth;
  return { ok: true, value: { actor: auth.value, rows: results[3]?.rows ?? [] } };
}
