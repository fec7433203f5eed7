/**
 * Projected data without a coordinate system: the import asks instead of refusing, with the
 * range found and the systems it fits, and reads the file again in the system chosen.
 * Inputs: three CAR towns in WGS 84 / UTM 34N as GeoJSON and as a shapefile without .prj (ours,
 * written with proj4 and ogr2ogr, true positions kept as attributes). (The corpus's counties.shp,
 * listed as projected without .prj, holds degrees: -73.5…-69.9, 41.2…42.9; it imports as is.)
 */
import { readFileSync } from 'node:fs';
import type { Feature, Point } from 'geojson';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../shared/cli/run';
import { crsByCode, knownCrsCodes, suggestCrs, toWgs84 } from '../../../shared/geo/crs-catalogue';
import { parseFileGroup } from '../../../shared/import/file-set';
import { parseFile } from '../../../shared/import/registry';
import type { ParseResult } from '../../../shared/io/types';
import { inEnglish } from '../english';
import { memoryIo } from '../cli/helpers';

const path = (p: string) => new URL(`../../fixtures/${p}`, import.meta.url).pathname;
const fixture = (p: string) => new Uint8Array(readFileSync(path(p)));
const shapefileSet = () => ({
  name: 'car-utm34n-noprj.shp',
  files: ['.shp', '.shx', '.dbf'].map((e) => ({ name: `car-utm34n-noprj${e}`, bytes: fixture(`crs/car-utm34n-noprj${e}`) })),
});

function expectTruePositions(r: ParseResult): void {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  const features = r.layers[0]?.features as Feature<Point>[];
  expect(features).toHaveLength(3);
  for (const f of features) {
    expect(f.geometry.coordinates[0]).toBeCloseTo(f.properties?.lng_wgs84 as number, 6);
    expect(f.geometry.coordinates[1]).toBeCloseTo(f.properties?.lat_wgs84 as number, 6);
  }
  expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'crs-chosen', params: { code: 'EPSG:32634', crs: 'WGS 84 / UTM zone 34N (EPSG:32634)' } }));
}

describe('the bundled coordinate systems', () => {
  it('has the 120 WGS 84 UTM zones and the national grids, each usable by proj4', () => {
    const codes = knownCrsCodes();
    expect(codes.filter((c) => /^EPSG:32[67]\d\d$/.test(c))).toHaveLength(120);
    expect(codes).toEqual(expect.arrayContaining(['EPSG:32601', 'EPSG:32660', 'EPSG:32701', 'EPSG:32760', 'EPSG:20135', 'EPSG:20136', 'EPSG:3318', 'EPSG:3327', 'EPSG:22770']));
    for (const c of codes) expect(() => proj4(crsByCode(c)!.proj4)).not.toThrow();
  });

  it('puts Juba where it is in Adindan / UTM 36N, within the datum shift (under 300 m)', () => {
    const def = crsByCode('EPSG:20136')!;
    const juba = [31.58, 4.85];
    const [x, y] = proj4('WGS84', def.proj4, juba);
    const back = toWgs84(crsByCode('EPSG:32636')!)([x!, y!]);
    // The same easting/northing read as WGS 84 UTM: the difference is the Adindan datum shift.
    const metres = Math.hypot(((back[0]! - juba[0]!) * 111_320 * Math.cos((juba[1]! * Math.PI) / 180)), (back[1]! - juba[1]!) * 110_574);
    expect(metres).toBeGreaterThan(20);
    expect(metres).toBeLessThan(300);
  });

  it('suggests the zones the range fits in the missions’ countries: the CAR towns’ range gives 33N–36N and Adindan 35N/36N', () => {
    const s = suggestCrs([213_190, 471_037, 609_035, 723_259], 200);
    expect(s.map((x) => x.code)).toEqual(['EPSG:32633', 'EPSG:32634', 'EPSG:32635', 'EPSG:32636', 'EPSG:20135', 'EPSG:20136']);
    expect(s.every((x) => x.inMissionArea)).toBe(true);
  });

  it('falls back to every zone the range fits when none lands in a mission country', () => {
    // Northings of about 6,000 km: 54°N in a northern zone, 36°S in a southern one (false northing 10,000 km).
    const s = suggestCrs([400_000, 6_000_000, 600_000, 6_100_000], 200);
    expect(s.filter((x) => /^EPSG:326/.test(x.code))).toHaveLength(60);
    expect(s.filter((x) => /^EPSG:327/.test(x.code))).toHaveLength(60);
    expect(s.some((x) => x.inMissionArea)).toBe(false);
  });
});

