/**
 * GPX and TCX corpus from placemark/togeojson (tests/fixtures/gpx/togeojson): our import must
 * give togeojson's features, apart from the differences recorded with reasons in
 * expectations.json, sorted into the layers Waypoints / Routes / Tracks (GPX) and
 * Activities / Courses (TCX).
 */
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import type { ParseResult } from '../../../shared/io/types';
import { corpusTests } from './kml-corpus-helpers';

const ROOT = join(__dirname, '../../fixtures/gpx/togeojson');

function checkLayers(input: string, result: ParseResult): void {
  if (!result.ok) return;
  const allowed = input.endsWith('.tcx') ? ['Activities', 'Courses'] : ['Waypoints', 'Routes', 'Tracks'];
  for (const layer of result.layers) {
    if (layer.features.length === 0 && result.layers.length === 1) continue; // empty file: one empty layer
    expect(allowed).toContain(layer.name);
    for (const f of layer.features) {
      const t = f.geometry?.type;
      if (layer.name === 'Waypoints') expect(t).toBe('Point');
      if (layer.name === 'Routes') expect(f.properties?._gpxType).toBe('rte');
      if (layer.name === 'Tracks') expect(f.properties?._gpxType).toBe('trk');
      if (layer.name === 'Activities' || layer.name === 'Courses') expect(['LineString', 'MultiLineString']).toContain(t);
    }
  }
  const order = result.layers.map((l) => allowed.indexOf(l.name)).filter((i) => i >= 0);
  expect(order).toEqual([...order].sort((a, b) => a - b));
}

describe('GPX and TCX corpus (togeojson fixtures)', () => {
  corpusTests({ root: ROOT, expectedFile: (input) => `${input}.expected.json`, extra: checkLayers });
});
