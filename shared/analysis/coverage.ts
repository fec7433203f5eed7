import { pointOnFeature } from '@turf/turf';
import type { Geometry } from 'geojson';
import type { CgFeature } from '../domain/feature';
import { boxOf, isLineal, isPolygonal, pointInPolygonal, pointOf, pointToGeometry, withinM, type Lineal, type Polygonal } from './geometry';
import { BoxIndex } from './spatial-index';
import { patrolInWindow } from './time';
import type { CoverageGap, CoverageInput, CoverageReason, LngLat, PatrolStatus } from './types';

/**
 * Coverage: sites and DDR points that no counted patrol area covers, or that lie farther than
 * the limit from every counted route. A patrol counts when its status is one of `statuses` and
 * its planned span overlaps the window. Drafts are not commitments and cancelled patrols never
 * happen; completed ones did cover the past, so they count by default.
 */

export const DEFAULT_COVERAGE_STATUSES: readonly PatrolStatus[] = ['approved', 'active', 'completed'];

/**
 * The point a site stands for: its own point, or a point guaranteed on a polygon's surface (a
 * centroid can fall outside a concave camp outline).
 */
export function representativePoint(g: Geometry | null): LngLat | null {
  const p = pointOf(g);
  if (p) return p;
  if (!isPolygonal(g)) return null;
  const c = pointOnFeature(g).geometry.coordinates;
  return [c[0] ?? NaN, c[1] ?? NaN];
}

function counted(features: readonly CgFeature[], statuses: readonly PatrolStatus[], inWindow: (p: CgFeature['properties']) => boolean): CgFeature[] {
  const wanted = new Set<string>(statuses);
  return features.filter((f) => {
    const status = typeof f.properties.status === 'string' ? f.properties.status : 'draft';
    return wanted.has(status) && inWindow(f.properties);
  });
}

export function uncovered({ points, patrolAreas, patrolRoutes, window, maxRouteDistanceKm, statuses = DEFAULT_COVERAGE_STATUSES }: CoverageInput): CoverageGap[] {
  if (points.length === 0) return [];
  const inWindow = patrolInWindow(window);
  const areas: Polygonal[] = [];
  for (const f of counted(patrolAreas, statuses, inWindow)) if (isPolygonal(f.geometry)) areas.push(f.geometry);
  const routes: Lineal[] = [];
  for (const f of counted(patrolRoutes, statuses, inWindow)) if (isLineal(f.geometry)) routes.push(f.geometry);
  const areaIndex = new BoxIndex(areas.map(boxOf));
  const routeIndex = new BoxIndex(routes.map(boxOf));
  const limitM = Math.max(0, maxRouteDistanceKm) * 1000;

  const nearestRouteM = (p: LngLat): number | null => {
    let best: number | null = null;
    const consider = (i: number): void => {
      const c = pointToGeometry(p, routes[i] as Lineal);
      if (c && (best === null || c.distanceM < best)) best = c.distanceM;
    };
    for (const i of routeIndex.near([p[0], p[1], p[0], p[1]], limitM)) consider(i);
    // Nothing within the limit: the nearest route may lie outside the searched boxes. Routes are
    // few (tens), so looking at all of them for the report's distance costs little.
    if (best === null || !withinM(best, limitM)) for (let i = 0; i < routes.length; i++) consider(i);
    return best;
  };

  const gaps: CoverageGap[] = [];
  for (const f of points) {
    const p = representativePoint(f.geometry);
    if (!p) continue;
    const inArea = areaIndex.at(p[0], p[1]).some((i) => pointInPolygonal(p, areas[i] as Polygonal));
    const routeM = nearestRouteM(p);
    const reasons: CoverageReason[] = [];
    if (!inArea) reasons.push('no-area');
    if (routeM === null || !withinM(routeM, limitM)) reasons.push('far-from-route');
    const first = reasons[0];
    if (!first) continue;
    const name = f.properties.name;
    gaps.push({
      featureId: f.id,
      ...(typeof name === 'string' && { featureName: name }),
      nearestRouteKm: routeM === null ? null : routeM / 1000,
      reason: first,
      reasons,
    });
  }
  return gaps;
}
