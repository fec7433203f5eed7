import { area as geodesicArea } from '@turf/turf';
import type { CgFeature } from '../domain/feature';
import { boxOf, isPolygonal, pointInPolygonal, pointOf, type Polygonal } from './geometry';
import { BoxIndex } from './spatial-index';
import { incidentInWindow, previousPeriod } from './time';
import type { AreaDensity, DensityInput, DensitySortKey } from './types';

/**
 * Density: incidents per area over a period, against the period of equal length just before.
 * Each incident is located once (R-tree over the areas' boxes, then an exact point-in-polygon
 * with holes) and counted in every area containing it: overlapping areas (a patrol area inside a
 * prefecture) each count it. An incident on an area's edge counts in that area.
 */
export function densityByArea({ incidents, areas, period }: DensityInput): AreaDensity[] {
  const inPeriod = incidentInWindow(period);
  const inPrevious = incidentInWindow(previousPeriod(period));
  const polys: { feature: CgFeature; geometry: Polygonal }[] = [];
  for (const f of areas) if (isPolygonal(f.geometry)) polys.push({ feature: f, geometry: f.geometry });
  const count = new Uint32Array(polys.length);
  const previous = new Uint32Array(polys.length);
  const index = new BoxIndex(polys.map((p) => boxOf(p.geometry)));

  for (const f of incidents) {
    const now = inPeriod(f.properties);
    // The two periods do not overlap, so an incident is in at most one of them.
    const before = !now && inPrevious(f.properties);
    if (!now && !before) continue;
    const p = pointOf(f.geometry);
    if (!p) continue;
    for (const i of index.at(p[0], p[1])) {
      if (!pointInPolygonal(p, (polys[i] as (typeof polys)[number]).geometry)) continue;
      if (now) count[i] = (count[i] as number) + 1;
      else previous[i] = (previous[i] as number) + 1;
    }
  }

  return polys.map(({ feature, geometry }, i) => {
    const n = count[i] as number;
    const prev = previous[i] as number;
    const areaKm2 = geodesicArea(geometry) / 1e6;
    const name = feature.properties.name;
    return {
      areaId: feature.id,
      ...(typeof name === 'string' && { areaName: name }),
      count: n,
      previousCount: prev,
      change: prev === 0 ? null : (n - prev) / prev,
      perKm2: areaKm2 > 0 ? n / areaKm2 : 0,
      areaKm2,
    };
  });
}

/**
 * Rows sorted by a column, largest first by default; rows without a change (no previous
 * incidents) go last either way, then ties by area id so the order is stable.
 */
export function sortDensity(rows: readonly AreaDensity[], key: DensitySortKey, order: 'asc' | 'desc' = 'desc'): AreaDensity[] {
  const sign = order === 'desc' ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null || y === null) return x === y ? tie(a, b) : x === null ? 1 : -1;
    return sign * (x - y) || tie(a, b);
  });
}

const tie = (a: AreaDensity, b: AreaDensity): number => (a.areaId < b.areaId ? -1 : a.areaId > b.areaId ? 1 : 0);
