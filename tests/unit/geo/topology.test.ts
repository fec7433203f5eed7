import type { Geometry, MultiLineString, MultiPolygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { checkTopology, selfIntersections, splitAtAntimeridian } from '../../../shared/geo/topology';
import { parseFile } from '../../../shared/import/registry';
import type { Problem } from '../../../shared/io/types';
import { inEnglish, problemInEnglish } from '../english';

describe('antimeridian crossings are split (RFC 7946 §3.1.9)', () => {
  it('splits a flight line from Fiji to Samoa at 180° with the crossing latitude interpolated', () => {
    const split = splitAtAntimeridian({ type: 'LineString', coordinates: [[178, -18], [-172, -14]] }) as MultiLineString;
    expect(split.type).toBe('MultiLineString');
    expect(split.coordinates).toHaveLength(2);
    const [west, east] = split.coordinates;
    expect(west?.[0]).toEqual([178, -18]);
    expect(west?.at(-1)?.[0]).toBeCloseTo(180);
    expect(west?.at(-1)?.[1]).toBeCloseTo(-17.2);
    expect(east?.[0]?.[0]).toBeCloseTo(-180);
    expect(east?.at(-1)).toEqual([-172, -14]);
  });

  it('splits a polygon straddling 180° into two closed polygons, one on each side', () => {
    const split = splitAtAntimeridian({
      type: 'Polygon',
      coordinates: [[[179, -1], [-179, -1], [-179, 1], [179, 1], [179, -1]]],
    }) as MultiPolygon;
    expect(split.type).toBe('MultiPolygon');
    expect(split.coordinates).toHaveLength(2);
    for (const poly of split.coordinates) {
      const ring = poly[0]!;
      expect(ring[0]).toEqual(ring.at(-1));
      const lngs = ring.map((p) => p[0]!);
      expect(Math.max(...lngs) - Math.min(...lngs)).toBeLessThanOrEqual(1 + 1e-9);
    }
  });

  it('leaves geometries that do not cross alone', () => {
    expect(splitAtAntimeridian({ type: 'LineString', coordinates: [[10, 0], [20, 5]] })).toBeNull();
    expect(splitAtAntimeridian({ type: 'Point', coordinates: [179.9, 0] })).toBeNull();
  });
});

describe('self-intersections are reported, not repaired', () => {
  const bowtie: Geometry = { type: 'Polygon', coordinates: [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]] };

  it('finds the crossing of a bow-tie', () => {
    const crossings = selfIntersections(bowtie as never);
    expect(crossings.length).toBeGreaterThan(0);
    expect(crossings[0]?.[0]).toBeCloseTo(1);
    expect(crossings[0]?.[1]).toBeCloseTo(1);
  });

  it('warns with where the first crossing is and keeps the geometry', () => {
    const warnings: Problem[] = [];
    expect(checkTopology(bowtie, warnings, 7)).toBe(bowtie);
    expect(warnings).toEqual([expect.objectContaining({ code: 'self-intersection', index: 7, severity: 'warning' })]);
    expect(problemInEnglish(warnings[0])).toMatch(/crosses itself .*near 1\.00000, 1\.00000/);
  });

  it('gives no warning for a clean polygon with a hole', () => {
    const warnings: Problem[] = [];
    checkTopology({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]]] }, warnings);
    expect(warnings).toEqual([]);
  });
});

describe('through the importer', () => {
  it('a GeoJSON route across the date line arrives split, with a warning naming the feature', async () => {
    const text = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[178, -18], [-172, -14]] } }] });
    const r = await parseFile('route.geojson', new TextEncoder().encode(text));
    if (!r.ok) throw new Error(inEnglish(r.error));
    expect(r.layers[0]?.features[0]?.geometry?.type).toBe('MultiLineString');
    expect(r.layers[0]?.geometryTypes).toEqual({ MultiLineString: 1 });
    expect(r.warnings).toEqual([expect.objectContaining({ code: 'antimeridian-split', index: 0 })]);
  });
});

describe('what is not a crossing', () => {
  it('keeps a line from −110° to 110° whole: segments run straight in longitude', () => {
    expect(splitAtAntimeridian({ type: 'LineString', coordinates: [[-110, 45], [110, -45]] })).toBeNull();
  });
});
