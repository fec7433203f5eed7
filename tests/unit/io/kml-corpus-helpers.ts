/**
 * Fixture loop shared by the KML and GPX/TCX corpus tests (togeojson's own test files).
 *
 * For each input, our parse (through the registry, so detection is tested too) is flattened back
 * to one feature list and compared with togeojson's expected GeoJSON. Features are matched
 * exactly first; what is left is paired (by name) as "changed", or listed as "dropped" (ours lacks
 * it) or "added" (ours only). Every difference is recorded with its reason in expectations.json,
 * and the test asserts that the differences are exactly those recorded. Our own outcome (layers,
 * counts, problems) is kept in out/<file>.json. UPDATE_FIXTURES=1 rewrites both, keeping the
 * recorded reasons; a new difference gets the reason "TODO", which fails the test until explained.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature } from 'geojson';
import { expect, it } from 'vitest';
import { parseFile } from '../../../shared/import/registry';
import type { ParseResult } from '../../../shared/io/types';
import { inEnglish, problemInEnglish } from '../english';

export const UPDATE = process.env.UPDATE_FIXTURES === '1';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface Difference {
  kind: 'changed' | 'dropped' | 'added';
  /** Index in togeojson's output (changed, dropped) or in our flattened output (added). */
  index: number;
  name: string | null;
  /** For 'changed': which members differ. */
  paths?: string[];
  reason: string;
}

export interface FileExpectation {
  /** Features in togeojson's expected output. */
  togeojson: number;
  /** Features we produce. */
  ours: number;
  /** How many of togeojson's features we reproduce exactly. */
  same: number;
  differences: Difference[];
}

export interface Outcome {
  ok: boolean;
  format: string | null;
  error?: string;
  layers?: { name: string; features: number; geometryTypes: Record<string, number>; bbox: number[] | null }[];
  refused?: { code: string; message: string }[];
  warnings?: { code: string; message: string }[];
}

/** JSON with object keys sorted, for order-insensitive member comparison. */
export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value as Json));
}

function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const out: { [k: string]: Json } = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k] as Json);
    return out;
  }
  return v;
}

export function outcomeOf(r: ParseResult): Outcome {
  if (!r.ok) return { ok: false, format: r.format, error: inEnglish(r.error) };
  return {
    ok: true,
    format: r.format,
    layers: r.layers.map((l) => ({ name: l.name, features: l.features.length, geometryTypes: l.geometryTypes, bbox: l.bbox })),
    refused: r.refused.map((p) => ({ code: p.code, message: problemInEnglish(p) })),
    warnings: r.warnings.map((p) => ({ code: p.code, message: problemInEnglish(p) })),
  };
}

export function flatten(r: ParseResult): Feature[] {
  return r.ok ? r.layers.flatMap((l) => l.features) : [];
}

function nameOf(f: Feature): string | null {
  const n = f.properties?.name;
  return typeof n === 'string' ? n : null;
}

function differingPaths(a: Feature, b: Feature): string[] {
  const paths: string[] = [];
  for (const key of ['id', 'geometry', 'bbox'] as const) {
    if (canonical(a[key] ?? null) !== canonical(b[key] ?? null)) paths.push(key);
  }
  const pa = a.properties ?? {};
  const pb = b.properties ?? {};
  for (const key of [...new Set([...Object.keys(pa), ...Object.keys(pb)])].sort()) {
    if (canonical(pa[key] ?? null) !== canonical(pb[key] ?? null)) paths.push(`properties.${key}`);
  }
  return paths;
}

/** Differences between togeojson's features and ours, with empty reasons. */
export function compareFeatures(expected: Feature[], ours: Feature[]): { same: number; differences: Difference[] } {
  const oursKeys = ours.map(canonical);
  const used = new Set<number>();
  const unmatched: number[] = [];
  let same = 0;
  expected.forEach((f, i) => {
    const key = canonical(f);
    const j = oursKeys.findIndex((k, jj) => !used.has(jj) && k === key);
    if (j >= 0) {
      used.add(j);
      same++;
    } else unmatched.push(i);
  });
  const differences: Difference[] = [];
  for (const i of unmatched) {
    const f = expected[i] as Feature;
    const j = ours.findIndex((o, jj) => !used.has(jj) && nameOf(o) === nameOf(f) && o.geometry?.type === f.geometry?.type);
    if (j >= 0) {
      used.add(j);
      differences.push({ kind: 'changed', index: i, name: nameOf(f), paths: differingPaths(f, ours[j] as Feature), reason: '' });
    } else {
      differences.push({ kind: 'dropped', index: i, name: nameOf(f), reason: '' });
    }
  }
  ours.forEach((o, j) => {
    if (!used.has(j)) differences.push({ kind: 'added', index: j, name: nameOf(o), reason: '' });
  });
  return { same, differences };
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n');
}

function differenceKey(d: Difference): string {
  return `${d.kind}:${d.index}:${(d.paths ?? []).join(',')}`;
}

export interface CorpusConfig {
  /** Folder holding in/, expected/, out/ and expectations.json. */
  root: string;
  /** Which togeojson expected file to compare with (a few inputs have several). */
  expectedFile(input: string): string;
  /** Extra checks per input, given our result. */
  extra?(input: string, result: ParseResult): void;
}

/** Registers one test per input file plus a final check of the expectations file. */
export function corpusTests(config: CorpusConfig): void {
  const inDir = join(config.root, 'in');
  const outDir = join(config.root, 'out');
  const expectationsPath = join(config.root, 'expectations.json');
  const recorded: Record<string, FileExpectation> = existsSync(expectationsPath) ? readJson(expectationsPath) : {};
  const fresh: Record<string, FileExpectation> = {};
  const inputs = readdirSync(inDir).sort();
  if (UPDATE) mkdirSync(outDir, { recursive: true });

  for (const input of inputs) {
    it(`${input} matches togeojson or differs only as recorded`, async () => {
      const bytes = new Uint8Array(readFileSync(join(inDir, input)));
      const result = await parseFile(input, bytes);
      const expected = readJson<{ features: Feature[] }>(join(config.root, 'expected', config.expectedFile(input))).features;
      const ours = flatten(result);
      const { same, differences } = compareFeatures(expected, ours);
      const previous = new Map((recorded[input]?.differences ?? []).map((d) => [differenceKey(d), d.reason]));
      for (const d of differences) d.reason = previous.get(differenceKey(d)) ?? 'TODO';
      const now: FileExpectation = { togeojson: expected.length, ours: ours.length, same, differences };
      fresh[input] = now;
      const outcome = outcomeOf(result);
      const outPath = join(outDir, `${input}.json`);
      if (UPDATE) writeJson(outPath, outcome);
      expect(result.ok, result.ok ? '' : inEnglish(result.error)).toBe(true);
      if (!UPDATE) {
        expect(now).toEqual(recorded[input]);
        expect(outcome).toEqual(readJson<Outcome>(outPath));
      }
      for (const d of now.differences) expect(d.reason, `${input}: difference ${differenceKey(d)} needs a reason`).not.toBe('TODO');
      config.extra?.(input, result);
    });
  }

  it('expectations.json lists exactly the corpus inputs', () => {
    if (UPDATE) {
      const ordered: Record<string, FileExpectation> = {};
      for (const input of inputs) if (fresh[input]) ordered[input] = fresh[input];
      writeJson(expectationsPath, ordered);
      return;
    }
    expect(Object.keys(recorded).sort()).toEqual(inputs);
  });
}
