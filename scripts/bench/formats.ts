/**
 * Per-format entries of `npm run bench`: the app's own parser (shared/io, under node, the code
 * the import worker runs) on real files from the shared corpus, beside GDAL's ogr2ogr turning
 * the same file into a GeoPackage, measured one after the other in the same run.
 *
 * What the two columns do differs and the table says so: ogr2ogr includes its process start and
 * writing the GeoPackage; the app's column is parsing and validating every feature (the store
 * and the map are measured for GeoJSON and CSV by the full-path runs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFile } from '../../shared/import/registry';

export interface FormatCase {
  label: string;
  file: string;
  /** How ogr2ogr should read it (a /vsizip/ path, open options); null when GDAL cannot. */
  ogrSource: string[] | null;
}

export interface FormatRow {
  label: string;
  file: string;
  bytes: number;
  format: string;
  features: number;
  refused: number;
  appMs: number;
  ogrMs: number | null;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export function formatCases(corpus: string): FormatCase[] {
  const gpkg = join(tmpdir(), `cg-bench-countries-${process.pid}.gpkg`);
  const countries = join(corpus, '04_real_world/natural-earth/ne_50m_admin_0_countries.json');
  // No GeoPackage in the corpus: GDAL writes one from Natural Earth, when it is installed.
  const haveGpkg = existsSync(countries) && !spawnSync('ogr2ogr', ['-f', 'GPKG', gpkg, countries], { stdio: 'ignore' }).error && existsSync(gpkg);
  const ucdp = join(corpus, '04_real_world/ucdp-ged/ged201_subset.csv');
  const shp = join(corpus, '03_shapefile/shapefile-js/files');
  const kmz = join(corpus, '02_kml_gpx_misc/leaflet-kmz/regions.kmz');
  const cases: FormatCase[] = [
    { label: 'GeoJSON polygons (Natural Earth 1:50m countries)', file: countries, ogrSource: [countries] },
    { label: 'CSV (UCDP GED events, longitude before latitude)', file: ucdp, ogrSource: [ucdp, '-oo', 'X_POSSIBLE_NAMES=longitude', '-oo', 'Y_POSSIBLE_NAMES=latitude'] },
    { label: 'KMZ (leaflet-kmz regions, folders)', file: kmz, ogrSource: [`/vsizip/{${kmz}}/doc.kml`] },
    { label: 'Shapefile zip, state plane reprojected (maSP)', file: join(shp, 'maSP.zip'), ogrSource: [`/vsizip/${join(shp, 'maSP.zip')}`, '-t_srs', 'EPSG:4326'] },
    { label: 'Shapefile zip (world borders)', file: join(shp, 'TM_WORLD_BORDERS_SIMPL-0.3.zip'), ogrSource: [`/vsizip/${join(shp, 'TM_WORLD_BORDERS_SIMPL-0.3.zip')}`] },
  ];
  if (haveGpkg) cases.push({ label: 'GeoPackage (Natural Earth countries, written by GDAL)', file: gpkg, ogrSource: [gpkg] });
  return cases.filter((c) => existsSync(c.file));
}

function timeOgr(source: string[], runs: number): number | null {
  const out = join(tmpdir(), `cg-bench-fmt-${process.pid}.gpkg`);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    rmSync(out, { force: true });
    const t = performance.now();
    const r = spawnSync('ogr2ogr', ['-f', 'GPKG', out, ...source], { encoding: 'utf8' });
    if (r.error || r.status !== 0) return null;
    ms.push(performance.now() - t);
  }
  rmSync(out, { force: true });
  return median(ms);
}

export async function runFormatBench(corpus: string, runs = 3): Promise<FormatRow[]> {
  const rows: FormatRow[] = [];
  for (const c of formatCases(corpus)) {
    const bytes = new Uint8Array(readFileSync(c.file));
    const ms: number[] = [];
    let result = await parseFile(c.file, bytes);
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      result = await parseFile(c.file, bytes);
      ms.push(performance.now() - t);
    }
    rows.push({
      label: c.label,
      file: c.file,
      bytes: statSync(c.file).size,
      format: result.ok ? result.format : `refused: ${result.error}`,
      features: result.ok ? result.layers.reduce((n, l) => n + l.features.length, 0) : 0,
      refused: result.ok ? result.refused.length : 0,
      appMs: median(ms),
      ogrMs: c.ogrSource ? timeOgr(c.ogrSource, runs) : null,
    });
  }
  return rows;
}

export function formatTable(rows: FormatRow[]): string {
  const lines = [
    'per format, real files: app parse+validate (node, shared/io) beside ogr2ogr → GeoPackage (process start and writing included)',
    `${'file'.padEnd(54)} ${'MB'.padStart(6)} ${'features'.padStart(9)} ${'refused'.padStart(8)} ${'app ms'.padStart(8)} ${'ogr2ogr ms'.padStart(11)} ${'app/ogr'.padStart(8)}`,
  ];
  for (const r of rows) {
    const ratio = r.ogrMs ? `${(r.appMs / r.ogrMs).toFixed(2)}×` : 'n/a';
    lines.push(
      `${r.label.padEnd(54)} ${(r.bytes / 1e6).toFixed(1).padStart(6)} ${String(r.features).padStart(9)} ${String(r.refused).padStart(8)} ${r.appMs.toFixed(0).padStart(8)} ${(r.ogrMs === null ? 'n/a' : r.ogrMs.toFixed(0)).padStart(11)} ${ratio.padStart(8)}`,
    );
  }
  return lines.join('\n');
}
