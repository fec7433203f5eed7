import { readFileSync } from 'node:fs';
import type { MultiLineString, MultiPolygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../shared/import/registry';
import type { ParseResult } from '../../../shared/io/types';

const fixture = (p: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/${p}`, import.meta.url)));

function ok(r: ParseResult): Extract<ParseResult, { ok: true }> {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r;
}

function allPositions(coords: unknown): Position[] {
  return Array.isArray(coords) && typeof coords[0] === 'number' ? [coords as Position] : (coords as unknown[]).flatMap(allPositions);
}

const r = ok(await parseFile('past-180.geojson', fixture('repairs/past-180.geojson')));
const features = r.layers[0]?.features ?? [];

describe('longitudes past ±180° on lines and polygons are split at the antimeridian, not refused', () => {

  it('keeps 5 of the 6 features: only the lone point past 180° is refused', () => {
    expect(features).toHaveLength(5);
    expect(r.refused.map((p) => [p.index, p.code])).toEqual([[3, 'coords-out-of-range']]);
  });

  it('puts every kept position within -180…180', () => {
    for (const f of features) {
      for (const [lng] of allPositions((f.geometry as { coordinates: unknown }).coordinates)) {
        expect(Math.abs(lng as number)).toBeLessThanOrEqual(180);
      }
    }
  });

  it('splits the polygon drawn 170…190 into 170…180 and -180…-170', () => {
    const box = features[0]?.geometry as MultiPolygon;
    expect(box.type).toBe('MultiPolygon');
    const spans = box.coordinates.map((p) => {
      const lngs = p[0]!.map((q) => q[0]!);
      return [Math.min(...lngs), Math.max(...lngs)];
    });
    expect(spans.sort((a, b) => a[0]! - b[0]!)).toEqual([[-180, -170], [170, 180]]);
    for (const poly of box.coordinates) expect(poly[0]![0]).toEqual(poly[0]!.at(-1));
  });

  it('moves a line wholly east of 180° into the western hemisphere, keeping the other part', () => {
    const ml = features[4]?.geometry as MultiLineString;
    expect(ml.coordinates).toEqual([[[-175, 10], [-165, 12]], [[10, 1], [11, 2]]]);
  });

  it('warns once per normalised feature, with its index, its id and the number of parts', () => {
    const w = r.warnings.filter((p) => p.code === 'antimeridian-normalised');
    expect(w.map((p) => [p.index, p.featureId, p.params?.parts])).toEqual([
      [0, 'fiji-box', 2],
      [1, 'flight', 2],
      [2, undefined, 2],
      [5, undefined, 2],
    ]);
  });

  it('does the same for a KML polygon drawn across the date line', async () => {
    const k = ok(await parseFile('antimeridian.kml', fixture('kml/hand/antimeridian.kml')));
    expect(k.refused).toEqual([]);
    const g = k.layers[0]?.features[0]?.geometry as MultiPolygon;
    expect(g.type).toBe('MultiPolygon');
    expect(g.coordinates).toHaveLength(2);
    expect(k.warnings).toEqual([expect.objectContaining({ code: 'antimeridian-normalised', index: 0, params: { parts: 2 } })]);
  });
});
