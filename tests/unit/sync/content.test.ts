import { describe, expect, it } from 'vitest';
import type { CgFeature } from '../../../shared/domain/feature';
import { differingFields, jsonEqual, sameContent } from '../../../shared/sync/content';

const f = (properties: CgFeature['properties'], geometry: CgFeature['geometry'] = { type: 'Point', coordinates: [1, 2] }): CgFeature => ({ type: 'Feature', id: 'a', geometry, properties });

/** Pairs sameContent must judge exactly as differingFields does (it is its short cut). */
const pairs: [string, CgFeature, CgFeature][] = [
  ['identical', f({ name: 'x', n: 1 }), f({ name: 'x', n: 1 })],
  ['only bookkeeping differs', f({ name: 'x', version: 1, updatedAt: 'a' }), f({ name: 'x', version: 2, updatedAt: 'b' })],
  ['a field differs', f({ name: 'x' }), f({ name: 'y' })],
  ['a field only in ours', f({ name: 'x', note: 'n' }), f({ name: 'x' })],
  ['a field only in theirs', f({ name: 'x' }), f({ name: 'x', note: 'n' })],
  ['a field undefined on one side only', f({ name: 'x', note: undefined }), f({ name: 'x' })],
  ['a null field against a missing one', f({ name: 'x', note: null }), f({ name: 'x' })],
  ['a key named like an Object member', f({ name: 'x' }), f({ name: 'x', constructor: 'c' })],
  ['nested values equal', f({ tags: ['a', { b: [1] }] }), f({ tags: ['a', { b: [1] }] })],
  ['nested values differ', f({ tags: ['a', { b: [1] }] }), f({ tags: ['a', { b: [2] }] })],
  ['a nested member only in theirs', f({ o: { a: 1 } }), f({ o: { a: 1, b: 2 } })],
  ['geometry differs', f({}), f({}, { type: 'Point', coordinates: [1, 3] })],
  ['geometry null against a point', f({}, null), f({})],
  ['both without geometry', f({}, null), f({}, null)],
];

describe('sameContent', () => {
  it.each(pairs)('%s: as differingFields says', (_, a, b) => {
    expect(sameContent(a, b)).toBe(differingFields(a, b).length === 0);
    expect(sameContent(b, a)).toBe(differingFields(b, a).length === 0);
  });

  it('tells the pairs apart (the table is not all one answer)', () => {
    expect(pairs.map(([, a, b]) => sameContent(a, b))).toEqual([true, true, false, false, false, true, false, false, true, false, false, false, false, true]);
  });

  it('jsonEqual: members absent and undefined are the same, arrays are not objects', () => {
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(jsonEqual([1], { 0: 1 })).toBe(false);
  });
});
