import type { BBox } from '../base/types';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Kind } from '../domain/common';
import type { CgFeature } from '../domain/feature';
import { uncovered, representativePoint } from './coverage';
import { deconflict } from './deconflict';
import { densityByArea } from './density';
import { isLineal, isPolygonal } from './geometry';
import { incidentsNear, nearestTo } from './proximity';
import type { Alert, AreaDensity, LngLat, PatrolStatus, TimeSpan } from './types';

/**
 * Runs one analysis the way the panel asks for it: layers by id, parameters as the user set
 * them. Picks each layer's role from its kind, runs the pure analysis, and shapes the answer for
 * the UI: a list of items (each pointing at one feature), a highlight overlay, and for density a
 * table. Pure, so the worker is thin and this is tested under node.
 */

export interface AnalysisLayer {
  id: string;
  name: string;
  kind: Kind;
  features: readonly CgFeature[];
}

export type AnalysisRequest =
  | { kind: 'deconflict'; planLayerIds: string[]; siteLayerIds: string[]; noGoLayerIds: string[] }
  | { kind: 'coverage'; pointLayerIds: string[]; patrolLayerIds: string[]; maxRouteKm: number; window: TimeSpan | null }
  | { kind: 'proximity'; incidentLayerIds: string[]; targetLayerIds: string[]; radiusKm: number; window: TimeSpan | null }
  | { kind: 'nearest'; incident: { layerId: string; featureId: string }; targetLayerIds: string[]; count: number }
  | { kind: 'density'; incidentLayerIds: string[]; areaLayerId: string; period: TimeSpan };

export type AnalysisKind = AnalysisRequest['kind'];

/** One line of the result list; `detail` is an i18n key of the `analysis` namespace with its values. */
export interface ResultItem {
  layerId: string;
  featureId: string;
  name: string | null;
  detail: { key: string; values: Record<string, string | number> };
  /** Where to zoom: the feature's extent. */
  bbox: BBox | null;
}

export interface DensityRow extends AreaDensity {
  layerId: string;
}

export interface AnalysisResult {
  kind: AnalysisKind;
  items: ResultItem[];
  /** Result geometries for the map; `role` says how to draw them, `value` feeds the choropleth. */
  overlay: FeatureCollection;
  density?: DensityRow[];
}

export type OverlayRole = 'hit' | 'target' | 'where' | 'area' | 'origin';

/** A plan may not enter these: polygons flagged `noGo`, or every polygon of a layer named for it. */
export function isNoGoLayerName(name: string): boolean {
  return /no[\s_-]?go|interdit/i.test(name);
}

export function noGoZonesOf(layer: AnalysisLayer): CgFeature[] {
  const whole = isNoGoLayerName(layer.name);
  return layer.features.filter((f) => isPolygonal(f.geometry) && (whole || f.properties.noGo === true || f.properties.zoneType === 'no-go'));
}

/** Statuses whose alerts block approval: plans not yet done (a draft is "planned"). */
export const PLAN_STATUSES: readonly PatrolStatus[] = ['draft', 'approved'];

const nameOf = (f: CgFeature): string | null => (typeof f.properties.name === 'string' && f.properties.name !== '' ? f.properties.name : null);

function bboxOf(g: Geometry | null): [number, number, number, number] | null {
  if (!g) return null;
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number') {
      w = Math.min(w, c[0]);
      e = Math.max(e, c[0]);
      s = Math.min(s, c[1]);
      n = Math.max(n, c[1]);
    } else if (Array.isArray(c)) for (const x of c) visit(x);
  };
  if (g.type === 'GeometryCollection') for (const sub of g.geometries) visit('coordinates' in sub ? sub.coordinates : []);
  else visit(g.coordinates);
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

function overlayFeature(f: CgFeature, layerId: string, role: OverlayRole, value?: number): Feature | null {
  if (!f.geometry) return null;
  return { type: 'Feature', geometry: f.geometry, properties: { role, layerId, featureId: f.id, name: nameOf(f) ?? '', ...(value !== undefined && { value }) } };
}

