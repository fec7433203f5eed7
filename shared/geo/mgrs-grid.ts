import type { Feature, FeatureCollection, LineString, Point, Polygon, Position } from 'geojson';
import { UTM_BANDS } from './utm';
import { lngLatToUtmIn, utmToLngLatIn } from './utm-format';

/**
 * The MGRS grid as GeoJSON for a map view: grid zone designators (GZD), 100 km squares with their
 * letters, and 10 km / 1 km lines as the zoom allows.
 *
 * Why by hand: no maintained npm package generates MGRS grid lines (the `mgrs` package converts
 * single positions; the grid overlays that exist are MapLibre/Leaflet plugins tied to one map
 * library and unmaintained, and several ignore the Norway/Svalbard zones). The geometry here is
 * simple once done per grid zone: lines of constant easting or northing are computed in that
 * zone's UTM projection (proj4, like the rest of shared/geo), densified so they curve as they do
 * on a Web Mercator map, and clipped to the zone's longitude limits and band's latitude limits.
 * Clipping per zone is what keeps the irregular zones right: a line never crosses into the
 * neighbouring zone, whose grid is rotated against it.
 *
 * The 100 km square letters are computed from zone, easting and northing with the MGRS "AA"
 * lettering for WGS 84 (the tests check them against GEOTRANS reference rows), not by calling
 * mgrs.forward per square.
 */

export type Bbox = [west: number, south: number, east: number, north: number];
export type GridLevel = 'gzd' | '100k' | '10k' | '1k';

export interface GridLineProps {
  level: GridLevel;
  /** The grid zone the line belongs to ("33P"); absent on GZD boundaries, which separate two. */
  gzd?: string;
}

export interface GridLabelProps {
  text: string;
  level: GridLevel;
}

export interface MgrsGrid {
  lines: FeatureCollection<LineString, GridLineProps>;
  labels: FeatureCollection<Point, GridLabelProps>;
}

export interface GridZone {
  zone: number;
  band: string;
  /** "33P" */
  id: string;
  west: number;
  south: number;
  east: number;
  north: number;
}

/** Zoom from which each level is drawn (MapLibre zoom, 512 px tiles). */
export const GRID_MIN_ZOOM: Readonly<Record<Exclude<GridLevel, 'gzd'>, number>> = { '100k': 6, '10k': 9, '1k': 12 };

/** At most this many lines (and as many labels) in one answer; a finer level that would exceed it is left out whole. */
export const MAX_GRID_LINES = 5000;

/** From this zoom the 100 km labels carry the zone ("33PVQ"), below it only the letters ("VQ"). */
const FULL_SQUARE_LABEL_ZOOM = 8;

const STEP: Readonly<Record<Exclude<GridLevel, 'gzd'>, number>> = { '100k': 100_000, '10k': 10_000, '1k': 1_000 };

// ---------------------------------------------------------------------------------------------
// Grid zones

/** Longitude limits of zone `zone` in band `band`, or null where the zone does not exist (32X, 34X, 36X). */
function zoneLimits(zone: number, band: string): [number, number] | null {
  const west = -180 + (zone - 1) * 6;
  if (band === 'V') {
    // Norway: 32V is widened west to 3°E, 31V shrinks to 0–3°E.
    if (zone === 31) return [0, 3];
    if (zone === 32) return [3, 12];
  }
  if (band === 'X') {
    // Svalbard: four 12° (9° at the ends) zones replace 31X–37X.
    const svalbard: Record<number, [number, number] | null> = { 31: [0, 9], 32: null, 33: [9, 21], 34: null, 35: [21, 33], 36: null, 37: [33, 42] };
    if (zone in svalbard) return svalbard[zone] ?? null;
  }
  return [west, west + 6];
}

let allZones: GridZone[] | null = null;

