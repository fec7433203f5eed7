/**
 * Builds the offline basemap in data/basemap/ from Natural Earth (public domain).
 *
 *   node --import tsx scripts/build-basemap.ts [path/to/natural-earth]
 *
 * The default input directory is /work/shared/data/04_real_world/natural-earth (the GeoJSON
 * conversion of Natural Earth 5.x by github.com/nvkelso/natural-earth-vector). The output is
 * committed, so neither CI nor the app needs that directory.
 *
 * Why plain GeoJSON rather than a PMTiles archive: the whole basemap is a few megabytes, which
 * MapLibre's worker fetches and tiles (geojson-vt) once per session in well under a second; it
 * needs no tile generator (tippecanoe is not available here), no extra protocol handler in the
 * renderer, and the files stay readable and diffable. A PMTiles archive would only pay off with
 * a much larger, more detailed basemap (1:10m, roads, admin-1).
 *
 * Outputs (all FeatureCollections, coordinates rounded to 4 decimals ≈ 11 m):
 *   countries.json       land polygons per country: name, name_fr, iso_a3
 *   country-labels.json  one point per country: name, name_fr, iso_a3, min_label, max_label, rank
 *   boundaries.json      land borders shared by two countries, derived from the polygons:
 *                        a, b (ADM0_A3 of each side), disputed (boolean)
 *   disputed.json        Natural Earth's disputed-area and breakaway boundary lines
 *   places.json          populated places: name, pop, rank (scalerank), min_zoom, capital (0/1/2)
 */
import { readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, MultiLineString, Point, Polygon, MultiPolygon, Position } from 'geojson';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const inputDir = process.argv[2] ?? '/work/shared/data/04_real_world/natural-earth';
const outDir = join(repoRoot, 'data', 'basemap');

type Props = Record<string, unknown>;

function readCollection(name: string): FeatureCollection<Geometry, Props> {
  return JSON.parse(readFileSync(join(inputDir, name), 'utf8')) as FeatureCollection<Geometry, Props>;
}

const round = (n: number): number => Math.round(n * 1e4) / 1e4;
const roundPos = (p: Position): Position => [round(p[0] ?? 0), round(p[1] ?? 0)];

/** Rounds a ring and drops the consecutive duplicates rounding creates; null if it collapses. */
function roundRing(ring: Position[]): Position[] | null {
  const out: Position[] = [];
  for (const p of ring) {
    const r = roundPos(p);
    const last = out[out.length - 1];
    if (!last || last[0] !== r[0] || last[1] !== r[1]) out.push(r);
  }
  return out.length >= 4 ? out : null;
}

function roundLine(line: Position[]): Position[] {
  const out: Position[] = [];
  for (const p of line) {
    const r = roundPos(p);
    const last = out[out.length - 1];
    if (!last || last[0] !== r[0] || last[1] !== r[1]) out.push(r);
  }
  return out;
}

