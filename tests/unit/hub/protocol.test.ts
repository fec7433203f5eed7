import { describe, expect, it } from 'vitest';
import { invalidRequest, LIMITS, PullQuerySchema, PushRequestSchema, type FeatureInput } from '../../../shared/hub/protocol';

const feature = (properties: FeatureInput['properties'] = {}): FeatureInput => ({ id: crypto.randomUUID(), geometry: { type: 'Point', coordinates: [29.2, -1.6] }, properties });
const push = (features: FeatureInput[]) => ({
  changeset: { id: crypto.randomUUID(), layerId: crypto.randomUUID(), label: 'x', at: '2026-12-02T14:00:00Z', ops: [{ op: 'putFeatures', features: features.map((f) => ({ feature: f, baseVersion: null })) }] },
});
const refusal = (value: unknown) => {
  const r = PushRequestSchema.safeParse(value);
  return r.success ? null : invalidRequest(r.error).params;
};

describe('hub protocol limits', () => {
  it('takes a well-formed push', () => {
    expect(refusal(push([feature({ name: 'ok', nested: { list: [1, 'two', null] } })]))).toBeNull();
  });

  it('refuses more features per changeset than the limit, across ops', () => {
    const half = Math.ceil(LIMITS.featuresPerChangeset / 2) + 1;
    const p = push(Array.from({ length: half }, () => feature()));
    const second = push(Array.from({ length: half }, () => feature())).changeset.ops[0];
    expect(refusal({ changeset: { ...p.changeset, ops: [...p.changeset.ops, second] } })).toMatchObject({ issue: 'too-many-features' });
  });

  it('refuses the same feature twice in one changeset', () => {
    const f = feature();
    expect(refusal(push([f, { ...f, properties: { other: true } }]))).toMatchObject({ issue: 'feature-twice' });
  });

  it('refuses long strings, too many properties and deep nesting', () => {
    expect(refusal(push([feature({ note: 'x'.repeat(LIMITS.stringChars + 1) })]))).toMatchObject({ path: expect.stringContaining('properties.note') });
    expect(refusal(push([feature(Object.fromEntries(Array.from({ length: LIMITS.propertiesPerFeature + 1 }, (_, i) => [`p${i}`, i])))]))).toMatchObject({ issue: 'too-many-properties' });
    let deep: FeatureInput['properties'][string] = 'leaf';
    for (let i = 0; i <= LIMITS.propertyDepth; i++) deep = { d: deep };
    expect(refusal(push([feature({ deep })]))).not.toBeNull();
  });

  it('refuses unknown fields and out-of-range coordinates', () => {
    const p = push([feature()]);
    expect(refusal({ changeset: { ...p.changeset, extra: 1 } })).toMatchObject({ issue: 'unrecognized_keys' });
    expect(refusal(push([{ ...feature(), geometry: { type: 'Point', coordinates: [29, -91] } }]))).toMatchObject({ path: expect.stringContaining('geometry.coordinates') });
  });

  it('reads pull queries from text and caps the page', () => {
    expect(PullQuerySchema.parse({ since: '42' })).toEqual({ since: 42, limit: LIMITS.pullPage });
    expect(PullQuerySchema.safeParse({ since: '0', limit: String(LIMITS.pullPage + 1) }).success).toBe(false);
    expect(PullQuerySchema.safeParse({ since: '1.5' }).success).toBe(false);
  });
});
