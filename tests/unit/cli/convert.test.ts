import { DOMParser } from '@xmldom/xmldom';
import type { Feature } from 'geojson';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { convert } from '../../../shared/cli/convert';
import { runCli } from '../../../shared/cli/run';
import { formatMgrs, mgrsToLngLat } from '../../../shared/geo/coords';
import { listFormats, parseFile } from '../../../shared/import/registry';
import { registerOutputFormat } from '../../../shared/io/serialise';
import type { ParseResult } from '../../../shared/io/types';
import { bytesOf, fixture, memoryIo } from './helpers';
import { inEnglish } from '../english';

const enc = (s: string) => new TextEncoder().encode(s);

function ok(r: ParseResult) {
  if (!r.ok) throw new Error(inEnglish(r.error));
  return r;
}

async function convertFixture(name: string, to: string) {
  const m = memoryIo();
  const code = await runCli(['convert', fixture(name), '--to', to], m.io);
  return { code, text: m.stdout(), stderr: m.stderr() };
}

const sourceFeatures = async (name: string) => ok(await parseFile(name, await bytesOf(name))).layers.flatMap((l) => l.features);

describe('cop convert --to geojson', () => {
  it('round-trips: parsing the output again gives the same geometries and properties', async () => {
    const { code, text, stderr } = await convertFixture('valid.geojson', 'geojson');
    expect(code).toBe(0);
    expect(stderr).toMatch(/7 feature\(s\) in 1 layer\(s\) written as geojson to stdout/);
    const again = ok(await parseFile('again.geojson', enc(text)));
    expect(again.refused).toEqual([]);
    expect(again.layers.map((l) => l.name)).toEqual(['sites']);
    const strip = (f: Feature) => ({ id: f.id, geometry: f.geometry, properties: f.properties });
    expect(again.layers[0]?.features.map(strip)).toEqual((await sourceFeatures('valid.geojson')).map(strip));
  });

  it('writes only the accepted features and says on stderr how many were refused', async () => {
    const { code, text, stderr } = await convertFixture('refused.geojson', 'geojson');
    expect(code).toBe(0);
    expect((JSON.parse(text) as { features: unknown[] }).features).toHaveLength(3);
    expect(stderr).toMatch(/2 feature\(s\) refused and NOT converted/);
  });
});

