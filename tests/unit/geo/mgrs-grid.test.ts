import { readFileSync } from 'node:fs';
import { booleanPointInPolygon } from '@turf/turf';
import type { Position } from 'geojson';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { formatMgrs } from '../../../shared/geo/coords';
import { gridZonePolygons, gridZones, MAX_GRID_LINES, mgrsGrid, mgrsSquares, squareLetters, type Bbox } from '../../../shared/geo/mgrs-grid';
import { lngLatToUtmIn, utmToLngLatIn } from '../../../shared/geo/utm-format';

const FIXTURES = new URL('../../fixtures/coords/', import.meta.url);
const rows = Papa.parse<Record<string, string>>(readFileSync(new URL('geotrans-mgrs-subset.csv', FIXTURES), 'utf8'), { header: true, skipEmptyLines: true }).data.filter(
  (r) => !/^[ABYZ]/.test(r.mgrs ?? ''),
);

/**
 * The 1 m square's centre: GEOTRANS's computed point is the square's south-west corner, which for
 * references such as 31RDL0000000000 lies exactly on a grid line. Half a metre north-east of it is
 * inside the square (the grid's convergence is a few degrees, so NE stays NE).
 */
function testPoint(r: Record<string, string>): [number, number] {
  const lat = Number(r.geotrans_calc_lat);
  const lng = Number(r.geotrans_calc_lon);
  return [lng + 0.5 / (111_320 * Math.cos((lat * Math.PI) / 180)), lat + 0.5 / 110_574];
}

describe('grid zones', () => {
  it('has 1,197 zones: 60 × 20, less 32X, 34X and 36X', () => {
    expect(gridZones()).toHaveLength(1197);
    const ids = new Set(gridZones().map((z) => z.id));
    for (const missing of ['32X', '34X', '36X']) expect(ids.has(missing)).toBe(false);
  });

  it('knows the Norway and Svalbard exceptions and band X', () => {
    const z = (id: string) => gridZones().find((g) => g.id === id);
    expect(z('31V')).toMatchObject({ west: 0, east: 3, south: 56, north: 64 });
    expect(z('32V')).toMatchObject({ west: 3, east: 12 });
    expect(z('31X')).toMatchObject({ west: 0, east: 9, south: 72, north: 84 });
    expect(z('33X')).toMatchObject({ west: 9, east: 21 });
    expect(z('35X')).toMatchObject({ west: 21, east: 33 });
    expect(z('37X')).toMatchObject({ west: 33, east: 42 });
    expect(z('31U')).toMatchObject({ west: 0, east: 6 });
    expect(z('33C')).toMatchObject({ south: -80, north: -72 });
  });

  it('tiles 80°S–84°N without gaps or overlaps', () => {
    for (let lat = -79.5; lat < 84; lat += 1) {
      for (let lng = -179.5; lng < 180; lng += 1) {
        const n = gridZones().filter((z) => lng > z.west && lng < z.east && lat > z.south && lat < z.north).length;
        if (n !== 1) expect.fail(`${lng},${lat}: in ${n} zones`);
      }
    }
  });
});

describe('GEOTRANS reference rows', () => {
  it('covers irregular zones and the southern hemisphere', () => {
    const gzds = new Set(rows.map((r) => (r.mgrs ?? '').replace(/^(\d+[A-Z]).*/, '$1')));
    for (const z of ['31V', '32V', '31X', '33X', '35X', '37X']) expect(gzds.has(z), z).toBe(true);
    expect(rows.filter((r) => Number(r.geotrans_calc_lat) < 0).length).toBeGreaterThan(100);
  });

  it('square letters from zone, easting and northing equal GEOTRANS for every row', () => {
    const bad: string[] = [];
    for (const r of rows) {
      const ref = r.mgrs as string;
      const m = /^(\d+)([C-X])([A-Z]{2})/.exec(ref);
      if (!m) continue;
      const zone = Number(m[1]);
      const [lng, lat] = testPoint(r);
      const [e, n] = lngLatToUtmIn(zone, lat < 0, lng, lat);
      const letters = squareLetters(zone, e, n);
      if (letters !== m[3]) bad.push(`${ref}: ${letters}`);
    }
    expect(bad).toEqual([]);
  });

  it('each row lies in the 100 km square labelled with its letters, and in its GZD polygon', () => {
    const bad: string[] = [];
    let checked = 0;
    for (const r of rows) {
      // GEOTRANS writes zones 1–9 with a leading zero ("09DWF…"); the grid writes "9DWF".
      const ref = (r.mgrs as string).replace(/^0/, '');
      const p = testPoint(r);
      const box: Bbox = [p[0] - 0.02, p[1] - 0.02, p[0] + 0.02, p[1] + 0.02];
      const gzd = gridZonePolygons(box).features.filter((f) => booleanPointInPolygon(p, f));
      const squares = mgrsSquares(box).features.filter((f) => booleanPointInPolygon(p, f));
      const wantGzd = ref.slice(0, ref.search(/[C-X]/) + 1);
      const want100k = ref.slice(0, wantGzd.length + 2);
      if (gzd.length !== 1 || gzd[0]?.properties.id !== wantGzd) bad.push(`${ref}: GZD ${gzd.map((f) => f.properties.id).join('/')}`);
      if (squares.length !== 1 || squares[0]?.properties.id !== want100k) bad.push(`${ref}: square ${squares.map((f) => f.properties.id).join('/')}`);
      checked++;
    }
    expect(checked).toBe(rows.length);
    expect(bad).toEqual([]);
  });

  it('every 100 km label sits inside its own square and matches mgrs.forward there', () => {
    for (const box of [
      [14, 40, 20, 46],
      [0, 56, 12, 64],
      [0, 72, 42, 84],
      [-72, -56, -60, -44],
    ] as Bbox[]) {
      const g = mgrsGrid(box, 8);
      const labels = g.labels.features.filter((f) => f.properties.level === '100k');
      expect(labels.length).toBeGreaterThan(0);
      for (const l of labels) {
        const [lng, lat] = l.geometry.coordinates as [number, number];
        expect(formatMgrs(lng, lat, 0), `${l.properties.text} at ${lng},${lat}`).toEqual({ ok: true, value: l.properties.text });
      }
    }
  });
});

