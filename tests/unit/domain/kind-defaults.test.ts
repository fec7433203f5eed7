import { describe, expect, it } from 'vitest';
import { kindDefaults } from '../../../shared/domain/kinds';

describe('kindDefaults', () => {
  it('gives what a new feature of each kind starts with: a drawn patrol is a draft, a DDR point planned', () => {
    expect(kindDefaults('patrol')).toEqual({ patrolType: 'foot', timeOfDay: 'day', range: 'short', status: 'draft' });
    expect(kindDefaults('ddr')).toEqual({ status: 'planned' });
    expect(kindDefaults('reference')).toEqual({});
  });
});
