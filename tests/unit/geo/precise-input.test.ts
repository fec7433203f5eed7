import { describe, expect, it } from 'vitest';
import { parseBearing, parseLength, parseRadii, parseVertexInput } from '../../../shared/geo/precise-input';
import { inEnglish } from '../english';

describe('lengths', () => {
  it.each([
    ['2.5 km', 2500],
    ['2,5 km', 2500],
    ['800 m', 800],
    ['800m', 800],
    ['800', 800],
    ['.5 km', 500],
    ['3 nm', 5556],
    ['1 kilomètre', 1000],
    ['12 Km', 12000],
  ])('%s → %d m', (text, metres) => {
    expect(parseLength(text)).toEqual({ ok: true, value: metres });
  });

  it('takes a default unit when none is written', () => {
    expect(parseLength('5', 'km')).toEqual({ ok: true, value: 5000 });
  });

  it.each([
    ['', /empty length/],
    ['abc', /"abc" is not a length/],
    ['5 miles', /unknown unit "miles"/],
    ['0 km', /more than 0/],
    ['-3 km', /not a length/],
    ['30000 km', /half the Earth/],
  ])('refuses %j with a message naming the problem', (text, message) => {
    const r = parseLength(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(inEnglish(r.error)).toMatch(message);
  });
});

describe('bearings', () => {
  it.each([
    ['045', 45],
    ['45°', 45],
    ['45.5 deg', 45.5],
    ['270', 270],
    ['360', 0],
    ['0', 0],
    ['12,5°', 12.5],
  ])('%s → %d°', (text, deg) => {
    expect(parseBearing(text)).toEqual({ ok: true, value: deg });
  });

  it.each([
    ['400', /between 0 and 360/],
    ['N45E', /not a bearing/],
    ['', /empty bearing/],
  ])('refuses %j', (text, message) => {
    const r = parseBearing(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(inEnglish(r.error)).toMatch(message);
  });
});

describe('lists of radii', () => {
  it.each([
    ['1, 5, 10 km', [1000, 5000, 10000]],
    ['500 m; 2 km', [500, 2000]],
    ['1,5 km', [1500]],
    ['10 5 1 km', [1000, 5000, 10000]],
    ['250, 500 m, 1 km', [250, 500, 1000]],
    ['5 km, 5 km', [5000]],
    ['300', [300]],
  ])('%s', (text, radii) => {
    expect(parseRadii(text)).toEqual({ ok: true, value: radii });
  });

  it('names the radius that is wrong', () => {
    const r = parseRadii('1, x, 10 km');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(inEnglish(r.error)).toMatch(/radius 2 \("x"\)/);
  });
});

describe('the next vertex while drawing', () => {
  it('reads a bearing and a length from the last vertex', () => {
    expect(parseVertexInput('045 2.5 km')).toEqual({ ok: true, value: { type: 'leg', bearingDeg: 45, distanceM: 2500 } });
    expect(parseVertexInput('270° 800 m')).toEqual({ ok: true, value: { type: 'leg', bearingDeg: 270, distanceM: 800 } });
  });

  it('reads coordinates in any supported format', () => {
    expect(parseVertexInput('12.5, -8.25')).toEqual({ ok: true, value: { type: 'position', lng: -8.25, lat: 12.5 } });
    const mgrs = parseVertexInput('34PHQ1234567890');
    expect(mgrs.ok && mgrs.value.type).toBe('position');
    const dms = parseVertexInput(`4°21'40"N 18°33'29"E`);
    expect(dms.ok && dms.value.type === 'position' && Math.round(dms.value.lat * 100)).toBe(436);
  });

  it('explains what it expected when it reads neither', () => {
    const r = parseVertexInput('somewhere');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(inEnglish(r.error)).toMatch(/bearing and a length/);
    const bad = parseVertexInput('400 2 km');
    expect(!bad.ok && inEnglish(bad.error)).toMatch(/between 0 and 360/);
  });
});
