import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { formatMgrs } from '../../../shared/geo/coords';
import { parseCoordinate } from '../../../shared/geo/parse-coords';
import { readable } from '../english';

const FIXTURES = new URL('../../fixtures/coords/', import.meta.url);

function readCsv(name: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(readFileSync(new URL(name, FIXTURES), 'utf8'), { header: true, skipEmptyLines: true }).data;
}

function point(text: string): [number, number] {
  const r = parseCoordinate(text);
  if (!r.ok) throw new Error(`${text}: refused: ${r.error}`);
  expect(r.format).toBe('mgrs');
  return [r.lng, r.lat];
}

describe('proj4js/mgrs cases', () => {
  const rows = readCsv('proj4js-mgrs-cases.csv');
  const byRef = new Map(rows.map((r) => [r.mgrs, r]));

  it.each(rows.filter((r) => r.mgrs && r.longitude !== ''))('$mgrs → $longitude, $latitude ($note)', (row) => {
    const [lng, lat] = point(row.mgrs as string);
    // The expected values are given to 5–7 decimals; ours is the centre of the square, like mgrs.toPoint.
    const decimals = Math.min(...[row.longitude, row.latitude].map((v) => (v?.split('.')[1] ?? '').length));
    // A 1 m reference names a 1 m square holding the forwarded point: its centre is within ~1.5e-5°.
    const oneMetre = /\d{10}$/.test(row.mgrs as string) ? 1.5e-5 : 0;
    const tol = Math.max(1e-9, 10 ** -decimals, oneMetre);
    expect(Math.abs(lng - Number(row.longitude))).toBeLessThanOrEqual(tol);
    expect(Math.abs(lat - Number(row.latitude))).toBeLessThanOrEqual(tol);
  });

  it('reads a reference the same with or without spaces', () => {
    expect(byRef.has('4QFJ 12345 67890')).toBe(true);
    expect(point('4QFJ 12345 67890')).toEqual(point('4QFJ1234567890'));
  });

  it('the 100 km square 34PBQ: its centre round-trips', () => {
    const [lng, lat] = point('34PBQ');
    expect(formatMgrs(lng, lat, 0)).toEqual({ ok: true, value: '34PBQ' });
  });

  it('refuses what the package tests refuse: blank, out-of-range and polar latitudes', () => {
    expect(parseCoordinate('').ok).toBe(false);
    expect(parseCoordinate('   ').ok).toBe(false);
    expect(formatMgrs(0, 180)).toEqual({ ok: false, error: { code: 'coords.invalid-position' } });
    expect(formatMgrs(0, 270)).toEqual({ ok: false, error: { code: 'coords.invalid-position' } });
    expect(formatMgrs(0, 88)).toEqual({ ok: false, error: { code: 'coords.outside-mgrs' } });
    expect(formatMgrs(0, -88)).toEqual({ ok: false, error: { code: 'coords.outside-mgrs' } });
  });
});

describe('GEOTRANS MGRS → lat/lon reference (subset of 1,035 rows)', () => {
  const rows = readCsv('geotrans-mgrs-subset.csv');
  const polar = rows.filter((r) => /^[ABYZ]/.test(r.mgrs as string));
  const grid = rows.filter((r) => !/^[ABYZ]/.test(r.mgrs as string));

  it('covers the zones the issue asks for', () => {
    expect(rows.length).toBeGreaterThanOrEqual(1000);
    expect(grid.some((r) => /^\d+[C-M]/.test(r.mgrs as string))).toBe(true);
    for (const z of ['31V', '32V', '31X', '33X', '35X', '37X']) expect(grid.some((r) => (r.mgrs as string).startsWith(z)), z).toBe(true);
    expect(polar.length).toBeGreaterThan(0);
  });

  it("every UTM-zone reference converts to within its 1 m square of GEOTRANS's result", () => {
    const bad: string[] = [];
    for (const r of grid) {
      const ref = r.mgrs as string;
      const res = parseCoordinate(ref);
      if (!res.ok) {
        bad.push(`${ref}: ${res.error}`);
        continue;
      }
      // geotrans_calc_* is GEOTRANS's own conversion: the square's south-west corner, to 6 decimals.
      // (expected_* are the points the strings were made from, rounded to 5 decimals, which GEOTRANS
      // itself misses by up to ~1 m and still calls "Equivalent".) We give the square's centre,
      // 0.5 m east and north of the corner: allow one square plus the rounding.
      const lat = Number(r.geotrans_calc_lat);
      const lng = Number(r.geotrans_calc_lon);
      const cell = 10 ** (5 - (ref.length - ref.search(/\d*$/)) / 2);
      const latTol = cell / 110_574 + 5e-7;
      const lngTol = cell / (111_320 * Math.cos((lat * Math.PI) / 180)) + 5e-7;
      let dLng = Math.abs(res.lng - lng);
      if (dLng > 180) dLng = 360 - dLng;
      if (Math.abs(res.lat - lat) > latTol || dLng > lngTol) bad.push(`${ref}: got ${res.lat}, ${res.lng}; expected ${lat}, ${lng}`);
    }
    expect(bad).toEqual([]);
  });

  it('refuses the polar (UPS) rows, which the mgrs package cannot convert', () => {
    for (const r of polar) {
      const res = parseCoordinate(r.mgrs as string);
      expect(readable(res), r.mgrs).toEqual({ ok: false, error: expect.stringMatching(/UPS/) });
    }
  });
});
