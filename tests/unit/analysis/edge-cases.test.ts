import { destination, distance, lineString, point, pointToLineDistance } from '@turf/turf';
import type { Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { CgFeature, FeatureProperties } from '../../../shared/domain/feature';
import { deconflict, densityByArea, incidentsNear, nearestTo, NearestIndex, previousPeriod, sortDensity, uncovered } from '../../../shared/analysis';
import { expandBox } from '../../../shared/analysis/spatial-index';
import { pointToSegment } from '../../../shared/analysis/sphere';

const feature = (id: string, geometry: Geometry, properties: FeatureProperties = {}): CgFeature => ({ type: 'Feature', id, geometry, properties });
const pt = (x: number, y: number): Geometry => ({ type: 'Point', coordinates: [x, y] });
const line = (...c: [number, number][]): Geometry => ({ type: 'LineString', coordinates: c });
const rect = (x0: number, y0: number, x1: number, y1: number): [number, number][] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const poly = (...rings: [number, number][][]): Geometry => ({ type: 'Polygon', coordinates: rings });
const site = (id: string, g: Geometry, radius: number, notified = true): CgFeature => feature(id, g, { siteType: 'idp_site', notified, protectionRadiusM: radius });
const plan = (id: string, g: Geometry, status?: string): CgFeature => feature(id, g, { unit: 'NEPBATT', ...(status !== undefined && { status }) });
const incident = (id: string, x: number, y: number, eventDate: string): CgFeature => feature(id, pt(x, y), { eventDate, eventType: 'Battles' });

// Juba, South Sudan: UN House protection site.
const JUBA: [number, number] = [31.58, 4.85];

describe('deconflict', () => {
  it('returns [] for empty layers', () => {
    const s = site('s', pt(...JUBA), 1000);
    const p = plan('p', line(JUBA, [31.6, 4.86]), 'approved');
    expect(deconflict({ plans: [], sites: [s] })).toEqual([]);
    expect(deconflict({ plans: [p], sites: [] })).toEqual([]);
    expect(deconflict({ plans: [], sites: [], noGoZones: [] })).toEqual([]);
  });

  it('counts a site exactly at the radius (inclusive), not one a metre farther', () => {
    const start = destination(JUBA, 3, 90).geometry.coordinates as [number, number];
    const route = plan('route', line(start, [start[0] + 0.05, start[1]]), 'approved');
    const radius = distance(JUBA, start, { units: 'meters' });
    const [alert] = deconflict({ plans: [route], sites: [site('s', pt(...JUBA), radius)] });
    expect(alert).toMatchObject({ planId: 'route', siteId: 's', kind: 'site', where: start });
    expect(alert?.distanceM).toBeCloseTo(radius, 6);
    expect(deconflict({ plans: [route], sites: [site('s', pt(...JUBA), radius - 1)] })).toEqual([]);
  });

  it('ignores cancelled, completed and active plans by default; a plan without status is a draft', () => {
    const g = line([31.57, 4.85], [31.59, 4.85]);
    const plans = ['cancelled', 'completed', 'active', undefined, 'approved'].map((s, i) => plan(`p${i}-${s ?? 'none'}`, g, s));
    const ids = deconflict({ plans, sites: [site('s', pt(...JUBA), 500)] }).map((a) => a.planId);
    expect(ids).toEqual(['p3-none', 'p4-approved']);
  });

  it('ignores sites not notified or without a positive radius', () => {
    const p = plan('p', line([31.57, 4.85], [31.59, 4.85]), 'approved');
    const sites = [site('a', pt(...JUBA), 500, false), site('b', pt(...JUBA), 0), feature('c', pt(...JUBA), { notified: true })];
    expect(deconflict({ plans: [p], sites })).toEqual([]);
  });

  it('finds a route crossing the antimeridian near a site at 179.9°E (Taveuni, Fiji)', () => {
    const s = site('taveuni', pt(179.9, -16.9), 15_000);
    const crossing = plan('crossing', line([179.7, -16.8], [-179.8, -16.8]), 'approved');
    const [a] = deconflict({ plans: [crossing], sites: [s] });
    expect(a?.planId).toBe('crossing');
    // The route runs ~0.1° of latitude north of the site: about 11 km, not across the world.
    expect(a?.distanceM).toBeGreaterThan(10_900);
    expect(a?.distanceM).toBeLessThan(11_200);
    expect(a?.where[0]).toBeCloseTo(179.9, 3);
    // The same route split at the antimeridian, as import stores it (RFC 7946).
    const split = plan('split', { type: 'MultiLineString', coordinates: [[[179.7, -16.8], [180, -16.8]], [[-180, -16.8], [-179.8, -16.8]]] }, 'approved');
    // Not identical: the split parts end on the antimeridian at -16.8°, where the one great-circle
    // segment bulges ~10 m towards the equator.
    const d = deconflict({ plans: [split], sites: [s] })[0]?.distanceM ?? 0;
    expect(Math.abs(d - (a?.distanceM ?? 0))).toBeLessThan(20);
  });

  it('finds a route lying wholly west of the antimeridian within the radius of a site east of it', () => {
    const s = site('taveuni', pt(179.9, -16.9), 20_000);
    const west = plan('west', line([-179.95, -17.2], [-179.95, -16.6]), 'approved');
    const [a] = deconflict({ plans: [west], sites: [s] });
    // 0.15° of longitude at 16.9°S ≈ 15.96 km.
    expect(a?.distanceM).toBeGreaterThan(15_900);
    expect(a?.distanceM).toBeLessThan(16_000);
    expect(deconflict({ plans: [west], sites: [site('taveuni', pt(179.9, -16.9), 15_000)] })).toEqual([]);
  });

  it('finds a route east of the antimeridian near a site just west of it', () => {
    const s = site('west-site', pt(-179.9, -16.9), 20_000);
    const east = plan('east', line([179.95, -17.2], [179.95, -16.6]), 'approved');
    expect(deconflict({ plans: [east], sites: [s] })).toHaveLength(1);
  });

  it('reports a plan sharing an edge with a no-go zone at distance 0 (boundary inclusive)', () => {
    // Bria, CAR: a patrol area whose east edge is the zone's west edge.
    const zone = feature('zone', poly(rect(22.0, 6.5, 22.1, 6.6)));
    const area = plan('area', poly(rect(21.9, 6.5, 22.0, 6.6)), 'draft');
    const alerts = deconflict({ plans: [area], sites: [], noGoZones: [zone] });
    expect(alerts).toEqual([{ planId: 'area', kind: 'no-go', zoneId: 'zone', distanceM: 0, where: [22.0, 6.5] }]);
  });

  it('buffers polygon sites: a route 800 m from a camp edge alerts at a 1 km radius', () => {
    const camp = site('camp', poly(rect(20.64, 5.78, 20.65, 5.79)), 1000);
    const y = 5.78 - 800 / 111_195;
    const route = plan('r', line([20.6, y], [20.7, y]), 'approved');
    const [a] = deconflict({ plans: [route], sites: [camp] });
    expect(a?.distanceM).toBeGreaterThan(790);
    expect(a?.distanceM).toBeLessThan(810);
    expect(deconflict({ plans: [route], sites: [site('camp', poly(rect(20.64, 5.78, 20.65, 5.79)), 700)] })).toEqual([]);
  });
});

describe('uncovered', () => {
  const window = { start: '2026-11-22', end: '2026-11-22' };
  const area = plan('area', poly(rect(31.5, 4.8, 31.7, 4.9)), 'active');
  area.properties.plannedStart = '2026-11-22T06:00:00Z';
  area.properties.plannedEnd = '2026-11-22T18:00:00Z';

  it('returns [] when there are no points', () => {
    expect(uncovered({ points: [], patrolAreas: [area], patrolRoutes: [], window, maxRouteDistanceKm: 5 })).toEqual([]);
  });

  it('says far-from-route with a null distance when no route counts', () => {
    const s = feature('s', pt(...JUBA), { siteType: 'school' });
    expect(uncovered({ points: [s], patrolAreas: [area], patrolRoutes: [], window, maxRouteDistanceKm: 5 })).toEqual([
      { featureId: 's', nearestRouteKm: null, reason: 'far-from-route', reasons: ['far-from-route'] },
    ]);
  });

  it('counts an area only when its planned span overlaps a bare-date window, and never when cancelled', () => {
    const s = feature('s', pt(...JUBA));
    // A patrol without planned dates is never in a window (as on the map), so the route has some.
    const route = feature('r', line(JUBA, [31.6, 4.86]), { status: 'approved', plannedStart: '2026-11-01', plannedEnd: '2026-11-30' });
    const run = (w: { start: string; end: string }, a: CgFeature) => uncovered({ points: [s], patrolAreas: [a], patrolRoutes: [route], window: w, maxRouteDistanceKm: 1 });
    expect(run(window, area)).toEqual([]);
    expect(run({ start: '2026-11-23', end: '2026-11-23' }, area)[0]?.reason).toBe('no-area');
    expect(run({ start: '2026-11-21', end: '2026-11-21' }, area)[0]?.reason).toBe('no-area');
    expect(run(window, { ...area, properties: { ...area.properties, status: 'cancelled' } })[0]?.reason).toBe('no-area');
  });

  it('counts a point on an area edge as covered and one exactly at the route limit as near', () => {
    const onEdge = feature('edge', pt(31.5, 4.85));
    const start = destination([31.5, 4.85], 2, 0).geometry.coordinates as [number, number];
    const route = plan('r', line(start, [start[0], start[1] + 0.05]), 'approved');
    const km = distance([31.5, 4.85], start, { units: 'kilometers' });
    expect(uncovered({ points: [onEdge], patrolAreas: [area], patrolRoutes: [route], window: null, maxRouteDistanceKm: km })).toEqual([]);
  });

  it('reports the true nearest route even when a nearer box holds only a farther route', () => {
    const s = feature('s', pt(...JUBA));
    // A long diagonal route whose box contains the site but whose line passes ~21 km away, and a
    // short route ~11 km north whose box is outside the 1 km search.
    const diagonal = plan('diagonal', line([31.0, 4.0], [32.0, 5.0]), 'approved');
    const north = plan('north', line([31.58, 4.95], [31.6, 4.95]), 'approved');
    const [gap] = uncovered({ points: [s], patrolAreas: [], patrolRoutes: [diagonal, north], window: null, maxRouteDistanceKm: 1 });
    expect(gap?.reasons).toEqual(['no-area', 'far-from-route']);
    expect(gap?.nearestRouteKm).toBeCloseTo(distance(JUBA, [31.58, 4.95]), 3);
  });
});

describe('incidentsNear and nearestTo', () => {
  // Gao, Mali.
  const target = feature('hopital', pt(-0.042, 16.27), { name: 'Hôpital régional de Gao' });

  it('treats a bare-date window as whole days, ends inclusive', () => {
    const incidents = [
      incident('bare', -0.042, 16.271, '2026-11-22'),
      incident('first-minute', -0.042, 16.271, '2026-11-22T00:00:00Z'),
      incident('last-minute', -0.042, 16.271, '2026-11-22T23:59:59Z'),
      incident('day-before', -0.042, 16.271, '2026-11-21T23:59:59Z'),
      incident('day-after', -0.042, 16.271, '2026-11-23T00:00:00Z'),
    ];
    const [r] = incidentsNear({ incidents, targets: [target], radiusKm: 1, window: { start: '2026-11-22', end: '2026-11-22' } });
    expect(r?.incidents.map((i) => i.id).sort()).toEqual(['bare', 'first-minute', 'last-minute']);
  });

  it('includes an incident exactly at the radius and refuses a window that is not one', () => {
    const at = destination([-0.042, 16.27], 2.5, 200).geometry.coordinates as [number, number];
    const km = distance([-0.042, 16.27], at, { units: 'kilometers' });
    const near = incidentsNear({ incidents: [incident('at', at[0], at[1], '2026-11-22')], targets: [target], radiusKm: km, window: null });
    expect(near[0]?.incidents[0]?.distanceKm).toBeCloseTo(km, 9);
    expect(() => incidentsNear({ incidents: [], targets: [target], radiusKm: 1, window: { start: '2026-11-23', end: '2026-11-22' } })).toThrow(RangeError);
  });

  it('returns [] with no incidents or no targets', () => {
    expect(incidentsNear({ incidents: [], targets: [target], radiusKm: 5, window: null })).toEqual([]);
    expect(incidentsNear({ incidents: [incident('i', -0.042, 16.27, '2026-11-22')], targets: [], radiusKm: 5, window: null })).toEqual([]);
  });

  it('gives compass bearings 0–360 and honours count and maxKm', () => {
    const from: [number, number] = [-0.042, 16.27];
    const west = feature('west', pt(-0.142, 16.27));
    const north = feature('north', pt(-0.042, 16.37));
    const far = feature('far', pt(0.503, 15.659));
    const rows = nearestTo(from, [far, west, north], { count: 5, maxKm: 20 });
    expect(rows.map((r) => r.id)).toEqual(['west', 'north']);
    expect(rows[0]?.bearingDeg).toBeGreaterThan(269.9);
    expect(rows[0]?.bearingDeg).toBeLessThan(270.1);
    expect(rows[1]?.bearingDeg).toBeCloseTo(0, 6);
    expect(nearestTo(from, new NearestIndex([far, west, north]), { count: 1 }).map((r) => r.id)).toEqual(['west']);
    expect(nearestTo(from, [], { count: 3 })).toEqual([]);
  });
});

describe('densityByArea', () => {
  // Mopti, Mali: a cercle with the Sévaré camp cut out as a hole.
  const mopti = feature('mopti', poly(rect(-4.4, 14.3, -3.9, 14.7), rect(-4.16, 14.5, -4.1, 14.56).reverse()));
  const period = { start: '2026-11-01', end: '2026-11-30' };

  it('does not count an incident in a hole, counts one on the outer or the hole edge', () => {
    const rows = densityByArea({
      areas: [mopti],
      period,
      incidents: [
        incident('in-hole', -4.13, 14.53, '2026-11-10'),
        incident('outer-edge', -3.9, 14.5, '2026-11-10'),
        incident('hole-edge', -4.16, 14.53, '2026-11-10'),
        incident('inside', -4.3, 14.4, '2026-11-10'),
      ],
    });
    expect(rows[0]?.count).toBe(3);
  });

  it('compares with the previous period of equal length and gives null change from zero', () => {
    expect(previousPeriod(period)).toEqual({ start: '2026-10-02', end: '2026-10-31' });
    expect(previousPeriod({ start: '2026-11-22T00:00:00Z', end: '2026-11-22T11:59:00Z' })).toEqual({ start: '2026-11-21T12:00Z', end: '2026-11-21T23:59Z' });
    const rows = densityByArea({ areas: [mopti], period, incidents: [incident('a', -4.3, 14.4, '2026-11-02'), incident('b', -4.3, 14.4, '2026-10-31'), incident('c', -4.3, 14.4, '2026-10-30')] });
    expect(rows[0]).toMatchObject({ count: 1, previousCount: 2, change: -0.5 });
    expect(densityByArea({ areas: [mopti], period, incidents: [incident('a', -4.3, 14.4, '2026-11-02')] })[0]?.change).toBeNull();
  });

  it('returns a row per area even with no incidents, and [] without areas', () => {
    expect(densityByArea({ areas: [], period, incidents: [incident('a', -4.3, 14.4, '2026-11-02')] })).toEqual([]);
    expect(densityByArea({ areas: [mopti], period, incidents: [] })[0]).toMatchObject({ count: 0, previousCount: 0, change: null, perKm2: 0 });
  });

  it('sorts by a column with null changes last', () => {
    const rows = densityByArea({
      areas: [mopti, feature('bandiagara', poly(rect(-3.9, 14.1, -3.3, 14.6))), feature('djenne', poly(rect(-4.8, 13.7, -4.4, 14.1)))],
      period,
      incidents: [incident('a', -3.6, 14.3, '2026-11-02'), incident('b', -3.6, 14.3, '2026-10-20'), incident('c', -4.6, 13.9, '2026-10-20'), incident('d', -4.3, 14.4, '2026-11-05')],
    });
    expect(sortDensity(rows, 'change').map((r) => r.areaId)).toEqual(['bandiagara', 'djenne', 'mopti']);
    expect(sortDensity(rows, 'count', 'asc').map((r) => r.areaId)).toEqual(['djenne', 'bandiagara', 'mopti']);
  });
});

describe('geometry kernel', () => {
  it('splits query boxes at the antimeridian and opens them near a pole', () => {
    const boxes = expandBox([179.9, -16.9, 179.9, -16.9], 20_000);
    expect(boxes).toHaveLength(2);
    expect(boxes[1]?.[0]).toBe(-180);
    expect(boxes[1]?.[2]).toBeGreaterThan(-179.92);
    const west = expandBox([-179.9, -16.9, -179.9, -16.9], 20_000);
    expect(west.map((b) => [b[0] > 179, b[2]])).toEqual([[true, 180], [false, expect.any(Number)]]);
    expect(expandBox([10, 89.95, 10, 89.95], 10_000)).toEqual([[-180, expect.any(Number), 180, 90]]);
  });

  it('agrees with turf on point-to-segment distance away from the antimeridian', () => {
    const a: [number, number] = [18.5582, 4.3947];
    const b: [number, number] = [21.9869, 6.5423];
    const p: [number, number] = [20.67, 5.2];
    const ours = pointToSegment(p, a, b).distanceM;
    const theirs = pointToLineDistance(point(p), lineString([a, b]), { units: 'meters' });
    expect(Math.abs(ours - theirs)).toBeLessThan(theirs * 1e-3);
  });
});

// Edge cases the issue names that the blocks above did not reach: holes in no-go zones and
// patrol areas, the antimeridian for coverage, proximity and density, and empty patrol layers.
describe('holes, the antimeridian and empty layers across the analyses', () => {
  // Taveuni, Fiji, which the 180° meridian crosses: an area split there as import stores it.
  const splitArea = (x: number): Geometry => ({
    type: 'MultiPolygon',
    coordinates: [[rect(180 - x, -17.0, 180, -16.7)], [rect(-180, -17.0, -180 + x, -16.7)]],
  });

  it('deconflict: a plan wholly inside a no-go zone’s hole is clear; one crossing the hole edge alerts', () => {
    // Bria, CAR: a zone with the town cut out as a hole.
    const zone = feature('zone', poly(rect(21.9, 6.45, 22.1, 6.65), rect(21.95, 6.5, 22.05, 6.6).reverse()));
    const inHole = plan('in-hole', line([21.97, 6.55], [22.03, 6.55]), 'draft');
    const crossing = plan('crossing', line([21.97, 6.55], [22.08, 6.55]), 'draft');
    const alerts = deconflict({ plans: [inHole, crossing], sites: [], noGoZones: [zone] });
    expect(alerts.map((a) => a.planId)).toEqual(['crossing']);
    expect(alerts[0]?.distanceM).toBe(0);
  });

  it('coverage: a point in a patrol area’s hole is not covered; one on the hole edge is', () => {
    const area = plan('area', poly(rect(31.5, 4.8, 31.7, 4.9), rect(31.57, 4.84, 31.59, 4.86).reverse()), 'active');
    const inHole = feature('in-hole', pt(31.58, 4.85));
    const onHoleEdge = feature('hole-edge', pt(31.57, 4.85));
    const gaps = uncovered({ points: [inHole, onHoleEdge], patrolAreas: [area], patrolRoutes: [], window: null, maxRouteDistanceKm: 5 });
    expect(gaps.map((g) => [g.featureId, g.reasons])).toEqual([
      ['in-hole', ['no-area', 'far-from-route']],
      ['hole-edge', ['far-from-route']],
    ]);
  });

  it('coverage: with empty patrol layers every point is a gap for both reasons', () => {
    const gaps = uncovered({ points: [feature('s', pt(...JUBA))], patrolAreas: [], patrolRoutes: [], window: null, maxRouteDistanceKm: 5 });
    expect(gaps).toEqual([{ featureId: 's', nearestRouteKm: null, reason: 'no-area', reasons: ['no-area', 'far-from-route'] }]);
  });

  it('coverage: an area split at the antimeridian covers points on both sides, and a route across it is near', () => {
    const area = plan('area', splitArea(0.2), 'active');
    const route = plan('route', line([179.9, -16.95], [-179.9, -16.95]), 'approved');
    const east = feature('east', pt(179.95, -16.8));
    const west = feature('west', pt(-179.95, -16.8));
    const onMeridian = feature('meridian', pt(180, -16.8));
    expect(uncovered({ points: [east, west, onMeridian], patrolAreas: [area], patrolRoutes: [route], window: null, maxRouteDistanceKm: 20 })).toEqual([]);
    // 0.15° of latitude south of the points: ~16.7 km, not across the world.
    const [gap] = uncovered({ points: [west], patrolAreas: [], patrolRoutes: [route], window: null, maxRouteDistanceKm: 5 });
    expect(gap?.nearestRouteKm).toBeGreaterThan(16.5);
    expect(gap?.nearestRouteKm).toBeLessThan(16.8);
  });

  it('proximity: an incident and a site on either side of the antimeridian are ~2 km apart, due east', () => {
    const s = feature('site', pt(-179.99, -16.8), { name: 'Vuna clinic' });
    const inc = incident('i', 179.99, -16.8, '2026-11-22');
    const km = distance([179.99, -16.8], [-179.99, -16.8], { units: 'kilometers' });
    expect(km).toBeLessThan(2.2);
    const [near] = incidentsNear({ incidents: [inc], targets: [s], radiusKm: 5, window: null });
    expect(near?.incidents.map((i) => i.id)).toEqual(['i']);
    expect(near?.incidents[0]?.distanceKm).toBeCloseTo(km, 6);
    const [n] = nearestTo([179.99, -16.8], [s, feature('far', pt(179.0, -16.8))], { count: 1 });
    expect(n?.id).toBe('site');
    expect(n?.bearingDeg).toBeGreaterThan(89.9);
    expect(n?.bearingDeg).toBeLessThan(90.1);
  });

  it('density: an area split at the antimeridian counts incidents on both sides and on 180° itself', () => {
    const rows = densityByArea({
      areas: [feature('taveuni', splitArea(0.2))],
      period: { start: '2026-11-01', end: '2026-11-30' },
      incidents: [
        incident('east', 179.9, -16.8, '2026-11-10'),
        incident('west', -179.9, -16.8, '2026-11-10'),
        incident('on-180', 180, -16.8, '2026-11-10'),
        incident('on-minus-180', -180, -16.9, '2026-11-10'),
        incident('outside', -179.7, -16.8, '2026-11-10'),
      ],
    });
    expect(rows[0]?.count).toBe(4);
  });
});
