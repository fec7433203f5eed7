import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../shared/import/registry';
import { inEnglish, problemInEnglish } from '../english';

const enc = (s: string) => new TextEncoder().encode(s);
const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe('hostile nesting and size', () => {
  it('refuses a whole file of 100,000 nested brackets with a message, not a stack overflow', async () => {
    const r = await parseFile('deep.geojson', enc(deep(100_000)));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(inEnglish(r.error)).toMatch(/^/);
  });

  it('refuses coordinates nested 100,000 deep', async () => {
    const r = await parseFile('deep.geojson', enc(`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":${deep(100_000)}}}`));
    expect(r.ok).toBe(false);
  });

  it('refuses one feature whose attributes nest 100,000 deep and keeps the others, all of it structured-cloneable', async () => {
    const text = `{"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"a":${deep(100_000)}},"geometry":{"type":"Point","coordinates":[1,2]}},
      {"type":"Feature","properties":{"a":[[["fine"]]]},"geometry":{"type":"Point","coordinates":[3,4]}}]}`;
    const r = await parseFile('props.geojson', enc(text));
    if (!r.ok) throw new Error(inEnglish(r.error));
    expect(r.layers[0]?.features).toHaveLength(1);
    expect(r.refused).toEqual([expect.objectContaining({ code: 'properties-too-large', index: 0 })]);
    expect(problemInEnglish(r.refused[0])).toMatch(/nested more than 32 levels/);
    expect(() => structuredClone(r)).not.toThrow();
  });

  it('refuses a feature with megabytes of attribute text', async () => {
    const big = 'x'.repeat(1_200_000);
    const r = await parseFile('big.geojson', enc(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"notes":"${big}"},"geometry":{"type":"Point","coordinates":[1,2]}}]}`));
    if (!r.ok) throw new Error(inEnglish(r.error));
    expect(r.layers[0]?.features).toHaveLength(0);
    expect(problemInEnglish(r.refused[0])).toMatch(/more than 1,000,000 characters/);
  });
});