describe('GeoJSON in metres without a coordinate system', () => {
  it('is not refused outright: the result asks, with the range, "metres" and EPSG:32634 among the suggestions', async () => {
    const r = await parseFile('car-utm34n.geojson', fixture('crs/car-utm34n.geojson'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const q = r.crsQuestion!;
    expect(q.looksLike).toBe('metres');
    expect(q.range[0]).toBeGreaterThan(200_000);
    expect(q.range[2]).toBeLessThan(800_000);
    expect(q.suggestions.map((s) => s.code)).toContain('EPSG:32634');
    expect(q.propertyNames).toEqual(['name', 'lng_wgs84', 'lat_wgs84']);
  });

  it('read again in EPSG:32634 lands each town on its true position', async () => {
    expectTruePositions(await parseFile('car-utm34n.geojson', fixture('crs/car-utm34n.geojson'), { crs: 'EPSG:32634' }));
  });

  it('a legacy "crs" member naming EPSG:32634 is read in it without asking', async () => {
    const r = await parseFile('car-utm34n-declared.geojson', fixture('crs/car-utm34n-declared.geojson'));
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const features = r.layers[0]?.features as Feature<Point>[];
    expect(features).toHaveLength(3);
    for (const f of features) expect(f.geometry.coordinates[0]).toBeCloseTo(f.properties?.lng_wgs84 as number, 6);
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'reprojected', params: { crs: 'WGS 84 / UTM zone 34N (EPSG:32634)' } }));
  });

  it('names a code it does not know', async () => {
    const r = await parseFile('car-utm34n.geojson', fixture('crs/car-utm34n.geojson'), { crs: 'EPSG:2154' });
    expect(!r.ok && inEnglish(r.error)).toMatch(/"EPSG:2154" is not one Common Ground knows offline/);
  });
});

describe('a shapefile without .prj in metres', () => {
  it('asks with the .dbf column names', async () => {
    const r = await parseFileGroup(shapefileSet());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.crsQuestion).toMatchObject({ layer: 'car-utm34n-noprj', looksLike: 'metres', propertyNames: ['name', 'lng_wgs84', 'lat_wgs84'] });
  });

  it('read in the chosen EPSG:32634 lands on the true positions', async () => {
    expectTruePositions(await parseFileGroup(shapefileSet(), { crs: '32634' }));
  });

});

describe('cop --crs', () => {
  it('cop convert --crs EPSG:32634 writes WGS 84 positions', async () => {
    const m = memoryIo();
    expect(await runCli(['convert', path('crs/car-utm34n.geojson'), '--to', 'geojson', '--crs', 'EPSG:32634'], m.io)).toBe(0);
    const out = JSON.parse(m.stdout()) as { features: Feature<Point>[] };
    expect(out.features.map((f) => f.geometry.coordinates.map((c) => Math.round(c * 1e4) / 1e4))).toEqual([
      [18.5582, 4.3947],
      [18.4163, 4.2572],
      [21.9862, 6.5423],
    ]);
  });

  it('cop inspect without --crs exits 2 and lists the suggestions to try', async () => {
    const m = memoryIo();
    expect(await runCli(['inspect', path('crs/car-utm34n-noprj.shp')], m.io)).toBe(2);
    expect(m.stdout()).toMatch(/coordinates look like metres/);
    expect(m.stdout()).toMatch(/--crs EPSG:32634 \(WGS 84 \/ UTM zone 34N\)/);
    const j = memoryIo();
    await runCli(['inspect', path('crs/car-utm34n-noprj.shp'), '--json'], j.io);
    expect(JSON.parse(j.stdout()).crsQuestion.suggestions).toContainEqual(expect.objectContaining({ code: 'EPSG:32634' }));
  });
});
