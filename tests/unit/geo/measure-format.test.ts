import { describe, expect, it } from 'vitest';
import { formatArea, formatBearing, formatLength } from '../../../shared/geo/measure-format';

describe('measurement readouts', () => {
  it.each([
    [850.4, 'en', '850 m'],
    [1234.5, 'en', '1.23 km'],
    [1234.5, 'fr', '1,23 km'],
    [250_000, 'en', '250.0 km'],
  ])('length %d (%s) → %s', (m, lang, text) => {
    expect(formatLength(m, lang).replace(/\u202f|\u00a0/g, ' ')).toBe(text);
  });

  it.each([
    [5_000, 'en', '0.50 ha'],
    [3_500_000, 'en', '3.50 km²'],
    [3_500_000, 'fr', '3,50 km²'],
    [250_000_000, 'en', '250 km²'],
  ])('area %d (%s) → %s', (m2, lang, text) => {
    expect(formatArea(m2, lang).replace(/\u202f|\u00a0/g, ' ')).toBe(text);
  });

  it('writes bearings with three digits, 360 as 000', () => {
    expect([45, 5.4, 359.6, 270].map(formatBearing)).toEqual(['045°', '005°', '000°', '270°']);
  });
});
