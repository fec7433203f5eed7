import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { areaM2, bearingDeg, bufferGeometry, circlePolygon, destination, distanceM, legs, lineLengthM, normaliseBearing, rangeRings, storableGeometry } from '../../../shared/geo/measure';

// Expected values from closed formulas on the sphere of mean radius R (not from turf itself).
const R = 6_371_008.8;
const RAD = Math.PI / 180;
const ONE_DEGREE_ARC = R * RAD; // 111,194.93 m

describe('distance and bearing', () => {
  it.each([
    ['one degree along the equator', [0, 0], [1, 0], ONE_DEGREE_ARC, 90],
    ['one degree along a meridian', [10, 5], [10, 6], ONE_DEGREE_ARC, 0],
    ['across the antimeridian, eastwards', [179.5, 0], [-179.5, 0], ONE_DEGREE_ARC, 90],
    ['across the antimeridian, westwards', [-179.5, 10], [179.5, 10], 2 * R * Math.asin(Math.cos(10 * RAD) * Math.sin(0.5 * RAD)), 270.087],
    ['over the north pole (89°N, opposite meridians)', [0, 89], [180, 89], 2 * ONE_DEGREE_ARC, 0],
    ['southwards near the south pole', [45, -88], [45, -89], ONE_DEGREE_ARC, 180],
  ] as const)('%s', (_label, a, b, metres, bearing) => {
    expect(distanceM([...a], [...b])).toBeCloseTo(metres, 0);
    expect(bearingDeg([...a], [...b])).toBeCloseTo(bearing, 2);
  });

  it('gives each leg of a multi-segment line with its bearing and the running total', () => {
    const l = legs([[0, 0], [1, 0], [1, 1], [0, 1]]);
    expect(l.map((x) => Math.round(x.bearingDeg))).toEqual([90, 0, 270]);
    expect(l[0]?.distanceM).toBeCloseTo(ONE_DEGREE_ARC, 0);
    expect(l[2]?.cumulativeM).toBeCloseTo(lineLengthM([[0, 0], [1, 0], [1, 1], [0, 1]]), 6);
    expect(l[2]?.cumulativeM).toBeCloseTo(2 * ONE_DEGREE_ARC + 2 * R * Math.asin(Math.cos(RAD) * Math.sin(0.5 * RAD)), 0);
    expect(legs([[5, 5]])).toEqual([]);
  });

  it('normalises bearings into [0, 360)', () => {
    expect([-90, 0, 360, 725, -0.5].map(normaliseBearing)).toEqual([270, 0, 0, 5, 359.5]);
  });

  it('goes a bearing and a distance from a point, continuing across ±180°', () => {
    const p = destination([0, 0], 90, ONE_DEGREE_ARC);
    expect(p[0]).toBeCloseTo(1, 6);
    expect(p[1]).toBeCloseTo(0, 6);
    const east = destination([179.8, 0], 90, ONE_DEGREE_ARC);
    expect(east[0]).toBeCloseTo(180.8, 6);
  });
});

describe('area', () => {
  // Area of a cell between two meridians and two parallels: R² Δλ (sin φ2 − sin φ1).
  const cell = (lat1: number, lat2: number, dLng: number) => R * R * dLng * RAD * (Math.sin(lat2 * RAD) - Math.sin(lat1 * RAD));

  it('of a one-degree cell at the equator', () => {
    expect(areaM2([[0, 0], [1, 0], [1, 1], [0, 1]]) / cell(0, 1, 1)).toBeCloseTo(1, 3);
  });

  it('of a cell straddling the antimeridian (continuous longitudes) equals the same cell at Greenwich', () => {
    const straddling = areaM2([[179.5, -0.5], [180.5, -0.5], [180.5, 0.5], [179.5, 0.5], [179.5, -0.5]]);
    expect(straddling / cell(-0.5, 0.5, 1)).toBeCloseTo(1, 3);
  });

  it('at high latitude (70°–71°N) shrinks as the cosine of the latitude', () => {
    expect(areaM2([[20, 70], [21, 70], [21, 71], [20, 71]]) / cell(70, 71, 1)).toBeCloseTo(1, 2);
  });

  it('is 0 for fewer than three vertices', () => {
    expect(areaM2([[0, 0], [1, 1]])).toBe(0);
  });
});

describe('circles, range rings and buffers', () => {
  const vertices = (p: Polygon): Position[] => p.coordinates[0] ?? [];

  it.each([
    ['equator', [15, 0]],
    ['80°N', [20, 80]],
    ['on the antimeridian', [179.99, -17]],
  ] as const)('every vertex of a 10 km circle (%s) is 10 km from the centre', (_l, c) => {
    const ring = vertices(circlePolygon([...c], 10_000));
    expect(ring.length).toBe(97);
    for (const p of ring) expect(distanceM([...c], [p[0] ?? 0, p[1] ?? 0])).toBeCloseTo(10_000, 0);
    // Continuous longitudes: no jump of a whole world between neighbours.
    for (let i = 1; i < ring.length; i++) expect(Math.abs((ring[i]?.[0] ?? 0) - (ring[i - 1]?.[0] ?? 0))).toBeLessThan(1);
  });

  it('range rings are sorted by radius and each has the area of its circle', () => {
    const rings = rangeRings([30, 10], [10_000, 1_000, 5_000]);
    expect(rings.map((r) => r.properties.radiusM)).toEqual([1_000, 5_000, 10_000]);
    for (const r of rings) expect(areaM2(r.geometry) / (Math.PI * r.properties.radiusM ** 2)).toBeCloseTo(1, 2);
  });

  it('a circle across the antimeridian is stored as two parts within ±180°', () => {
    const stored = storableGeometry(circlePolygon([179.99, 0], 5_000)) as MultiPolygon;
    expect(stored.type).toBe('MultiPolygon');
    expect(stored.coordinates.length).toBe(2);
    for (const p of stored.coordinates.flat(2)) expect(Math.abs(p[0] ?? 0)).toBeLessThanOrEqual(180);
    const total = stored.coordinates.reduce((s, c) => s + areaM2({ type: 'Polygon', coordinates: c }), 0);
    expect(total / (Math.PI * 5_000 ** 2)).toBeCloseTo(1, 2);
  });

  it('wraps longitudes past ±180 back for storage when nothing crosses', () => {
    expect(storableGeometry({ type: 'Point', coordinates: [181, 3] })).toEqual({ type: 'Point', coordinates: [-179, 3] });
  });

  it('buffers a point into a disc and a line into a corridor', () => {
    const disc = bufferGeometry({ type: 'Point', coordinates: [10, 10] }, 1_000);
    expect(disc?.type).toBe('Polygon');
    expect(areaM2(disc as Polygon) / (Math.PI * 1_000 ** 2)).toBeCloseTo(1, 1);
    const corridor = bufferGeometry({ type: 'LineString', coordinates: [[10, 10], [10.1, 10]] }, 500);
    const length = distanceM([10, 10], [10.1, 10]);
    // A 1 km wide strip plus two half discs at the ends.
    expect(areaM2(corridor as Polygon) / (length * 1_000 + Math.PI * 500 ** 2)).toBeCloseTo(1, 1);
    expect(bufferGeometry({ type: 'Point', coordinates: [0, 0] }, 0)).toBeNull();
  });
});