function polygonsOf(geometry: Geometry): Position[][][] {
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

function roundPolygons(polys: Position[][][]): Position[][][] {
  const out: Position[][][] = [];
  for (const poly of polys) {
    const rings = poly.map(roundRing);
    const outer = rings[0];
    if (!outer) continue;
    out.push([outer, ...rings.slice(1).filter((r): r is Position[] => r !== null)]);
  }
  return out;
}

function toGeometry(polys: Position[][][]): Polygon | MultiPolygon {
  return polys.length === 1 && polys[0] ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
}

// ---------------------------------------------------------------------------------------------
// Country names in French. Natural Earth 5.0 as stored here has no NAME_FR, so French names come
// from the CLDR region names built into Node's ICU (Intl.DisplayNames), keyed by ISO 3166 alpha-2,
// with a few overrides where CLDR's name is long or where the unit has no ISO code.
// ---------------------------------------------------------------------------------------------
const ISO2_BY_ADM0: Record<string, string> = { FRA: 'FR', NOR: 'NO', KOS: 'XK' };
const FRENCH_OVERRIDES: Record<string, string> = {
  COD: 'RD Congo',
  COG: 'Congo',
  CAF: 'Centrafrique',
  CYN: 'Chypre du Nord',
  SOL: 'Somaliland',
  KAS: 'Glacier de Siachen',
  IOA: "Terr. de l'océan Indien",
  ATC: 'Îles Ashmore-et-Cartier',
  PSX: 'Palestine',
  BIH: 'Bosnie-Herzégovine',
  USA: 'États-Unis',
  GBR: 'Royaume-Uni',
  VAT: 'Vatican',
};
const frenchRegions = new Intl.DisplayNames(['fr'], { type: 'region', fallback: 'none' });

function frenchName(adm0: string, iso2: string | undefined, english: string): string {
  const override = FRENCH_OVERRIDES[adm0];
  if (override) return override;
  if (iso2 && /^[A-Z]{2}$/.test(iso2)) {
    const fr = frenchRegions.of(iso2);
    if (fr) return fr;
  }
  return english;
}

/** Units whose borders with their neighbours are disputed (drawn dashed). */
const DISPUTED_UNITS = new Set(['SAH', 'SOL', 'CYN', 'KAS', 'PSX', 'KOS']);

// ---------------------------------------------------------------------------------------------
// Countries and their label points
// ---------------------------------------------------------------------------------------------
interface Country {
  adm0: string;
  disputed: boolean;
  polys: Position[][][];
}

const ne = readCollection('ne_50m_admin_0_countries.json');
const countries: Country[] = [];
const countryFeatures: Feature<Polygon | MultiPolygon>[] = [];
const labelFeatures: Feature<Point>[] = [];

for (const f of ne.features) {
  if (!f.geometry) continue;
  const p = f.properties;
  const adm0 = String(p.ADM0_A3);
  const name = String(p.NAME);
  const iso2 = ISO2_BY_ADM0[adm0] ?? (String(p.ISO_A2) !== '-99' ? String(p.ISO_A2) : undefined);
  const nameFr = frenchName(adm0, iso2, name);
  const polys = roundPolygons(polygonsOf(f.geometry));
  if (polys.length === 0) continue;
  countries.push({ adm0, disputed: DISPUTED_UNITS.has(adm0) || p.TYPE === 'Disputed' || p.TYPE === 'Indeterminate', polys });
  countryFeatures.push({ type: 'Feature', properties: { name, name_fr: nameFr, iso_a3: adm0 }, geometry: toGeometry(polys) });

  // Label at the centre of mass of the largest part, or a point on it when that falls outside
  // (crescent shapes); Natural Earth 5.0 has no LABEL_X/LABEL_Y.
  const largest = polys.map((poly) => turf.polygon(poly)).sort((a, b) => turf.area(b) - turf.area(a))[0];
  if (!largest) continue;
  let at = turf.centerOfMass(largest);
  if (!turf.booleanPointInPolygon(at, largest)) at = turf.pointOnFeature(largest);
  labelFeatures.push({
    type: 'Feature',
    properties: {
      name,
      name_fr: nameFr,
      iso_a3: adm0,
      rank: Number(p.LABELRANK ?? 5),
      min_label: Number(p.MIN_LABEL ?? 3),
      max_label: Number(p.MAX_LABEL ?? 10),
    },
    geometry: { type: 'Point', coordinates: roundPos(at.geometry.coordinates) },
  });
}

// ---------------------------------------------------------------------------------------------
// Land borders: segments that appear in the rings of two different countries. Natural Earth's
// countries share their vertices exactly along land borders, so after rounding the shared
// segments match key for key; coastlines belong to one country only and drop out.
// ---------------------------------------------------------------------------------------------
const ptKey = (p: Position): string => `${p[0]},${p[1]}`;
const segOwners = new Map<string, Set<number>>();
const segEnds = new Map<string, [Position, Position]>();
countries.forEach((c, index) => {
  for (const poly of c.polys)
    for (const ring of poly)
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = ring[i] as Position;
        const b = ring[i + 1] as Position;
        const ka = ptKey(a);
        const kb = ptKey(b);
        const key = ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
        let owners = segOwners.get(key);
        if (!owners) segOwners.set(key, (owners = new Set()));
        owners.add(index);
        segEnds.set(key, [a, b]);
      }
});

/** Segments of one border (one pair of countries), joined into the longest possible lines. */
function chain(segments: [Position, Position][]): Position[][] {
  const adjacency = new Map<string, { other: Position; id: number }[]>();
  segments.forEach(([a, b], id) => {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      const k = ptKey(from);
      let list = adjacency.get(k);
      if (!list) adjacency.set(k, (list = []));
      list.push({ other: to, id });
    }
  });
  const used = new Set<number>();
  const lines: Position[][] = [];
  const walk = (start: Position): void => {
    const line = [start];
    let at = start;
    for (;;) {
      const next = (adjacency.get(ptKey(at)) ?? []).find((e) => !used.has(e.id));
      if (!next) break;
      used.add(next.id);
      line.push(next.other);
      at = next.other;
    }
    if (line.length > 1) lines.push(line);
  };
  // Start at the ends of open lines first, then take whatever is left (closed loops).
  for (const [k, list] of adjacency) if (list.length !== 2) walk(pointFromKey(k));
  segments.forEach(([a], id) => {
    if (!used.has(id)) walk(a);
  });
  return lines;
}

