import { describe, expect, it } from 'vitest';
import {
  MarkingSchemeSchema,
  NATO_SCHEME,
  UN_SCHEME,
  effectiveMarking,
  highestClassification,
  mostRestrictive,
  mostRestrictiveOf,
  releaseDecision,
  type Marking,
  type MarkingScheme,
} from '../../../shared/domain/marking';
import { migrateClassification, migrateMarkedProperties } from '../../../shared/domain/marking-migration';
import { SharingDirectorySchema, expandParties, type SharingDirectory } from '../../../shared/domain/sharing-directory';

const DIRECTORY: SharingDirectory = {
  organisations: [
    { id: 'joc', name: 'Joint Operations Centre', shortName: 'JOC', clearance: 'STRICTLY CONFIDENTIAL' },
    { id: 'unpol', name: 'UN Police', clearance: 'CONFIDENTIAL' },
    { id: 'unhcr', name: 'UNHCR', clearance: 'CONFIDENTIAL' },
    { id: 'ocha', name: 'OCHA', clearance: 'UNCLASSIFIED' },
    { id: 'msf', name: 'Médecins Sans Frontières', clearance: 'UNCLASSIFIED' },
    { id: 'odd', name: 'Clearance from another scheme', clearance: 'NATO SECRET' },
  ],
  groups: [
    { id: 'mission', name: 'Mission-wide', members: ['joc', 'unpol'] },
    { id: 'un-family', name: 'UN family', members: ['joc', 'unpol', 'unhcr', 'ocha'] },
    { id: 'humanitarian', name: 'Humanitarian community', members: ['unhcr', 'ocha', 'msf'] },
  ],
};

const SCHEME_WITH_CAVEATS: MarkingScheme = {
  ...UN_SCHEME,
  caveats: [{ code: 'MISSION ONLY', restrictedTo: ['mission'] }, { code: 'SOURCE PROTECTED' }],
};

const m = (classification: string, releasableTo: string[], originator = 'joc', caveats: string[] = []): Marking => ({ classification, caveats, originator, releasableTo });

describe('releaseDecision', () => {
  const cases: [string, Marking, string, ReturnType<typeof releaseDecision>][] = [
    ['released through a group', m('CONFIDENTIAL', ['un-family']), 'unhcr', { release: true }],
    ['released by organisation id', m('UNCLASSIFIED', ['msf']), 'msf', { release: true }],
    ['originator sees its own data whatever the marking', m('TOP SECRET TEXT', [], 'ocha', ['NOPE']), 'ocha', { release: true }],
    ['empty releasable-to releases to nobody else', m('UNCLASSIFIED', []), 'ocha', { release: false, reason: { code: 'not-releasable', params: { recipient: 'ocha' } } }],
    ['not in the group', m('UNCLASSIFIED', ['mission']), 'msf', { release: false, reason: { code: 'not-releasable', params: { recipient: 'msf' } } }],
    ['above clearance wins over releasable-to', m('CONFIDENTIAL', ['humanitarian']), 'ocha', { release: false, reason: { code: 'above-clearance', params: { recipient: 'ocha', classification: 'CONFIDENTIAL', clearance: 'UNCLASSIFIED' } } }],
    ['a clearance outside the scheme ranks below every level', m('UNCLASSIFIED', ['odd']), 'odd', { release: false, reason: { code: 'above-clearance', params: { recipient: 'odd', classification: 'UNCLASSIFIED', clearance: 'NATO SECRET' } } }],
    ['unknown recipient', m('UNCLASSIFIED', ['un-family']), 'nobody', { release: false, reason: { code: 'unknown-recipient', params: { recipient: 'nobody' } } }],
    ['free-text classification kept by the migration', m('Secret-ish', ['un-family']), 'unpol', { release: false, reason: { code: 'unknown-classification', params: { classification: 'Secret-ish' } } }],
    ['caveat restricted to the mission', m('CONFIDENTIAL', ['un-family'], 'joc', ['MISSION ONLY']), 'unhcr', { release: false, reason: { code: 'caveat-restricted', params: { recipient: 'unhcr', caveat: 'MISSION ONLY' } } }],
    ['caveat restricted to the mission, recipient in it', m('CONFIDENTIAL', ['un-family'], 'joc', ['MISSION ONLY', 'SOURCE PROTECTED']), 'unpol', { release: true }],
    ['caveat the scheme does not know', m('UNCLASSIFIED', ['un-family'], 'joc', ['WHATEVER']), 'ocha', { release: false, reason: { code: 'unknown-caveat', params: { caveat: 'WHATEVER' } } }],
    ['no originator gives nobody the bypass', m('UNCLASSIFIED', [], ''), 'joc', { release: false, reason: { code: 'not-releasable', params: { recipient: 'joc' } } }],
  ];
  it.each(cases)('%s', (_, marking, recipient, expected) => {
    expect(releaseDecision(marking, recipient, DIRECTORY, SCHEME_WITH_CAVEATS)).toEqual(expected);
  });
});

