import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Point } from 'geojson';
import { describe, expect, it } from 'vitest';
import { csvFormat, detectDelimiter, parseCsvText } from '../../../shared/io/csv';
import { detectFormat, parseFile } from '../../../shared/import/registry';
import type { ParseResult } from '../../../shared/io/types';
import { inEnglish, problemInEnglish, readableProblem, readableResult, readable } from '../english';

/**
 * Hand-written CSV fixtures: each file in fixtures/csv/in is parsed and compared with
 * fixtures/csv/out/<file>.json (UPDATE_FIXTURES=1 rewrites those; review the diff), and the facts
 * each fixture exists for are asserted by hand below.
 */

const IN = new URL('../../fixtures/csv/in/', import.meta.url);
const OUT = new URL('../../fixtures/csv/out/', import.meta.url);
const UPDATE = process.env.UPDATE_FIXTURES === '1';

function bytesOf(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(name, IN)));
}

async function parse(name: string): Promise<ParseResult> {
  return csvFormat.parse(bytesOf(name), name);
}

function ok(r: ParseResult) {
  if (!r.ok) throw new Error(`expected ok, got: ${inEnglish(r.error)}`);
  const layer = r.layers[0];
  if (!layer) throw new Error('no layer');
  return { ...r, layer };
}

function coords(r: ParseResult): number[][] {
  return ok(r).layer.features.map((f) => (f.geometry as Point).coordinates);
}

describe('CSV fixtures in → out', () => {
  const files = readdirSync(IN).sort();
  it('has fixtures', () => expect(files.length).toBeGreaterThan(10));
  for (const name of files) {
    it(name, async () => {
      const result = await parse(name);
      const target = new URL(`${name}.json`, OUT);
      const text = `${JSON.stringify(readableResult(result), null, 2)}\n`;
      if (UPDATE || !existsSync(target)) {
        mkdirSync(OUT, { recursive: true });
        writeFileSync(target, text);
      }
      expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(target, 'utf8')));
    });
  }
});