const pointFeature = (at: LngLat, role: OverlayRole): Feature => ({ type: 'Feature', geometry: { type: 'Point', coordinates: at }, properties: { role } });

class Lookup {
  private readonly byFeature = new Map<string, { layer: AnalysisLayer; feature: CgFeature }>();
  constructor(private readonly layers: readonly AnalysisLayer[]) {}
  layer(id: string): AnalysisLayer | undefined {
    return this.layers.find((l) => l.id === id);
  }
  features(ids: readonly string[]): CgFeature[] {
    return ids.flatMap((id) => this.layer(id)?.features ?? []);
  }
  /** Which layer a feature id comes from (ids are UUIDs, unique across layers). */
  find(featureId: string, among: readonly string[]): { layer: AnalysisLayer; feature: CgFeature } | undefined {
    if (this.byFeature.size === 0)
      for (const id of among) {
        const l = this.layer(id);
        for (const f of l?.features ?? []) this.byFeature.set(f.id, { layer: l as AnalysisLayer, feature: f });
      }
    return this.byFeature.get(featureId);
  }
}

function item(layerId: string, f: CgFeature, key: string, values: Record<string, string | number>): ResultItem {
  return { layerId, featureId: f.id, name: nameOf(f), detail: { key, values }, bbox: bboxOf(f.geometry) };
}

const km = (m: number): number => Math.round(m / 10) / 100;

export function runAnalysis(layers: readonly AnalysisLayer[], request: AnalysisRequest): AnalysisResult {
  const look = new Lookup(layers);
  const overlay: Feature[] = [];
  const push = (f: Feature | null): void => {
    if (f) overlay.push(f);
  };
  const items: ResultItem[] = [];
  const done = (extra: Partial<AnalysisResult> = {}): AnalysisResult => ({ kind: request.kind, items, overlay: { type: 'FeatureCollection', features: overlay }, ...extra });

  switch (request.kind) {
    case 'deconflict': {
      const alerts = alertsFor(layers, request.planLayerIds, request.siteLayerIds, request.noGoLayerIds);
      const seenTargets = new Set<string>();
      for (const a of alerts) {
        const plan = look.find(a.planId, [...request.planLayerIds, ...request.siteLayerIds, ...request.noGoLayerIds]);
        const targetId = a.kind === 'site' ? a.siteId : a.zoneId;
        const target = look.find(targetId, []);
        if (!plan) continue;
        items.push(
          item(plan.layer.id, plan.feature, a.kind === 'site' ? 'detail.siteAlert' : 'detail.noGoAlert', {
            target: (a.kind === 'site' ? a.siteName : a.zoneName) ?? targetId,
            distanceKm: km(a.distanceM),
            ...(a.kind === 'site' && { radiusKm: km(a.radiusM), insideKm: km(a.radiusM - a.distanceM) }),
          }),
        );
        push(overlayFeature(plan.feature, plan.layer.id, 'hit'));
        if (target && !seenTargets.has(targetId)) {
          seenTargets.add(targetId);
          push(overlayFeature(target.feature, target.layer.id, 'target', a.kind === 'site' ? a.radiusM : 0));
        }
        push(pointFeature(a.where, 'where'));
      }
      return done();
    }
    case 'coverage': {
      const patrols = look.features(request.patrolLayerIds);
      const gaps = uncovered({
        points: look.features(request.pointLayerIds),
        patrolAreas: patrols.filter((f) => isPolygonal(f.geometry)),
        patrolRoutes: patrols.filter((f) => isLineal(f.geometry)),
        window: request.window,
        maxRouteDistanceKm: request.maxRouteKm,
      });
      for (const g of gaps) {
        const hit = look.find(g.featureId, request.pointLayerIds);
        if (!hit) continue;
        items.push(
          item(hit.layer.id, hit.feature, g.reasons.includes('no-area') && g.reasons.includes('far-from-route') ? 'detail.gapBoth' : g.reason === 'no-area' ? 'detail.gapNoArea' : 'detail.gapFar', {
            distanceKm: g.nearestRouteKm === null ? '—' : Math.round(g.nearestRouteKm * 100) / 100,
          }),
        );
        push(overlayFeature(hit.feature, hit.layer.id, 'hit'));
      }
      return done();
    }
    case 'proximity': {
      const ids = [...request.incidentLayerIds, ...request.targetLayerIds];
      const near = incidentsNear({ incidents: look.features(request.incidentLayerIds), targets: look.features(request.targetLayerIds), radiusKm: request.radiusKm, window: request.window });
      const seen = new Set<string>();
      for (const t of near) {
        if (t.incidents.length === 0) continue;
        const target = look.find(t.targetId, ids);
        if (target) push(overlayFeature(target.feature, target.layer.id, 'target', t.incidents.length));
        for (const n of t.incidents) {
          const inc = look.find(n.id, ids);
          if (!inc) continue;
          items.push(item(inc.layer.id, inc.feature, 'detail.nearTarget', { target: t.targetName ?? t.targetId, distanceKm: Math.round(n.distanceKm * 100) / 100 }));
          if (!seen.has(n.id)) push(overlayFeature(inc.feature, inc.layer.id, 'hit'));
          seen.add(n.id);
        }
      }
      return done();
    }
    case 'nearest': {
      const origin = look.layer(request.incident.layerId)?.features.find((f) => f.id === request.incident.featureId);
      if (!origin) return done();
      push(overlayFeature(origin, request.incident.layerId, 'origin'));
      for (const n of nearestTo(origin, look.features(request.targetLayerIds), { count: request.count })) {
        const hit = look.find(n.id, request.targetLayerIds);
        if (!hit) continue;
        items.push(item(hit.layer.id, hit.feature, 'detail.nearest', { distanceKm: Math.round(n.distanceKm * 100) / 100, bearing: Math.round(n.bearingDeg) }));
        push(overlayFeature(hit.feature, hit.layer.id, 'hit'));
      }
      return done();
    }
    case 'density': {
      const areaLayer = look.layer(request.areaLayerId);
      const areas = areaLayer?.features.filter((f) => isPolygonal(f.geometry)) ?? [];
      const rows = densityByArea({ incidents: look.features(request.incidentLayerIds), areas, period: request.period });
      const byId = new Map(areas.map((a) => [a.id, a]));
      const density: DensityRow[] = [];
      for (const r of rows) {
        const a = byId.get(r.areaId);
        if (!a || !areaLayer) continue;
        density.push({ ...r, layerId: areaLayer.id });
        push(overlayFeature(a, areaLayer.id, 'area', r.count));
        items.push(item(areaLayer.id, a, 'detail.density', { count: r.count, previous: r.previousCount }));
      }
      return done({ density });
    }
  }
}

