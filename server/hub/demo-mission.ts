/**
 * A demo mission for `npm run hub:dev` and the hub's tests: a Force headquarters and a
 * humanitarian office (OCHA), one user each, a mission-wide group, and three layers with
 * markings: Force-only patrol plans, mission-wide incidents that OCHA may add to, and OCHA's
 * humanitarian sites. Its features are pushed through pushAsActor as their authors, so the log,
 * versions and markings are what a real push makes. Written as the database's administrator.
 */
import type pg from 'pg';
import { addGroup, addGroupMember, addOrganisation, loadScheme } from '../admin/directory';
import { createHubRole } from '../admin/roles';
import { addUser } from '../auth/users';
import type { Actor } from '../db/tx';
import { UN_SCHEME } from '../../shared/domain/marking';
import type { FeatureInput, PushChangeset } from '../../shared/hub/protocol';
import { pushAsActor } from './push';

export const ORG = { force: 'force', ocha: 'ocha' } as const;

export const LAYER = {
  patrols: '30000000-0000-4000-8000-000000000001',
  incidents: '30000000-0000-4000-8000-000000000002',
  sites: '30000000-0000-4000-8000-000000000003',
} as const;

export const LOGIN = { force: 'force.ops', ocha: 'ocha.liaison' } as const;

/** The database login the hub itself connects as (member of cg_app and cg_auth, never superuser). */
export const HUB_ROLE = 'cg_hub';

export interface DemoMission {
  actors: Record<keyof typeof ORG, Actor>;
  /** Feature ids by what they show. */
  features: { forcePatrol: string; sharedIncident: string; forceOnlyIncident: string; site: string };
}

interface DemoLayer {
  id: string;
  name: string;
  kind: string;
  owner: string;
  contributors: string[];
  classification: string;
  releasableTo: string[];
}

const LAYERS: DemoLayer[] = [
  { id: LAYER.patrols, name: 'Patrol plans', kind: 'patrol', owner: ORG.force, contributors: [], classification: 'CONFIDENTIAL', releasableTo: [ORG.force] },
  { id: LAYER.incidents, name: 'Incidents', kind: 'incident', owner: ORG.force, contributors: [ORG.ocha], classification: 'UNCLASSIFIED', releasableTo: ['mission'] },
  { id: LAYER.sites, name: 'Humanitarian sites', kind: 'humanitarian', owner: ORG.ocha, contributors: [], classification: 'UNCLASSIFIED', releasableTo: ['mission'] },
];

const point = (lon: number, lat: number): FeatureInput['geometry'] => ({ type: 'Point', coordinates: [lon, lat] });

function changeset(layerId: string, label: string, features: FeatureInput[]): PushChangeset {
  return { id: crypto.randomUUID(), layerId, label, at: new Date().toISOString(), ops: [{ op: 'putFeatures', features: features.map((feature) => ({ feature, baseVersion: null })) }] };
}

export async function seedDemoMission(admin: pg.ClientBase, pool: pg.Pool, passwords: Record<keyof typeof ORG, string>, hubRolePassword: string): Promise<DemoMission> {
  await loadScheme(admin, UN_SCHEME);
  await addOrganisation(admin, { id: ORG.force, name: 'Force HQ', clearance: 'STRICTLY CONFIDENTIAL' });
  await addOrganisation(admin, { id: ORG.ocha, name: 'OCHA', clearance: 'CONFIDENTIAL' });
  await addGroup(admin, { id: 'mission', name: 'Mission-wide' });
  for (const org of [ORG.force, ORG.ocha]) await addGroupMember(admin, 'mission', org);
  await createHubRole(admin, HUB_ROLE, hubRolePassword);
  const actors = {
    force: { userId: await addUser(admin, { login: LOGIN.force, orgId: ORG.force, password: passwords.force }), orgId: ORG.force },
    ocha: { userId: await addUser(admin, { login: LOGIN.ocha, orgId: ORG.ocha, password: passwords.ocha }), orgId: ORG.ocha },
  };
  for (const l of LAYERS) {
    await admin.query(
      'insert into layers (id, name, kind, owner_org, contributors, classification, caveats, originator, releasable_to) values ($1, $2, $3, $4, $5, $6, $7, $4, $8)',
      [l.id, l.name, l.kind, l.owner, l.contributors, l.classification, [], l.releasableTo],
    );
  }
  const features = { forcePatrol: crypto.randomUUID(), sharedIncident: crypto.randomUUID(), forceOnlyIncident: crypto.randomUUID(), site: crypto.randomUUID() };
  const push = (actor: Actor, cs: PushChangeset) => pushAsActor(pool, actor, cs);
  await push(
    actors.force,
    changeset(LAYER.patrols, 'Seed patrol plan', [
      { id: features.forcePatrol, geometry: { type: 'LineString', coordinates: [[29.2, -1.6], [29.3, -1.55], [29.35, -1.5]] }, properties: { name: 'Route BRAVO', unit: '2 Coy', status: 'draft' } },
    ]),
  );
  await push(
    actors.force,
    changeset(LAYER.incidents, 'Seed incidents', [
      { id: features.sharedIncident, geometry: point(29.25, -1.58), properties: { name: 'Roadblock', eventDate: '2026-11-28', eventType: 'Strategic developments', fatalities: 0 } },
      {
        id: features.forceOnlyIncident,
        geometry: point(29.31, -1.52),
        properties: { name: 'Source report', eventDate: '2026-11-29', eventType: 'Battles', fatalities: 2 },
        marking: { classification: 'CONFIDENTIAL', caveats: [], releasableTo: [ORG.force] },
      },
    ]),
  );
  await push(
    actors.ocha,
    changeset(LAYER.sites, 'Seed sites', [{ id: features.site, geometry: point(29.28, -1.57), properties: { name: 'Kanyaruchinya IDP site', siteType: 'idp_site', notified: true, protectionRadiusM: 500 } }]),
  );
  return { actors, features };
}
