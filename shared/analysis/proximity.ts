import { bearing } from '@turf/turf';
import { around } from 'geokdbush';
import KDBush from 'kdbush';
import type { CgFeature } from '../domain/feature';
import { isPolygonal, pathsOf, pointOf, pointToGeometry, withinM } from './geometry';
import { representativePoint } from './coverage';
import { haversineM } from './sphere';
import { incidentInWindow } from './time';
import type { IncidentsNearInput, LngLat, Nearest, NearestOptions, NearIncident, TargetIncidents } from './types';

/**
 * Proximity: incidents near sites and DDR points, and the sites nearest one incident.
 * geokdbush searches a kd-tree of points by great-circle distance (it also wraps the antimeridian);
 * its earth radius (6371 km) is a hair smaller than turf's, so it is asked a little farther and
 * the distances reported are turf's (haversine, 6371.0088 km), filtered exactly.
 */

/** geokdbush measures with a 6371 km radius; this widens its search to cover turf's metres. */
const GEOKDBUSH_SLACK = 1.001;

const nameOf = (f: CgFeature): string | undefined => (typeof f.properties.name === 'string' ? f.properties.name : undefined);
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface PointSet {
  ids: string[];
  names: (string | undefined)[];
  lng: Float64Array;
  lat: Float64Array;
  index: KDBush;
}

function pointSet(features: readonly CgFeature[], keep: (f: CgFeature) => LngLat | null): PointSet {
  const ids: string[] = [];
  const names: (string | undefined)[] = [];
  const xs: number[] = [];
  const ys: number[] = [];
  for (const f of features) {
    const p = keep(f);
    if (!p) continue;
    ids.push(f.id);
    names.push(nameOf(f));
    xs.push(p[0]);
    ys.push(p[1]);
  }
  const index = new KDBush(ids.length);
  for (let i = 0; i < ids.length; i++) index.add(xs[i] as number, ys[i] as number);
  index.finish();
  return { ids, names, lng: Float64Array.from(xs), lat: Float64Array.from(ys), index };
}

/**
 * For each target with at least one incident in the window within `radiusKm` (inclusive), those
 * incidents nearest first. Targets keep their input order. A polygon target is measured from its
 * edge (0 inside).
 */
export function incidentsNear({ incidents, targets, radiusKm, window }: IncidentsNearInput): TargetIncidents[] {
  const inWindow = incidentInWindow(window);
  const set = pointSet(incidents, (f) => (inWindow(f.properties) ? pointOf(f.geometry) : null));
  if (set.ids.length === 0) return [];
  const limitM = Math.max(0, radiusKm) * 1000;
  const out: TargetIncidents[] = [];
  for (const t of targets) {
    const g = t.geometry;
    if (!g) continue;
    let center: LngLat | null = pointOf(g);
    let reachM = 0;
    if (!center && isPolygonal(g)) {
      // Search around a point of the polygon far enough to reach anything within the radius of
      // any part of it: the radius plus the farthest vertex.
      center = representativePoint(g);
      if (center) for (const path of pathsOf(g)) for (const v of path) reachM = Math.max(reachM, haversineM(center[0], center[1], v[0] ?? NaN, v[1] ?? NaN));
    }
    if (!center) continue;
    const found: NearIncident[] = [];
    for (const i of around(set.index, center[0], center[1], Infinity, ((limitM + reachM) / 1000) * GEOKDBUSH_SLACK)) {
      const p: LngLat = [set.lng[i] as number, set.lat[i] as number];
      const d = reachM === 0 ? haversineM(center[0], center[1], p[0], p[1]) : (pointToGeometry(p, g)?.distanceM ?? Infinity);
      if (withinM(d, limitM)) found.push({ id: set.ids[i] as string, distanceKm: d / 1000 });
    }
    if (found.length === 0) continue;
    found.sort((a, b) => a.distanceKm - b.distanceKm || byCodeUnits(a.id, b.id));
    const name = nameOf(t);
    out.push({ targetId: t.id, ...(name !== undefined && { targetName: name }), incidents: found });
  }
  return out;
}

/**
 * Candidates (sites, DDR points) indexed once, for asking "what is nearest" of many points. A
 * polygon candidate stands for a point on its surface.
 */
export class NearestIndex {
  private readonly set: PointSet;

  constructor(candidates: readonly CgFeature[]) {
    this.set = pointSet(candidates, (f) => representativePoint(f.geometry));
  }

  get size(): number {
    return this.set.ids.length;
  }

  nearest(point: LngLat, { count = 5, maxKm = Infinity }: NearestOptions = {}): Nearest[] {
    const { set } = this;
    if (set.ids.length === 0 || count <= 0) return [];
    const limitM = maxKm * 1000;
    // Ask for a few more than wanted: near the limit, geokdbush's smaller radius and ties can
    // reorder the last places; the exact distances below settle them.
    const ids = around(set.index, point[0], point[1], count + 2, Number.isFinite(maxKm) ? maxKm * GEOKDBUSH_SLACK : undefined);
    const rows: Nearest[] = [];
    for (const i of ids) {
      const lng = set.lng[i] as number;
      const lat = set.lat[i] as number;
      const d = haversineM(point[0], point[1], lng, lat);
      if (!withinM(d, limitM)) continue;
      const name = set.names[i];
      rows.push({
        id: set.ids[i] as string,
        ...(name !== undefined && { name }),
        distanceKm: d / 1000,
        // turf gives −180…180; a compass reads 0…360. The same point has no bearing: 0.
        bearingDeg: d === 0 ? 0 : (bearing([point[0], point[1]], [lng, lat]) + 360) % 360,
      });
    }
    rows.sort((a, b) => a.distanceKm - b.distanceKm || byCodeUnits(a.id, b.id));
    return rows.slice(0, count);
  }
}

/**
 * The nearest candidates to one point (or feature, such as an incident: from its point, and
 * never itself), with distance and bearing. Pass a {@link NearestIndex} when asking for many
 * points: building the index costs more than one linear look.
 */
export function nearestTo(point: LngLat | CgFeature, candidates: readonly CgFeature[] | NearestIndex, options: NearestOptions = {}): Nearest[] {
  const index = candidates instanceof NearestIndex ? candidates : new NearestIndex(candidates);
  if (Array.isArray(point)) return index.nearest(point, options);
  const at = representativePoint(point.geometry);
  if (!at) return [];
  const count = options.count ?? 5;
  return index
    .nearest(at, { ...options, count: count + 1 })
    .filter((n) => n.id !== point.id)
    .slice(0, count);
}