/** Deconfliction alerts of the plans in `planLayerIds` (all statuses still to run). */
export function alertsFor(layers: readonly AnalysisLayer[], planLayerIds: readonly string[], siteLayerIds: readonly string[], noGoLayerIds: readonly string[]): Alert[] {
  const pick = (ids: readonly string[]): AnalysisLayer[] => layers.filter((l) => ids.includes(l.id));
  return deconflict({
    plans: pick(planLayerIds).flatMap((l) => l.features),
    sites: pick(siteLayerIds).flatMap((l) => l.features),
    noGoZones: pick(noGoLayerIds).flatMap(noGoZonesOf),
    statuses: PLAN_STATUSES,
  });
}

/** The alerts of one plan against every humanitarian layer and no-go zone of the workspace. */
export function planAlerts(layers: readonly AnalysisLayer[], plan: CgFeature): Alert[] {
  const sites = layers.filter((l) => l.kind === 'humanitarian').flatMap((l) => l.features);
  const zones = layers.filter((l) => l.kind !== 'patrol').flatMap(noGoZonesOf);
  return deconflict({ plans: [plan], sites, noGoZones: zones, statuses: PLAN_STATUSES });
}

/** A point for a result feature, e.g. to label it: its own point or a point on its surface. */
export function labelPoint(f: CgFeature): LngLat | null {
  return representativePoint(f.geometry);
}