/** Every grid zone designator of the UTM part of MGRS (80°S–84°N), 1,197 of them. */
export function gridZones(): readonly GridZone[] {
  if (!allZones) {
    allZones = [];
    for (let b = 0; b < UTM_BANDS.length; b++) {
      const band = UTM_BANDS.charAt(b);
      const south = -80 + b * 8;
      const north = band === 'X' ? 84 : south + 8;
      for (let zone = 1; zone <= 60; zone++) {
        const lim = zoneLimits(zone, band);
        if (lim) allZones.push({ zone, band, id: `${zone}${band}`, west: lim[0], east: lim[1], south, north });
      }
    }
  }
  return allZones;
}

/** Grid zones that overlap the box (a box already within −180…180). */
function zonesIn(b: Bbox): GridZone[] {
  return gridZones().filter((z) => z.west < b[2] && z.east > b[0] && z.south < b[3] && z.north > b[1]);
}

/** The grid zone designators as polygons (for hit tests, and for tests of the grid). */
export function gridZonePolygons(bbox: Bbox): FeatureCollection<Polygon, { id: string }> {
  const features: Feature<Polygon, { id: string }>[] = [];
  for (const { box, shift } of splitBbox(bbox)) {
    for (const z of zonesIn(box)) {
      const ring: Position[] = [
        [z.west + shift, z.south],
        [z.east + shift, z.south],
        [z.east + shift, z.north],
        [z.west + shift, z.north],
        [z.west + shift, z.south],
      ];
      features.push({ type: 'Feature', properties: { id: z.id }, geometry: { type: 'Polygon', coordinates: [ring] } });
    }
  }
  return { type: 'FeatureCollection', features };
}

// ---------------------------------------------------------------------------------------------
// Boxes

/**
 * A map view's bounds can run past ±180° (the world repeats) or span it; the grid is built on
 * −180…180 pieces and shifted back by whole turns so it lands where the view is.
 */
function splitBbox(bbox: Bbox): { box: Bbox; shift: number }[] {
  const [w0, s0, e0, n0] = bbox;
  if (![w0, s0, e0, n0].every(Number.isFinite) || e0 <= w0 || n0 <= s0) return [];
  const s = Math.max(s0, -80);
  const n = Math.min(n0, 84);
  if (n <= s) return [];
  if (e0 - w0 >= 360) return [{ box: [-180, s, 180, n], shift: 0 }];
  const out: { box: Bbox; shift: number }[] = [];
  // Each world copy k covers [-180 + 360k, 180 + 360k].
  for (let k = Math.floor((w0 + 180) / 360); k * 360 - 180 < e0; k++) {
    const w = Math.max(w0, k * 360 - 180) - k * 360;
    const e = Math.min(e0, k * 360 + 180) - k * 360;
    if (e > w) out.push({ box: [w, s, e, n], shift: k * 360 });
  }
  return out;
}

function intersect(a: Bbox, b: Bbox): Bbox | null {
  const r: Bbox = [Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.min(a[2], b[2]), Math.min(a[3], b[3])];
  return r[2] > r[0] && r[3] > r[1] ? r : null;
}

// ---------------------------------------------------------------------------------------------
// Clipping in longitude/latitude

/** Liang–Barsky: the part of segment a→b inside box r, or null. */
function clipSegment(a: Position, b: Position, r: Bbox): [Position, Position] | null {
  const [x0, y0] = a as [number, number];
  const [x1, y1] = b as [number, number];
  const dx = x1 - x0;
  const dy = y1 - y0;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, x0 - r[0]],
    [dx, r[2] - x0],
    [-dy, y0 - r[1]],
    [dy, r[3] - y0],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const t = q / p;
    if (p < 0) {
      if (t > t1) return null;
      if (t > t0) t0 = t;
    } else {
      if (t < t0) return null;
      if (t < t1) t1 = t;
    }
  }
  // Exact box edges where the clip cut, so the test "never crosses a zone boundary" holds to the bit.
  const at = (t: number): Position => {
    const x = Math.min(r[2], Math.max(r[0], x0 + t * dx));
    const y = Math.min(r[3], Math.max(r[1], y0 + t * dy));
    return [x, y];
  };
  return [t0 === 0 ? a : at(t0), t1 === 1 ? b : at(t1)];
}

