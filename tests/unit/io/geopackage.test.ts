/**
 * GeoPackage import, against fixtures made with GDAL's ogr2ogr (tests/fixtures/gpkg/make-fixtures.sh;
 * GDAL is not needed to run this test). Each .gpkg's full parse result is compared with
 * `<name>.expected.json`; UPDATE_FIXTURES=1 rewrites those files for review.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Feature, FeatureCollection, Position } from 'geojson';
import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { msg } from '../../../shared/i18n/message';
import { decodeGpkgGeometry, GeometryError } from '../../../shared/io/geopackage';
import { detectFormat, parseFile } from '../../../shared/import/registry';
import type { ParseResult } from '../../../shared/io/types';
import { inEnglish, named, problemInEnglish, readableResult } from '../english';

const DIR = join(__dirname, '../../fixtures/gpkg');
const UPDATE = process.env.UPDATE_FIXTURES === '1';
const read = (name: string) => new Uint8Array(readFileSync(join(DIR, name)));

function ok(r: ParseResult) {
  if (!r.ok) throw new Error(inEnglish(r.error));
  return r;
}

describe('GeoPackage fixtures (expected outputs)', () => {
  it.each(['sites', 'utm33', 'multi', 'not-a-geopackage'])('%s.gpkg', async (name) => {
    const r = await parseFile(`${name}.gpkg`, read(`${name}.gpkg`));
    // Round to 1e-9 degrees (≈ 0.1 mm) so reprojection's last bits do not churn the file.
    const text = `${JSON.stringify(readableResult(r), (_k, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e9) / 1e9 : v), 2)}\n`;
    const file = join(DIR, `${name}.expected.json`);
    if (UPDATE) writeFileSync(file, text);
    expect(existsSync(file), `${file} is missing; run with UPDATE_FIXTURES=1 and review it`).toBe(true);
    expect(text).toBe(readFileSync(file, 'utf8'));
  });
});

describe('GeoPackage import', () => {
  const source = JSON.parse(readFileSync(join(DIR, 'src/sites.geojson'), 'utf8')) as FeatureCollection;

  it('is detected by extension and by its SQLite header with application_id GPKG', () => {
    expect(detectFormat('x.gpkg', read('sites.gpkg'))?.id).toBe('geopackage');
    expect(detectFormat('download', read('sites.gpkg'))?.id).toBe('geopackage');
    expect(detectFormat('download', read('not-a-geopackage.gpkg'))).toBeNull();
  });

  it('reads a WGS 84 point layer with typed attributes, fid as id, and a feature without geometry', async () => {
    const r = ok(await parseFile('sites.gpkg', read('sites.gpkg')));
    expect(r.format).toBe('geopackage');
    const layer = r.layers[0];
    expect(layer?.name).toBe('sites');
    expect(layer?.features.map((f) => f.id)).toEqual([1, 2, 3, 4]);
    expect(layer?.features.map((f) => f.properties)).toEqual(source.features.map((f) => f.properties));
    expect(layer?.features.map((f) => f.geometry)).toEqual(source.features.map((f) => f.geometry));
  });

  it('reprojects a layer stored in UTM zone 33N (EPSG:32633) back to the source degrees', async () => {
    const r = ok(await parseFile('utm33.gpkg', read('utm33.gpkg')));
    const got = (r.layers[0]?.features ?? []).map((f) => (f.geometry?.type === 'Point' ? f.geometry.coordinates : null));
    const want = source.features.map((f) => (f.geometry?.type === 'Point' ? f.geometry.coordinates : null));
    expect(got).toHaveLength(want.length);
    got.forEach((p, i) => {
      const w = want[i] as Position | null;
      if (w === null) return expect(p).toBeNull();
      expect(p?.[0]).toBeCloseTo(w[0] as number, 9);
      expect(p?.[1]).toBeCloseTo(w[1] as number, 9);
    });
    expect(problemInEnglish(r.warnings.find((w) => w.code === 'reprojected'))).toBe('table "sites_utm": reprojected from WGS 84 / UTM zone 33N (EPSG:32633) to WGS 84');
  });

  it('reads one layer per feature table: polygon with a hole, 3-D lines (Z kept), points; lists other tables; skips BLOBs', async () => {
    const r = ok(await parseFile('multi.gpkg', read('multi.gpkg')));
    expect(r.layers.map((l) => l.name)).toEqual(['areas', 'tracks', 'sites']);
    const areas = JSON.parse(readFileSync(join(DIR, 'src/areas.geojson'), 'utf8')) as FeatureCollection;
    const tracks = JSON.parse(readFileSync(join(DIR, 'src/tracks.geojson'), 'utf8')) as FeatureCollection;
    const geoms = (fs: Feature[]) => fs.map((f) => f.geometry);
    expect(geoms(r.layers[0]?.features ?? [])).toEqual(geoms(areas.features));
    expect(geoms(r.layers[1]?.features ?? [])).toEqual(geoms(tracks.features));
    expect(r.layers[0]?.features[0]?.properties).toEqual({ name: 'Patrol area ALPHA', status: 'approved' });
    expect(r.warnings.filter((w) => w.code !== 'null-geometry').map((p) => problemInEnglish(p))).toEqual([
      'tables without geometry or with map tiles are not imported: "notes" (attributes)',
      'table "areas": binary column(s) "photo" (photos, documents …) are not imported',
    ]);
  });

  it('refuses an SQLite database that is not a GeoPackage, and a file that is not SQLite', async () => {
    expect(named('not-a-geopackage.gpkg', await parseFile('not-a-geopackage.gpkg', read('not-a-geopackage.gpkg')))).toEqual({
      ok: false,
      format: 'geopackage',
      error: 'not-a-geopackage.gpkg: not a GeoPackage: it is an SQLite database without the gpkg_contents table',
    });
    expect(named('x.gpkg', await parseFile('x.gpkg', new TextEncoder().encode('hello')))).toEqual({ ok: false, format: 'geopackage', error: 'x.gpkg: not a GeoPackage: the file is not an SQLite database' });
  });

  it('detects a layer whose declared srs contradicts its coordinates, and a GeoPackage without feature tables', async () => {
    const SQL = await initSqlJs();
    const edit = (sql: string) => {
      const db = new SQL.Database(read('sites.gpkg'));
      db.run(sql);
      const out = db.export();
      db.close();
      return out;
    };
    // Degree values declared as UTM metres: reprojecting them would land near the zone's origin.
    const wrong = await parseFile('wrong-srs.gpkg', edit("INSERT INTO gpkg_spatial_ref_sys SELECT 'utm', 32633, 'EPSG', 32633, 'PROJCS[\"WGS 84 / UTM zone 33N\",GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",15],PARAMETER[\"scale_factor\",0.9996],PARAMETER[\"false_easting\",500000],PARAMETER[\"false_northing\",0],UNIT[\"metre\",1]]', NULL; UPDATE gpkg_geometry_columns SET srs_id = 32633"));
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(inEnglish(wrong.error)).toMatch(/^layer "sites" declares the projected coordinate system "WGS 84 \/ UTM zone 33N".*are longitude\/latitude degrees/);
    const none = await parseFile('attributes-only.gpkg', edit("UPDATE gpkg_contents SET data_type = 'attributes'"));
    expect(named('attributes-only.gpkg', none)).toEqual({ ok: false, format: 'geopackage', error: 'attributes-only.gpkg: the GeoPackage has no feature tables (only attributes)' });
  });

  it('loads sql.js from an explicit wasm location (as the worker does with sqlWasmUrl)', async () => {
    const wasm = createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm');
    const r = ok(await parseFile('sites.gpkg', read('sites.gpkg'), { sqlWasmUrl: wasm }));
    expect(r.layers[0]?.features).toHaveLength(4);
  });
});

/** Builds WKB by hand: byte order, type code, then doubles / counts. */
function wkb(le: boolean, parts: (['u8', number] | ['u32', number] | ['f64', number])[]): Uint8Array {
  const size = parts.reduce((n, [t]) => n + (t === 'u8' ? 1 : t === 'u32' ? 4 : 8), 0);
  const v = new DataView(new ArrayBuffer(size));
  let o = 0;
  for (const [t, x] of parts) {
    if (t === 'u8') {
      v.setUint8(o, x);
      o += 1;
    } else if (t === 'u32') {
      v.setUint32(o, x, le);
      o += 4;
    } else {
      v.setFloat64(o, x, le);
      o += 8;
    }
  }
  return new Uint8Array(v.buffer);
}

