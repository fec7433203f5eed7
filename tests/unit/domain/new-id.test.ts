import { describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/feature';

const V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newId', () => {
  it('gives distinct v4 UUIDs across several blocks of the random pool', () => {
    const ids = Array.from({ length: 5_000 }, () => newId());
    for (const id of ids) expect(id).toMatch(V4);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('uses every random byte: over many ids each hex digit appears in every free position', () => {
    const ids = Array.from({ length: 2_000 }, () => newId().replaceAll('-', ''));
    // Positions 12 (version) and 16 (variant) are fixed or constrained; all others are random.
    for (let pos = 0; pos < 32; pos++) {
      if (pos === 12 || pos === 16) continue;
      expect(new Set(ids.map((id) => id[pos])).size).toBe(16);
    }
  });
});