describe('mostRestrictive', () => {
  it('takes the higher level, unites caveats, intersects expanded parties with each originator added', () => {
    const a = m('CONFIDENTIAL', ['un-family'], 'joc', ['SOURCE PROTECTED']);
    const b = m('STRICTLY CONFIDENTIAL', ['humanitarian'], 'msf', ['MISSION ONLY']);
    expect(mostRestrictive(a, b, UN_SCHEME, DIRECTORY)).toEqual({
      classification: 'STRICTLY CONFIDENTIAL',
      caveats: ['MISSION ONLY', 'SOURCE PROTECTED'],
      originator: '',
      releasableTo: ['ocha', 'unhcr'],
    });
  });
  it('keeps a shared originator, and the originator is in the result when the other side released to it', () => {
    const a = m('UNCLASSIFIED', ['ocha'], 'joc');
    expect(mostRestrictive(a, m('UNCLASSIFIED', ['mission'], 'unpol'), UN_SCHEME, DIRECTORY).releasableTo).toEqual(['joc']);
    expect(mostRestrictive(a, m('UNCLASSIFIED', ['msf'], 'unpol'), UN_SCHEME, DIRECTORY).releasableTo).toEqual([]);
    expect(mostRestrictive(a, m('UNCLASSIFIED', ['msf'], 'joc'), UN_SCHEME, DIRECTORY)).toMatchObject({ originator: 'joc', releasableTo: ['joc'] });
  });
  it('is symmetric in its result and a classification outside the scheme wins', () => {
    const a = m('UNCLASSIFIED', ['un-family'], 'joc');
    const b = m('Free text', ['mission'], 'joc');
    expect(mostRestrictive(a, b, UN_SCHEME, DIRECTORY)).toEqual(mostRestrictive(b, a, UN_SCHEME, DIRECTORY));
    expect(mostRestrictive(a, b, UN_SCHEME, DIRECTORY).classification).toBe('Free text');
  });
  it('folds over a list', () => {
    const list = [m('UNCLASSIFIED', ['un-family']), m('CONFIDENTIAL', ['mission']), m('UNCLASSIFIED', ['unpol'])];
    expect(mostRestrictiveOf(list, UN_SCHEME, DIRECTORY)).toEqual({ classification: 'CONFIDENTIAL', caveats: [], originator: 'joc', releasableTo: ['joc', 'unpol'] });
    expect(mostRestrictiveOf([], UN_SCHEME, DIRECTORY)).toBeUndefined();
  });
});

