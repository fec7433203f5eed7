/**
 * Database logins. An organisation's role (cg_org_<id>) is what QGIS or GDAL connect as: it is a
 * member of cg_member only and sees exactly what the hub shows that organisation. The hub's own
 * login is a member of cg_app (to switch to per transaction) and cg_auth (users, sessions); it is
 * never superuser, never BYPASSRLS and owns no table.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Queryable } from '../auth/sessions';
import { OrgIdSchema } from './directory';

export const orgRoleName = (orgId: string): string => `cg_org_${OrgIdSchema.parse(orgId)}`;

export const randomPassword = (): string => randomBytes(18).toString('base64url');

async function upsertLoginRole(db: Queryable, role: string, password: string): Promise<void> {
  const exists = (await db.query('select 1 from pg_roles where rolname = $1', [role])).rowCount ?? 0;
  // Role statements take no bind parameters; the name and password are quoted by pg.
  const attributes = `login nosuperuser nobypassrls nocreatedb nocreaterole password ${pg.escapeLiteral(password)}`;
  await db.query(`${exists > 0 ? 'alter' : 'create'} role ${pg.escapeIdentifier(role)} with ${attributes}`);
}

/** Creates (or gives a new password to) the organisation's login role. Returns its name. */
export async function createOrgRole(db: Queryable, orgId: string, password: string): Promise<string> {
  const role = orgRoleName(orgId);
  const known = await db.query('select 1 from organisations where id = $1', [orgId]);
  if ((known.rowCount ?? 0) === 0) throw new Error(`no organisation ${orgId}`);
  await upsertLoginRole(db, role, password);
  await db.query(`grant cg_member to ${pg.escapeIdentifier(role)}`);
  await db.query('insert into org_roles (role_name, org_id) values ($1, $2) on conflict (role_name) do update set org_id = excluded.org_id', [role, orgId]);
  return role;
}

export async function createHubRole(db: Queryable, role: string, password: string): Promise<void> {
  await upsertLoginRole(db, role, password);
  await db.query(`grant cg_app, cg_auth to ${pg.escapeIdentifier(role)}`);
}

/**
 * How `role` reaches the database `adminUrl` points at: a libpq URL and a GDAL data source.
 * GDAL lists every view in the catalogue, other organisations' included (it does not check
 * privileges), so the GDAL string names the organisation's own schema (`schemas=`), which is
 * also where an organisation role's per-layer views live.
 */
export function connectionStringFor(adminUrl: string, role: string, password: string, host?: string): { url: string; ogr: string } {
  const u = new URL(adminUrl);
  const hostname = host ?? u.hostname;
  const port = u.port || '5432';
  const dbname = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres';
  const url = `postgres://${encodeURIComponent(role)}:${encodeURIComponent(password)}@${hostname}:${port}/${encodeURIComponent(dbname)}`;
  return { url, ogr: `PG:host=${hostname} port=${port} dbname=${dbname} user=${role} password=${password} schemas=${role}` };
}
