/**
 * The sharing directory and marking scheme as the hub stores them: organisations with their
 * clearance, one-level groups, classification levels and caveats. Run as the database's
 * administrator; every change rebuilds the organisations' QGIS views (trigger in 002_rls.sql).
 */
import { z } from 'zod';
import { NATO_SCHEME, UN_SCHEME, type MarkingScheme } from '../../shared/domain/marking';
import type { Queryable } from '../auth/sessions';

/** The organisations table's own check, so a bad id is refused before it reaches SQL. */
export const OrgIdSchema = z.string().regex(/^[a-z][a-z0-9_]{0,30}$/);

export const SCHEMES: Record<string, MarkingScheme> = { un: UN_SCHEME, nato: NATO_SCHEME };

export async function loadScheme(db: Queryable, scheme: MarkingScheme): Promise<void> {
  for (const level of scheme.levels) {
    await db.query('insert into classification_levels (code, rank) values ($1, $2) on conflict (code) do update set rank = excluded.rank', [level.code, level.rank]);
  }
  for (const caveat of scheme.caveats) {
    await db.query('insert into caveat_definitions (code, restricted_to) values ($1, $2) on conflict (code) do update set restricted_to = excluded.restricted_to', [
      caveat.code,
      caveat.restrictedTo ?? null,
    ]);
  }
}

export async function addOrganisation(db: Queryable, org: { id: string; name: string; clearance: string }): Promise<void> {
  await db.query('insert into organisations (id, name, clearance) values ($1, $2, $3)', [OrgIdSchema.parse(org.id), org.name, org.clearance]);
}

export interface OrganisationRow {
  id: string;
  name: string;
  clearance: string;
  roles: string[];
}

export async function listOrganisations(db: Queryable): Promise<OrganisationRow[]> {
  const r = await db.query<OrganisationRow>(
    'select o.id, o.name, o.clearance, coalesce(array_agg(r.role_name order by r.role_name) filter (where r.role_name is not null), $1) as roles ' +
      'from organisations o left join org_roles r on r.org_id = o.id group by o.id order by o.id',
    [[]],
  );
  return r.rows;
}

export async function addGroup(db: Queryable, group: { id: string; name: string }): Promise<void> {
  const clash = await db.query('select 1 from organisations where id = $1', [group.id]);
  // Organisation and group ids share one namespace (shared/domain/sharing-directory.ts).
  if ((clash.rowCount ?? 0) > 0) throw new Error(`${group.id} is already an organisation id`);
  await db.query('insert into parties (id, name) values ($1, $2)', [group.id, group.name]);
}

export async function addGroupMember(db: Queryable, groupId: string, orgId: string): Promise<void> {
  await db.query('insert into party_members (group_id, org_id) values ($1, $2) on conflict do nothing', [groupId, orgId]);
}
