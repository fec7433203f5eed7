/**
 * `cop inspect|convert roads.shp` picks up roads.shx/.dbf/.prj/.cpg beside it, so a shapefile
 * that was never zipped imports with its attributes, code page and coordinate system. Checked on
 * every loose component set of the shapefile corpus copied into tests/fixtures/shapefile: the
 * .shp path must give the same features as the same files zipped, and the manifest's values.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../shared/cli/run';
import { parseFile } from '../../../shared/import/registry';
import { memoryIo } from './helpers';

const ROOT = join(__dirname, '../../fixtures/shapefile');
const SIDECARS = ['.shx', '.dbf', '.prj', '.cpg'];

/** .shp files with at least a .dbf beside them. */
const SETS = ['mbostock', 'shapefile-js'].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.shp') && readdirSync(join(ROOT, dir)).includes(f.replace(/\.shp$/, '.dbf')))
    .map((f) => join(dir, f)),
);

function zipped(shpPath: string): Uint8Array {
  const dir = join(ROOT, shpPath, '..');
  const base = shpPath.split('/').pop()!.replace(/\.shp$/, '');
  const files: Record<string, Uint8Array> = {};
  for (const f of readdirSync(dir)) if (f.startsWith(`${base}.`) && ['.shp', ...SIDECARS].some((e) => f === base + e)) files[f] = new Uint8Array(readFileSync(join(dir, f)));
  return zipSync(files);
}

async function convertShp(path: string, io = memoryIo()) {
  const code = await runCli(['convert', path, '--to', 'geojson'], io.io);
  return { code, out: code === 0 ? (JSON.parse(io.stdout()) as FeatureCollection) : null, stderr: io.stderr() };
}

async function inspectShp(path: string, io = memoryIo()) {
  const code = await runCli(['inspect', path, '--json'], io.io);
  return { code, report: JSON.parse(io.stdout()) as { layers: { features: number }[]; warnings: { code: string }[] } };
}

describe('cop reads the sidecars beside a .shp', () => {
  it('finds the loose sets of the corpus', () => {
    expect(SETS.length).toBeGreaterThanOrEqual(15);
  });

  it.each(SETS)('%s gives the same features as its files zipped', async (shp) => {
    const fromZip = await parseFile('set.zip', zipped(shp));
    const { code, out } = await convertShp(join(ROOT, shp));
    const expected = fromZip.ok ? fromZip.layers.flatMap((l) => l.features) : [];
    if (expected.length === 0) {
      // Refused, or nothing to write (mbostock empty.shp): exit 2 either way, as for the zip.
      expect(code).toBe(2);
      return;
    }
    expect(code).toBe(0);
    expect(out?.features.length).toBe(expected.length);
    expect(out?.features.map((f) => f.properties)).toEqual(expected.map((f) => expect.objectContaining(f.properties ?? {})));
  });

  it('reads the code page from the .cpg: utf.shp gives the manifest’s ["💩", "Hněvošický háj"]', async () => {
    const { out } = await convertShp(join(ROOT, 'shapefile-js/utf.shp'));
    expect(out?.features.map((f) => Object.values(f.properties ?? {}).find((v) => typeof v === 'string' && v !== ''))).toEqual(['💩', 'Hněvošický háj']);
  });

  it('LGA_2013_AUST.shp: 13 features, 12 without shape, feature 4 is "Kangaroo Island (DC)" (manifest)', async () => {
    const { out } = await convertShp(join(ROOT, 'shapefile-js/LGA_2013_AUST.shp'));
    expect(out?.features).toHaveLength(13);
    expect(out?.features.filter((f) => f.geometry === null)).toHaveLength(12);
    expect(out?.features[4]?.properties?.LGA_NAME13).toBe('Kangaroo Island (DC)');
  });

  it('says nothing is missing when the sidecars were found, and warns when the .shp is alone', async () => {
    const withSidecars = await inspectShp(join(ROOT, 'shapefile-js/utf.shp'));
    expect(withSidecars.report.warnings.map((w) => w.code)).not.toContain('shp-only');
    const alone = memoryIo({
      readFile: async (p) => {
        if (!p.endsWith('.shp')) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
        return new Uint8Array(await readFile(p));
      },
    });
    const bare = await inspectShp(join(ROOT, 'shapefile-js/utf.shp'), alone);
    expect(bare.code).toBe(0);
    expect(bare.report.warnings.map((w) => w.code)).toContain('shp-only');
  });

  it('finds upper-case sidecars beside an upper-case .SHP', async () => {
    const real = join(ROOT, 'shapefile-js/utf');
    const io = memoryIo({
      readFile: async (p) => {
        const m = /^\/data\/UTF\.(SHP|DBF|CPG|PRJ)$/.exec(p);
        if (!m) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
        return new Uint8Array(await readFile(`${real}.${m[1]!.toLowerCase()}`));
      },
    });
    const { out } = await convertShp('/data/UTF.SHP', io);
    expect(out?.features.map((f) => Object.values(f.properties ?? {}).find((v) => typeof v === 'string' && v !== ''))).toEqual(['💩', 'Hněvošický háj']);
  });
});
