import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SHARED = fileURLToPath(new URL('../../shared/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx|mts)$/.test(e.name) ? [p] : [];
  });
}

const folderOf = (file: string) => relative(SHARED, file).split('/')[0] ?? '';
// Static imports and re-exports (type-only included: they tie folders together as much) and dynamic imports.
const SPECIFIERS = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** Folder → folders it imports, each edge with one file that makes it. */
function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(SHARED)) {
    const from = folderOf(file);
    // A file at the top of shared/ belongs to no folder.
    if (!relative(SHARED, file).includes('/')) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(SPECIFIERS)) {
      const target = resolve(dirname(file), m[1] ?? m[2] ?? '');
      if (!target.startsWith(SHARED)) continue;
      const to = folderOf(target);
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, `${relative(SHARED, file)} → ${m[1] ?? m[2]}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** Every cycle's folders, found by a depth-first search from each folder (each cycle once, from its smallest name). */
function cycles(graph: Map<string, Map<string, string>>): string[][] {
  const found: string[][] = [];
  const walk = (start: string, node: string, path: string[]) => {
    for (const next of graph.get(node)?.keys() ?? []) {
      if (next === start) found.push([...path, start]);
      else if (next > start && !path.includes(next)) walk(start, next, [...path, next]);
    }
  };
  for (const start of [...graph.keys()].sort()) walk(start, start, [start]);
  return found;
}

describe("shared/'s folders", () => {
  it('the graph is read from the sources (io imports i18n, base imports nothing)', () => {
    const graph = folderGraph();
    expect(graph.get('io')?.has('i18n')).toBe(true);
    expect(graph.get('base')).toBeUndefined();
  });

  it('import one another in no circle', () => {
    const graph = folderGraph();
    const described = cycles(graph).map((c) => c.map((f, i) => (i < c.length - 1 ? `${f} (${graph.get(f)?.get(c[i + 1] as string)})` : f)).join(' → '));
    expect(described).toEqual([]);
  });
});
