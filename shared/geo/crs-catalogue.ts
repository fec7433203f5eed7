import type { Position } from 'geojson';
import proj4 from 'proj4';

/**
 * Projected coordinate systems Common Ground knows by EPSG code, for data that came without one
 * (a shapefile with no .prj, GeoJSON in metres): the user picks or types a code, and the
 * candidates are suggested from where the coordinates would land in each.
 *
 * WGS 84 / UTM zones are generated (EPSG 32601–32660 north, 32701–32760 south). The national
 * grids are those used in the missions' countries, with definitions from the EPSG registry
 * (as shown by epsg.io and the OGC CRS ontology):
 *  - South Sudan: Adindan / UTM zones 35N, 36N (EPSG 20135, 20136; area of use Eritrea, Ethiopia,
 *    South Sudan, Sudan), with the DMA TR8350.2 "Adindan to WGS 84 (1)" shift (EPSG 1100).
 *  - DRC: IGC 1962 / Congo TM zones 12…30 (EPSG 3318–3327, Institut Géographique du Congo).
 *    EPSG publishes no transformation from IGC 1962 to WGS 84, so positions can be off by some
 *    hundreds of metres; the name says so.
 *  - Lebanon: Deir ez Zor / Syria Lambert (EPSG 22770; area of use Lebanon and Syria onshore,
 *    replacing the Levant zone EPSG 22700), with the OGP position-vector shift (EPSG 8568).
 *  - CAR and Mali: no national projected grid is in current use in the sources consulted; their
 *    data is in WGS 84 UTM zones 33N–35N (CAR) and 29N–31N (Mali), which are generated.
 */

export interface CrsDefinition {
  /** "EPSG:32634". */
  code: string;
  name: string;
  proj4: string;
  /** Where the system is meant to be used, WGS 84 [west, south, east, north]. */
  area: [number, number, number, number];
}

function utm(zone: number, south: boolean): CrsDefinition {
  const west = -180 + (zone - 1) * 6;
  return {
    code: `EPSG:${(south ? 32700 : 32600) + zone}`,
    name: `WGS 84 / UTM zone ${zone}${south ? 'S' : 'N'}`,
    proj4: `+proj=utm +zone=${zone}${south ? ' +south' : ''} +datum=WGS84 +units=m +no_defs`,
    // A zone's band, widened by 3° each side: data often runs a little past its zone's edge.
    area: [west - 3, south ? -80 : 0, west + 9, south ? 0 : 84],
  };
}

const ADINDAN = '+a=6378249.145 +rf=293.465 +towgs84=-166,-15,204,0,0,0,0 +units=m +no_defs';
const CONGO_TM_ZONES = [12, 14, 16, 18, 20, 22, 24, 26, 28, 30];

const NATIONAL: CrsDefinition[] = [
  { code: 'EPSG:20135', name: 'Adindan / UTM zone 35N', proj4: `+proj=utm +zone=35 ${ADINDAN}`, area: [21.82, 3.4, 47.99, 22.24] },
  { code: 'EPSG:20136', name: 'Adindan / UTM zone 36N', proj4: `+proj=utm +zone=36 ${ADINDAN}`, area: [21.82, 3.4, 47.99, 22.24] },
  ...CONGO_TM_ZONES.map(
    (lon, i): CrsDefinition => ({
      code: `EPSG:${3318 + i}`,
      name: `IGC 1962 / Congo TM zone ${lon} (no published shift to WGS 84)`,
      proj4: `+proj=tmerc +lat_0=0 +lon_0=${lon} +k=0.9999 +x_0=500000 +y_0=10000000 +a=6378249.145 +rf=293.465 +units=m +no_defs`,
      area: [lon - 1.5, -13.5, lon + 1.5, 5.4],
    }),
  ),
  {
    code: 'EPSG:22770',
    name: 'Deir ez Zor / Syria Lambert',
    proj4: '+proj=lcc +lat_1=34.65 +lat_0=34.65 +lon_0=37.35 +k_0=0.9996256 +x_0=300000 +y_0=300000 +a=6378249.2 +rf=293.466021293627 +towgs84=-174.6,-3.1,238.1,0,0,0.814,-0.38 +units=m +no_defs',
    area: [35.04, 32.31, 42.38, 37.32],
  },
];

