/**
 * TopoJSON import. The fixture (tests/fixtures/topojson/two-objects.topojson) is hand-written and
 * quantized: two polygons sharing an arc, and points. Its full parse result is compared with
 * two-objects.expected.json; UPDATE_FIXTURES=1 rewrites that file for review.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, parseFile } from '../../../shared/import/registry';
import type { ParseResult } from '../../../shared/io/types';
import { inEnglish, named, problemInEnglish, readableProblem, readableResult } from '../english';

const DIR = join(__dirname, '../../fixtures/topojson');
const UPDATE = process.env.UPDATE_FIXTURES === '1';
const bytes = new Uint8Array(readFileSync(join(DIR, 'two-objects.topojson')));
const enc = (s: string) => new TextEncoder().encode(s);

function ok(r: ParseResult) {
  if (!r.ok) throw new Error(inEnglish(r.error));
  return r;
}

describe('TopoJSON', () => {
  it('matches the expected output', async () => {
    const text = `${JSON.stringify(readableResult(await parseFile('two-objects.topojson', bytes)), null, 2)}\n`;
    const file = join(DIR, 'two-objects.expected.json');
    if (UPDATE) writeFileSync(file, text);
    expect(existsSync(file), `${file} is missing; run with UPDATE_FIXTURES=1 and review it`).toBe(true);
    expect(text).toBe(readFileSync(file, 'utf8'));
  });

  it('is sniffed out of .json files that GeoJSON also claims, and GeoJSON stays GeoJSON', () => {
    expect(detectFormat('a.topojson', bytes)?.id).toBe('topojson');
    expect(detectFormat('a.json', bytes)?.id).toBe('topojson');
    expect(detectFormat('download', bytes)?.id).toBe('topojson');
    const arcsFirst = enc('{"type":"Topology","arcs":[[[0,0],[1,1]]],"objects":{"l":{"type":"LineString","arcs":[0]}}}');
    expect(detectFormat('a.json', arcsFirst)?.id).toBe('topojson');
    const geojson = enc('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"type":"Topology"},"geometry":{"type":"GeometryCollection","geometries":[]}}]}');
    expect(detectFormat('a.json', geojson)?.id).toBe('geojson');
  });

  it('makes one layer per object, stitching shared arcs and undoing quantization', async () => {
    const r = ok(await parseFile('two-objects.json', bytes));
    expect(r.format).toBe('topojson');
    expect(r.layers.map((l) => [l.name, l.geometryTypes])).toEqual([
      ['areas', { Polygon: 2 }],
      ['sites', { Point: 2, MultiPoint: 1, null: 1 }],
    ]);
    const [west, east] = r.layers[0]?.features ?? [];
    expect(west).toMatchObject({ id: 'A', properties: { name: 'Sector West' } });
    const round = (ps: number[][]) => ps.map(([x, y]) => [Math.round((x as number) * 1e6) / 1e6, Math.round((y as number) * 1e6) / 1e6]);
    expect(west?.geometry?.type === 'Polygon' && round(west.geometry.coordinates[0] as number[][])).toEqual([[15.8, 5.8], [15.8, 6.1], [15.5, 6.1], [15.5, 5.8], [15.8, 5.8]]);
    expect(east?.geometry?.type === 'Polygon' && round(east.geometry.coordinates[0] as number[][])).toEqual([[15.8, 5.8], [16.1, 5.8], [16.1, 6.1], [15.8, 6.1], [15.8, 5.8]]);
    expect(r.warnings.map((p) => problemInEnglish(p))).toEqual(['object "sites": it has no geometry; it is kept but will not appear on the map']);
  });

  it('refuses a damaged object and keeps the others; fails on what is not a Topology', async () => {
    const broken = JSON.parse(new TextDecoder().decode(bytes)) as { objects: { areas: { geometries: { arcs: number[][] }[] } } };
    (broken.objects.areas.geometries[0] as { arcs: number[][] }).arcs = [[0, 7]];
    const r = ok(await parseFile('broken.topojson', enc(JSON.stringify(broken))));
    expect(r.layers.map((l) => l.name)).toEqual(['sites']);
    expect(r.refused.map(readableProblem)).toMatchObject([{ code: 'layer-refused', message: expect.stringMatching(/^object "areas": its geometries cannot be built from the topology's arcs/) }]);
    expect(named('x.topojson', await parseFile('x.topojson', enc('{"type":"FeatureCollection","features":[]}')))).toEqual({
      ok: false,
      format: 'topojson',
      error: 'x.topojson: not TopoJSON: the top-level value should be an object with "type": "Topology", found type "FeatureCollection"',
    });
    expect(named('y.topojson', await parseFile('y.topojson', enc('{"type":"Topology"}')))).toMatchObject({ ok: false, error: 'y.topojson: the Topology has no "objects" member (an object of named geometries)' });
    expect(named('z.topojson', await parseFile('z.topojson', enc('{"type":"Topology","objects":{},"arcs":[]}')))).toMatchObject({ ok: false, error: 'z.topojson: no layer can be read from the Topology: its "objects" is empty' });
  });
});