function pointFromKey(k: string): Position {
  const [x, y] = k.split(',').map(Number);
  return [x ?? 0, y ?? 0];
}

const byPair = new Map<string, [Position, Position][]>();
for (const [key, owners] of segOwners) {
  if (owners.size < 2) continue;
  const [i, j] = [...owners].sort((x, y) => x - y);
  if (i === undefined || j === undefined) continue;
  const pair = `${i}|${j}`;
  let list = byPair.get(pair);
  if (!list) byPair.set(pair, (list = []));
  const ends = segEnds.get(key);
  if (ends) list.push(ends);
}
const boundaryFeatures: Feature<MultiLineString>[] = [];
for (const [pair, segments] of byPair) {
  const [i, j] = pair.split('|').map(Number);
  const a = countries[i ?? -1];
  const b = countries[j ?? -1];
  if (!a || !b || a.adm0 === b.adm0) continue;
  boundaryFeatures.push({
    type: 'Feature',
    properties: { a: a.adm0, b: b.adm0, disputed: a.disputed || b.disputed },
    geometry: { type: 'MultiLineString', coordinates: chain(segments) },
  });
}

// ---------------------------------------------------------------------------------------------
// Disputed-area boundary lines, as Natural Earth draws them
// ---------------------------------------------------------------------------------------------
const disputedFeatures: Feature<MultiLineString>[] = [];
for (const f of readCollection('ne_50m_admin_0_boundary_lines_disputed_areas.json').features) {
  if (!f.geometry) continue;
  const lines =
    f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.type === 'MultiLineString' ? f.geometry.coordinates : [];
  const coordinates = lines.map(roundLine).filter((l) => l.length > 1);
  if (coordinates.length === 0) continue;
  disputedFeatures.push({
    type: 'Feature',
    properties: { kind: String(f.properties.featurecla ?? 'Claim'), min_zoom: Number(f.properties.min_zoom ?? 3) },
    geometry: { type: 'MultiLineString', coordinates },
  });
}

// ---------------------------------------------------------------------------------------------
// Populated places (1:10m: dense enough for zoom 6–8 over a mission area, about 7,300 points)
// ---------------------------------------------------------------------------------------------
const placeFeatures: Feature<Point>[] = [];
for (const f of readCollection('ne_10m_populated_places_simple.json').features) {
  if (!f.geometry || f.geometry.type !== 'Point') continue;
  const p = f.properties;
  const featurecla = String(p.featurecla ?? '');
  const capital = Number(p.adm0cap) === 1 ? 1 : featurecla.startsWith('Admin-1 capital') ? 2 : 0;
  placeFeatures.push({
    type: 'Feature',
    properties: {
      name: String(p.name),
      pop: Math.max(0, Number(p.pop_max ?? 0)),
      rank: Number(p.scalerank ?? 10),
      min_zoom: Number(p.min_zoom ?? 8),
      capital,
    },
    geometry: { type: 'Point', coordinates: roundPos(f.geometry.coordinates) },
  });
}
// Most important first: MapLibre places symbols in this order when sort keys tie.
placeFeatures.sort((x, y) => Number(x.properties?.rank) - Number(y.properties?.rank) || Number(y.properties?.pop) - Number(x.properties?.pop));

// ---------------------------------------------------------------------------------------------
mkdirSync(outDir, { recursive: true });
const outputs: [string, Feature[]][] = [
  ['countries.json', countryFeatures],
  ['country-labels.json', labelFeatures],
  ['boundaries.json', boundaryFeatures],
  ['disputed.json', disputedFeatures],
  ['places.json', placeFeatures],
];
let total = 0;
for (const [name, features] of outputs) {
  const file = join(outDir, name);
  writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features } satisfies FeatureCollection) + '\n');
  const size = statSync(file).size;
  total += size;
  console.log(`${name.padEnd(20)} ${String(features.length).padStart(6)} features ${(size / 1024).toFixed(0).padStart(6)} KiB`);
}
console.log(`total ${(total / 1024 / 1024).toFixed(2)} MiB in ${outDir}`);
