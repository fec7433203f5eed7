import type { Result } from '../base/types';
import { msg } from '../i18n/message';
import { mgrs } from './mgrs-lib';

/**
 * Formatting of positions for display: decimal degrees, degrees-minutes-seconds and MGRS.
 * The decimal and DMS formatters expect a valid position; formatMgrs and formatPosition never
 * throw and say why there is no text as a `coords.*` message code, worded by the catalogues.
 */

export type CoordinateFormat = 'dd' | 'dms' | 'mgrs';

export interface FormatOptions {
  /** Decimal places for 'dd' (default 5, about 1 m). */
  ddDecimals?: number;
  /** Decimal places of the seconds for 'dms' (default 1, about 3 m). */
  dmsDecimals?: number;
  /** MGRS digits per axis, 0–5 (default 5 = 1 m; 4 = 10 m; … 0 = 100 km square). */
  mgrsPrecision?: number;
  /** Group an MGRS reference as written on maps and in reports: "32P KT 96882 54757". */
  mgrsSpaced?: boolean;
}

/** MGRS covers 80°S to 84°N; beyond are the polar UPS zones, which the mgrs package does not do. */
export const MGRS_MIN_LAT = -80;
export const MGRS_MAX_LAT = 84;

function validLngLat(lng: number, lat: number): boolean {
  return Number.isFinite(lng) && Number.isFinite(lat) && lng >= -180 && lng <= 180 && lat >= -90 && lat <= 90;
}

const INVALID = msg('coords.invalid-position');

function invalid(lng: number, lat: number): never {
  throw new RangeError(`not a position: ${lng}, ${lat}`);
}

/** "12.34567° N, 23.45678° E": latitude first, hemisphere letters, no signs. */
export function formatDecimalDegrees(lng: number, lat: number, decimals = 5): string {
  if (!validLngLat(lng, lat)) invalid(lng, lat);
  const d = clampDecimals(decimals, 10);
  const latS = Math.abs(lat).toFixed(d);
  const lngS = Math.abs(lng).toFixed(d);
  // A value that rounds to zero gets no misleading hemisphere flip: 0 is N and E.
  const ns = lat < 0 && Number(latS) !== 0 ? 'S' : 'N';
  const ew = lng < 0 && Number(lngS) !== 0 ? 'W' : 'E';
  return `${latS}° ${ns}, ${lngS}° ${ew}`;
}

function clampDecimals(n: number, max: number): number {
  return Number.isFinite(n) ? Math.min(max, Math.max(0, Math.round(n))) : 0;
}

function dmsPart(value: number, width: number, decimals: number): string {
  const scale = 10 ** decimals;
  // Work in whole units of the last shown decimal of a second, so rounding carries correctly.
  const total = Math.round(Math.abs(value) * 3600 * scale);
  const deg = Math.floor(total / (3600 * scale));
  const rest = total - deg * 3600 * scale;
  const min = Math.floor(rest / (60 * scale));
  const sec = (rest - min * 60 * scale) / scale;
  const secS = sec.toFixed(decimals).padStart(decimals > 0 ? 3 + decimals : 2, '0');
  return `${String(deg).padStart(width, '0')}°${String(min).padStart(2, '0')}'${secS}"`;
}

/** 12°20'44.4"N 023°27'24.4"E */
export function formatDms(lng: number, lat: number, secondDecimals = 1): string {
  if (!validLngLat(lng, lat)) invalid(lng, lat);
  const d = clampDecimals(secondDecimals, 4);
  const latS = dmsPart(lat, 2, d);
  const lngS = dmsPart(lng, 3, d);
  const ns = lat < 0 && /[1-9]/.test(latS) ? 'S' : 'N';
  const ew = lng < 0 && /[1-9]/.test(lngS) ? 'W' : 'E';
  return `${latS}${ns} ${lngS}${ew}`;
}

/** "34PHQ1234567890" (precision 5). Outside 80°S–84°N: the reason, not an exception. */
export function formatMgrs(lng: number, lat: number, precision = 5): Result<string> {
  if (!validLngLat(lng, lat)) return { ok: false, error: INVALID };
  if (lat < MGRS_MIN_LAT || lat > MGRS_MAX_LAT) return { ok: false, error: msg('coords.outside-mgrs') };
  try {
    // The MGRS grid stops at the antimeridian: 180° E is the same meridian as 180° W.
    return { ok: true, value: mgrs.forward([lng === 180 ? -180 : lng, lat], clampDecimals(precision, 5)) };
  } catch {
    return { ok: false, error: INVALID };
  }
}

/** "32PKT9688254757" → "32P KT 96882 54757"; anything else is returned unchanged. */
export function spaceMgrs(reference: string): string {
  const m = /^(\d{1,2}[C-X])([A-Z]{2})(\d*)$/.exec(reference);
  if (!m) return reference;
  const [, gzd, square, digits = ''] = m;
  const half = digits.length / 2;
  return digits ? `${gzd} ${square} ${digits.slice(0, half)} ${digits.slice(half)}` : `${gzd} ${square}`;
}

/** A position as the user chose to see it, or why it cannot be shown so. Never throws. */
export function formatPosition(lng: number, lat: number, format: CoordinateFormat, options: FormatOptions = {}): Result<string> {
  if (!validLngLat(lng, lat)) return { ok: false, error: INVALID };
  switch (format) {
    case 'dd':
      return { ok: true, value: formatDecimalDegrees(lng, lat, options.ddDecimals ?? 5) };
    case 'dms':
      return { ok: true, value: formatDms(lng, lat, options.dmsDecimals ?? 1) };
    case 'mgrs': {
      const r = formatMgrs(lng, lat, options.mgrsPrecision ?? 5);
      return r.ok && options.mgrsSpaced ? { ok: true, value: spaceMgrs(r.value) } : r;
    }
    default:
      return { ok: false, error: msg('coords.unknown-format', { format: String(format) }) };
  }
}

/** Centre of an MGRS reference as [lng, lat], or null if it cannot be read (for checks and tests). */
export function mgrsToLngLat(reference: string): [number, number] | null {
  try {
    const p = mgrs.toPoint(reference.replace(/\s+/g, '').toUpperCase());
    return Number.isFinite(p[0]) && Number.isFinite(p[1]) ? p : null;
  } catch {
    return null;
  }
}
