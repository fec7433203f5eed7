/** Who may write a layer besides its owner organisation. */
import type { Queryable } from '../auth/sessions';

/** False when there is no such layer. */
export async function grantContributor(db: Queryable, layerId: string, orgId: string): Promise<boolean> {
  const r = await db.query(
    'update layers set contributors = case when $2 = any(contributors) then contributors else array_append(contributors, $2) end where id = $1',
    [layerId, orgId],
  );
  return (r.rowCount ?? 0) > 0;
}

/** False when there is no such layer. */
export async function revokeContributor(db: Queryable, layerId: string, orgId: string): Promise<boolean> {
  const r = await db.query('update layers set contributors = array_remove(contributors, $2) where id = $1', [layerId, orgId]);
  return (r.rowCount ?? 0) > 0;
}
