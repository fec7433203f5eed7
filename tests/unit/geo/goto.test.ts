import { describe, expect, it } from 'vitest';
import { resolveGoTo, type NameMatch } from '../../../shared/geo/goto';
import { english } from '../../../shared/cli/catalogue';
import { inEnglish } from '../english';

const PLACES: NameMatch[] = [
  { label: 'Bamako', lng: -8.0, lat: 12.64 },
  { label: 'Mopti region', lng: -3.9, lat: 14.5, bbox: [-5, 13.5, -2.5, 15.5] },
];
const search = (q: string) => PLACES.filter((p) => p.label.toLowerCase().startsWith(q.toLowerCase()));

describe('resolveGoTo', () => {
  it.each([
    ['12.5, -8.25', 12.5, -8.25],
    ['12.5N 8.25W', 12.5, -8.25],
    ["12°30'N 8°15'W", 12.5, -8.25],
    ['12 30 N 8 15 W', 12.5, -8.25],
    ["12°30.0'N 008°15.0'W", 12.5, -8.25],
    ['12°30\'00"N 8°15\'00"W', 12.5, -8.25],
    ['33N 500000 4649776', 42, 15],
  ])('reads %s as a coordinate', (text, lat, lng) => {
    const r = resolveGoTo(text, () => {
      throw new Error('names must not be searched for a coordinate');
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.target.lat).toBeCloseTo(lat, 4);
    expect(r.target.lng).toBeCloseTo(lng, 4);
    expect(r.target.zoom).toBeGreaterThan(10);
  });

  it('reads MGRS with or without spaces, zooming by precision and framing coarse squares', () => {
    const fine = resolveGoTo('33T WG 12345 67890', search);
    const packed = resolveGoTo('33TWG1234567890', search);
    expect(fine).toEqual(packed);
    expect(fine.ok && fine.target.zoom).toBe(16);
    const square = resolveGoTo('33TWG', search);
    expect(square.ok && square.target.zoom).toBe(7);
    expect(square.ok && square.target.bbox?.map((v) => Math.round(v))).toEqual([15, 42, 16, 42]);
  });

  it('labels a coordinate target in the format asked for', () => {
    const r = resolveGoTo('12.5, -8.25', search, { format: 'mgrs' });
    expect(r.ok && r.target.label).toMatch(/^29PNP\d{10}$/);
    const d = resolveGoTo('12.5, -8.25', search);
    expect(d.ok && d.target.label).toBe('12.50000° N, 8.25000° W');
  });

  it('falls back to names: a point gets a zoom, an area its bbox', () => {
    expect(resolveGoTo('bamako', search)).toEqual({ ok: true, target: { lng: -8, lat: 12.64, zoom: 14, label: 'Bamako' } });
    expect(resolveGoTo('Mopti', search)).toEqual({ ok: true, target: { lng: -3.9, lat: 14.5, bbox: [-5, 13.5, -2.5, 15.5], label: 'Mopti region' } });
  });

  it('says what was expected, keeping the parser’s specific reason as detail', () => {
    const r = resolveGoTo("12°61'N 8°W", search);
    expect(r).toMatchObject({ ok: false, error: { code: 'unreadable' } });
    expect(!r.ok && r.error.detail && inEnglish(r.error.detail)).toBe('minutes must be below 60 (found 61)');
    expect(english('map:goTo.errorUnreadable')).toMatch(/expected decimal degrees .* MGRS .* UTM .* place name/i);
    const one = resolveGoTo('12.5', search);
    expect(one).toMatchObject({ ok: false, error: { code: 'unreadable' } });
    expect(!one.ok && one.error.detail && inEnglish(one.error.detail)).toMatch(/only one value/);
  });

  it('reports an unknown name as not found, without a parser detail', () => {
    const r = resolveGoTo('Timbuktu', search);
    expect(r).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(!r.ok && r.error.detail).toBeUndefined();
  });

  it('refuses empty text, and survives a throwing search', () => {
    expect(resolveGoTo('   ', search)).toMatchObject({ ok: false, error: { code: 'empty' } });
    expect(
      resolveGoTo('Gao', () => {
        throw new Error('index not ready');
      }),
    ).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});
