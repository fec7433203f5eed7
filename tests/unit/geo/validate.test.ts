import { booleanClockwise } from '@turf/turf';
import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { featuresBBox, geometryBBox } from '../../../shared/geo/bbox';
import { validateGeometry } from '../../../shared/geo/validate';
import type { Problem } from '../../../shared/io/types';
import { problemInEnglish } from '../english';

function check(g: unknown) {
  const warnings: Problem[] = [];
  const verdict = validateGeometry(g, warnings, 7);
  return { verdict, warnings, codes: warnings.map((w) => w.code) };
}

function refusedCode(g: unknown): string | undefined {
  const { verdict } = check(g);
  return verdict.ok ? undefined : verdict.problem.code;
}

describe('validateGeometry', () => {
  it('accepts a plain point without warnings and keeps 3D', () => {
    expect(check({ type: 'Point', coordinates: [10, 20] }).verdict).toEqual({ ok: true, geometry: { type: 'Point', coordinates: [10, 20] } });
    const r = check({ type: 'Point', coordinates: [10, 20, 300] });
    expect(r.verdict.ok && r.verdict.geometry).toEqual({ type: 'Point', coordinates: [10, 20, 300] });
    expect(r.warnings).toEqual([]);
  });

  it('accepts null as a null geometry', () => {
    expect(check(null).verdict).toEqual({ ok: true, geometry: null });
  });

  it('refuses bad positions with a code and the feature index', () => {
    const { verdict } = check({ type: 'Point', coordinates: [1] });
    expect(verdict).toMatchObject({ ok: false, problem: { code: 'position-too-short', index: 7, severity: 'error' } });
    expect(refusedCode({ type: 'Point', coordinates: [1, '2'] })).toBe('bad-coordinate');
    expect(refusedCode({ type: 'Point', coordinates: [1, Number.NaN] })).toBe('bad-coordinate');
    expect(refusedCode({ type: 'MultiPoint', coordinates: [0, 0] })).toBe('coords-nesting');
    expect(refusedCode({ type: 'MultiPoint', coordinates: [[[0, 0]]] })).toBe('coords-nesting');
    expect(refusedCode({ type: 'Point' })).toBe('missing-coordinates');
    expect(refusedCode({ type: 'point', coordinates: [0, 1] })).toBe('type-case');
    expect(refusedCode({ type: 'Line', coordinates: [[0, 1], [1, 1]] })).toBe('unknown-type');
    expect(refusedCode({ coordinates: [0, 1] })).toBe('missing-type');
  });

  it('refuses projected-looking coordinates and says the data may be projected', () => {
    const { verdict } = check({ type: 'Point', coordinates: [500000, 4649776] });
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) {
      expect(verdict.problem.code).toBe('coords-out-of-range');
      expect(problemInEnglish(verdict.problem)).toMatch(/projected/);
    }
    expect(refusedCode({ type: 'Point', coordinates: [10, 95] })).toBe('coords-out-of-range');
  });

  it('refuses no-data sentinels and warns on null island', () => {
    expect(refusedCode({ type: 'Point', coordinates: [-9999, -9999] })).toBe('no-data-coordinate');
    expect(refusedCode({ type: 'LineString', coordinates: [[1, 1], [-9999, 2]] })).toBe('no-data-coordinate');
    expect(check({ type: 'Point', coordinates: [0, 0] }).codes).toEqual(['null-island']);
  });

  it('closes an unclosed ring with three distinct corners, refuses fewer', () => {
    const g = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1]]] };
    const r = check(g);
    expect(r.verdict.ok).toBe(true);
    expect(r.codes).toContain('ring-closed');
    expect(g.coordinates[0]).toHaveLength(4);
    expect(g.coordinates[0]?.[3]).toEqual([0, 0]);
    expect(refusedCode({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] })).toBe('short-ring');
    expect(refusedCode({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 0], [0, 0.5]]] })).toBe(undefined);
    expect(refusedCode({ type: 'Polygon', coordinates: [[[0, 0], [1, 0]]] })).toBe('short-ring');
  });

  it('rewinds polygons to RFC 7946 winding with a warning', () => {
    const outerCw: Position[] = [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]];
    const holeCcw: Position[] = [[2, 2], [8, 2], [8, 8], [2, 8], [2, 2]];
    const g = { type: 'Polygon', coordinates: [outerCw, holeCcw] };
    const r = check(g);
    expect(r.codes).toEqual(['rewound']);
    const poly = g as Polygon;
    expect(booleanClockwise(poly.coordinates[0] as Position[])).toBe(false);
    expect(booleanClockwise(poly.coordinates[1] as Position[])).toBe(true);
    // Already right: no warning.
    expect(check(g).codes).toEqual([]);
  });

  it('refuses short lines and bad bbox members', () => {
    expect(refusedCode({ type: 'LineString', coordinates: [[0, 0]] })).toBe('short-line');
    expect(refusedCode({ type: 'Point', coordinates: [0, 1], bbox: [0, 1, 0] })).toBe('bad-bbox');
    expect(refusedCode({ type: 'Point', coordinates: [0, 1], bbox: [0, 1, 0, 1, 2, 3] })).toBe(undefined);
  });

  it('treats empty coordinates as a null geometry with a warning', () => {
    const r = check({ type: 'MultiPoint', coordinates: [] });
    expect(r.verdict).toEqual({ ok: true, geometry: null });
    expect(r.codes).toEqual(['empty-geometry']);
  });

  it('checks GeometryCollection members and warns on nesting', () => {
    const nested = { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 1] }, { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [2, 2] }, { type: 'Point', coordinates: [3, 3] }] }] };
    expect(check(nested).codes).toEqual(['nested-geometry-collection']);
    expect(refusedCode({ type: 'GeometryCollection', geometries: [false] })).toBe('bad-geometry');
    expect(refusedCode({ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [500, 1] }] })).toBe('coords-out-of-range');
  });
});

describe('bbox', () => {
  it('computes geometry and feature bboxes, skipping null geometries', () => {
    expect(geometryBBox({ type: 'LineString', coordinates: [[1, 5], [-3, 2, 100]] })).toEqual([-3, 2, 1, 5]);
    expect(geometryBBox(null)).toBeNull();
    expect(
      featuresBBox([
        { geometry: null },
        { geometry: { type: 'Point', coordinates: [10, 20] } },
        { geometry: { type: 'GeometryCollection', geometries: [{ type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 0]]]] }] } },
      ]),
    ).toEqual([0, 0, 10, 20]);
    expect(featuresBBox([{ geometry: null }])).toBeNull();
  });
});
