/**
 * The hub benchmark's store: three organisations in one mission, four layers whose markings
 * differ by layer and by feature, and `features` rows written straight by the administrator with
 * INSERT … SELECT generate_series (a push per row would take longer than the run it serves). The
 * GiST and layer indexes are dropped for the load and built again after, as a bulk load into
 * PostGIS is done. Workstation sessions are inserted with tokens made here: 50 scrypt logins
 * would add half a minute of hashing that the benchmark does not measure.
 */
import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { addGroup, addGroupMember, addOrganisation, loadScheme } from '../../server/admin/directory';
import { createHubRole, createOrgRole } from '../../server/admin/roles';
import { tokenHash } from '../../server/auth/sessions';
import { hashPassword } from '../../server/auth/password';
import { UN_SCHEME } from '../../shared/domain/marking';
import type { MarkingInput } from '../../shared/hub/protocol';

export const BENCH_ORGS = ['force', 'ocha', 'unpol'] as const;
export type BenchOrg = (typeof BENCH_ORGS)[number];
export const HUB_LOGIN = 'cg_hub';

export interface BenchLayer {
  id: string;
  tag: string;
  name: string;
  owner: BenchOrg;
  contributors: BenchOrg[];
  classification: string;
  releasableTo: string[];
  /** Share of the store's features. */
  share: number;
}

/** A: mission-wide incidents everyone writes; B: Force-only patrols; C: OCHA's sites, UNPOL contributes; D: the first-sync layer. */
export const BENCH_LAYERS = {
  incidents: { id: '40000000-0000-4000-8000-00000000000a', tag: 'a', name: 'Bench incidents', owner: 'force', contributors: ['ocha', 'unpol'], classification: 'UNCLASSIFIED', releasableTo: ['mission'], share: 0.5 },
  patrols: { id: '40000000-0000-4000-8000-00000000000b', tag: 'b', name: 'Bench patrols', owner: 'force', contributors: [], classification: 'CONFIDENTIAL', releasableTo: ['force'], share: 0.2 },
  sites: { id: '40000000-0000-4000-8000-00000000000c', tag: 'c', name: 'Bench sites', owner: 'ocha', contributors: ['unpol'], classification: 'UNCLASSIFIED', releasableTo: ['mission'], share: 0.2 },
  firstSync: { id: '40000000-0000-4000-8000-00000000000d', tag: 'd', name: 'Bench first sync', owner: 'ocha', contributors: [], classification: 'UNCLASSIFIED', releasableTo: ['mission'], share: 0.1 },
} as const satisfies Record<string, BenchLayer>;

/**
 * Per-feature markings inside a layer, by the feature's index: who may see seeded feature `i`.
 * Incidents: every fifth is Force-only CONFIDENTIAL, the next Force and UNPOL only. Sites: every
 * fourth is OCHA only. The SQL below and `seededMarking` say the same thing.
 */
export function seededMarking(layer: BenchLayer, i: number): MarkingInput {
  if (layer.tag === 'a' && i % 5 === 0) return { classification: 'CONFIDENTIAL', caveats: [], releasableTo: ['force'] };
  if (layer.tag === 'a' && i % 5 === 1) return { classification: 'UNCLASSIFIED', caveats: [], releasableTo: ['force', 'unpol'] };
  if (layer.tag === 'c' && i % 4 === 0) return { classification: 'UNCLASSIFIED', caveats: [], releasableTo: ['ocha'] };
  return { classification: layer.classification, caveats: [], releasableTo: [...layer.releasableTo] };
}

/** The release rule for the markings used here (every level is within every clearance). */
export function mayRead(org: BenchOrg, m: MarkingInput, originator: string): boolean {
  return org === originator || m.releasableTo.includes('mission') || m.releasableTo.includes(org);
}

