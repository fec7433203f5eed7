import { describe, expect, it } from 'vitest';
import { DEFAULT_DIRECTORY, partyIdFor, readDirectoryFile, serialiseDirectory } from '../../../shared/domain/sharing-directory-file';
import { SharingDirectorySchema, expandParties } from '../../../shared/domain/sharing-directory';
import { UN_SCHEME, levelOf } from '../../../shared/domain/marking';

describe('sharing directory file', () => {
  it('ships a default directory that validates, with the usual groups and clearances of the UN scheme', () => {
    expect(SharingDirectorySchema.safeParse(DEFAULT_DIRECTORY).success).toBe(true);
    expect(DEFAULT_DIRECTORY.groups.map((g) => g.name)).toEqual(['Mission-wide', 'UN family', 'Humanitarian community', 'Force']);
    for (const o of DEFAULT_DIRECTORY.organisations) {
      expect(levelOf(UN_SCHEME, o.clearance), o.id).toBeDefined();
      // The hub's organisation id rule (server/db/migrations/001_schema.sql).
      expect(o.id).toMatch(/^[a-z][a-z0-9_]{0,30}$/);
    }
    expect([...expandParties(['humanitarian'], DEFAULT_DIRECTORY)].sort()).toEqual(['ngo_forum', 'ocha', 'unhcr', 'unicef', 'wfp']);
  });

  it('round-trips through its JSON file', () => {
    expect(readDirectoryFile(serialiseDirectory(DEFAULT_DIRECTORY))).toEqual({ ok: true, directory: DEFAULT_DIRECTORY });
  });

  it('refuses what is not a directory, naming the first problem', () => {
    expect(readDirectoryFile('{nope')).toEqual({ ok: false, problem: { code: 'not-json', params: {} } });
    expect(readDirectoryFile('{"type":"FeatureCollection"}')).toEqual({ ok: false, problem: { code: 'not-a-directory', params: {} } });
    const nested = {
      type: 'common-ground/sharing-directory',
      version: 1,
      directory: { organisations: [{ id: 'joc', name: 'JOC', clearance: 'CONFIDENTIAL' }], groups: [{ id: 'a', name: 'A', members: ['joc'] }, { id: 'b', name: 'B', members: ['a'] }] },
    };
    expect(readDirectoryFile(JSON.stringify(nested))).toEqual({ ok: false, problem: { code: 'invalid-directory', params: { path: 'directory.groups.1.members.0', detail: 'group-member-not-organisation' } } });
  });

  it('makes ids from names in the hub’s form, unique among those taken', () => {
    expect(partyIdFor('Médecins Sans Frontières', new Set())).toBe('medecins_sans_frontieres');
    expect(partyIdFor('New group', new Set(['new_group', 'new_group_2']))).toBe('new_group_3');
    expect(partyIdFor('5th Battalion', new Set())).toBe('o_5th_battalion');
  });
});