describe('CSV: what each fixture is for', () => {
  it('semicolon file with decimal commas: numbers, and codes keep their zeros', async () => {
    const r = ok(await parse('semicolon-comma-decimals.csv'));
    expect(coords(r)).toEqual([
      [18.5582, 4.3947],
      [20.6757, 5.7679],
      [21.9863, 6.5423],
    ]);
    expect(r.layer.features[0]?.properties).toEqual({ nom: 'Bangui', latitude: 4.3947, longitude: 18.5582, population: 889231, code: '001' });
    expect(r.layer.name).toBe('semicolon-comma-decimals');
  });

  it('UTF-16 LE with BOM and UTF-16 BE without one', async () => {
    const le = ok(await parse('utf16le-bom.csv'));
    expect(le.layer.features.map((f) => f.properties?.name)).toEqual(['Bangui', 'Bérengo', 'Kaga-Bandoro']);
    expect(le.warnings).toEqual([]);
    const be = ok(await parse('utf16be-nobom.csv'));
    expect(be.layer.features[0]?.properties?.name).toBe('Bérengo');
    expect(be.warnings.map((w) => w.code)).toEqual(['encoding-guessed']);
  });

  it('Windows-1252 with accents, with a warning naming the encoding', async () => {
    const r = ok(await parse('windows1252-accents.csv'));
    expect(r.layer.features.map((f) => f.properties?.nom)).toEqual(['Bérengo', 'Françoisville']);
    expect(r.layer.features[1]?.properties?.remarque).toBe('Déplacés : ça augmente – 50 €');
    expect(r.warnings.map(readableProblem)).toEqual([expect.objectContaining({ code: 'encoding-guessed', message: expect.stringMatching(/Windows-1252/) })]);
  });

  it('MGRS column: with or without spaces; empty and bad cells refused with their lines', async () => {
    const r = ok(await parse('mgrs-column.csv'));
    const [a, b] = coords(r);
    expect(a).toEqual(b);
    expect(r.layer.features).toHaveLength(3);
    expect(r.refused.map((p) => [p.line, p.code])).toEqual([
      [5, 'no-coordinates'],
      [6, 'bad-coordinates'],
      [7, 'bad-coordinates'],
    ]);
    expect(problemInEnglish(r.refused[2])).toMatch(/UPS/);
  });

  it('UTM column, through proj4', async () => {
    const r = ok(await parse('utm-column.csv'));
    const c = coords(r);
    expect(c).toHaveLength(4);
    for (const p of c.slice(0, 3)) {
      expect(p[0]).toBeCloseTo(15, 6);
      expect(p[1]).toBeCloseTo(42, 4);
    }
    expect(c[3]?.[1]).toBeCloseTo(-42, 3);
    expect(r.refused.map(readableProblem)).toEqual([expect.objectContaining({ line: 6, code: 'bad-coordinates', message: expect.stringMatching(/hemisphere/) })]);
  });

  it('WKT column with polygons, lines and points; broken, projected and empty cells refused', async () => {
    const r = ok(await parse('wkt-polygons.csv'));
    expect(r.layer.geometryTypes).toEqual({ Polygon: 1, MultiPolygon: 1, LineString: 1, Point: 2 });
    expect(r.refused.map((p) => [p.line, p.code])).toEqual([
      [6, 'bad-wkt'],
      [8, 'bad-wkt'],
      [9, 'no-coordinates'],
    ]);
    expect(problemInEnglish(r.refused[1])).toMatch(/SRID 32634/);
  });

  it('DMS and DM columns, with primes and letters', async () => {
    const r = ok(await parse('dms-columns.csv'));
    const lat = 4 + 23 / 60 + 41 / 3600;
    const lng = 18 + 33 / 60 + 30 / 3600;
    const c = coords(r);
    expect(c).toHaveLength(5);
    for (const [i, p] of c.entries()) {
      const south = i === 3 ? -1 : 1;
      expect(p[0]).toBeCloseTo(south * lng, 4);
      expect(p[1]).toBeCloseTo(south * lat, 4);
    }
    expect(r.refused.map(readableProblem)).toEqual([expect.objectContaining({ line: 7, message: expect.stringMatching(/minutes must be below 60/) })]);
  });

  it('rows without coordinates are refused with their line numbers, never put at 0,0', async () => {
    const r = ok(await parse('missing-coordinates.csv'));
    expect(r.layer.features.map((f) => f.properties?.name)).toEqual(['One', 'Three', 'Seven']);
    // "Two" spans lines 3–5 (a quoted note over three lines); line 7 is blank.
    expect(r.refused.map((p) => [p.line, p.code])).toEqual([
      [3, 'no-coordinates'],
      [8, 'no-coordinates'],
      [9, 'no-coordinates'],
      [10, 'bad-coordinates'],
    ]);
    expect(coords(r).every(([x, y]) => x !== 0 && y !== 0)).toBe(true);
  });

  it('quoted fields, embedded newlines and ragged rows (warnings with lines)', async () => {
    const r = ok(await parse('ragged-quoted.csv'));
    expect(r.layer.features.map((f) => f.properties?.name)).toEqual(['Smith, J.', 'Short row', 'Long row', 'Multi\nline name', 'Trailing empty extras']);
    expect(r.layer.features[0]?.properties?.comment).toBe('said "hello"');
    expect(r.layer.features[1]?.properties?.comment).toBe('');
    expect(r.warnings.map((w) => [w.code, w.line])).toEqual([
      ['ragged-row', 3],
      ['ragged-row', 4],
    ]);
    expect(problemInEnglish(r.warnings[1])).toMatch(/"extra1", "extra2"/);
  });

  it('warns when latitude and longitude look swapped, and does not swap', async () => {
    const r = ok(await parse('swapped.csv'));
    expect(r.warnings.map((w) => w.code)).toEqual(['lat-lon-swapped?']);
    expect(coords(r)).toEqual([[4.3947, 18.5582]]);
    expect(r.refused.map((p) => p.line)).toEqual([3, 4]);
  });

  it('per row, lat/lon first, then the MGRS column', async () => {
    const r = ok(await parse('fallback-sources.csv'));
    expect(r.layer.features.map((f) => f.properties?.name)).toEqual(['Lat/lon row', 'MGRS only', 'Both (lat/lon wins)']);
    expect(coords(r)[2]).toEqual([18, 4]);
    expect(r.refused.map((p) => [p.line, p.code])).toEqual([[5, 'no-coordinates']]);
  });

  it('delimiters: pipe in a .txt, tab by extension even when values hold commas', async () => {
    expect(coords(await parse('pipe-delimited.txt'))).toEqual([
      [18.1, 4.1],
      [18.2, 4.2],
    ]);
    const t = ok(await parse('tab-with-comma-in-values.tsv'));
    expect(t.layer.features[0]?.properties?.note).toBe('one, two');
    expect(detectDelimiter('a;b;c\n1,5;2,5;x\n', 'x.csv')).toBe(';');
    expect(detectDelimiter('a,b\n1,2\n', 'x.tab')).toBe('\t');
  });

  it('UCDP GED head: longitude column before latitude', async () => {
    const r = ok(await parse('ucdp-ged-head.csv'));
    expect(r.layer.features).toHaveLength(200);
    expect(r.refused.map(readableProblem)).toEqual([]);
    expect(r.layer.features[0]?.geometry).toEqual({ type: 'Point', coordinates: [69.162796, 34.531094] });
  });
});

