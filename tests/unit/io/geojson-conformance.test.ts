/**
 * Loops over the GeoJSON conformance files copied from peer projects (tests/fixtures/geojson)
 * and checks each against
 *  1. the peer's expectation, quoted from the corpus manifest into expectations.json
 *     (accept / accept with a warning / reject), unless the entry records a knowing difference;
 *  2. our own recorded outcome (ok, feature count, geometry types, problem codes), so any change
 *     in behaviour shows up as a diff. UPDATE_FIXTURES=1 rewrites the recorded outcomes (and, when
 *     ../shared/data/manifest.csv is present, refreshes the quoted manifest text).
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../shared/import/registry';
import type { ParseResult } from '../../../shared/io/types';
import { inEnglish } from '../english';

const ROOT = join(__dirname, '../../fixtures/geojson');
const EXPECTATIONS = join(ROOT, 'expectations.json');
const MANIFEST = join(__dirname, '../../../../shared/data/manifest.csv');
const UPDATE = process.env.UPDATE_FIXTURES === '1';

/** Where each fixture folder came from in the shared corpus. */
const ORIGIN: [string, string][] = [
  ['valid/geojsonhint/', '01_geojson_conformance/geojsonhint/good/'],
  ['invalid/geojsonhint/', '01_geojson_conformance/geojsonhint/bad/'],
  ['valid/geojson-schema/', '01_geojson_conformance/geojson-schema/valid/'],
  ['invalid/geojson-schema/', '01_geojson_conformance/geojson-schema/invalid/'],
  ['invalid/check-geojson/', '01_geojson_conformance/check-geojson/'],
];

interface Outcome {
  ok: boolean;
  features?: number;
  geometryTypes?: Record<string, number>;
  bbox?: number[] | null;
  refused?: string[];
  warnings?: string[];
  error?: string;
}

interface Expectation {
  /** The corpus manifest's "expected" column for this file. */
  manifest: string;
  /** Set where we knowingly behave otherwise than the peer expects, with the reason. */
  differs?: string;
  /** Our recorded outcome. */
  outcome: Outcome;
}

function listInputs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listInputs(p));
    else if (/\.(geojson|json)$/.test(name) && name !== 'expectations.json') out.push(relative(ROOT, p));
  }
  return out;
}

/** A whole-file error as `cop` and the import notice show it: the file's name, then the reason. */
function outcomeOf(r: ParseResult, fileName: string): Outcome {
  if (!r.ok) return { ok: false, error: `${fileName}: ${inEnglish(r.error)}` };
  const layer = r.layers[0];
  return {
    ok: true,
    features: layer?.features.length ?? 0,
    geometryTypes: layer?.geometryTypes ?? {},
    bbox: layer?.bbox ?? null,
    refused: r.refused.map((p) => p.code),
    warnings: r.warnings.map((p) => p.code),
  };
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

function manifestEntries(): Map<string, string> {
  const map = new Map<string, string>();
  if (!existsSync(MANIFEST)) return map;
  for (const [path, , , , expected] of parseCsv(readFileSync(MANIFEST, 'utf8'))) {
    if (path && expected !== undefined) map.set(path, expected);
  }
  return map;
}

function corpusPath(rel: string): string {
  for (const [local, corpus] of ORIGIN) if (rel.startsWith(local)) return corpus + rel.slice(local.length);
  throw new Error(`no origin for ${rel}`);
}

/** What the peer expects, reduced to a verdict we can check. */
type Verdict = 'accept' | 'accept-with-warning' | 'reject';

function verdictOf(manifest: string): Verdict {
  const m = manifest.trim();
  if (/^ACCEPT with warning/.test(m)) return 'accept-with-warning';
  if (/^ACCEPT/.test(m)) return 'accept';
  if (/^INVALID.*recommended ACCEPT.*with warning/s.test(m)) return 'accept-with-warning';
  if (/^INVALID.*lenient: accept .*with warning/s.test(m)) return 'accept-with-warning';
  if (/^REJECT \(or [^)]*WITH a warning\)/i.test(m)) return 'accept-with-warning';
  if (/^REJECT/.test(m) || /must flag\/reject/.test(m)) return 'reject';
  throw new Error(`cannot read manifest expectation: ${m}`);
}

