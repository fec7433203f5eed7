import { describe, expect, it } from 'vitest';
import { adoptHubDirectory, sameDirectory } from '../../../shared/domain/hub-directory';
import { DEFAULT_DIRECTORY } from '../../../shared/domain/sharing-directory-file';
import type { SharingDirectory } from '../../../shared/domain/sharing-directory';

const KEY = { id: 'k1', algorithm: 'Ed25519' as const, publicKey: 'A'.repeat(43) + '=' };

const local: SharingDirectory = {
  organisations: [
    { id: 'ocha', name: 'Office for the Coordination of Humanitarian Affairs', shortName: 'OCHA', clearance: 'UNCLASSIFIED', keys: [KEY] },
    { id: 'fhq', name: 'Force Headquarters', shortName: 'FHQ', clearance: 'STRICTLY CONFIDENTIAL' },
    { id: 'wfp', name: 'WFP', clearance: 'CONFIDENTIAL' },
  ],
  groups: [
    { id: 'force', name: 'Force', members: ['fhq'] },
    { id: 'un_family', name: 'UN family', members: ['fhq', 'ocha', 'wfp'] },
    { id: 'military', name: 'Military', members: ['fhq'] },
  ],
};

const hub = {
  organisations: [
    { id: 'force', name: 'Force HQ', clearance: 'STRICTLY CONFIDENTIAL' },
    { id: 'ocha', name: 'OCHA', clearance: 'CONFIDENTIAL' },
  ],
  groups: [{ id: 'mission', name: 'Mission-wide', members: ['force', 'ocha'] }],
};

describe('adopting the hub sharing directory', () => {
  it('takes the hub organisations and groups over local ones with the same id, keeping a local short name and keys', () => {
    const out = adoptHubDirectory(local, hub);
    expect(out.organisations.find((o) => o.id === 'force')).toEqual({ id: 'force', name: 'Force HQ', clearance: 'STRICTLY CONFIDENTIAL' });
    expect(out.organisations.find((o) => o.id === 'ocha')).toEqual({ id: 'ocha', name: 'OCHA', shortName: 'OCHA', clearance: 'CONFIDENTIAL', keys: [KEY] });
    expect(out.groups.find((g) => g.id === 'force')).toBeUndefined();
    expect(out.groups.find((g) => g.id === 'mission')).toEqual({ id: 'mission', name: 'Mission-wide', members: ['force', 'ocha'] });
  });

  it('keeps what only this workstation knows, for packages by file', () => {
    const out = adoptHubDirectory(local, hub);
    expect(out.organisations.map((o) => o.id)).toEqual(['force', 'ocha', 'fhq', 'wfp']);
    expect(out.groups.map((g) => g.id)).toEqual(['mission', 'un_family', 'military']);
  });

  it('gives the default directory way where its force group meets the hub force organisation, and validates', () => {
    const out = adoptHubDirectory(DEFAULT_DIRECTORY, hub);
    expect(out.organisations.filter((o) => o.id === 'force')).toHaveLength(1);
    expect(out.groups.some((g) => g.id === 'force')).toBe(false);
    expect(out.groups.every((g) => g.members.every((m) => out.organisations.some((o) => o.id === m)))).toBe(true);
  });

  it('drops members that are no longer organisations, and a kept local group left with none', () => {
    const out = adoptHubDirectory(
      { organisations: [{ id: 'sector_east', name: 'Sector East', clearance: 'CONFIDENTIAL' }], groups: [{ id: 'east', name: 'East', members: ['sector_east'] }] },
      { organisations: [], groups: [{ id: 'sector_east', name: 'Sector East (group)', members: [] }] },
    );
    expect(out.organisations).toEqual([]);
    expect(out.groups).toEqual([{ id: 'sector_east', name: 'Sector East (group)', members: [] }]);
  });

  it('is the same directory when adopted twice', () => {
    const once = adoptHubDirectory(local, hub);
    expect(sameDirectory(adoptHubDirectory(once, hub), once)).toBe(true);
    expect(sameDirectory(once, local)).toBe(false);
  });
});