describe('CSV: whole-file outcomes', () => {
  it('fails clearly without coordinate columns, or when empty', () => {
    const r = parseCsvText('name,kind\nA,b\n', 'sites.csv');
    expect(readable(r)).toEqual({ ok: false, format: 'csv', error: expect.stringMatching(/no coordinate columns found among "name", "kind"/) });
    expect(readable(parseCsvText('  \n', 'empty.csv'))).toEqual({ ok: false, format: 'csv', error: 'the file is empty' });
  });

  it('recognises column names in any case, with accents, dots and French names', () => {
    for (const header of ['LATITUDE,LONGITUDE', 'Lat.,Long.', 'lat_dd,lon_dd', 'Latitude (WGS84),Longitude (WGS84)', 'y,x', 'Latitude,Longitude', 'lat,lng']) {
      const r = parseCsvText(`${header}\n4.5,18.5\n`, 't.csv');
      expect(coords(r), header).toEqual([[18.5, 4.5]]);
    }
    expect(coords(parseCsvText('grille,nom\n34PHQ1234567890,x\n', 't.csv'))).toHaveLength(1);
    expect(coords(parseCsvText('Coordonnées;nom\n4°30\'N 18°30\'E;x\n', 't.csv'))).toEqual([[18.5, 4.5]]);
  });

  it('is registered: detected by extension and, without one, by its header', () => {
    const bytes = new TextEncoder().encode('name,latitude,longitude\nA,4.5,18.5\n');
    expect(detectFormat('sites.csv', bytes)?.id).toBe('csv');
    expect(detectFormat('sites.tsv', bytes)?.id).toBe('csv');
    expect(detectFormat('sites', bytes)?.id).toBe('csv');
    expect(detectFormat('sites', new TextEncoder().encode('name,kind\nA,b\n'))).toBeNull();
  });

  it('parseFile returns the CSV result', async () => {
    const r = await parseFile('sites.csv', new TextEncoder().encode('name,latitude,longitude\nA,4.5,18.5\n'));
    expect(r.ok && r.format).toBe('csv');
  });
});

const UCDP = new URL('../../../../shared/data/04_real_world/ucdp-ged/ged201_subset.csv', import.meta.url);

describe.skipIf(!existsSync(UCDP))('UCDP GED full file (corpus, read in place; skipped when ../shared/data is absent)', () => {
  it('imports all 61,296 events', async () => {
    const r = ok(await csvFormat.parse(new Uint8Array(readFileSync(UCDP)), 'ged201_subset.csv'));
    expect(r.layer.features).toHaveLength(61_296);
    expect(r.refused.map(readableProblem)).toEqual([]);
    expect(r.layer.geometryTypes).toEqual({ Point: 61_296 });
  });
});