describe('effectiveMarking and schemes', () => {
  it('a feature without its own marking takes its layer’s, and the scheme default without either', () => {
    const layer = m('CONFIDENTIAL', ['mission']);
    const own = m('UNCLASSIFIED', ['ocha']);
    expect(effectiveMarking(own, layer)).toEqual({ marking: own, inherited: false });
    expect(effectiveMarking(undefined, layer)).toEqual({ marking: layer, inherited: true });
    expect(effectiveMarking(undefined, undefined, NATO_SCHEME).marking.classification).toBe('NATO UNCLASSIFIED');
  });
  it('the highest classification follows the scheme’s ranks, not the order of the list', () => {
    expect(highestClassification(['CONFIDENTIAL', 'UNCLASSIFIED'], UN_SCHEME)).toBe('CONFIDENTIAL');
    expect(highestClassification([], UN_SCHEME)).toBe('UNCLASSIFIED');
    const shuffled = { ...NATO_SCHEME, levels: [...NATO_SCHEME.levels].reverse() };
    expect(highestClassification(['NATO RESTRICTED', 'NATO SECRET', 'NATO UNCLASSIFIED'], shuffled)).toBe('NATO SECRET');
  });
  it('schemes are data checked by their schema', () => {
    expect(MarkingSchemeSchema.safeParse(UN_SCHEME).success).toBe(true);
    expect(MarkingSchemeSchema.safeParse(NATO_SCHEME).success).toBe(true);
    const dupRank = { ...UN_SCHEME, levels: UN_SCHEME.levels.map((l) => ({ ...l, rank: 0 })) };
    expect(MarkingSchemeSchema.safeParse(dupRank).error?.issues.map((i) => i.message)).toEqual(['duplicate-level-rank']);
  });
});

describe('sharing directory', () => {
  it('expands groups one level and ignores unknown ids', () => {
    expect([...expandParties(['humanitarian', 'joc', 'ghost'], DIRECTORY)].sort()).toEqual(['joc', 'msf', 'ocha', 'unhcr']);
  });
  it('refuses groups of groups, duplicate ids across organisations and groups, and bad keys', () => {
    expect(SharingDirectorySchema.safeParse(DIRECTORY).success).toBe(true);
    const nested = { ...DIRECTORY, groups: [...DIRECTORY.groups, { id: 'all', name: 'All', members: ['mission'] }] };
    expect(SharingDirectorySchema.safeParse(nested).error?.issues.map((i) => i.message)).toEqual(['group-member-not-organisation']);
    const clash = { ...DIRECTORY, groups: [{ id: 'joc', name: 'JOC group', members: [] }] };
    expect(SharingDirectorySchema.safeParse(clash).error?.issues.map((i) => i.message)).toEqual(['duplicate-party-id']);
    const key = { organisations: [{ id: 'a', name: 'A', clearance: 'UNCLASSIFIED', publicKeys: [{ id: 'k', spki: 'not base64!' }] }], groups: [] };
    expect(SharingDirectorySchema.safeParse(key).success).toBe(false);
  });
});

describe('classification migration', () => {
  const cases: [string, string][] = [
    ['UNCLASSIFIED', 'UNCLASSIFIED'],
    ['UN RESTRICTED', 'CONFIDENTIAL'],
    ['un_restricted', 'CONFIDENTIAL'],
    ['UN CONFIDENTIAL', 'CONFIDENTIAL'],
    [' UN  SECRET ', 'STRICTLY CONFIDENTIAL'],
    ['Commercial in confidence', 'Commercial in confidence'],
  ];
  it.each(cases)('%s → %s', (from, to) => {
    expect(migrateClassification(from)).toBe(to);
  });
  it('never lowers a level: each old value maps to a level at least as restrictive as its position', () => {
    const old = ['UNCLASSIFIED', 'UN RESTRICTED', 'UN CONFIDENTIAL', 'UN SECRET'];
    const ranks = old.map((c) => UN_SCHEME.levels.find((l) => l.code === migrateClassification(c))?.rank);
    expect(ranks).toEqual([0, 1, 1, 2]);
  });
  it('keeps the old releasability text and everything else, returning the same object when unchanged', () => {
    const props = { classification: 'UN RESTRICTED', releasability: 'REL TO MINUSCA, OCHA', name: 'x' };
    expect(migrateMarkedProperties(props)).toEqual({ classification: 'CONFIDENTIAL', releasability: 'REL TO MINUSCA, OCHA', name: 'x' });
    const same = { classification: 'CONFIDENTIAL' };
    expect(migrateMarkedProperties(same)).toBe(same);
  });
});