/** The parts of a polyline inside box r. */
function clipLine(points: Position[], r: Bbox): Position[][] {
  const parts: Position[][] = [];
  let cur: Position[] = [];
  for (let i = 1; i < points.length; i++) {
    const seg = clipSegment(points[i - 1] as Position, points[i] as Position, r);
    if (!seg) {
      if (cur.length > 1) parts.push(cur);
      cur = [];
      continue;
    }
    const last = cur[cur.length - 1];
    if (!last || last[0] !== seg[0][0] || last[1] !== seg[0][1]) {
      if (cur.length > 1) parts.push(cur);
      cur = [seg[0]];
    }
    cur.push(seg[1]);
    // The segment left the box: the part ends here.
    if (seg[1] !== points[i]) {
      if (cur.length > 1) parts.push(cur);
      cur = [];
    }
  }
  if (cur.length > 1) parts.push(cur);
  return parts;
}

/** Sutherland–Hodgman: a closed ring clipped to box r (the input ring need not repeat its first point). */
function clipRing(ring: Position[], r: Bbox): Position[] {
  type Edge = { inside(p: Position): boolean; cut(a: Position, b: Position): Position };
  const x = (p: Position) => p[0] as number;
  const y = (p: Position) => p[1] as number;
  const atX = (a: Position, b: Position, v: number): Position => [v, y(a) + ((y(b) - y(a)) * (v - x(a))) / (x(b) - x(a))];
  const atY = (a: Position, b: Position, v: number): Position => [x(a) + ((x(b) - x(a)) * (v - y(a))) / (y(b) - y(a)), v];
  const edges: Edge[] = [
    { inside: (p) => x(p) >= r[0], cut: (a, b) => atX(a, b, r[0]) },
    { inside: (p) => x(p) <= r[2], cut: (a, b) => atX(a, b, r[2]) },
    { inside: (p) => y(p) >= r[1], cut: (a, b) => atY(a, b, r[1]) },
    { inside: (p) => y(p) <= r[3], cut: (a, b) => atY(a, b, r[3]) },
  ];
  let out = ring;
  for (const edge of edges) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const cur = input[i] as Position;
      const prev = input[(i + input.length - 1) % input.length] as Position;
      if (edge.inside(cur)) {
        if (!edge.inside(prev)) out.push(edge.cut(prev, cur));
        out.push(cur);
      } else if (edge.inside(prev)) {
        out.push(edge.cut(prev, cur));
      }
    }
    if (out.length === 0) break;
  }
  return out;
}

/** Area-weighted centre of a ring (shoelace), and its area in square degrees. */
function ringCentre(ring: Position[]): { centre: Position; area: number } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x0, y0] = ring[i] as [number, number];
    const [x1, y1] = ring[(i + 1) % ring.length] as [number, number];
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  a /= 2;
  if (Math.abs(a) < 1e-14) return { centre: ring[0] ?? [0, 0], area: 0 };
  return { centre: [cx / (6 * a), cy / (6 * a)], area: Math.abs(a) };
}

// ---------------------------------------------------------------------------------------------
// UTM per zone

interface Region {
  zone: GridZone;
  south: boolean;
  /** The zone's part of the view, in lng/lat. */
  box: Bbox;
  shift: number;
  /** UTM extents of `box` in the zone's projection. */
  minE: number;
  maxE: number;
  minN: number;
  maxN: number;
}

function centralMeridian(zone: number): number {
  return -183 + zone * 6;
}

