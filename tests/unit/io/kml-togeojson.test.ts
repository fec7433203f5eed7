/**
 * KML corpus from placemark/togeojson (tests/fixtures/kml/togeojson): our KML import must give
 * togeojson's features, apart from the differences recorded with reasons in expectations.json,
 * and its folder tree (kmlWithFolders snapshots) must become our layers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import type { ParseResult } from '../../../shared/io/types';
import { corpusTests } from './kml-corpus-helpers';

const ROOT = join(__dirname, '../../fixtures/kml/togeojson');

interface TreeNode {
  type: string;
  meta?: { name?: unknown };
  properties?: Record<string, unknown> | null;
  children?: TreeNode[];
}

/** [layer name, placemark count] in order of first placemark, '<root>' for placemarks outside folders. */
function layersFromTree(tree: TreeNode): [string, number][] {
  const counts = new Map<string, number>();
  const walk = (nodes: TreeNode[], path: string[]): void => {
    for (const n of nodes) {
      if (n.type === 'folder') {
        const name = typeof n.meta?.name === 'string' && n.meta.name.trim() ? n.meta.name.trim() : '(unnamed folder)';
        walk(n.children ?? [], [...path, name]);
      } else if (n.type === 'Feature') {
        const kind = n.properties?.['@geometry-type'];
        if (kind === 'networklink') continue;
        const key = path.length ? path.join(' / ') : '<root>';
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  };
  walk(tree.children ?? [], []);
  return [...counts];
}

function checkFolders(input: string, result: ParseResult): void {
  const treePath = join(ROOT, 'expected', `${input}.withFolders.expected.json`);
  if (!existsSync(treePath) || !result.ok) return;
  const expected = layersFromTree(JSON.parse(readFileSync(treePath, 'utf8')) as TreeNode);
  const folderNames = new Set(expected.map(([n]) => n));
  const refusedCount = result.refused.length;
  // A file without placemarks imports as one empty layer, which has no counterpart in the tree.
  const layers = result.warnings.some((w) => w.code === 'no-features') ? [] : result.layers;
  const ours = layers.map((l): [string, number] => [folderNames.has(l.name) ? l.name : '<root>', l.features.length]);
  if (refusedCount === 0) expect(ours, `${input}: folders → layers`).toEqual(expected);
  else expect(ours.map(([n]) => n)).toEqual(expected.map(([n]) => n));
}

describe('KML corpus (togeojson fixtures)', () => {
  corpusTests({
    root: ROOT,
    expectedFile: (input) =>
      input === 'addresses.kml' ? 'addresses.kml.expected-togeojson-7.1.3.json' : `${input}.expected.json`,
    extra: checkFolders,
  });
});
