import { describe, expect, it } from 'vitest';
import { fastCgFeature } from '../../../shared/package/fast-feature';
import { CgFeatureSchema } from '../../../shared/package/feature-schema';

const point = { type: 'Point', coordinates: [15.5, 4.25] };
const f = (over: Record<string, unknown>): Record<string, unknown> => ({ type: 'Feature', id: 'a', geometry: point, properties: { name: 'x', n: 1 }, ...over });

/** Features the fast path must take, and give what the schema gives. */
const common: [string, Record<string, unknown>][] = [
  ['a point', f({})],
  ['no geometry', f({ geometry: null })],
  ['a 3D point', f({ geometry: { type: 'Point', coordinates: [1, 2, 3] } })],
  ['a line', f({ geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] } })],
  ['a polygon', f({ geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } })],
  ['a multipolygon', f({ geometry: { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] } })],
  ['nested property values', f({ properties: { a: null, b: true, c: [1, 'x', { d: [null] }], e: { f: 'g' } } })],
  ['empty properties', f({ properties: {} })],
  ['foreign members, dropped', f({ marking: { x: 1 }, baseVersion: 3, extra: 'y' })],
];

/** Cases it must leave to the schema (null), whether the schema accepts them or not. */
const unusual: [string, Record<string, unknown>][] = [
  ['a geometry with bbox (the schema strips it)', f({ geometry: { ...point, bbox: [1, 2, 3, 4] } })],
  ['a GeometryCollection', f({ geometry: { type: 'GeometryCollection', geometries: [point] } })],
  ['a position of one number', f({ geometry: { type: 'Point', coordinates: [1] } })],
  ['a position of four numbers', f({ geometry: { type: 'Point', coordinates: [1, 2, 3, 4] } })],
  ['an infinite coordinate', f({ geometry: { type: 'Point', coordinates: [Infinity, 2] } })],
  ['a line of numbers', f({ geometry: { type: 'LineString', coordinates: [1, 2] } })],
  ['an unknown geometry type', f({ geometry: { type: 'Circle', coordinates: [1, 2] } })],
  ['an empty id', f({ id: '' })],
  ['a numeric id', f({ id: 7 })],
  ['an id of 201 characters', f({ id: 'x'.repeat(201) })],
  ['not a Feature', f({ type: 'feature' })],
  ['properties as an array', f({ properties: [1] })],
  ['properties null', f({ properties: null })],
  ['an infinite property', f({ properties: { n: Infinity } })],
  ['an undefined property', f({ properties: { n: undefined } })],
  ['a __proto__ key', f({ properties: JSON.parse('{"__proto__": 1}') as Record<string, unknown> })],
];

describe('fastCgFeature', () => {
  it.each(common)('takes %s, giving what CgFeatureSchema gives', (_, raw) => {
    const fast = fastCgFeature(raw);
    const zod = CgFeatureSchema.safeParse({ type: raw.type, id: raw.id, geometry: raw.geometry, properties: raw.properties });
    expect(zod.success).toBe(true);
    expect(fast).not.toBeNull();
    expect(fast).toStrictEqual(zod.data);
  });

  it.each(unusual)('leaves %s to the schema', (_, raw) => {
    expect(fastCgFeature(raw)).toBeNull();
  });
});