function region(zone: GridZone, box: Bbox, shift: number): Region {
  const south = zone.south < 0;
  let minE = Infinity;
  let maxE = -Infinity;
  let minN = Infinity;
  let maxN = -Infinity;
  const add = (lng: number, lat: number) => {
    const [e, n] = lngLatToUtmIn(zone.zone, south, lng, lat);
    if (e < minE) minE = e;
    if (e > maxE) maxE = e;
    if (n < minN) minN = n;
    if (n > maxN) maxN = n;
  };
  // Edges sampled, plus the central meridian where the parallels reach their extreme northing.
  const k = 16;
  const [w, s, e, n] = box;
  for (let i = 0; i <= k; i++) {
    const lng = w + ((e - w) * i) / k;
    const lat = s + ((n - s) * i) / k;
    add(lng, s);
    add(lng, n);
    add(w, lat);
    add(e, lat);
  }
  const cm = centralMeridian(zone.zone);
  if (cm > w && cm < e) {
    add(cm, s);
    add(cm, n);
  }
  return { zone, south, box, shift, minE, maxE, minN, maxN };
}

/** How many lines of spacing `d` a region needs (for the feature cap, before any is built). */
function lineCount(r: Region, d: number): number {
  return Math.max(0, Math.floor(r.maxE / d) - Math.ceil(r.minE / d) + 1) + Math.max(0, Math.floor(r.maxN / d) - Math.ceil(r.minN / d) + 1);
}

/** A UTM polyline from (e0, n0) to (e1, n1), densified every `step` metres, as lng/lat. */
function densify(r: Region, e0: number, n0: number, e1: number, n1: number, step: number): Position[] {
  const len = Math.hypot(e1 - e0, n1 - n0);
  const k = Math.max(1, Math.ceil(len / step));
  const out: Position[] = [];
  const cm = centralMeridian(r.zone.zone);
  for (let i = 0; i <= k; i++) {
    const t = i / k;
    const [lng, lat] = utmToLngLatIn(r.zone.zone, r.south, e0 + (e1 - e0) * t, n0 + (n1 - n0) * t);
    // proj4 wraps longitudes into −180…180; zones 1 and 60 reach across, so keep them beside their meridian.
    out.push([lng - cm > 180 ? lng - 360 : lng - cm < -180 ? lng + 360 : lng, lat]);
  }
  return out;
}

/**
 * Vertex spacing along grid lines: at most 10 km (the chord of a curved 100 km line then strays
 * a few metres, under a pixel at the zooms that show it) and at most a fiftieth of the view, so a
 * line stays smooth when zoomed in far.
 */
function densifyStep(r: Region, d: number): number {
  return Math.max(1, Math.min(d, 10_000, Math.max(r.maxE - r.minE, r.maxN - r.minN) / 50));
}

const COLUMN_SETS = ['ABCDEFGH', 'JKLMNPQR', 'STUVWXYZ'] as const;
const ROW_LETTERS = 'ABCDEFGHJKLMNPQRSTUV';

/**
 * The two letters of the 100 km square holding (easting, northing) in `zone`: columns cycle over
 * three sets of eight letters with the zone, rows over twenty letters, shifted by five in even
 * zones (the "AA" scheme MGRS uses on WGS 84). Northing is the false-northed UTM northing.
 */
export function squareLetters(zone: number, easting: number, northing: number): string | null {
  const col = Math.floor(easting / 100_000);
  const set = COLUMN_SETS[(zone - 1) % 3] as string;
  if (col < 1 || col > 8) return null;
  const row = (((Math.floor(northing / 100_000) + (zone % 2 === 0 ? 5 : 0)) % 20) + 20) % 20;
  return set.charAt(col - 1) + ROW_LETTERS.charAt(row);
}

function shiftPos(p: Position, shift: number): Position {
  return shift === 0 ? p : [(p[0] as number) + shift, p[1] as number];
}

/** Two digits of kilometres within the 100 km square: the figures read off a grid line. */
function gridFigure(metres: number): string {
  return String(Math.round(((metres % 100_000) + 100_000) % 100_000 / 1000)).padStart(2, '0');
}

interface Output {
  lines: Feature<LineString, GridLineProps>[];
  labels: Feature<Point, GridLabelProps>[];
}

function pushLine(out: Output, coords: Position[], props: GridLineProps): void {
  out.lines.push({ type: 'Feature', properties: props, geometry: { type: 'LineString', coordinates: coords } });
}