/** A GeoPackage blob: 'GP', version 0, flags (little-endian header, no envelope unless asked), srs_id 4326. */
function gp(body: Uint8Array, flags = 0x01, envelope: number[] = []): Uint8Array {
  const head = new DataView(new ArrayBuffer(8 + envelope.length * 8));
  head.setUint8(0, 0x47);
  head.setUint8(1, 0x50);
  head.setUint8(3, flags);
  head.setInt32(4, 4326, true);
  envelope.forEach((x, i) => head.setFloat64(8 + i * 8, x, true));
  const out = new Uint8Array(head.byteLength + body.length);
  out.set(new Uint8Array(head.buffer));
  out.set(body, head.byteLength);
  return out;
}

describe('GeoPackage binary geometry and WKB reader', () => {
  it('reads ISO Z, M and ZM points (Z kept, M dropped), big-endian, with an envelope', () => {
    expect(decodeGpkgGeometry(gp(wkb(true, [['u8', 1], ['u32', 1001], ['f64', 1], ['f64', 2], ['f64', 3]])))).toEqual({ type: 'Point', coordinates: [1, 2, 3] });
    expect(decodeGpkgGeometry(gp(wkb(true, [['u8', 1], ['u32', 2001], ['f64', 1], ['f64', 2], ['f64', 9]])))).toEqual({ type: 'Point', coordinates: [1, 2] });
    expect(decodeGpkgGeometry(gp(wkb(false, [['u8', 0], ['u32', 3001], ['f64', 1], ['f64', 2], ['f64', 3], ['f64', 9]])))).toEqual({ type: 'Point', coordinates: [1, 2, 3] });
    const env = gp(wkb(true, [['u8', 1], ['u32', 1], ['f64', 5], ['f64', 6]]), 0x01 | (1 << 1), [5, 5, 6, 6]);
    expect(decodeGpkgGeometry(env)).toEqual({ type: 'Point', coordinates: [5, 6] });
  });

  it('reads EWKB Z flags, multi geometries and collections', () => {
    const ewkbZ = wkb(true, [['u8', 1], ['u32', 0x80000002], ['u32', 2], ['f64', 0], ['f64', 0], ['f64', 1], ['f64', 1], ['f64', 1], ['f64', 2]]);
    expect(decodeGpkgGeometry(gp(ewkbZ))).toEqual({ type: 'LineString', coordinates: [[0, 0, 1], [1, 1, 2]] });
    const pt = (x: number, y: number): ['u8' | 'u32' | 'f64', number][] => [['u8', 1], ['u32', 1], ['f64', x], ['f64', y]];
    const multi = wkb(true, [['u8', 1], ['u32', 4], ['u32', 2], ...pt(1, 2), ...pt(3, 4)] as (['u8', number] | ['u32', number] | ['f64', number])[]);
    expect(decodeGpkgGeometry(gp(multi))).toEqual({ type: 'MultiPoint', coordinates: [[1, 2], [3, 4]] });
    const gc = wkb(true, [['u8', 1], ['u32', 7], ['u32', 1], ...pt(7, 8)] as (['u8', number] | ['u32', number] | ['f64', number])[]);
    expect(decodeGpkgGeometry(gp(gc))).toEqual({ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [7, 8] }] });
  });

  it('returns null for empty geometries and explains what it cannot read', () => {
    const whyNot = (decode: () => unknown): string | null => {
      try {
        decode();
      } catch (e) {
        if (e instanceof GeometryError) return inEnglish(msg(e.code, e.params));
        throw e;
      }
      return null;
    };
    expect(decodeGpkgGeometry(gp(wkb(true, [['u8', 1], ['u32', 1], ['f64', NaN], ['f64', NaN]])))).toBeNull();
    expect(decodeGpkgGeometry(gp(new Uint8Array(0), 0x01 | 0x10))).toBeNull();
    expect(whyNot(() => decodeGpkgGeometry(gp(wkb(true, [['u8', 1], ['u32', 2], ['u32', 1000000], ['f64', 0]]))))).toMatch(/truncated/);
    expect(whyNot(() => decodeGpkgGeometry(gp(wkb(true, [['u8', 1], ['u32', 8], ['u32', 0]]))))).toMatch(/CircularString geometries .* are not supported/);
    expect(whyNot(() => decodeGpkgGeometry(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9])))).toMatch(/no "GP" header/);
  });
});