/** The id of seeded feature `i` of a layer, the same in SQL (`seededIdSql`) and here: an md5 shaped as a v4 UUID. */
export function seededId(tag: string, i: number): string {
  const h = createHash('md5').update(`${tag}:${i}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
const seededIdSql = (tag: string) =>
  `(select (substr(h, 1, 12) || '4' || substr(h, 14, 3) || '8' || substr(h, 18, 15))::uuid from md5('${tag}:' || i) as h)`;

export interface Session {
  org: BenchOrg;
  userId: string;
  token: string;
}

export async function seedDirectory(admin: pg.ClientBase, hubPassword: string): Promise<void> {
  await loadScheme(admin, UN_SCHEME);
  await addOrganisation(admin, { id: 'force', name: 'Force HQ', clearance: 'STRICTLY CONFIDENTIAL' });
  await addOrganisation(admin, { id: 'ocha', name: 'OCHA', clearance: 'CONFIDENTIAL' });
  await addOrganisation(admin, { id: 'unpol', name: 'UN Police', clearance: 'CONFIDENTIAL' });
  await addGroup(admin, { id: 'mission', name: 'Mission-wide' });
  for (const org of BENCH_ORGS) await addGroupMember(admin, 'mission', org);
  await createHubRole(admin, HUB_LOGIN, hubPassword);
  for (const l of Object.values(BENCH_LAYERS)) {
    await admin.query(
      'insert into layers (id, name, kind, owner_org, contributors, classification, caveats, originator, releasable_to) values ($1, $2, $3, $4, $5, $6, $7, $4, $8)',
      [l.id, l.name, 'incident', l.owner, l.contributors, l.classification, [], l.releasableTo],
    );
  }
}

/** The org roles QGIS would use; the benchmark reads each organisation's expected view through them. */
export async function createOrgRoles(admin: pg.ClientBase, password: string): Promise<Record<BenchOrg, string>> {
  const roles = {} as Record<BenchOrg, string>;
  for (const org of BENCH_ORGS) roles[org] = await createOrgRole(admin, org, password);
  return roles;
}

/** Seeds `total` features across the layers by their share; returns how many each layer got. */
export async function seedFeatures(admin: pg.ClientBase, total: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  await admin.query('drop index features_geom_idx');
  await admin.query('drop index features_layer_id_idx');
  for (const l of Object.values(BENCH_LAYERS)) {
    const n = Math.round(total * l.share);
    counts[l.tag] = n;
    const marking =
      l.tag === 'a'
        ? `case when i % 5 = 0 then 'CONFIDENTIAL' else 'UNCLASSIFIED' end, case when i % 5 = 0 then '{force}'::text[] when i % 5 = 1 then '{force,unpol}'::text[] else '{mission}'::text[] end`
        : l.tag === 'c'
          ? `'UNCLASSIFIED', case when i % 4 = 0 then '{ocha}'::text[] else '{mission}'::text[] end`
          : `'${l.classification}', '${`{${l.releasableTo.join(',')}}`}'::text[]`;
    await admin.query(
      `insert into features (id, layer_id, geom, props, version, classification, releasable_to, originator)
       select ${seededIdSql(l.tag)}, '${l.id}', st_setsrid(st_makepoint(28.5 + (i % 1000) / 1000.0, -2 + (i / 1000 % 1000) / 1000.0), 4326),
         jsonb_build_object('name', 'seed ' || i, 'rev', 0, 'eventType', 'Battles', 'notes', repeat('x', 60)), 1, ${marking}, '${l.owner}'
       from generate_series(0, $1 - 1) as i`,
      [n],
    );
  }
  await admin.query('create index features_geom_idx on features using gist (geom)');
  await admin.query('create index features_layer_id_idx on features (layer_id, id)');
  await admin.query('vacuum analyze features');
  return counts;
}

/** `perOrg` users per organisation, each with one open session; one password hash per organisation. */
export async function seedSessions(admin: pg.ClientBase, perOrg: Record<BenchOrg, number>): Promise<Session[]> {
  const sessions: Session[] = [];
  for (const org of BENCH_ORGS) {
    const hash = await hashPassword(`bench-${org}`);
    for (let k = 0; k < perOrg[org]; k++) {
      const user = await admin.query<{ id: string }>('insert into users (login, org_id, password_hash) values ($1, $2, $3) returning id', [`${org}.ws${k}`, org, hash]);
      const userId = user.rows[0]?.id ?? '';
      const token = randomBytes(32).toString('base64url');
      await admin.query("insert into sessions (token_hash, user_id, expires_at) values ($1, $2, now() + interval '12 hours')", [tokenHash(token), userId]);
      sessions.push({ org, userId, token });
    }
  }
  return sessions;
}