function pushLabel(out: Output, at: Position, text: string, level: GridLevel): void {
  out.labels.push({ type: 'Feature', properties: { text, level }, geometry: { type: 'Point', coordinates: at } });
}

/** Lines of constant easting and northing every `d` metres within a region, numbered at their south / west ends. */
function utmLines(out: Output, r: Region, level: Exclude<GridLevel, 'gzd'>): void {
  const d = STEP[level];
  const step = densifyStep(r, d);
  const coarser = level === '100k' ? null : d * 10;
  const pad = step;
  for (const vertical of [true, false]) {
    const [lo, hi] = vertical ? [r.minE, r.maxE] : [r.minN, r.maxN];
    const [alo, ahi] = vertical ? [r.minN - pad, r.maxN + pad] : [r.minE - pad, r.maxE + pad];
    for (let v = Math.ceil(lo / d) * d; v <= hi; v += d) {
      // The coarser level draws these already.
      if (coarser !== null && v % coarser === 0) continue;
      const pts = vertical ? densify(r, v, alo, v, ahi, step) : densify(r, alo, v, ahi, v, step);
      for (const part of clipLine(pts, r.box)) {
        const coords = part.map((p) => shiftPos(p, r.shift));
        pushLine(out, coords, { level, gzd: r.zone.id });
        if (level !== '100k') pushLabel(out, coords[0] as Position, gridFigure(v), level);
      }
    }
  }
}

/** 100 km squares of a region, clipped to it, with their letters. */
function squaresOf(r: Region): { id: string; letters: string; ring: Position[]; centre: Position }[] {
  const d = 100_000;
  const out: { id: string; letters: string; ring: Position[]; centre: Position }[] = [];
  for (let e = Math.floor(r.minE / d) * d; e < r.maxE; e += d) {
    for (let n = Math.floor(r.minN / d) * d; n < r.maxN; n += d) {
      const letters = squareLetters(r.zone.zone, e + d / 2, n + d / 2);
      if (!letters) continue;
      // Only the part of the square near the view is built: edges that are not the square's own
      // lie outside the region (its extents are padded) and are clipped away below.
      const step = densifyStep(r, d);
      const pad = 2 * step;
      const w = Math.max(e, r.minE - pad);
      const east = Math.min(e + d, r.maxE + pad);
      const s = Math.max(n, r.minN - pad);
      const north = Math.min(n + d, r.maxN + pad);
      const ring = [
        ...densify(r, w, s, east, s, step).slice(0, -1),
        ...densify(r, east, s, east, north, step).slice(0, -1),
        ...densify(r, east, north, w, north, step).slice(0, -1),
        ...densify(r, w, north, w, s, step).slice(0, -1),
      ];
      const clipped = clipRing(ring, r.box);
      if (clipped.length < 3) continue;
      const { centre, area } = ringCentre(clipped);
      if (area < 1e-10) continue;
      out.push({ id: `${r.zone.id}${letters}`, letters, ring: clipped.map((p) => shiftPos(p, r.shift)), centre: shiftPos(centre, r.shift) });
    }
  }
  return out;
}

function regionsIn(bbox: Bbox): Region[] {
  const out: Region[] = [];
  for (const { box, shift } of splitBbox(bbox)) {
    for (const z of zonesIn(box)) {
      const part = intersect(box, [z.west, z.south, z.east, z.north]);
      if (part) out.push(region(z, part, shift));
    }
  }
  return out;
}

/**
 * The 100 km squares in the box as polygons clipped to their grid zone, with ids such as
 * "33PVQ". A square's letters continue across a band edge, so a square cut by one is two
 * polygons, one per band ("33PVQ" south of 8°N, "33QVQ" north of it), as references name them.
 */
