import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Feature, Geometry } from 'geojson';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFile } from '../../../shared/import/registry';
import { getOutputFormat, type SerialisableLayer } from '../../../shared/io/serialise';
import { sourceLayers } from './serialise/helpers';
import { inEnglish } from '../english';

/**
 * Exports opened by a real client: GDAL's ogrinfo (Debian gdal-bin) reads what we wrote, and its
 * feature counts, geometry types and attribute values are compared with the source layer.
 */

const OGRINFO = spawnSync('ogrinfo', ['--version']).status === 0;
const VALIDATE_GPKG = '/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py';
if (!OGRINFO) console.warn('export-ogrinfo: SKIPPED: ogrinfo (Debian gdal-bin) is not installed');

const dir = mkdtempSync(join(tmpdir(), 'cg-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function write(layers: SerialisableLayer[], id: string): Promise<string> {
  const format = getOutputFormat(id);
  if (!format) throw new Error(id);
  const out = await format.serialise(layers);
  const path = join(dir, `export${format.extension}`);
  writeFileSync(path, 'text' in out ? out.text : out.bytes);
  return path;
}

interface OgrFeature {
  layer: string;
  fields: Record<string, string>;
  wkt: string | null;
}

/** `ogrinfo -ro -al` output as features; stderr must be empty (no warnings). */
function ogrinfo(path: string, ...extra: string[]): { summary: string; features: OgrFeature[] } {
  const run = (args: string[]) => {
    const r = spawnSync('ogrinfo', args, { encoding: 'utf8' });
    expect(r.stderr, `ogrinfo ${args.join(' ')} stderr`).toBe('');
    expect(r.status).toBe(0);
    return r.stdout;
  };
  const summary = run(['-ro', '-al', '-so', path, ...extra]);
  const full = run(['-ro', '-al', path, ...extra]);
  const features: OgrFeature[] = [];
  for (const block of full.split(/\nOGRFeature\(/).slice(1)) {
    const [head, ...lines] = block.split('\n');
    const fields: Record<string, string> = {};
    let wkt: string | null = null;
    let last: string | null = null;
    for (const line of lines) {
      const field = /^ {2}(\S+) \(.*?\) = (.*)$/.exec(line);
      const geom = /^ {2}((?:MULTI)?(?:POINT|LINESTRING|POLYGON)|GEOMETRYCOLLECTION)/.exec(line);
      if (field) {
        last = field[1] as string;
        fields[last] = field[2] as string;
      } else if (geom) {
        wkt = line.trim();
        last = null;
      } else if (last && line && !line.startsWith('  ')) {
        fields[last] += `\n${line}`; // a value with a line break continues unindented
      }
    }
    features.push({ layer: (head ?? '').replace(/\):\d+$/, ''), fields, wkt });
  }
  return { summary, features };
}

const WKT_NAME: Record<Geometry['type'], string> = {
  Point: 'POINT',
  LineString: 'LINESTRING',
  Polygon: 'POLYGON',
  MultiPoint: 'MULTIPOINT',
  MultiLineString: 'MULTILINESTRING',
  MultiPolygon: 'MULTIPOLYGON',
  GeometryCollection: 'GEOMETRYCOLLECTION',
};
const wktType = (g: Geometry | null) => (g ? WKT_NAME[g.type] : null);
const wktHead = (wkt: string | null) => (wkt ? (/^[A-Z]+/.exec(wkt)?.[0] ?? null) : null);

/** The numbers of a WKT string, to compare coordinates with the source. */
const numbersOf = (wkt: string | null) => (wkt ? (wkt.match(/-?\d+(\.\d+)?/g) ?? []).map(Number) : []);
function positionsOf(g: Geometry | null): number[] {
  if (!g) return [];
  if (g.type === 'GeometryCollection') return g.geometries.flatMap(positionsOf);
  return (g.coordinates as unknown as unknown[]).flat(3) as number[];
}

const layers = await sourceLayers('mixed.geojson');
const source = (layers[0]?.features ?? []) as Feature[];
const p = (i: number) => (source[i]?.properties ?? {}) as Record<string, unknown>;

describe.skipIf(!OGRINFO)('exports opened by GDAL ogrinfo', () => {
  it('GeoJSON: same count, geometry types, coordinates and attribute values', async () => {
    const { summary, features } = ogrinfo(await write(layers, 'geojson'));
    expect(summary).toMatch(/Layer name: Mixed – CAR/);
    expect(summary).toMatch(/Feature Count: 8/);
    expect(features.map((x) => wktHead(x.wkt))).toEqual(source.map((f) => wktType(f.geometry)));
    features.forEach((x, i) => expect(numbersOf(x.wkt)).toEqual(positionsOf(source[i]?.geometry ?? null)));
    expect(features[0]?.fields).toMatchObject({ id: 'inc-1', name: 'Bangui – Boy-Rabé', fatalities: '0', score: '2.75', verified: '1', notes: '(null)' });
    expect(features[0]?.fields.eventDate).toMatch(/^2026\/11\/20 14:30:00/);
    expect(features[1]?.fields.notes).toBe(p(1).notes);
    expect(features[3]?.fields.description).toBe('Zone <b>sud</b> & est');
  });

  it('KML (LIBKML): one layer per Folder, Placemarks with names, descriptions and ExtendedData', async () => {
    const { summary, features } = ogrinfo(await write(layers, 'kml'));
    expect(summary).toMatch(/using driver `(LIBKML|KML)' successful/);
    expect(summary).toMatch(/Layer name: Mixed – CAR/);
    expect(summary).toMatch(/Feature Count: 8/);
    expect(features.map((x) => wktHead(x.wkt))).toEqual(source.map((f) => wktType(f.geometry)));
    features.forEach((x, i) => expect(numbersOf(x.wkt)).toEqual(positionsOf(source[i]?.geometry ?? null)));
    expect(features.map((x) => x.fields.Name)).toEqual(source.map((f) => f.properties?.name));
    expect(features[3]?.fields.description).toBe('Zone <b>sud</b> & est');
    expect(features[1]?.fields).toMatchObject({ eventType: 'Battles', fatalities: '12', score: '-1.5', notes: p(1).notes });
  });

  it('GPX: waypoints, routes and tracks in their layers; polygons and the unlocated report are not there', async () => {
    const path = await write(layers, 'gpx');
    const wpts = ogrinfo(path, 'waypoints');
    expect(wpts.summary).toMatch(/Geometry: Point\nFeature Count: 4/);
    expect(wpts.features.map((x) => x.fields.name)).toEqual(['Bangui – Boy-Rabé', 'Bria', 'Kaga-Bandoro sites', 'Kaga-Bandoro sites']);
    expect(wpts.features[1]).toMatchObject({ fields: { ele: '570', time: '2026/11/21 06:05:00+00' } });
    const rtes = ogrinfo(path, 'routes');
    expect(rtes.summary).toMatch(/Geometry: Line String\nFeature Count: 1/);
    expect(rtes.features[0]?.fields.name).toBe('MSR-1 Bangui → Damara');
    expect(numbersOf(rtes.features[0]?.wkt ?? null)).toEqual(positionsOf(source[2]?.geometry ?? null));
    const trks = ogrinfo(path, 'tracks');
    expect(trks.summary).toMatch(/Geometry: Multi Line String\nFeature Count: 1/);
    expect(numbersOf(trks.features[0]?.wkt ?? null)).toEqual(positionsOf(source[5]?.geometry ?? null));
  });

  it('GeoPackage: opens without a warning, typed columns, same geometries and values; passes GDAL\'s validator', async () => {
    const path = await write(layers, 'gpkg');
    const { summary, features } = ogrinfo(path);
    expect(summary).toMatch(/using driver `GPKG' successful/);
    expect(summary).toMatch(/Layer name: Mixed – CAR\nGeometry: Unknown \(any\)\nFeature Count: 8/);
    expect(summary).toMatch(/ID\["EPSG",4326\]/);
    for (const column of ['feature_id: String', 'name: String', 'fatalities: Integer64', 'score: Real', 'eventDate: DateTime', 'verified: Integer\\(Boolean\\)']) {
      expect(summary).toMatch(new RegExp(`\\n${column} `));
    }
    expect(features.map((x) => wktHead(x.wkt))).toEqual(source.map((f) => wktType(f.geometry)));
    features.forEach((x, i) => expect(numbersOf(x.wkt)).toEqual(positionsOf(source[i]?.geometry ?? null)));
    expect(features.map((x) => x.fields.name)).toEqual(source.map((f) => f.properties?.name));
    expect(features.map((x) => x.fields.fatalities)).toEqual(source.map((f) => String(f.properties?.fatalities ?? '(null)')));
    expect(features[0]?.fields).toMatchObject({ feature_id: 'inc-1', score: '2.75', eventDate: '2026/11/20 14:30:00+00', verified: '1', notes: '(null)' });
    expect(features[1]?.fields.notes).toBe(p(1).notes);
    if (existsSync(VALIDATE_GPKG)) execFileSync('python3', [VALIDATE_GPKG, path]);
  });

  it('CSV (GDAL CSV driver, WKT column): same rows and values, with the formula cell defused', async () => {
    const path = await write(layers, 'csv');
    const { summary, features } = ogrinfo(path, '-oo', 'GEOM_POSSIBLE_NAMES=wkt', '-oo', 'KEEP_GEOM_COLUMNS=NO');
    expect(summary).toMatch(/Feature Count: 8/);
    expect(features.map((x) => x.fields.name)).toEqual(source.map((f) => f.properties?.name));
    expect(features.map((x) => x.fields.mgrs)).toEqual(['34NBK2861286199', '34NFN0902323259', '', '', '', '', '', '']);
    expect(features[1]?.fields.notes).toBe(`'${String(p(1).notes)}`);
  });
});

describe('exports read back by the app give the same features', () => {
  const again = async (id: string) => {
    const format = getOutputFormat(id);
    const out = await format?.serialise(layers);
    if (!out || !('text' in out)) throw new Error(id);
    const r = await parseFile(`again${format?.extension}`, new TextEncoder().encode(out.text));
    if (!r.ok) throw new Error(inEnglish(r.error));
    expect(r.refused).toEqual([]);
    return r.layers;
  };
  const close = (a: number[], b: number[]) => {
    expect(a).toHaveLength(b.length);
    a.forEach((n, i) => expect(Math.abs(n - (b[i] as number))).toBeLessThan(1e-7));
  };

  it('GeoJSON: geometry within 1e-7, properties and ids equal', async () => {
    const back = await again('geojson');
    expect(back.map((l) => l.name)).toEqual(['Mixed – CAR']);
    const got = back[0]?.features ?? [];
    expect(got).toHaveLength(source.length);
    got.forEach((g, i) => {
      expect(g.geometry?.type).toBe(source[i]?.geometry?.type);
      close(positionsOf(g.geometry), positionsOf(source[i]?.geometry ?? null));
      expect(g.properties).toEqual(source[i]?.properties);
      expect(g.id).toBe(source[i]?.id);
    });
  });

  it('KML: geometry within 1e-7; properties equal as text (KML holds text), besides the style members togeojson adds', async () => {
    const back = await again('kml');
    expect(back.map((l) => l.name)).toEqual(['Mixed – CAR']);
    const got = back[0]?.features ?? [];
    expect(got).toHaveLength(source.length);
    const STYLE = new Set(['styleUrl', 'styleHash', 'styleMapHash', 'stroke', 'stroke-opacity', 'stroke-width', 'fill', 'fill-opacity', 'icon-color', 'icon-opacity']);
    got.forEach((g, i) => {
      // togeojson reads every <MultiGeometry> as a GeometryCollection of its parts (GDAL reads
      // them back as MultiPoint etc.); the parts and their coordinates are the same.
      const type = source[i]?.geometry?.type;
      expect(g.geometry?.type).toBe(type?.startsWith('Multi') ? 'GeometryCollection' : type);
      close(positionsOf(g.geometry), positionsOf(source[i]?.geometry ?? null));
      const props = Object.fromEntries(Object.entries(g.properties ?? {}).filter(([k]) => !STYLE.has(k)));
      const asText = Object.fromEntries(Object.entries(source[i]?.properties ?? {}).map(([k, v]) => [k, v === null ? '' : String(v)]));
      expect(props).toEqual(asText);
    });
  });
});
