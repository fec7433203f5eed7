import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { distance } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { formatDecimalDegrees, formatDms, formatMgrs as formatMgrsResult, formatPosition as formatPositionResult, mgrsToLngLat } from '../../../shared/geo/coords';
import type { Result } from '../../../shared/base/types';

/** The text, or the code of the reason there is none. */
const text = (r: Result<string>): string => (r.ok ? r.value : r.error.code);
const formatPosition = (...a: Parameters<typeof formatPositionResult>) => text(formatPositionResult(...a));
const formatMgrs = (...a: Parameters<typeof formatMgrsResult>) => text(formatMgrsResult(...a));

describe('formatPosition', () => {
  it('formats decimal degrees latitude first with hemispheres', () => {
    expect(formatPosition(23.456781, 12.345671, 'dd')).toBe('12.34567° N, 23.45678° E');
    expect(formatPosition(-23.45678, -12.34567, 'dd')).toBe('12.34567° S, 23.45678° W');
    expect(formatDecimalDegrees(-0.000001, 0, 5)).toBe('0.00000° N, 0.00000° E');
  });

  it('formats DMS with rounding that carries into minutes and degrees', () => {
    expect(formatPosition(23.45678, 12.34567, 'dms')).toBe('12°20\'44.4"N 023°27\'24.4"E');
    expect(formatDms(-77.0365, 38.8977)).toBe('38°53\'51.7"N 077°02\'11.4"W');
    expect(formatDms(10.999999, 59.99999)).toBe('60°00\'00.0"N 011°00\'00.0"E');
    expect(formatDms(-0.00001, -0.00001)).toBe('00°00\'00.0"N 000°00\'00.0"E');
  });

  it('formats MGRS at the requested precision', () => {
    const full = formatPosition(23.45678, 12.34567, 'mgrs');
    expect(full).toMatch(/^34P[A-Z]{2}\d{10}$/);
    expect(formatPosition(23.45678, 12.34567, 'mgrs', { mgrsPrecision: 2 })).toBe(full.slice(0, 7) + full.slice(10, 12));
    expect(formatMgrs(23.45678, 12.34567, 0)).toBe(full.slice(0, 5));
  });

  it('explains instead of throwing outside MGRS and for invalid input', () => {
    expect(formatPositionResult(0, 85, 'mgrs')).toEqual({ ok: false, error: { code: 'coords.outside-mgrs' } });
    expect(formatPosition(0, -81, 'mgrs')).toBe('coords.outside-mgrs');
    expect(formatPosition(Number.NaN, 1, 'dd')).toBe('coords.invalid-position');
    expect(formatPosition(200, 1, 'dms')).toBe('coords.invalid-position');
    expect(formatPosition(180, 0, 'mgrs')).toMatch(/^1N/);
    expect(formatPositionResult(1, 1, 'utm' as 'dd')).toEqual({ ok: false, error: { code: 'coords.unknown-format', params: { format: 'utm' } } });
  });
});

/** Zone number and latitude band, e.g. "1W" from "01WDQ…" (GEOTRANS pads the zone with a zero). */
function gridZone(mgrs: string): string {
  const m = /^0?(\d{1,2})([C-X])/.exec(mgrs);
  return m ? `${m[1]}${m[2]}` : mgrs;
}

describe('MGRS forward conversion against NGA GEOTRANS reference rows', () => {
  const lines = readFileSync(join(__dirname, '../../fixtures/mgrs/geotrans-sample.csv'), 'utf8').trim().split('\n').slice(1);
  const rows = lines.map((l) => {
    const [, mgrs, lat, lon] = l.split(',');
    return { mgrs: mgrs as string, lat: Number(lat), lon: Number(lon) };
  });

  it('has a few hundred rows, polar ones included', () => {
    expect(rows.length).toBeGreaterThan(250);
    expect(rows.some((r) => /^[ABYZ]/.test(r.mgrs))).toBe(true);
  });

  for (const precision of [5, 3, 1]) {
    it(`agrees within the precision (${precision} digits)`, () => {
      const cell = 10 ** (5 - precision);
      let compared = 0;
      for (const r of rows) {
        const got = formatMgrs(r.lon, r.lat, precision);
        if (/^[ABYZ]/.test(r.mgrs)) {
          expect(got).toBe('coords.outside-mgrs');
          continue;
        }
        // Same grid zone (number and latitude band) as the reference …
        expect(gridZone(got), `${r.mgrs} at ${r.lat},${r.lon}`).toBe(gridZone(r.mgrs));
        // … and the reference point lies in the cell we named: within half a cell diagonal of its centre.
        const centre = mgrsToLngLat(got);
        expect(centre).not.toBeNull();
        const d = distance([r.lon, r.lat], centre as [number, number], { units: 'meters' });
        expect(d, `${r.mgrs} → ${got}`).toBeLessThanOrEqual(cell * 0.75 + 0.05);
        compared++;
      }
      expect(compared).toBeGreaterThan(250);
    });
  }
});

describe('spaced MGRS for display', () => {
  it('groups zone, square, easting and northing', async () => {
    const { spaceMgrs } = await import('../../../shared/geo/coords');
    expect(spaceMgrs('32PKT9688254757')).toBe('32P KT 96882 54757');
    expect(spaceMgrs('4QFJ123678')).toBe('4Q FJ 123 678');
    expect(spaceMgrs('32PKT')).toBe('32P KT');
    expect(spaceMgrs('outside MGRS coverage')).toBe('outside MGRS coverage');
    expect(formatPosition(9.7, 11.5, 'mgrs', { mgrsSpaced: true })).toMatch(/^32P [A-Z]{2} \d{5} \d{5}$/);
  });
});
