import { describe, expect, it } from 'vitest';
import { contentClassification, isBelow, markingPatch, ownClassifications, ownMarking } from '../../../shared/domain/feature-marking';
import { editFeatureChangeset, featureMarkingChangeset } from '../../../shared/domain/edits';
import { UN_SCHEME, type Marking } from '../../../shared/domain/marking';
import { said } from '../english';
import type { CgFeature } from '../../../shared/domain/feature';

const BY = { name: 'Capt. Diallo', org: 'JOC' };
const NOW = '2026-11-23T08:00:00Z';
const layerMarking: Marking = { classification: 'CONFIDENTIAL', caveats: [], originator: 'joc', releasableTo: ['mission'] };
const feature = (props: CgFeature['properties']): CgFeature => ({ type: 'Feature', id: 'f1', geometry: null, properties: { name: 'CP north', version: 3, ...props } });

describe('a feature’s own marking', () => {
  it('is its flat classification, caveats, originator and releasable-to; none without a classification', () => {
    expect(ownMarking(feature({}).properties)).toBeUndefined();
    expect(ownMarking(feature({ classification: 'STRICTLY CONFIDENTIAL', releasableTo: ['unhcr', 'un_family'], originator: 'jmac' }).properties)).toEqual({
      classification: 'STRICTLY CONFIDENTIAL',
      caveats: [],
      originator: 'jmac',
      releasableTo: ['unhcr', 'un_family'],
    });
  });

  it('is set and removed by one undoable edit that leaves the other properties alone', () => {
    const f = feature({ releasability: 'Releasable to TCCs' });
    const set = featureMarkingChangeset('l1', f, { classification: 'STRICTLY CONFIDENTIAL', caveats: [], originator: 'jmac', releasableTo: ['mission'] }, BY, NOW);
    const put = set.ops[0];
    if (put?.op !== 'putFeatures') throw new Error('expected putFeatures');
    const marked = put.features[0] as CgFeature;
    expect(marked.properties).toMatchObject({ classification: 'STRICTLY CONFIDENTIAL', originator: 'jmac', releasableTo: ['mission'], releasability: 'Releasable to TCCs', version: 4 });
    expect(marked.properties).not.toHaveProperty('caveats');
    expect(said(set)).toBe('Change marking of CP north');

    const back = featureMarkingChangeset('l1', marked, undefined, BY, NOW);
    const again = back.ops[0];
    if (again?.op !== 'putFeatures') throw new Error('expected putFeatures');
    expect(ownMarking((again.features[0] as CgFeature).properties)).toBeUndefined();
    expect(Object.keys(again.features[0]?.properties ?? {})).not.toContain('originator');
  });

  it('refuses a marking that does not validate', () => {
    expect(() => featureMarkingChangeset('l1', feature({}), { classification: '', caveats: [], originator: '', releasableTo: [] }, BY, NOW)).toThrow();
  });

  it('patches back to inheriting by removing every marking field', () => {
    const f = feature({ ...markingPatch(layerMarking) });
    const cs = editFeatureChangeset('l1', f, markingPatch(undefined), BY, NOW);
    const put = cs.ops[0];
    if (put?.op !== 'putFeatures') throw new Error('expected putFeatures');
    expect(put.features[0]?.properties).toEqual({ name: 'CP north', version: 4, updatedBy: BY.name, updatedAt: NOW });
  });
});

describe('the classification of what is shown', () => {
  const layer = (classification: string, visible: boolean, featureClassifications: string[] = []) => ({ visible, marking: { ...layerMarking, classification }, featureClassifications });

  it('is the highest among visible layers and their features’ own classifications', () => {
    expect(contentClassification([], UN_SCHEME)).toBe('UNCLASSIFIED');
    expect(contentClassification([layer('UNCLASSIFIED', true), layer('CONFIDENTIAL', true)], UN_SCHEME)).toBe('CONFIDENTIAL');
    expect(contentClassification([layer('UNCLASSIFIED', true, ['STRICTLY CONFIDENTIAL']), layer('CONFIDENTIAL', true)], UN_SCHEME)).toBe('STRICTLY CONFIDENTIAL');
    // A hidden layer does not raise the marking of the map.
    expect(contentClassification([layer('UNCLASSIFIED', true), layer('STRICTLY CONFIDENTIAL', false, ['STRICTLY CONFIDENTIAL'])], UN_SCHEME)).toBe('UNCLASSIFIED');
    // Free text outside the scheme wins: nothing is released on a guess.
    expect(contentClassification([layer('CONFIDENTIAL', true, ['Secret-ish'])], UN_SCHEME)).toBe('Secret-ish');
  });

  it('says when a chosen banner is below it', () => {
    expect(isBelow('UNCLASSIFIED', 'CONFIDENTIAL', UN_SCHEME)).toBe(true);
    expect(isBelow('CONFIDENTIAL', 'CONFIDENTIAL', UN_SCHEME)).toBe(false);
    expect(isBelow('STRICTLY CONFIDENTIAL', 'CONFIDENTIAL', UN_SCHEME)).toBe(false);
    expect(isBelow('STRICTLY CONFIDENTIAL', 'Secret-ish', UN_SCHEME)).toBe(true);
    expect(isBelow('EXERCISE ONLY', 'STRICTLY CONFIDENTIAL', UN_SCHEME)).toBe(false);
  });

  it('is kept per chunk as the distinct own classifications', () => {
    expect(ownClassifications([feature({ classification: 'CONFIDENTIAL' }), feature({}), feature({ classification: 'CONFIDENTIAL' }), feature({ classification: 'UNCLASSIFIED' })])).toEqual(['CONFIDENTIAL', 'UNCLASSIFIED']);
  });
});
