import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { Feature, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { detectFormat, parseFile } from '../../../shared/import/registry';
import type { ParseResult } from '../../../shared/io/types';
import { inEnglish, named, problemInEnglish, readableProblem } from '../english';

const SJ = join(__dirname, '../../fixtures/shapefile/shapefile-js');
const read = (name: string) => new Uint8Array(readFileSync(join(SJ, name)));

/** The component files of `base` in shapefile-js/, optionally under a folder inside the zip. */
function components(base: string, folder = '', drop: string[] = []): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const name of readdirSync(SJ)) {
    const ext = name.slice(base.length + 1).toLowerCase();
    if (name.startsWith(`${base}.`) && ['shp', 'shx', 'dbf', 'prj', 'cpg'].includes(ext) && !drop.includes(ext)) out[`${folder}${name}`] = read(name);
  }
  return out;
}

function ok(r: ParseResult) {
  if (!r.ok) throw new Error(inEnglish(r.error));
  return r;
}

const fieldValues = (features: Feature[]) => features.map((f) => f.properties?.field);

describe('zipped shapefiles', () => {
  it('detects zips and bare .shp files as shapefiles', () => {
    expect(detectFormat('a.zip', read('utf.zip'))?.id).toBe('shapefile');
    expect(detectFormat('download', read('utf.zip'))?.id).toBe('shapefile');
    expect(detectFormat('a.shp', read('utf.shp'))?.id).toBe('shapefile');
    expect(detectFormat('download', read('utf.shp'))?.id).toBe('shapefile');
  });

  it('honours code pages: .cpg (UTF-8, ANSI 1250), an HTML .cpg falls back to UTF-8', async () => {
    expect(fieldValues(ok(await parseFile('utf.zip', read('utf.zip'))).layers[0]?.features ?? [])).toEqual(['💩', 'Hněvošický háj']);
    expect(fieldValues(ok(await parseFile('codepage.zip', read('codepage.zip'))).layers[0]?.features ?? [])).toEqual(['??', 'Hněvošický háj']);
    const html = ok(await parseFile('htmlcpg.zip', zipSync(components('htmlcpg'))));
    expect(fieldValues(html.layers[0]?.features ?? [])).toEqual(['💩', 'Hněvošický háj']);
    expect(html.warnings.map((w) => w.code)).toContain('bad-cpg');
    const htmlPrj = ok(await parseFile('htmlprj.zip', zipSync(components('htmlprj'))));
    expect(fieldValues(htmlPrj.layers[0]?.features ?? [])).toEqual(['💩', 'Hněvošický háj']);
    expect(problemInEnglish(htmlPrj.warnings.find((w) => w.code === 'bad-prj'))).toMatch(/\.prj file is ignored because it holds HTML/);
  });

  it('reads the LDID code page of a .dbf without .cpg (0x57 = Windows ANSI), and guesses UTF-8 when nothing is declared', async () => {
    const mb = join(__dirname, '../../fixtures/shapefile/mbostock');
    const files = (base: string) => Object.fromEntries(['shp', 'shx', 'dbf'].map((e) => [`${base}.${e}`, new Uint8Array(readFileSync(join(mb, `${base}.${e}`)))]));
    const latin = ok(await parseFile('latin1.zip', zipSync(files('latin1-property'))));
    expect(latin.layers[0]?.features[0]?.properties).toEqual({ name: 'México' });
    // utf8-property.dbf has LDID 0 and, without its .cpg, is recognised as UTF-8.
    const utf = ok(await parseFile('utf8.zip', zipSync(files('utf8-property'))));
    expect(utf.layers[0]?.features[0]?.properties).toEqual({ '☃': 'ηελλο ςορλδ' });
  });

  it('reprojects from the .prj (NAD83 / Massachusetts State Plane) to WGS 84', async () => {
    const r = ok(await parseFile('senate.zip', read('senate.zip')));
    expect(r.layers[0]?.features).toHaveLength(40);
    const [minX, minY, maxX, maxY] = r.layers[0]?.bbox ?? [];
    expect([minX, minY, maxX, maxY].map((n) => Math.round((n ?? 0) * 1000) / 1000)).toEqual([-73.508, 41.238, -69.928, 42.887]);
    expect(problemInEnglish(r.warnings.find((w) => w.code === 'reprojected'))).toMatch(/from NAD 1983 StatePlane Massachusetts Mainland FIPS 2001 to WGS 84/);
  });

  it('refuses a .prj that contradicts the coordinates, in both directions', async () => {
    // State-plane metres without their .prj.
    const noPrj = zipSync(Object.fromEntries(Object.entries(unzipSync(read('senate.zip'))).filter(([n]) => !n.endsWith('.prj'))));
    const a = await parseFile('senate-noprj.zip', noPrj);
    expect(a.ok).toBe(false);
    if (!a.ok) expect(inEnglish(a.error)).toMatch(/^layer "senate" has no coordinate-system file \(\.prj\), but its coordinates \(x 33,861 … 330,846.*are not longitude\/latitude degrees/);
    // Degrees with a projected .prj.
    const prj = unzipSync(read('senate.zip'))['senate.prj'] as Uint8Array;
    const b = await parseFile('utf-statplane.zip', zipSync({ ...components('utf', '', ['prj']), 'utf.prj': prj }));
    expect(b.ok).toBe(false);
    if (!b.ok) expect(inEnglish(b.error)).toMatch(/layer "utf" declares the projected coordinate system "NAD 1983 StatePlane Massachusetts Mainland FIPS 2001".*are longitude\/latitude degrees/);
  });

  it('reads several layers from one zip, named after each .shp, refusing only the contradictory one', async () => {
    const prj = unzipSync(read('senate.zip'))['senate.prj'] as Uint8Array;
    const zip = zipSync({ ...components('utf', 'data/'), ...components('codepage', 'data/'), ...components('htmlcpg', 'other/', ['prj']), 'other/htmlcpg.prj': prj });
    const r = ok(await parseFile('several.zip', zip));
    expect(r.layers.map((l) => l.name).sort()).toEqual(['codepage', 'utf']);
    expect(r.refused.map(readableProblem)).toMatchObject([{ code: 'layer-refused', message: expect.stringMatching(/^layer "htmlcpg" declares the projected/) }]);
  });

  it('keeps the corpus special cases: hole listed first, empty polyline, null shapes, sub-folder', async () => {
    const exclude = ok(await parseFile('SHP_Exclude.zip', read('SHP_Exclude.zip')));
    const g = exclude.layers[0]?.features[0]?.geometry as Polygon;
    expect(g.type).toBe('Polygon');
    expect(g.coordinates).toHaveLength(2);
    const zero = ok(await parseFile('zero-len-line.zip', read('zero-len-line.zip')));
    expect(zero.layers[0]?.features[1]?.geometry).toBeNull();
    const lga = ok(await parseFile('lga.zip', zipSync(components('LGA_2013_AUST'))));
    const kangaroo = lga.layers[0]?.features[4];
    expect(kangaroo?.properties?.LGA_NAME13).toBe('Kangaroo Island (DC)');
    expect(kangaroo?.geometry?.type === 'MultiPolygon' && kangaroo.geometry.coordinates.length).toBe(21);
    expect(lga.layers[0]?.geometryTypes.null).toBe(12);
    const sub = ok(await parseFile('T8Th4_6n.zip', read('T8Th4_6n.zip')));
    expect(sub.layers[0]).toMatchObject({ name: 'POLYLINE', geometryTypes: { LineString: 1, null: 2 } });
  });

  it('fails clearly on broken input', async () => {
    expect(named('badzip.zip', await parseFile('badzip.zip', read('badzip.zip')))).toEqual({ ok: false, format: 'shapefile', error: expect.stringMatching(/^badzip\.zip: not a readable ZIP archive/) });
    expect(named('noshp.zip', await parseFile('noshp.zip', read('noshp.zip')))).toEqual({ ok: false, format: 'shapefile', error: 'noshp.zip: no shapefile in the zip: there is no .shp file (it holds counties.dbf, counties.sbn)' });
    expect(named('bad.shp', await parseFile('bad.shp', read('bad.shp')))).toMatchObject({ ok: false, error: expect.stringMatching(/^bad\.shp: layer "bad": its \.shp is not a shapefile/) });
    expect(named('empty.zip', await parseFile('empty.zip', zipSync({})))).toMatchObject({ ok: false, error: 'empty.zip: no shapefile in the zip: there is no .shp file' });
  });

  it('refuses a zip bomb before inflating it (limits from zip.ts)', async () => {
    const bomb = zipSync({ 'a.shp': new Uint8Array(5 * 1024 * 1024) }, { level: 9 });
    const r = await parseFile('bomb.zip', bomb);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(inEnglish(r.error)).toMatch(/^refused as a likely zip bomb/);
  });

  it('imports a bare .shp as geometry only, with a warning', async () => {
    const r = ok(await parseFile('utf.shp', read('utf.shp')));
    expect(r.layers[0]?.features.map((f) => f.properties)).toEqual([{}, {}]);
    expect(r.warnings[0]?.code).toBe('shp-only');
  });

  const maSP = join(__dirname, '../../../../shared/data/03_shapefile/shapefile-js/files/maSP.zip');
  it.skipIf(!existsSync(maSP))('reprojects 351 state-plane town polygons (9 MB .shp; skipped without ../shared/data)', async () => {
    const t0 = performance.now();
    const r = ok(await parseFile('maSP.zip', new Uint8Array(readFileSync(maSP))));
    const ms = performance.now() - t0;
    expect(r.layers[0]?.features).toHaveLength(351);
    expect(r.refused.map(readableProblem)).toEqual([]);
    expect(ms).toBeLessThan(10_000);
  });
});
