/**
 * A small mission for the hub's security tests: the Force, two humanitarian agencies, groups,
 * three layers and features under every kind of marking the release rule distinguishes. The
 * same data is given to shared/domain/marking.ts (releaseDecision) to compute what each
 * organisation must see, so the SQL is checked against the rule it repeats.
 */
import type pg from 'pg';
import { UN_SCHEME, releaseDecision, type Marking, type MarkingScheme } from '../../shared/domain/marking';
import type { SharingDirectory } from '../../shared/domain/sharing-directory';
import { addGroup, addGroupMember, addOrganisation, loadScheme } from '../../server/admin/directory';

export const SCHEME: MarkingScheme = {
  ...UN_SCHEME,
  caveats: [{ code: 'FORCE EYES ONLY', restrictedTo: ['force_group'] }, { code: 'HANDLE WITH CARE' }],
};

export const DIRECTORY: SharingDirectory = {
  organisations: [
    { id: 'force', name: 'Force HQ', clearance: 'STRICTLY CONFIDENTIAL' },
    { id: 'unhcr', name: 'UNHCR', clearance: 'UNCLASSIFIED' },
    { id: 'ocha', name: 'OCHA', clearance: 'CONFIDENTIAL' },
  ],
  groups: [
    { id: 'mission', name: 'Mission-wide', members: ['force', 'unhcr', 'ocha'] },
    { id: 'un_family', name: 'UN family', members: ['unhcr', 'ocha'] },
    { id: 'force_group', name: 'Force', members: ['force'] },
  ],
};

export const ORGS = DIRECTORY.organisations.map((o) => o.id);

export const LAYER = {
  patrols: '10000000-0000-4000-8000-000000000001',
  forceOps: '10000000-0000-4000-8000-000000000002',
  camps: '10000000-0000-4000-8000-000000000003',
} as const;

interface SeedLayer {
  id: string;
  name: string;
  kind: string;
  owner: string;
  contributors: string[];
  marking: Marking;
}

export const LAYERS: SeedLayer[] = [
  { id: LAYER.patrols, name: 'Patrols', kind: 'patrol', owner: 'force', contributors: [], marking: { classification: 'UNCLASSIFIED', caveats: [], originator: 'force', releasableTo: ['mission'] } },
  { id: LAYER.forceOps, name: 'Force operations', kind: 'site', owner: 'force', contributors: [], marking: { classification: 'CONFIDENTIAL', caveats: [], originator: 'force', releasableTo: ['force_group'] } },
  { id: LAYER.camps, name: 'Camps', kind: 'site', owner: 'unhcr', contributors: ['ocha'], marking: { classification: 'UNCLASSIFIED', caveats: [], originator: 'unhcr', releasableTo: ['mission'] } },
];

export interface SeedFeature {
  id: string;
  layer: string;
  note: string;
  marking: Marking;
  deleted?: boolean;
}

const fid = (n: number): string => `20000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const FEATURES: SeedFeature[] = [
  { id: fid(1), layer: LAYER.patrols, note: 'mission-wide', marking: { classification: 'UNCLASSIFIED', caveats: [], originator: 'force', releasableTo: ['mission'] } },
  { id: fid(2), layer: LAYER.patrols, note: 'force only', marking: { classification: 'UNCLASSIFIED', caveats: [], originator: 'force', releasableTo: ['force_group'] } },
  { id: fid(3), layer: LAYER.patrols, note: 'confidential, mission-wide', marking: { classification: 'CONFIDENTIAL', caveats: [], originator: 'force', releasableTo: ['mission'] } },
  { id: fid(4), layer: LAYER.patrols, note: 'unhcr report, top level, released to nobody', marking: { classification: 'STRICTLY CONFIDENTIAL', caveats: [], originator: 'unhcr', releasableTo: [] } },
  { id: fid(5), layer: LAYER.patrols, note: 'force eyes only caveat', marking: { classification: 'UNCLASSIFIED', caveats: ['FORCE EYES ONLY'], originator: 'force', releasableTo: ['mission'] } },
  { id: fid(6), layer: LAYER.patrols, note: 'caveat the scheme does not know', marking: { classification: 'UNCLASSIFIED', caveats: ['NOFORN'], originator: 'force', releasableTo: ['mission'] } },
  { id: fid(7), layer: LAYER.patrols, note: 'harmless caveat, UN family', marking: { classification: 'UNCLASSIFIED', caveats: ['HANDLE WITH CARE'], originator: 'force', releasableTo: ['un_family'] } },
  { id: fid(8), layer: LAYER.patrols, note: 'withdrawn', deleted: true, marking: { classification: 'UNCLASSIFIED', caveats: [], originator: 'force', releasableTo: ['mission'] } },
  { id: fid(9), layer: LAYER.forceOps, note: 'force site', marking: { classification: 'CONFIDENTIAL', caveats: [], originator: 'force', releasableTo: ['force_group'] } },
  { id: fid(10), layer: LAYER.forceOps, note: 'released to ocha directly', marking: { classification: 'CONFIDENTIAL', caveats: [], originator: 'force', releasableTo: ['ocha'] } },
  { id: fid(11), layer: LAYER.camps, note: 'camp', marking: { classification: 'UNCLASSIFIED', caveats: [], originator: 'unhcr', releasableTo: ['mission'] } },
  { id: fid(12), layer: LAYER.camps, note: 'camp, agencies only', marking: { classification: 'UNCLASSIFIED', caveats: [], originator: 'unhcr', releasableTo: ['un_family'] } },
];

export const released = (m: Marking, org: string): boolean => releaseDecision(m, org, DIRECTORY, SCHEME).release;

/** Feature ids `org` may read according to shared/domain/marking.ts, tombstones included. */
export const expectedFeatureIds = (org: string): string[] => FEATURES.filter((f) => released(f.marking, org)).map((f) => f.id).sort();

export const expectedLayerIds = (org: string): string[] => LAYERS.filter((l) => released(l.marking, org)).map((l) => l.id).sort();

/**
 * Directory, scheme, layers and features, written as the database's administrator. Without
 * caveats it writes only tables of migration 001.
 */
export async function seed(db: pg.ClientBase, opts: { caveats: boolean } = { caveats: true }): Promise<void> {
  await loadScheme(db, opts.caveats ? SCHEME : { ...SCHEME, caveats: [] });
  for (const o of DIRECTORY.organisations) await addOrganisation(db, o);
  for (const g of DIRECTORY.groups) {
    await addGroup(db, g);
    for (const m of g.members) await addGroupMember(db, g.id, m);
  }
  for (const l of LAYERS) {
    await db.query(
      'insert into layers (id, name, kind, owner_org, contributors, classification, caveats, originator, releasable_to) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      [l.id, l.name, l.kind, l.owner, l.contributors, l.marking.classification, l.marking.caveats, l.marking.originator, l.marking.releasableTo],
    );
  }
  for (const [i, f] of FEATURES.entries()) {
    await db.query(
      'insert into features (id, layer_id, geom, props, classification, caveats, originator, releasable_to, deleted) ' +
        'values ($1, $2, ST_SetSRID(ST_MakePoint($3, $4), 4326), $5, $6, $7, $8, $9, $10)',
      [f.id, f.layer, 29 + i / 10, -1.5 - i / 10, { note: f.note }, f.marking.classification, f.marking.caveats, f.marking.originator, f.marking.releasableTo, f.deleted ?? false],
    );
  }
}
