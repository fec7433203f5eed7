/**
 * GET /directory: the organisations and groups the hub's release rule knows, and the accounts
 * by login and organisation (migration 008's view, never the users table), in the actor's
 * transaction (cg_member may read the directory tables; they name parties, not data).
 */
import type pg from 'pg';
import type { HubDirectory } from '../../shared/hub/protocol';

export async function readDirectory(db: pg.ClientBase): Promise<HubDirectory> {
  const orgs = await db.query<{ id: string; name: string; clearance: string }>('select id, name, clearance from organisations order by id');
  const groups = await db.query<{ id: string; name: string; members: string[] }>(
    `select p.id, p.name, coalesce(array_agg(m.org_id order by m.org_id) filter (where m.org_id is not null), '{}') as members
     from parties p left join party_members m on m.group_id = p.id group by p.id, p.name order by p.id`,
  );
  const people = await db.query<{ id: string; login: string; orgId: string }>('select id, login, org_id as "orgId" from directory_people order by login');
  return { organisations: orgs.rows, groups: groups.rows, people: people.rows };
}
