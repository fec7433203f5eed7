import type { Geometry } from 'geojson';
import type { CgFeature } from '../domain/feature';
import { boxOf, isLineal, isPolygonal, planToTarget, withinM, type Box, type Lineal, type Polygonal } from './geometry';
import { BoxIndex } from './spatial-index';
import type { Alert, DeconflictInput, PatrolStatus } from './types';

/**
 * Deconfliction: plans (patrol areas and routes) that come within the protection radius of a
 * humanitarian site notified for deconfliction, or touch a no-go zone.
 *
 * A site's protected zone is its geometry buffered by its radius, so "the plan enters it" is
 * exactly "distance(plan, site) ≤ radius" – no buffer polygon is built (turf's buffer is
 * approximate and slow). Exactly at the radius counts (inclusive, 1 mm tolerance).
 * Plans are indexed by bounding box; each target asks the index for plans within its radius.
 */

export const DEFAULT_DECONFLICT_STATUSES: readonly PatrolStatus[] = ['draft', 'approved'];

interface Plan {
  feature: CgFeature;
  geometry: Lineal | Polygonal;
}

interface Target {
  feature: CgFeature;
  geometry: Geometry;
  box: Box;
  radiusM: number;
  kind: 'site' | 'no-go';
}

const nameOf = (f: CgFeature): string | undefined => (typeof f.properties.name === 'string' ? f.properties.name : undefined);

function targetBox(g: Geometry): Box | null {
  if (g.type === 'Point') {
    const [x, y] = g.coordinates;
    return x === undefined || y === undefined ? null : [x, y, x, y];
  }
  return isPolygonal(g) ? boxOf(g) : null;
}

/** A site counts when notified with a positive radius and a point or polygon geometry. */
function siteTarget(f: CgFeature): Target | null {
  const r = f.properties.protectionRadiusM;
  if (f.properties.notified !== true || typeof r !== 'number' || !(r > 0) || !f.geometry) return null;
  const box = targetBox(f.geometry);
  return box ? { feature: f, geometry: f.geometry, box, radiusM: r, kind: 'site' } : null;
}

function zoneTarget(f: CgFeature): Target | null {
  if (!isPolygonal(f.geometry)) return null;
  return { feature: f, geometry: f.geometry, box: boxOf(f.geometry), radiusM: 0, kind: 'no-go' };
}

export function deconflict({ plans, sites, noGoZones = [], statuses = DEFAULT_DECONFLICT_STATUSES }: DeconflictInput): Alert[] {
  const wanted = new Set<string>(statuses);
  const selected: Plan[] = [];
  for (const f of plans) {
    const status = typeof f.properties.status === 'string' ? f.properties.status : 'draft';
    if (!wanted.has(status)) continue;
    if (isLineal(f.geometry) || isPolygonal(f.geometry)) selected.push({ feature: f, geometry: f.geometry });
  }
  const targets: Target[] = [];
  for (const s of sites) {
    const t = siteTarget(s);
    if (t) targets.push(t);
  }
  for (const z of noGoZones) {
    const t = zoneTarget(z);
    if (t) targets.push(t);
  }
  if (selected.length === 0 || targets.length === 0) return [];

  const index = new BoxIndex(selected.map((p) => boxOf(p.geometry)));
  const alerts: Alert[] = [];
  for (const t of targets) {
    for (const i of index.near(t.box, t.radiusM)) {
      const plan = selected[i] as Plan;
      const c = planToTarget(plan.geometry, t.geometry);
      if (!c || !withinM(c.distanceM, t.radiusM)) continue;
      const base = { planId: plan.feature.id, distanceM: c.distanceM, where: c.at };
      const planName = nameOf(plan.feature);
      const targetName = nameOf(t.feature);
      alerts.push(
        t.kind === 'site'
          ? { ...base, kind: 'site', siteId: t.feature.id, radiusM: t.radiusM, ...(targetName !== undefined && { siteName: targetName }), ...(planName !== undefined && { planName }) }
          : { ...base, kind: 'no-go', zoneId: t.feature.id, ...(targetName !== undefined && { zoneName: targetName }), ...(planName !== undefined && { planName }) },
      );
    }
  }
  return alerts.sort(compareAlerts);
}

const targetIdOf = (a: Alert): string => (a.kind === 'site' ? a.siteId : a.zoneId);
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** By plan id, then nearest first, then target id: a stable order whatever the input order. */
function compareAlerts(a: Alert, b: Alert): number {
  return byCodeUnits(a.planId, b.planId) || a.distanceM - b.distanceM || byCodeUnits(targetIdOf(a), targetIdOf(b)) || byCodeUnits(a.kind, b.kind);
}
