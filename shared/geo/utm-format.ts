import type { Result } from '../base/types';
import { msg } from '../i18n/message';
import proj4, { type Converter } from 'proj4';

/**
 * Longitude/latitude → UTM (WGS 84): the zone a position belongs to, the forward projection, and
 * the "33N 500000 4649776" notation that parse-coords.ts reads back.
 *
 * utm.ts holds the inverse; the forward converters live here because the MGRS grid generator
 * projects thousands of points per view and needs them cached by zone, like utm.ts does.
 */

/** MGRS/UTM stop at 80°S and 84°N; beyond are the polar UPS zones. */
export const UTM_MIN_LAT = -80;
export const UTM_MAX_LAT = 84;

export interface UtmPosition {
  zone: number;
  /** 'N' or 'S': the hemisphere (GDAL/proj reading), not an MGRS latitude band. */
  hemisphere: 'N' | 'S';
  easting: number;
  northing: number;
}

const converters = new Map<string, Converter>();

function converter(zone: number, south: boolean): Converter {
  const key = `${zone}${south ? 'S' : 'N'}`;
  let c = converters.get(key);
  if (!c) {
    c = proj4('WGS84', `+proj=utm +zone=${zone}${south ? ' +south' : ''} +datum=WGS84 +units=m +no_defs`);
    converters.set(key, c);
  }
  return c;
}

/** [easting, northing] of a position in a given zone and hemisphere (the zone may be a neighbour's). */
export function lngLatToUtmIn(zone: number, south: boolean, lng: number, lat: number): [number, number] {
  const [e, n] = converter(zone, south).forward([lng, lat]) as [number, number];
  return [e, n];
}

/** [lng, lat] of a UTM position, for the grid generator (same definitions as utm.ts). */
export function utmToLngLatIn(zone: number, south: boolean, easting: number, northing: number): [number, number] {
  const [lng, lat] = converter(zone, south).inverse([easting, northing]) as [number, number];
  return [lng, lat];
}

/**
 * The UTM zone of a position, with the two sets of exceptions the MGRS grid (and so every
 * military map) uses: 32V widened west over Norway's coast, and the four wide Svalbard zones.
 */
export function utmZoneOf(lng: number, lat: number): number {
  const l = lng >= 180 ? -180 : lng;
  if (lat >= 56 && lat < 64 && l >= 3 && l < 12) return 32;
  if (lat >= 72 && lat <= 84 && l >= 0 && l < 42) {
    if (l < 9) return 31;
    if (l < 21) return 33;
    if (l < 33) return 35;
    return 37;
  }
  return Math.min(60, Math.floor((l + 180) / 6) + 1);
}

/** The UTM position of a point, or null outside the UTM grid (80°S–84°N) or for non-finite input. */
export function toUtm(lng: number, lat: number): UtmPosition | null {
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || lng < -180 || lng > 180) return null;
  if (lat < UTM_MIN_LAT || lat > UTM_MAX_LAT) return null;
  const zone = utmZoneOf(lng, lat);
  const south = lat < 0;
  const [easting, northing] = lngLatToUtmIn(zone, south, lng, lat);
  if (!Number.isFinite(easting) || !Number.isFinite(northing)) return null;
  return { zone, hemisphere: south ? 'S' : 'N', easting, northing };
}

/**
 * "33N 500000 4649776": zone, hemisphere, easting and northing in metres, rounded to `decimals`
 * (default 0). Outside the grid: the reason as a message, not an exception, like formatMgrs.
 */
export function formatUtm(lng: number, lat: number, decimals = 0): Result<string> {
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || lng < -180 || lng > 180 || lat < -90 || lat > 90) return { ok: false, error: msg('coords.invalid-position') };
  const p = toUtm(lng, lat);
  if (!p) return { ok: false, error: msg('coords.outside-utm') };
  const d = Number.isFinite(decimals) ? Math.min(3, Math.max(0, Math.round(decimals))) : 0;
  return { ok: true, value: `${p.zone}${p.hemisphere} ${p.easting.toFixed(d)} ${p.northing.toFixed(d)}` };
}
