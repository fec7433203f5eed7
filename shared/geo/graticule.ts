import type { Feature, FeatureCollection, LineString, Point, Position } from 'geojson';
import type { Bbox } from './mgrs-grid';

/**
 * A latitude/longitude graticule for a map view: meridians and parallels at an interval that
 * suits the zoom, labelled in degrees, minutes and seconds. The alternative to the MGRS grid.
 * (Turf's pointGrid/squareGrid make cells in kilometres, not lines at round angles with labels.)
 */

export interface GraticuleLineProps {
  level: 'graticule';
  kind: 'meridian' | 'parallel';
  /** The line's longitude (meridian) or latitude (parallel), in degrees. */
  value: number;
}

export interface GraticuleLabelProps {
  text: string;
  level: 'graticule';
  kind: 'meridian' | 'parallel';
}

export interface Graticule {
  /** Spacing of the lines, in degrees. */
  interval: number;
  lines: FeatureCollection<LineString, GraticuleLineProps>;
  labels: FeatureCollection<Point, GraticuleLabelProps>;
}

/** Candidate spacings in arc-seconds, coarsest first: 10°, 5°, 2°, 1°, 30′, 15′, 10′, 5′, 2′, 1′, 30″ … 1″. */
const INTERVALS_SECONDS = [36000, 18000, 7200, 3600, 1800, 900, 600, 300, 120, 60, 30, 15, 10, 5, 2, 1] as const;

/** Lines at least this far apart on screen. */
const MIN_SPACING_PX = 70;

/** Mercator's useful limit; beyond it MapLibre shows nothing. */
const MAX_LAT = 85;

export const MAX_GRATICULE_LINES = 5000;

/**
 * The spacing, in degrees, for a MapLibre zoom (512 px tiles): the finest round interval whose
 * lines stay at least ~70 px apart at the equator. 10° up to zoom 3, 5° at 4, 2° at 5, 1° at 6,
 * 30′ at 7, 15′ at 8, 10′ at 9, 5′ at 10, 2′ at 11, 1′ at 12, then seconds.
 */
export function graticuleInterval(zoom: number): number {
  const pxPerDegree = (512 * 2 ** Math.max(0, zoom)) / 360;
  let chosen: number = INTERVALS_SECONDS[0];
  for (const s of INTERVALS_SECONDS) if ((s / 3600) * pxPerDegree >= MIN_SPACING_PX) chosen = s;
  return chosen / 3600;
}

/** "12°30′15″N": degrees, then minutes and seconds only as far as the interval needs them. */
export function formatGraticuleValue(value: number, axis: 'lat' | 'lng', intervalDegrees: number): string {
  const totalSeconds = Math.round(Math.abs(value) * 3600);
  const deg = Math.floor(totalSeconds / 3600);
  const min = Math.floor((totalSeconds % 3600) / 60);
  const sec = totalSeconds % 60;
  const intervalSeconds = Math.round(intervalDegrees * 3600);
  let text = `${deg}°`;
  if (intervalSeconds % 3600 !== 0) text += `${String(min).padStart(2, '0')}′`;
  if (intervalSeconds % 60 !== 0) text += `${String(sec).padStart(2, '0')}″`;
  const hemi = totalSeconds === 0 ? '' : axis === 'lat' ? (value < 0 ? 'S' : 'N') : value < 0 ? 'W' : 'E';
  return text + hemi;
}

/** Longitude in −180…180 for labels (the view may be on a repeated copy of the world). */
function wrap(lng: number): number {
  const w = ((((lng + 180) % 360) + 360) % 360) - 180;
  return w === -180 && lng > 0 ? 180 : w;
}

/**
 * Meridians and parallels for a view. `bbox` is the visible bounds (east may exceed 180 when the
 * world repeats); labels sit at the south end of meridians and the west end of parallels, i.e.
 * on the view's edges. The interval is coarsened if the box would need more than
 * MAX_GRATICULE_LINES lines. Never throws.
 */
export function graticule(bbox: Bbox, zoom: number): Graticule {
  const [w, s0, e, n0] = bbox;
  let interval = graticuleInterval(zoom);
  const empty: Graticule = { interval, lines: { type: 'FeatureCollection', features: [] }, labels: { type: 'FeatureCollection', features: [] } };
  if (![w, s0, e, n0, zoom].every(Number.isFinite) || e <= w || n0 <= s0) return empty;
  const s = Math.max(s0, -MAX_LAT);
  const n = Math.min(n0, MAX_LAT);
  if (n <= s) return empty;
  // Work in whole seconds of arc so 30″ steps add up exactly.
  let step = Math.round(interval * 3600);
  const count = (st: number) => Math.floor((e * 3600) / st) - Math.ceil((w * 3600) / st) + Math.floor((n * 3600) / st) - Math.ceil((s * 3600) / st) + 2;
  while (count(step) > MAX_GRATICULE_LINES) {
    const coarser = [...INTERVALS_SECONDS].reverse().find((c) => c > step);
    step = coarser ?? step * 2;
  }
  interval = step / 3600;
  // At most ~90 vertices per line, whatever the box.
  const vertexStep = Math.max(1, Math.ceil(Math.max(e - w, n - s) / 90));
  const lines: Feature<LineString, GraticuleLineProps>[] = [];
  const labels: Feature<Point, GraticuleLabelProps>[] = [];
  for (let k = Math.ceil((w * 3600) / step); k * step <= e * 3600; k++) {
    const lng = (k * step) / 3600;
    // Vertices every degree or so, so the line bends with a globe projection too.
    const coords: Position[] = [[lng, s]];
    for (let lat = Math.ceil(s); lat < n; lat += vertexStep) if (lat > s) coords.push([lng, lat]);
    coords.push([lng, n]);
    lines.push({ type: 'Feature', properties: { level: 'graticule', kind: 'meridian', value: lng }, geometry: { type: 'LineString', coordinates: coords } });
    labels.push({ type: 'Feature', properties: { text: formatGraticuleValue(wrap(lng), 'lng', interval), level: 'graticule', kind: 'meridian' }, geometry: { type: 'Point', coordinates: [lng, s] } });
  }
  for (let k = Math.ceil((s * 3600) / step); k * step <= n * 3600; k++) {
    const lat = (k * step) / 3600;
    const coords: Position[] = [[w, lat]];
    for (let lng = Math.ceil(w); lng < e; lng += vertexStep) if (lng > w) coords.push([lng, lat]);
    coords.push([e, lat]);
    lines.push({ type: 'Feature', properties: { level: 'graticule', kind: 'parallel', value: lat }, geometry: { type: 'LineString', coordinates: coords } });
    labels.push({ type: 'Feature', properties: { text: formatGraticuleValue(lat, 'lat', interval), level: 'graticule', kind: 'parallel' }, geometry: { type: 'Point', coordinates: [w, lat] } });
  }
  return { interval, lines: { type: 'FeatureCollection', features: lines }, labels: { type: 'FeatureCollection', features: labels } };
}