/** "ACCEPT: 2 feature(s): 2 Point bbox=[100,0.5,102,2.5]" → count, types, bbox. */
function countsOf(manifest: string): { features: number; types: Record<string, number>; bbox?: number[] } | null {
  const m = /^ACCEPT: (\d+) feature\(s\):\s*([^b]*?)\s*(?:bbox=(\[[^\]]*\]))?$/.exec(manifest.trim());
  if (!m) return null;
  const types: Record<string, number> = {};
  for (const part of (m[2] ?? '').split(',')) {
    const t = /(\d+)\s+(\w+)/.exec(part.trim());
    if (t) types[t[2] as string] = Number(t[1]);
  }
  return { features: Number(m[1]), types, bbox: m[3] ? (JSON.parse(m[3]) as number[]) : undefined };
}

const inputs = listInputs(ROOT);
const stored: Record<string, Expectation> = existsSync(EXPECTATIONS)
  ? (JSON.parse(readFileSync(EXPECTATIONS, 'utf8')) as Record<string, Expectation>)
  : {};

if (UPDATE) {
  const manifest = manifestEntries();
  const next: Record<string, Expectation> = {};
  for (const rel of inputs) {
    const r = (await parseFile(rel.split('/').pop() as string, new Uint8Array(readFileSync(join(ROOT, rel)))));
    const prev = stored[rel];
    const entry: Expectation = {
      manifest: manifest.get(corpusPath(rel)) ?? prev?.manifest ?? '',
      outcome: outcomeOf(r, rel.split('/').pop() as string),
    };
    if (prev?.differs) entry.differs = prev.differs;
    next[rel] = entry;
  }
  writeFileSync(EXPECTATIONS, JSON.stringify(next, null, 2) + '\n');
  Object.assign(stored, next);
}

describe('GeoJSON conformance corpus', () => {
  it('has an expectation for every fixture file', async () => {
    expect(inputs.length).toBeGreaterThan(100);
    expect(inputs.filter((rel) => !stored[rel])).toEqual([]);
  });

  for (const rel of inputs) {
    it(rel, async () => {
      const exp = stored[rel];
      expect(exp, `no expectation for ${rel}; run with UPDATE_FIXTURES=1`).toBeDefined();
      if (!exp) return;
      const name = rel.split('/').pop() as string;
      const r = await parseFile(name, new Uint8Array(readFileSync(join(ROOT, rel))));
      const got = outcomeOf(r, name);

      // 1. Our recorded behaviour.
      expect(got).toEqual(exp.outcome);

      // 2. The peer's expectation, unless we knowingly differ.
      const verdict = verdictOf(exp.manifest);
      const rejected = !got.ok || (got.refused?.length ?? 0) > 0;
      if (exp.differs) {
        expect(exp.differs.length).toBeGreaterThan(10);
        return;
      }
      if (verdict === 'reject') {
        expect(rejected, `peer expects a refusal: ${exp.manifest}`).toBe(true);
      } else {
        expect(got.ok, `peer expects acceptance: ${exp.manifest}; got ${got.error}`).toBe(true);
        expect(got.refused).toEqual([]);
        if (verdict === 'accept-with-warning') expect(got.warnings?.length ?? 0).toBeGreaterThan(0);
        const counts = countsOf(exp.manifest);
        if (counts) {
          expect(got.features).toBe(counts.features);
          expect(got.geometryTypes).toEqual(counts.types);
          if (counts.bbox) expect(got.bbox).toEqual(counts.bbox);
        }
      }
    });
  }
});
