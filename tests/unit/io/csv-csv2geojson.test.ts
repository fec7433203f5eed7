import { readdirSync, readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, LineString, Point, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { csvFormat } from '../../../shared/io/csv';
import type { ParseResult } from '../../../shared/io/types';
import { inEnglish } from '../english';

/** mapbox/csv2geojson's test inputs against its expected outputs, with our recorded differences. */

const DIR = new URL('../../fixtures/csv/csv2geojson/', import.meta.url);

interface Case {
  input: string;
  peer: string;
  outcome: 'same-geometry' | 'points-not-line' | 'file-refused' | 'row-refused';
  differences: string[];
}
interface Expectations {
  differenceReasons: Record<string, string>;
  cases: Case[];
  notApplicable: Record<string, string>;
}
const expectations = JSON.parse(readFileSync(new URL('../csv2geojson-expectations.json', DIR), 'utf8')) as Expectations;

async function ours(name: string): Promise<ParseResult> {
  return csvFormat.parse(new Uint8Array(readFileSync(new URL(name, DIR))), name);
}

function peerJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, DIR), 'utf8')) as T;
}

const COORDINATE_COLUMNS = new Set(['lat', 'lon', 'lng']);

/** Our properties seen through the recorded differences, to compare with the peer's. */
function comparable(props: Record<string, unknown>, peer: Record<string, unknown>, diffs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const peerKeys = new Map(Object.keys(peer).map((k) => [diffs.includes('trimmed-header') ? k.trim() : k, k]));
  for (const [k, v] of Object.entries(props)) {
    if (diffs.includes('coordinate-columns-kept') && COORDINATE_COLUMNS.has(k) && !peerKeys.has(k)) continue;
    const key = peerKeys.get(k) ?? k;
    out[key] = diffs.includes('numeric-columns') && typeof v === 'number' && typeof peer[key] === 'string' ? String(v) : v;
  }
  return out;
}

describe('csv2geojson corpus', () => {
  it('every input and expected file is accounted for', () => {
    const files = readdirSync(DIR).filter((f) => f !== 'LICENSE');
    const used = new Set([...expectations.cases.flatMap((c) => [c.input, c.peer]), ...Object.keys(expectations.notApplicable)]);
    expect(files.filter((f) => !used.has(f))).toEqual([]);
    for (const c of expectations.cases) for (const d of c.differences) expect(expectations.differenceReasons[d], d).toBeTruthy();
  });

  for (const c of expectations.cases) {
    it(`${c.input} vs ${c.peer}: ${c.outcome}${c.differences.length ? ` (differs: ${c.differences.join(', ')})` : ''}`, async () => {
      const r = await ours(c.input);
      if (c.outcome === 'file-refused') {
        expect(r.ok).toBe(false);
        return;
      }
      if (!r.ok) throw new Error(inEnglish(r.error));
      const features = r.layers[0]?.features ?? [];
      if (c.outcome === 'row-refused') {
        const peer = peerJson<{ index: number }[]>(c.peer);
        expect(features).toEqual([]);
        // The peer counts data rows from 0; we give file lines (the header is line 1).
        expect(r.refused.map((p) => p.line)).toEqual(peer.map((e) => e.index + 2));
        return;
      }
      const peer = peerJson<FeatureCollection>(c.peer);
      if (c.outcome === 'points-not-line') {
        const g = peer.features[0]?.geometry as LineString | Polygon;
        const positions = g.type === 'Polygon' ? g.coordinates[0] : g.coordinates;
        expect(features.map((f) => (f.geometry as Point).coordinates)).toEqual(positions);
        return;
      }
      expect(features).toHaveLength(peer.features.length);
      features.forEach((f: Feature, i) => {
        const p = peer.features[i] as Feature;
        const got = (f.geometry as Point).coordinates;
        const want = (p.geometry as Point).coordinates;
        expect(got[0]).toBeCloseTo(want[0] as number, 9);
        expect(got[1]).toBeCloseTo(want[1] as number, 9);
        expect(comparable(f.properties ?? {}, p.properties ?? {}, c.differences)).toEqual(p.properties);
      });
    });
  }
});
