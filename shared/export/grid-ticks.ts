import { formatGraticuleValue, graticuleInterval } from '../geo/graticule';
import { lngLatToUtmIn, utmZoneOf } from '../geo/utm-format';
import { formatMgrs } from '../geo/coords';

/**
 * Grid ticks on the edges of a printed map frame: where meridians and parallels (or MGRS eastings
 * and northings) meet the frame, with their labels. The frame shows a north-up Web Mercator view
 * of `bounds`, so longitude maps linearly to x and latitude through the Mercator y.
 */

export interface FrameRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GeoBounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

export type Edge = 'top' | 'bottom' | 'left' | 'right';

export interface Tick {
  edge: Edge;
  /** Position along the edge: x for top/bottom, y for left/right (points, page coordinates). */
  at: number;
  label: string;
}

export interface GridTicks {
  ticks: Tick[];
  /** A note for the frame's corner, e.g. the MGRS grid zone and spacing. */
  note: string;
  /** MGRS was asked for a view too wide for one UTM zone: these are latitude/longitude ticks instead. */
  substituted?: boolean;
}

/** How far from its zone's central meridian an MGRS frame may reach (3° is the zone's own edge). */
const MAX_MERIDIAN_OFFSET = 7;
const MAX_MGRS_SPAN = 8;

const mercY = (lat: number): number => Math.log(Math.tan(Math.PI / 4 + (Math.max(-85, Math.min(85, lat)) * Math.PI) / 360));

export function frameProjection(frame: FrameRect, b: GeoBounds): { x(lng: number): number; y(lat: number): number } {
  const top = mercY(b.north);
  const span = top - mercY(b.south);
  return {
    x: (lng) => frame.x + ((lng - b.west) / (b.east - b.west)) * frame.width,
    y: (lat) => frame.y + ((top - mercY(lat)) / span) * frame.height,
  };
}

const valid = (frame: FrameRect, b: GeoBounds): boolean =>
  [b.west, b.south, b.east, b.north, frame.width, frame.height].every(Number.isFinite) && b.east > b.west && b.north > b.south && frame.width > 0 && frame.height > 0;

/** Minimum distance between two labelled ticks, in points (about 2.5 cm). */
const MIN_TICK_SPACING_PT = 72;

/** Meridian and parallel ticks at a round interval (the graticule's intervals), labelled in DMS. */
export function latLonTicks(frame: FrameRect, b: GeoBounds): GridTicks {
  if (!valid(frame, b)) return { ticks: [], note: '' };
  // graticuleInterval wants ≥ 70 CSS px per line at a MapLibre zoom: give it the zoom at which a
  // degree spans as many px as it spans points here, so ticks are ≥ ~1 inch apart on paper.
  const ptsPerDegree = frame.width / (b.east - b.west);
  const zoom = Math.log2((ptsPerDegree * 360 * (70 / MIN_TICK_SPACING_PT)) / 512);
  const interval = graticuleInterval(zoom);
  const step = Math.round(interval * 3600);
  const p = frameProjection(frame, b);
  const ticks: Tick[] = [];
  for (let k = Math.ceil((b.west * 3600) / step); k * step <= b.east * 3600; k++) {
    const lng = (k * step) / 3600;
    const wrapped = ((((lng + 180) % 360) + 360) % 360) - 180;
    const label = formatGraticuleValue(wrapped, 'lng', interval);
    for (const edge of ['top', 'bottom'] as const) ticks.push({ edge, at: p.x(lng), label });
  }
  for (let k = Math.ceil((Math.max(b.south, -85) * 3600) / step); k * step <= Math.min(b.north, 85) * 3600; k++) {
    const lat = (k * step) / 3600;
    const label = formatGraticuleValue(lat, 'lat', interval);
    for (const edge of ['left', 'right'] as const) ticks.push({ edge, at: p.y(lat), label });
  }
  return { ticks, note: '' };
}

const MGRS_STEPS = [1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000] as const;
const EDGE_SAMPLES = 400;

/**
 * Ticks where round eastings (top and bottom edges) and northings (left and right) of the UTM
 * zone at the frame's centre cross the frame, labelled with their kilometre digits within the
 * 100 km square as on military maps ("34" for easting 434 000). The note names the grid zone and
 * the spacing. Crossings are found by sampling the edge, so the grid's convergence is respected.
 */
export function mgrsTicks(frame: FrameRect, b: GeoBounds, metresPerPt: number): GridTicks {
  if (!valid(frame, b) || !(metresPerPt > 0)) return { ticks: [], note: '' };
  const cLng = (b.west + b.east) / 2;
  const cLat = (b.south + b.north) / 2;
  if (cLat < -80 || cLat > 84) return { ticks: [], note: '' };
  const zone = utmZoneOf(cLng, cLat);
  // Far outside its zone a UTM grid is bent and its eastings run negative: useless, so the frame
  // gets meridians and parallels instead (the layout says why).
  const meridian = zone * 6 - 183;
  if (b.east - b.west > MAX_MGRS_SPAN || Math.max(Math.abs(b.west - meridian), Math.abs(b.east - meridian)) > MAX_MERIDIAN_OFFSET)
    return { ...latLonTicks(frame, b), substituted: true };
  const south = cLat < 0;
  const step = MGRS_STEPS.find((s) => s / metresPerPt >= MIN_TICK_SPACING_PT * 0.7) ?? 100_000;
  const label = (v: number): string => (step < 100_000 ? String(Math.round(v / 1000) % 100).padStart(2, '0') : String(Math.round(v / 1000)));
  const p = frameProjection(frame, b);
  const ticks: Tick[] = [];
  const scan = (edge: Edge, coord: 0 | 1, at: (t: number) => [number, number], pos: (lng: number, lat: number) => number): void => {
    let prev: { v: number; pos: number } | null = null;
    for (let i = 0; i <= EDGE_SAMPLES; i++) {
      const [lng, lat] = at(i / EDGE_SAMPLES);
      const v = lngLatToUtmIn(zone, south, lng, lat)[coord];
      const here = { v, pos: pos(lng, lat) };
      if (prev && Number.isFinite(v) && Number.isFinite(prev.v)) {
        const lo = Math.min(prev.v, v);
        const hi = Math.max(prev.v, v);
        // Half-open (lo, hi], so a line through a sample is counted once.
        for (let g = Math.floor(lo / step) * step + step; g <= hi; g += step) {
          const f = v === prev.v ? 0 : (g - prev.v) / (v - prev.v);
          ticks.push({ edge, at: prev.pos + f * (here.pos - prev.pos), label: label(g) });
        }
      }
      prev = here;
    }
  };
  const lngAt = (t: number): number => b.west + t * (b.east - b.west);
  const latAt = (t: number): number => b.south + t * (b.north - b.south);
  scan('top', 0, (t) => [lngAt(t), b.north], (lng) => p.x(lng));
  scan('bottom', 0, (t) => [lngAt(t), b.south], (lng) => p.x(lng));
  scan('left', 1, (t) => [b.west, latAt(t)], (_lng, lat) => p.y(lat));
  scan('right', 1, (t) => [b.east, latAt(t)], (_lng, lat) => p.y(lat));
  const gzd = /^\d{1,2}[C-X]/.exec(mgrsText(cLng, cLat))?.[0] ?? String(zone);
  return { ticks, note: `MGRS ${gzd} · ${step >= 1000 ? `${step / 1000} km` : `${step} m`}` };
}

function mgrsText(lng: number, lat: number): string {
  const r = formatMgrs(lng, lat);
  return r.ok ? r.value : '';
}
