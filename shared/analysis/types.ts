import type { CgFeature } from '../domain/feature';
import type { PatrolFields } from '../domain/kinds';

/**
 * Inputs and results of the analyses. Every analysis is a pure function of features (no store,
 * no map), so the same code runs in a worker, in the CLI and in tests.
 */

/** Longitude, latitude in decimal degrees (GeoJSON order). */
import type { LngLat } from '../base/types';

export type { LngLat };

export type PatrolStatus = PatrolFields['status'];

/**
 * A time window as stored by the filters: ISO 8601 dates or date-times. A bare `YYYY-MM-DD`
 * counts as the whole day (from its first minute as a start, to its last minute as an end), and
 * both ends are inclusive, as in `shared/domain/filters.ts`.
 */
export interface TimeSpan {
  start: string;
  end: string;
}

// ---- 1. deconfliction ------------------------------------------------------------------------

export interface DeconflictInput {
  /** Patrol areas (Polygon, MultiPolygon) and routes (LineString, MultiLineString). */
  plans: readonly CgFeature[];
  /** Humanitarian sites; only those with `notified === true` and `protectionRadiusM > 0` count. */
  sites: readonly CgFeature[];
  /** Any polygons the plans must not enter, whatever their kind. */
  noGoZones?: readonly CgFeature[];
  /** Plan statuses checked; a plan without a status is a draft (the schema's default). */
  statuses?: readonly PatrolStatus[];
}

interface AlertBase {
  planId: string;
  planName?: string;
  /** Geodesic metres from the plan to the site or zone itself; 0 when they touch or overlap. */
  distanceM: number;
  /** The point of the plan closest to the site or zone (inside both when `distanceM` is 0). */
  where: LngLat;
}

export interface SiteAlert extends AlertBase {
  kind: 'site';
  siteId: string;
  siteName?: string;
  /** The site's protection radius: the alert exists because `distanceM <= radiusM`. */
  radiusM: number;
}

export interface NoGoAlert extends AlertBase {
  kind: 'no-go';
  zoneId: string;
  zoneName?: string;
}

export type Alert = SiteAlert | NoGoAlert;

// ---- 2. coverage ------------------------------------------------------------------------------

export interface CoverageInput {
  /** Humanitarian sites and DDR points (a polygon site stands for a point on its surface). */
  points: readonly CgFeature[];
  patrolAreas: readonly CgFeature[];
  patrolRoutes: readonly CgFeature[];
  /** Patrols count when their planned span overlaps the window; null: every time. */
  window: TimeSpan | null;
  maxRouteDistanceKm: number;
  /** Patrol statuses that count as coverage (default approved, active, completed). */
  statuses?: readonly PatrolStatus[];
}

export type CoverageReason = 'no-area' | 'far-from-route';

export interface CoverageGap {
  featureId: string;
  featureName?: string;
  /** Distance to the nearest counted route, null when no route counts. */
  nearestRouteKm: number | null;
  /** The first of `reasons`: 'no-area' before 'far-from-route'. */
  reason: CoverageReason;
  /** Every reason that applies. */
  reasons: CoverageReason[];
}

// ---- 3. proximity -----------------------------------------------------------------------------

export interface IncidentsNearInput {
  incidents: readonly CgFeature[];
  /** Sites and DDR points: points, or polygons (distance to the polygon, 0 inside). */
  targets: readonly CgFeature[];
  radiusKm: number;
  /** Incidents whose `eventDate` lies in the window; null: all incidents. */
  window: TimeSpan | null;
}

export interface NearIncident {
  id: string;
  distanceKm: number;
}

export interface TargetIncidents {
  targetId: string;
  targetName?: string;
  /** Nearest first. */
  incidents: NearIncident[];
}

export interface NearestOptions {
  /** How many to return at most (default 5). */
  count?: number;
  /** Farthest distance considered, inclusive (default: no limit). */
  maxKm?: number;
}

export interface Nearest {
  id: string;
  name?: string;
  distanceKm: number;
  /** Initial great-circle bearing from the point to the candidate, 0 ≤ b < 360, clockwise from north. */
  bearingDeg: number;
}

// ---- 4. density -------------------------------------------------------------------------------

export interface DensityInput {
  incidents: readonly CgFeature[];
  /** Admin areas or patrol areas: Polygon or MultiPolygon features (holes are not in the area). */
  areas: readonly CgFeature[];
  period: TimeSpan;
}

export interface AreaDensity {
  areaId: string;
  areaName?: string;
  /** Incidents in the area during the period. */
  count: number;
  /** Incidents in the area during the period of equal length just before it. */
  previousCount: number;
  /** Relative change (count − previousCount) / previousCount: 0.5 is +50 %; null when previousCount is 0. */
  change: number | null;
  /** Incidents in the period per km² of the area (geodesic area). */
  perKm2: number;
  areaKm2: number;
}

export type DensitySortKey = 'count' | 'previousCount' | 'change' | 'perKm2';
