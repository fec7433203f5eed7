import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const LOCALES = 'renderer/i18n/locales';
type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : flatten(v, `${prefix}${k}.`)));
}

function catalogue(lang: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of readdirSync(join(LOCALES, lang))) {
    out.set(f.replace(/\.json$/, ''), flatten(JSON.parse(readFileSync(join(LOCALES, lang, f), 'utf8')) as Tree));
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(n) ? [p] : [];
  });
}

describe('translation catalogues', () => {
  const en = catalogue('en');
  const fr = catalogue('fr');

  it('has the same namespaces and keys in English and French', () => {
    expect([...fr.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [ns, keys] of en) expect(fr.get(ns)?.slice().sort(), `namespace ${ns}`).toEqual(keys.slice().sort());
  });

  it('has every literal key the renderer asks for', () => {
    const missing: string[] = [];
    for (const file of sources('renderer')) {
      const text = readFileSync(file, 'utf8');
      const defaultNs = /useTranslation\('(\w+)'\)/.exec(text)?.[1] ?? 'common';
      for (const m of text.matchAll(/\bt\('([\w.:-]+)'/g)) {
        const raw = m[1] ?? '';
        const [ns, key] = raw.includes(':') ? (raw.split(':') as [string, string]) : [defaultNs, raw];
        const keys = en.get(ns) ?? [];
        if (!keys.includes(key) && !keys.includes(`${key}_one`)) missing.push(`${file}: ${ns}:${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has an entry for every message code shared code writes out literally', () => {
    const missing: string[] = [];
    for (const file of sources('shared')) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bmsg\('([\w.:?-]+)'/g)) {
        const raw = m[1] ?? '';
        const [ns, key] = raw.includes(':') ? (raw.split(':') as [string, string]) : ['messages', raw];
        const keys = en.get(ns) ?? [];
        if (!keys.includes(key) && !keys.includes(`${key}_one`)) missing.push(`${file}: ${ns}:${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('has a message for every refusal code the package reader gives', () => {
    const text = readFileSync('shared/package/read.ts', 'utf8');
    const codes = [...text.matchAll(/\b(?:refuse|bad)\('([\w-]+)'/g)].map((m) => m[1] ?? '');
    expect(codes.length).toBeGreaterThan(10);
    const keys = en.get('package') ?? [];
    expect(codes.filter((c) => !keys.includes(`refusals.${c}`))).toEqual([]);
  });

  it('has a French label for every field and enumeration value of every kind', async () => {
    const { KIND_FIELDS } = await import('../../../shared/domain/kinds');
    const { fieldSpecs } = await import('../../../shared/domain/field-specs');
    const frDomain = JSON.parse(readFileSync(join(LOCALES, 'fr/domain.json'), 'utf8')) as {
      fields: Record<string, string>;
      values: Record<string, Record<string, string>>;
    };
    for (const kind of Object.keys(KIND_FIELDS) as (keyof typeof KIND_FIELDS)[]) {
      for (const spec of fieldSpecs(kind)) {
        expect(frDomain.fields[spec.name], `field ${spec.name}`).toBeTruthy();
        if (spec.type === 'enum' && !['sourceReliability', 'infoCredibility'].includes(spec.name)) {
          for (const o of spec.options ?? []) expect(frDomain.values[spec.name]?.[o], `${spec.name}=${o}`).toBeTruthy();
        }
      }
    }
  });
});