describe('cop convert --to csv', () => {
  it('one row per feature with longitude, latitude and MGRS for points, WKT for the rest', async () => {
    const { code, text, stderr } = await convertFixture('valid.geojson', 'csv');
    expect(code).toBe(0);
    const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.meta.fields).toEqual([
      'layer', 'name', 'population', 'notified', 'cluster', 'title', 'description', 'tags', 'property_layer', 'status', 'unit', 'meta',
      'geometry_type', 'longitude', 'latitude', 'altitude', 'mgrs', 'wkt',
    ]);
    const rows = parsed.data;
    const source = await sourceFeatures('valid.geojson');
    expect(rows).toHaveLength(source.length);
    source.forEach((f, i) => {
      const row = rows[i] as Record<string, string>;
      expect(row.layer).toBe('sites');
      if (f.geometry?.type === 'Point') {
        const [lng, lat] = f.geometry.coordinates as [number, number];
        expect([Number(row.longitude), Number(row.latitude)]).toEqual([lng, lat]);
        expect(row.wkt).toBe('');
      } else {
        expect([row.longitude, row.latitude, row.mgrs]).toEqual(['', '', '']);
      }
    });
    expect({ ok: true, value: rows[0]?.mgrs }).toEqual(formatMgrs(15.5977, 5.9344, 5));
    expect(rows[0]?.mgrs).toMatch(/^33N[A-Z]{2}\d{10}$/);
    // And it points back to the place (1 m reference: its centre is within a metre or so).
    const back = mgrsToLngLat(rows[0]?.mgrs ?? '');
    expect(back?.[0]).toBeCloseTo(15.5977, 4);
    expect(back?.[1]).toBeCloseTo(5.9344, 4);
    expect({ ok: true, value: rows[2]?.mgrs }).toEqual(formatMgrs(15.6356, 78.2232, 5));
    expect(rows[3]?.mgrs).toBe(''); // 85.1°N: outside MGRS
    expect(rows[4]).toMatchObject({ geometry_type: 'LineString', wkt: 'LINESTRING (18.55 4.36, 18.6 4.45, 18.72 4.51)' });
    expect(rows[5]?.wkt).toMatch(/^POLYGON \(\(18\.5 4\.3, /);
    expect(rows[6]).toMatchObject({ name: 'Unlocated report', geometry_type: '', wkt: '' });
    expect(rows[1]).toMatchObject({ title: 'Health post, "Bangui" 3e', description: 'Line one, with a comma\nLine two <b>not html</b> & more', population: '', tags: '["Health","WASH"]' });
    expect(rows[2]).toMatchObject({ layer: 'sites', property_layer: 'reference' });
    expect(stderr).toMatch(/"layer" as "property_layer"/);
    // Altitude has its own column, so nothing is lost and nothing needs a warning.
    expect(rows[1]).toMatchObject({ altitude: '370' });
    expect(stderr).not.toMatch(/altitude/);
  });
});

const kmlImporter = listFormats().some((f) => f.extensions.includes('.kml'));

describe('cop convert --to kml', () => {
  it('is well-formed XML with one Placemark per feature, in a Folder named after the layer', async () => {
    const { code, text } = await convertFixture('valid.geojson', 'kml');
    expect(code).toBe(0);
    const errors: string[] = [];
    const doc = new DOMParser({ onError: (level, msg) => void (level !== 'warning' && errors.push(msg)) }).parseFromString(text, 'text/xml');
    expect(errors).toEqual([]);
    expect(doc.documentElement?.nodeName).toBe('kml');
    const folders = Array.from(doc.getElementsByTagName('Folder'));
    expect(folders).toHaveLength(1);
    expect(folders[0]?.getElementsByTagName('name')[0]?.textContent).toBe('sites');
    const placemarks = Array.from(doc.getElementsByTagName('Placemark'));
    expect(placemarks).toHaveLength(7);
    const names = placemarks.map((p) => p.getElementsByTagName('name')[0]?.textContent);
    expect(names).toEqual(['Bouar IDP site', 'Health post, "Bangui" 3e', 'Svalbard depot', 'Polar station', 'Route MSR-1', 'Patrol area Alpha', 'Unlocated report']);
    // Description is text: the markup-like content is escaped, not turned into elements or CDATA.
    const description = placemarks[1]?.getElementsByTagName('description')[0];
    expect(description?.textContent).toBe('Line one, with a comma\nLine two <b>not html</b> & more');
    expect(description?.getElementsByTagName('b')).toHaveLength(0);
  });

  it.skipIf(!kmlImporter)(
    'round-trips through the KML importer (skipped only while no KML importer is registered in shared/import/registry.ts)',
    async () => {
      const { text } = await convertFixture('valid.geojson', 'kml');
      const again = ok(await parseFile('again.kml', enc(text)));
      expect(again.refused).toEqual([]);
      expect(again.layers.map((l) => l.name)).toEqual(['sites']);
      const source = await sourceFeatures('valid.geojson');
      const back = again.layers[0]?.features ?? [];
      expect(back).toHaveLength(source.length);
      // Geometries come back as they were, altitude included.
      expect(back.map((f) => f.geometry)).toEqual(source.map((f) => f.geometry));
      expect(back.map((f) => f.properties?.name)).toEqual(['Bouar IDP site', 'Health post, "Bangui" 3e', 'Svalbard depot', 'Polar station', 'Route MSR-1', 'Patrol area Alpha', 'Unlocated report']);
      // ExtendedData is text, so numbers come back as their text.
      expect(back[0]?.properties).toMatchObject({ population: '12500', notified: 'true', cluster: 'CCCM' });
      expect(back[1]?.properties).toMatchObject({ title: 'Health post, "Bangui" 3e', description: 'Line one, with a comma\nLine two <b>not html</b> & more' });
    },
  );
});

describe('cop convert: files and exit codes', () => {
  it('--out writes the file through io.writeFile and nothing to stdout', async () => {
    const m = memoryIo();
    expect(await runCli(['convert', fixture('valid.geojson'), '--to', 'csv', '--out', '/tmp/x/out.csv'], m.io)).toBe(0);
    expect(m.stdout()).toBe('');
    expect(String(m.written.get('/tmp/x/out.csv'))).toMatch(/^layer,name,/);
    expect(m.stderr()).toMatch(/written as csv to \/tmp\/x\/out\.csv/);
  });

  it('exits 3 when the output cannot be written', async () => {
    const m = memoryIo({ writeFile: () => Promise.reject(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' })) });
    expect(await runCli(['convert', fixture('valid.geojson'), '--to', 'kml', '--out', '/root/no.kml'], m.io)).toBe(3);
    expect(m.stderr()).toBe('cop: cannot write /root/no.kml: permission denied\n');
  });

  it('exits 2 for a missing file, a refused file, or a file without features', async () => {
    for (const name of ['missing.geojson', 'notes.txt', 'empty.geojson']) {
      const m = memoryIo();
      expect(await runCli(['convert', fixture(name), '--to', 'geojson'], m.io)).toBe(2);
      expect(m.stdout()).toBe('');
      expect(m.stderr()).toMatch(/^cop: /);
    }
  });

  it('exits 64 without --to or with an unknown format', async () => {
    expect(await runCli(['convert', fixture('valid.geojson')], memoryIo().io)).toBe(64);
    const m = memoryIo();
    expect(await runCli(['convert', fixture('valid.geojson'), '--to', 'dxf'], m.io)).toBe(64);
    expect(m.stderr()).toMatch(/Allowed choices are geojson, kml, csv, gpx, gpkg/);
  });

  it('exits 1 when a serialiser throws (a bug)', async () => {
    registerOutputFormat({ id: 'cli-test-boom', label: 'Throws', extension: '.boom', mimeType: 'x/boom', serialise: () => { throw new Error('kaput'); } });
    const m = memoryIo();
    expect(await runCli(['convert', fixture('valid.geojson'), '--to', 'cli-test-boom'], m.io)).toBe(1);
    expect(m.stderr()).toBe('cop: internal error: kaput\n');
  });

  it('convert() is usable without the command line', async () => {
    const r = await convert('valid.geojson', await bytesOf('valid.geojson'), 'geojson');
    expect(r.ok && 'text' in r.output && r.output.text.startsWith('{"type":"FeatureCollection"')).toBe(true);
    await expect(convert('valid.geojson', await bytesOf('valid.geojson'), 'dxf')).rejects.toThrow(/unknown output format "dxf"/);
  });
});

describe('cop convert --to csv, then import the CSV again', () => {
  it('keeps points, lines and polygons (as WKT) and every attribute', async () => {
    const { code, text } = await convertFixture('valid.geojson', 'csv');
    expect(code).toBe(0);
    const again = ok(await parseFile('again.csv', enc(text)));
    const before = await sourceFeatures('valid.geojson');
    const after = again.layers.flatMap((l) => l.features);
    const located = before.filter((f) => f.geometry !== null);
    expect(after).toHaveLength(located.length);
    for (const [i, f] of located.entries()) {
      const g = after[i]?.geometry;
      expect(g?.type).toBe(f.geometry?.type);
      expect(JSON.stringify(g)).toBe(JSON.stringify(f.geometry));
      for (const [k, v] of Object.entries(f.properties ?? {})) {
        if (v === null || typeof v === 'object') continue;
        // A property named like a fixed column comes back under its documented new name.
        const column = ['layer', 'geometry_type', 'longitude', 'latitude', 'altitude', 'mgrs', 'wkt'].includes(k) ? `property_${k}` : k;
        expect(after[i]?.properties?.[column], `${k} of feature ${i}`).toBe(v);
      }
    }
  });
});