function inZone(coords: Position[], gzd: string): boolean {
  const z = gridZones().find((g) => g.id === gzd);
  if (!z) return false;
  return coords.every(([x = NaN, y = NaN]) => x >= z.west && x <= z.east && y >= z.south && y <= z.north);
}

describe('mgrsGrid', () => {
  it('draws only GZD boundaries below zoom 6, across the whole world', () => {
    const g = mgrsGrid([-180, -85, 180, 85], 2);
    expect(new Set(g.lines.features.map((f) => f.properties.level))).toEqual(new Set(['gzd']));
    const texts = new Set(g.labels.features.map((f) => f.properties.text));
    for (const id of ['33P', '32V', '31X', '37X', '1C', '60X']) expect(texts.has(id), id).toBe(true);
    for (const id of ['32X', '34X', '36X']) expect(texts.has(id), id).toBe(false);
    // Nothing beyond the MGRS latitudes.
    for (const f of g.lines.features) for (const [, y = 0] of f.geometry.coordinates) expect(y >= -80 && y <= 84).toBe(true);
  });

  it('draws the 32V and Svalbard boundaries where they are, not on the regular 6° meridians', () => {
    const g = mgrsGrid([0, 56, 45, 84], 4);
    const meridians = (lat: number) =>
      new Set(
        g.lines.features
          .map((f) => f.geometry.coordinates)
          .filter((c) => c.length === 2 && c[0]?.[0] === c[1]?.[0] && (c[0]?.[1] ?? 0) <= lat && (c[1]?.[1] ?? 0) >= lat)
          .map((c) => c[0]?.[0]),
      );
    expect([...meridians(60)].sort((a = 0, b = 0) => a - b)).toEqual([0, 3, 12, 18, 24, 30, 36, 42]);
    expect([...meridians(78)].sort((a = 0, b = 0) => a - b)).toEqual([0, 9, 21, 33, 42]);
  });

  it('adds 100 km lines from zoom 6, 10 km from 9 and 1 km from 12', () => {
    const levels = (box: Bbox, z: number) => new Set(mgrsGrid(box, z).lines.features.map((f) => f.properties.level));
    expect(levels([10, 38, 20, 50], 5.9)).toEqual(new Set(['gzd']));
    expect(levels([10, 38, 20, 50], 6)).toEqual(new Set(['gzd', '100k']));
    expect(levels([14.5, 41.5, 15.5, 42.5], 9)).toEqual(new Set(['100k', '10k']));
    expect(levels([14.95, 41.9, 15.15, 42.05], 12)).toEqual(new Set(['100k', '10k', '1k']));
  });

  it('labels squares "VQ" at low zoom and "33TWG" from zoom 8, and numbers 10 km and 1 km lines', () => {
    const low = mgrsGrid([15.2, 41.7, 15.8, 42.3], 7).labels.features.filter((f) => f.properties.level === '100k').map((f) => f.properties.text);
    expect(low).toContain('WG');
    const high = mgrsGrid([15.2, 41.7, 15.8, 42.3], 9).labels.features;
    expect(high.filter((f) => f.properties.level === '100k').map((f) => f.properties.text)).toContain('33TWG');
    const tens = high.filter((f) => f.properties.level === '10k').map((f) => f.properties.text);
    expect(tens.length).toBeGreaterThan(0);
    for (const t of tens) expect(t).toMatch(/^[1-9]0$/);
    const ones = mgrsGrid([15.0, 41.9, 15.2, 42.05], 12).labels.features.filter((f) => f.properties.level === '1k');
    expect(ones.length).toBeGreaterThan(0);
    for (const f of ones) expect(f.properties.text).toMatch(/^\d\d$/);
  });

  it('numbers a 1 km line with the kilometres of its easting or northing', () => {
    const g = mgrsGrid([15.0, 41.9, 15.2, 42.05], 12);
    const line = g.lines.features.find((f) => f.properties.level === '1k');
    expect(line).toBeDefined();
    const label = g.labels.features.find((l) => l.properties.level === '1k' && l.geometry.coordinates.join() === line?.geometry.coordinates[0]?.join());
    const [a, b] = [line?.geometry.coordinates[0], line?.geometry.coordinates.at(-1)] as [[number, number], [number, number]];
    const [ea, na] = lngLatToUtmIn(33, false, a[0], a[1]);
    const [eb, nb] = lngLatToUtmIn(33, false, b[0], b[1]);
    const metres = Math.abs(ea - eb) < Math.abs(na - nb) ? ea : na;
    expect(Number(label?.properties.text)).toBe(Math.round(metres / 1000) % 100);
  });

  it('never lets a grid line cross a zone boundary (regular, Norway, Svalbard, southern, antimeridian)', () => {
    const cases: [Bbox, number][] = [
      [[10, 40, 20, 46], 6],
      [[0, 55, 13, 65], 6],
      [[0, 71, 43, 84], 6],
      [[-75, -50, -65, -40], 6],
      [[2.5, 59.5, 3.5, 60.5], 9],
      [[8.6, 75.8, 9.4, 76.2], 9],
      [[11.9, -0.2, 12.1, 0.2], 12],
      [[175, -20, 185, -10], 6],
    ];
    for (const [box, z] of cases) {
      const g = mgrsGrid(box, z);
      const utm = g.lines.features.filter((f) => f.properties.level !== 'gzd');
      expect(utm.length, JSON.stringify(box)).toBeGreaterThan(0);
      for (const f of utm) {
        // Lines on the world copy east of 180° are shifted by 360°: shift them back as a whole.
        const shifted = f.geometry.coordinates.some(([x = 0]) => x > 180);
        const coords = f.geometry.coordinates.map(([x = 0, y = 0]) => [shifted ? x - 360 : x, y]);
        if (!inZone(coords, f.properties.gzd ?? '')) expect.fail(`${JSON.stringify(box)}: ${f.properties.level} line of ${f.properties.gzd} leaves its zone`);
      }
    }
  });

  it('curves the 100 km lines (densified), and they meet the zone edge exactly', () => {
    const g = mgrsGrid([14, 40, 20, 48], 6);
    const lines = g.lines.features.filter((f) => f.properties.level === '100k');
    expect(lines.some((f) => f.geometry.coordinates.length > 20)).toBe(true);
    expect(lines.some((f) => f.geometry.coordinates.some(([x]) => x === 18))).toBe(true);
    // A line of constant easting, checked in UTM: every vertex is on it.
    const east = lines.find((f) => {
      const c = f.geometry.coordinates;
      return c.length > 20 && Math.abs((c[0]?.[1] ?? 0) - (c.at(-1)?.[1] ?? 0)) > 1;
    });
    const es = (east?.geometry.coordinates ?? []).map(([x = 0, y = 0]) => lngLatToUtmIn(33, false, x, y)[0]);
    expect(Math.max(...es) - Math.min(...es)).toBeLessThan(1);
    expect(utmToLngLatIn(33, false, 500000, 0)[0]).toBeCloseTo(15, 9);
  });

  it('keeps under the line cap and leaves out a level that would not fit', () => {
    for (const [box, z] of [
      [[-180, -85, 180, 85], 12],
      [[0, 0, 40, 40], 6],
      [[10, 40, 14, 44], 12],
      [[10, 40, 11, 41], 9],
    ] as [Bbox, number][]) {
      const g = mgrsGrid(box, z);
      expect(g.lines.features.length).toBeLessThanOrEqual(MAX_GRID_LINES);
      expect(g.labels.features.length).toBeLessThanOrEqual(MAX_GRID_LINES + 1200);
    }
    // 20° × 15° at zoom 12: some 900 lines of 10 km fit, the ~9,000 of 1 km do not.
    const big = new Set(mgrsGrid([5, 35, 25, 50], 12).lines.features.map((f) => f.properties.level));
    expect(big.has('1k')).toBe(false);
    expect(big.has('10k')).toBe(true);
    const world = new Set(mgrsGrid([-180, -85, 180, 85], 12).lines.features.map((f) => f.properties.level));
    expect(world).toEqual(new Set(['gzd']));
  });

  it('shifts the grid onto the repeated world east of 180°', () => {
    const g = mgrsGrid([179, 10, 181, 12], 6);
    const xs = g.lines.features.flatMap((f) => f.geometry.coordinates.map(([x = 0]) => x));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(179);
    expect(Math.max(...xs)).toBeLessThanOrEqual(181);
    expect(g.labels.features.some((f) => f.properties.text.length === 2 && (f.geometry.coordinates[0] ?? 0) > 180)).toBe(true);
  });

  it('returns nothing for an empty or invalid box', () => {
    expect(mgrsGrid([10, 10, 10, 10], 8).lines.features).toEqual([]);
    expect(mgrsGrid([Number.NaN, 0, 1, 1], 8).lines.features).toEqual([]);
    expect(mgrsGrid([0, 85, 10, 89], 8).lines.features).toEqual([]);
  });
});