export function mgrsSquares(bbox: Bbox): FeatureCollection<Polygon, { id: string }> {
  const features: Feature<Polygon, { id: string }>[] = [];
  for (const r of regionsIn(bbox)) {
    for (const sq of squaresOf(r)) {
      features.push({ type: 'Feature', properties: { id: sq.id }, geometry: { type: 'Polygon', coordinates: [[...sq.ring, sq.ring[0] as Position]] } });
    }
  }
  return { type: 'FeatureCollection', features };
}

// ---------------------------------------------------------------------------------------------
// Grid zone boundaries

function gzdLayer(out: Output, bbox: Bbox): void {
  for (const { box, shift } of splitBbox(bbox)) {
    const zones = zonesIn(box);
    // Meridian pieces: each zone's west edge within its band, plus the east edge of the last one.
    const seen = new Set<string>();
    for (const z of zones) {
      for (const lng of [z.west, z.east]) {
        const key = `${lng}:${z.south}`;
        if (seen.has(key) || lng < box[0] || lng > box[2]) continue;
        seen.add(key);
        const s = Math.max(z.south, box[1]);
        const n = Math.min(z.north, box[3]);
        if (n > s) pushLine(out, [[lng + shift, s], [lng + shift, n]], { level: 'gzd' });
      }
      const centre: Position = [(z.west + z.east) / 2, (z.south + z.north) / 2];
      if ((centre[0] as number) >= box[0] && (centre[0] as number) <= box[2] && (centre[1] as number) >= box[1] && (centre[1] as number) <= box[3]) {
        pushLabel(out, shiftPos(centre, shift), z.id, 'gzd');
      }
    }
    // Parallels at the band edges, with a vertex at every 6° so they bend on a globe too.
    for (let lat = -80; lat <= 84; lat = lat === 72 ? 84 : lat + 8) {
      if (lat < box[1] || lat > box[3]) continue;
      const coords: Position[] = [[box[0] + shift, lat]];
      for (let lng = Math.ceil(box[0] / 6) * 6; lng < box[2]; lng += 6) if (lng > box[0]) coords.push([lng + shift, lat]);
      coords.push([box[2] + shift, lat]);
      pushLine(out, coords, { level: 'gzd' });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * The MGRS grid for a view: `bbox` is the visible bounds [west, south, east, north] in degrees
 * (west may be below −180 or east above 180 when the world repeats), `zoom` the MapLibre zoom.
 * GZD boundaries always; 100 km squares from zoom 6, 10 km lines from 9, 1 km from 12, each only
 * while the whole level fits under MAX_GRID_LINES. Number labels sit at the south end of lines
 * of easting and the west end of lines of northing, i.e. on the view's edges. Never throws.
 */
export function mgrsGrid(bbox: Bbox, zoom: number): MgrsGrid {
  const out: Output = { lines: [], labels: [] };
  gzdLayer(out, bbox);
  const regions = zoom >= GRID_MIN_ZOOM['100k'] ? regionsIn(bbox) : [];
  for (const level of ['100k', '10k', '1k'] as const) {
    if (zoom < GRID_MIN_ZOOM[level] || regions.length === 0) break;
    const needed = regions.reduce((sum, r) => sum + lineCount(r, STEP[level]), 0);
    // Lines split at band edges may add a few; keep a margin. A level that does not fit is left out whole, and so are finer ones.
    if (out.lines.length + needed * 1.2 > MAX_GRID_LINES) break;
    const before: Output = { lines: [], labels: [] };
    for (const r of regions) {
      utmLines(before, r, level);
      if (level === '100k') {
        for (const sq of squaresOf(r)) pushLabel(before, sq.centre, zoom >= FULL_SQUARE_LABEL_ZOOM ? sq.id : sq.letters, '100k');
      }
    }
    if (out.lines.length + before.lines.length > MAX_GRID_LINES || out.labels.length + before.labels.length > MAX_GRID_LINES) break;
    out.lines.push(...before.lines);
    out.labels.push(...before.labels);
  }
  return {
    lines: { type: 'FeatureCollection', features: out.lines },
    labels: { type: 'FeatureCollection', features: out.labels },
  };
}
