/**
 * Loops over the shapefile corpus copied into tests/fixtures/shapefile:
 *  - mbostock/: bare .shp/.dbf/.prj/.cpg cases, each with mbostock/shapefile's expected GeoJSON.
 *    Each case is zipped here (fflate) and imported as a zip; our features must equal the
 *    expected ones after the normalisations named, with reasons, in expectations.json.
 *  - shapefile-js/: zipped shapefiles (and loose component sets, zipped here) with the corpus
 *    manifest's verdict quoted in expectations.json.
 * Every case's outcome (ok, counts, types, bbox, problem codes, first features) is recorded in
 * expectations.json; UPDATE_FIXTURES=1 rewrites the outcomes (keeping the hand-written reasons).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rewind } from '@turf/turf';
import { zipSync } from 'fflate';
import type { Feature, Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../shared/import/registry';
import type { ParseResult } from '../../../shared/io/types';
import { inEnglish } from '../english';

const ROOT = join(__dirname, '../../fixtures/shapefile');
const EXPECTATIONS = join(ROOT, 'expectations.json');
const MANIFEST = join(__dirname, '../../../../shared/data/manifest.csv');
const UPDATE = process.env.UPDATE_FIXTURES === '1';

type Normalisation = 'winding' | 'drop-null-properties' | 'iso-dates' | 'ignore-dbf';

interface LayerOutcome {
  name: string;
  features: number;
  geometryTypes: Record<string, number>;
  bbox: number[] | null;
  /** The first three features' properties, geometry type and first position (rounded). */
  sample: unknown[];
}

interface Outcome {
  ok: boolean;
  error?: string;
  layers?: LayerOutcome[];
  refused?: string[];
  warnings?: string[];
}

interface Expectation {
  /** The corpus manifest's "expected" column (for a zipped component set: the .shp's row). */
  manifest: string;
  /** mbostock cases: what is normalised before comparing with the expected GeoJSON, and why. */
  normalise?: Normalisation[];
  /** Where we knowingly differ from the manifest or the expected output, and why. */
  differs?: string;
  outcome: Outcome;
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

function firstPosition(g: Geometry | null): number[] | null {
  if (!g) return null;
  if (g.type === 'GeometryCollection') return firstPosition(g.geometries[0] ?? null);
  let c: unknown = g.coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) ? (c as number[]).map(round) : null;
}

/** A whole-file error as `cop` and the import notice show it: the file's name, then the reason. */
function outcomeOf(r: ParseResult, fileName: string): Outcome {
  if (!r.ok) return { ok: false, error: `${fileName}: ${inEnglish(r.error)}` };
  const codes = (ps: { code: string }[]) => [...new Set(ps.map((p) => p.code))].sort();
  return {
    ok: true,
    layers: r.layers.map((l) => ({
      name: l.name,
      features: l.features.length,
      geometryTypes: l.geometryTypes,
      bbox: l.bbox ? l.bbox.map(round) : null,
      sample: l.features.slice(0, 3).map((f) => ({ properties: f.properties, geometry: f.geometry?.type ?? null, first: firstPosition(f.geometry) })),
    })),
    refused: codes(r.refused),
    warnings: codes(r.warnings),
  };
}

const read = (p: string) => new Uint8Array(readFileSync(p));

/** Zips the component files of one shapefile (all files named `base.*` in `dir`). */
function zipComponents(dir: string, base: string, drop: string[] = []): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const name of readdirSync(dir)) {
    const ext = name.slice(base.length + 1).toLowerCase();
    if (name.startsWith(`${base}.`) && ['shp', 'shx', 'dbf', 'prj', 'cpg'].includes(ext) && !drop.includes(ext)) files[name] = read(join(dir, name));
  }
  return zipSync(files);
}

interface Case {
  key: string;
  fileName: string;
  bytes: () => Uint8Array;
  /** Path in the shared corpus of the manifest row quoted. */
  corpusPath: string;
  expected?: string;
}

