import proj4, { type Converter } from 'proj4';

/**
 * UTM (WGS 84) → longitude/latitude through proj4, with the projection built from the zone:
 * the same definitions as EPSG:326zz (north) and EPSG:327zz (south).
 */

/** Latitude bands of the UTM/MGRS grid, C (80°S) to X (84°N), 8° each except X (12°). */
export const UTM_BANDS = 'CDEFGHJKLMNPQRSTUVWX';

/** Southern edge and northern edge of a latitude band, or null for a letter that is not a band. */
export function bandLatitudes(band: string): [number, number] | null {
  const i = UTM_BANDS.indexOf(band.toUpperCase());
  if (i < 0 || band.length !== 1) return null;
  const south = -80 + i * 8;
  return [south, band.toUpperCase() === 'X' ? 84 : south + 8];
}

const converters = new Map<string, Converter>();

function converter(zone: number, south: boolean): Converter {
  const key = `${zone}${south ? 'S' : 'N'}`;
  let c = converters.get(key);
  if (!c) {
    const def = `+proj=utm +zone=${zone}${south ? ' +south' : ''} +datum=WGS84 +units=m +no_defs`;
    c = proj4(def, 'WGS84');
    converters.set(key, c);
  }
  return c;
}

/** The EPSG code of a WGS 84 UTM zone: 326zz north, 327zz south. */
export function utmEpsg(zone: number, south: boolean): number {
  return (south ? 32700 : 32600) + zone;
}

/**
 * [lng, lat] of a UTM position. Throws on a zone outside 1–60; range checks of easting and
 * northing are the caller's (it knows how to word them).
 */
export function utmToLngLat(zone: number, south: boolean, easting: number, northing: number): [number, number] {
  if (!Number.isInteger(zone) || zone < 1 || zone > 60) throw new RangeError(`UTM zone ${zone} does not exist (zones are 1 to 60)`);
  const [lng, lat] = converter(zone, south).forward([easting, northing]) as [number, number];
  return [lng, lat];
}