const ALL: CrsDefinition[] = [
  ...Array.from({ length: 60 }, (_, i) => utm(i + 1, false)),
  ...Array.from({ length: 60 }, (_, i) => utm(i + 1, true)),
  ...NATIONAL,
];
const BY_CODE: ReadonlyMap<string, CrsDefinition> = new Map(ALL.map((d) => [d.code, d]));

/** "EPSG:32634", "epsg:32634" or "32634" → "EPSG:32634"; null for anything else. */
export function normaliseEpsg(text: string): string | null {
  const m = /^\s*(?:EPSG\s*:\s*)?(\d{4,5})\s*$/i.exec(text);
  return m ? `EPSG:${m[1]}` : null;
}

export function crsByCode(text: string): CrsDefinition | null {
  const code = normaliseEpsg(text);
  return code ? (BY_CODE.get(code) ?? null) : null;
}

export function knownCrsCodes(): string[] {
  return ALL.map((d) => d.code);
}

/** Converts one position from the system to WGS 84 longitude/latitude. */
export function toWgs84(def: CrsDefinition): (p: Position) => Position {
  const converter = proj4(def.proj4);
  return (p) => {
    const out = converter.inverse([p[0] as number, p[1] as number]);
    return p.length > 2 ? [out[0] as number, out[1] as number, ...p.slice(2)] : [out[0] as number, out[1] as number];
  };
}

/** Rough bounds of the missions' countries (WGS 84), to put their systems first. */
const MISSION_AREAS: [number, number, number, number][] = [
  [14.4, 2.2, 27.5, 11.0], // Central African Republic
  [12.2, -13.5, 31.3, 5.4], // DR Congo
  [23.4, 3.5, 36.0, 12.3], // South Sudan
  [-12.3, 10.1, 4.3, 25.0], // Mali
  [35.1, 33.0, 36.7, 34.7], // Lebanon
];

export interface CrsSuggestion {
  code: string;
  name: string;
  /** Where the data's range would land, WGS 84 [west, south, east, north]. */
  lands: [number, number, number, number];
  /** The data would land in one of the missions' countries. */
  inMissionArea: boolean;
}

const within = (p: Position, a: readonly number[]) => (p[0] as number) >= (a[0] as number) && (p[0] as number) <= (a[2] as number) && (p[1] as number) >= (a[1] as number) && (p[1] as number) <= (a[3] as number);

const overlaps = (b: readonly number[], a: readonly number[]) => (b[0] as number) <= (a[2] as number) && (b[2] as number) >= (a[0] as number) && (b[1] as number) <= (a[3] as number) && (b[3] as number) >= (a[1] as number);

/**
 * The systems in which a coordinate range [minX, minY, maxX, maxY] lands inside the system's own
 * area of use; only those landing in a mission's country when there are any. A UTM range fits
 * every zone of its hemisphere (easting says nothing about the zone), so `limit` cuts the list.
 */
export function suggestCrs(range: readonly [number, number, number, number], limit = 12): CrsSuggestion[] {
  const [minX, minY, maxX, maxY] = range;
  const corners: Position[] = [
    [minX, minY],
    [maxX, minY],
    [minX, maxY],
    [maxX, maxY],
  ];
  const out: CrsSuggestion[] = [];
  for (const def of ALL) {
    let landed: Position[];
    try {
      const f = toWgs84(def);
      landed = corners.map(f);
    } catch {
      continue;
    }
    if (!landed.every((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]) && within(p, def.area))) continue;
    const lngs = landed.map((p) => p[0] as number);
    const lats = landed.map((p) => p[1] as number);
    const lands: [number, number, number, number] = [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)];
    out.push({ code: def.code, name: def.name, lands, inMissionArea: MISSION_AREAS.some((a) => overlaps(lands, a)) });
  }
  // Where some fit puts the data in a mission's country, the others (the same numbers read in
  // zones across the world) are noise; any code can still be typed.
  const mission = out.filter((s) => s.inMissionArea);
  return (mission.length ? mission : out).slice(0, limit);
}