function cases(): Case[] {
  const out: Case[] = [];
  const mb = join(ROOT, 'mbostock');
  for (const name of readdirSync(mb).filter((n) => n.endsWith('.shp')).sort()) {
    const base = name.slice(0, -4);
    out.push({
      key: `mbostock/${base}`,
      fileName: `${base}.zip`,
      bytes: () => zipComponents(mb, base),
      corpusPath: `03_shapefile/mbostock-shapefile/${name}`,
      expected: join(mb, `${base}.json`),
    });
  }
  const sj = join(ROOT, 'shapefile-js');
  for (const name of readdirSync(sj).sort()) {
    if (name.endsWith('.zip')) {
      const dir = name.startsWith('TM_WORLD') || ['empty-shp.zip', 'pandr.zip'].includes(name) ? 'files' : 'test/data';
      out.push({ key: `shapefile-js/${name}`, fileName: name, bytes: () => read(join(sj, name)), corpusPath: `03_shapefile/shapefile-js/${dir}/${name}` });
    } else if (name.endsWith('.shp')) {
      const base = name.slice(0, -4);
      out.push({
        key: `shapefile-js/${base}.* (zipped by the test)`,
        fileName: `${base}.zip`,
        bytes: () => zipComponents(sj, base),
        corpusPath: `03_shapefile/shapefile-js/test/data/${name}`,
      });
      out.push({ key: `shapefile-js/${name} (bare)`, fileName: name, bytes: () => read(join(sj, name)), corpusPath: `03_shapefile/shapefile-js/test/data/${name}` });
    }
  }
  return out;
}

function manifestRows(): Map<string, string> {
  const rows = new Map<string, string>();
  if (!existsSync(MANIFEST)) return rows;
  for (const line of readFileSync(MANIFEST, 'utf8').split(/\r?\n/)) {
    const m = /^([^,]+),\d+,[0-9a-f]+,[^,]*,(.*)$/.exec(line);
    if (m) rows.set(m[1] as string, (m[2] as string).replace(/^"(.*)"$/, '$1').replace(/""/g, '"'));
  }
  return rows;
}

// --- normalisations for comparing with mbostock/shapefile's expected GeoJSON ----------------

function normalise(features: Feature[], steps: Normalisation[], side: 'ours' | 'expected'): unknown[] {
  return features.map((f) => {
    let properties: Record<string, unknown> = { ...(f.properties ?? {}) };
    let geometry = f.geometry ? (JSON.parse(JSON.stringify(f.geometry)) as Geometry) : null;
    if (steps.includes('ignore-dbf')) properties = {};
    if (steps.includes('drop-null-properties') && side === 'ours') {
      properties = Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== null));
    }
    if (steps.includes('iso-dates') && side === 'expected') {
      properties = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, typeof v === 'string' && /^\d{8}$/.test(v) ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6)}` : v]));
    }
    if (steps.includes('winding') && side === 'expected' && geometry) geometry = rewind(geometry) as Geometry;
    return { properties, geometry };
  });
}

describe('shapefile corpus (tests/fixtures/shapefile)', () => {
  const expectations: Record<string, Expectation> = existsSync(EXPECTATIONS) ? (JSON.parse(readFileSync(EXPECTATIONS, 'utf8')) as Record<string, Expectation>) : {};
  const manifest = manifestRows();
  const all = cases();
  const next: Record<string, Expectation> = {};

  it.each(all.map((c) => [c.key, c] as const))('%s', async (_key, c) => {
    const r = await parseFile(c.fileName, c.bytes());
    const outcome = outcomeOf(r, c.fileName);
    const prev = expectations[c.key];
    const entry: Expectation = { ...(prev ?? { manifest: manifest.get(c.corpusPath) ?? '(not in the manifest)' }), outcome };
    if (manifest.has(c.corpusPath)) entry.manifest = manifest.get(c.corpusPath) as string;
    next[c.key] = entry;
    if (!UPDATE) {
      expect(prev, `no recorded expectation for ${c.key}; run with UPDATE_FIXTURES=1`).toBeDefined();
      expect(outcome).toEqual(prev?.outcome);
    }
    const verdict = entry.manifest.match(/^(ACCEPT|REJECT)/)?.[1];
    if (verdict && !entry.differs) expect(r.ok, `${c.key}: manifest says ${entry.manifest}`).toBe(verdict === 'ACCEPT');
    if (c.expected) {
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const want = JSON.parse(readFileSync(c.expected, 'utf8')) as { features: Feature[] };
      const steps = entry.normalise ?? [];
      expect(normalise(r.layers[0]?.features ?? [], steps, 'ours')).toEqual(normalise(want.features, steps, 'expected'));
    }
  });

  it('recorded expectations cover exactly the fixtures', () => {
    if (UPDATE) {
      writeFileSync(EXPECTATIONS, `${JSON.stringify(next, null, 2)}\n`);
      return;
    }
    expect(Object.keys(expectations).sort()).toEqual(all.map((c) => c.key).sort());
  });
});
