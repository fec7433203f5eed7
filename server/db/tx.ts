/**
 * Every query the hub runs on behalf of a user goes through withActor: one transaction in which
 * the connection has become the common `cg_app` role and carries the acting organisation and
 * user as transaction-local settings. Row-level security (migration 002) reads them through
 * cg_current_org() and cg_current_user(); both vanish at COMMIT or ROLLBACK, so a pooled
 * connection never carries one user's identity into the next request.
 */
import pg from 'pg';

/** The NOLOGIN role the hub's login user switches to; the only role whose `cg.org` RLS trusts. */
export const APP_ROLE = 'cg_app';

export interface Actor {
  readonly userId: string;
  readonly orgId: string;
}

export async function withActor<T>(pool: pg.Pool, actor: Actor, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    try {
      // One round trip instead of three (every request pays it); the values are quoted by pg.
      await client.query(
        `begin; set local role ${APP_ROLE}; select set_config('cg.org', ${pg.escapeLiteral(actor.orgId)}, true), set_config('cg.user', ${pg.escapeLiteral(actor.userId)}, true)`,
      );
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
