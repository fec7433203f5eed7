import type { Result } from '../base/types';
import { msg, type Message } from '../i18n/message';
import { parseCoordinate } from './parse-coords';

/**
 * What a user types while drawing or measuring: lengths ("2.5 km", "800 m", "1,5 km", "3 nm"),
 * bearings ("045", "45°", "45.5 deg"), lists of radii ("1, 5, 10 km") and the next vertex, either
 * a coordinate in any format parse-coords reads or a bearing and a length from the last vertex
 * ("045 2.5 km"). Results, never exceptions; each error names what is wrong.
 */

export type Parsed<T> = Result<T>;

function refuse(code: string, params?: Message['params']): { ok: false; error: Message } {
  return { ok: false, error: msg(code, params) };
}

const UNITS: Record<string, number> = {
  m: 1,
  metre: 1,
  metres: 1,
  meter: 1,
  meters: 1,
  mètre: 1,
  mètres: 1,
  km: 1000,
  kilometre: 1000,
  kilometres: 1000,
  kilometer: 1000,
  kilometers: 1000,
  kilomètre: 1000,
  kilomètres: 1000,
  nm: 1852,
  nmi: 1852,
  mn: 1852,
};

/** Longest accepted length: half the Earth's circumference. */
export const MAX_LENGTH_M = 20_037_508;

const NUMBER = String.raw`(\d+(?:[.,]\d+)?|[.,]\d+)`;
const LENGTH_RE = new RegExp(String.raw`^${NUMBER}\s*([a-zàâçéèêëîïôûùüÿ]+)?$`, 'i');

function toNumber(text: string): number {
  return Number(text.replace(',', '.'));
}

/**
 * A length in metres. `defaultUnit` applies when no unit is written (metres unless said); the
 * units are m, km and nm (nautical miles, as air and river patrols use).
 */
export function parseLength(text: string, defaultUnit: 'm' | 'km' = 'm'): Parsed<number> {
  const s = text.trim();
  if (s === '') return refuse('input.length-empty');
  const m = LENGTH_RE.exec(s);
  if (!m) return refuse('input.not-a-length', { text: s });
  const unit = (m[2] ?? defaultUnit).toLowerCase();
  const factor = UNITS[unit];
  if (factor === undefined) return refuse('input.unknown-unit', { unit: m[2] ?? '' });
  const value = toNumber(m[1] ?? '') * factor;
  if (!Number.isFinite(value) || value <= 0) return refuse('input.length-not-positive', { text: s });
  if (value > MAX_LENGTH_M) return refuse('input.length-too-long', { text: s });
  return { ok: true, value };
}

const BEARING_RE = new RegExp(String.raw`^${NUMBER}\s*(°|º|deg|degrees?|degrés?)?$`, 'i');

/** A true bearing in degrees, 0 ≤ b < 360; "360" is north. */
export function parseBearing(text: string): Parsed<number> {
  const s = text.trim();
  if (s === '') return refuse('input.bearing-empty');
  const m = BEARING_RE.exec(s);
  if (!m) return refuse('input.not-a-bearing', { text: s });
  const value = toNumber(m[1] ?? '');
  if (!Number.isFinite(value) || value > 360) return refuse('input.bearing-range', { text: s });
  return { ok: true, value: value === 360 ? 0 : value };
}

/**
 * Radii for range rings: numbers separated by ";", ", " or spaces, each with its own unit or the
 * last unit written ("1, 5, 10 km" = 1, 5 and 10 km; "500 m; 2 km"). A comma between digits is a
 * decimal comma ("1,5 km"). Duplicates are dropped; the result is sorted.
 */
export function parseRadii(text: string): Parsed<number[]> {
  const s = text.trim();
  if (s === '') return refuse('input.radii-empty');
  const items = s
    .split(/;|,(?=\s)|\s+(?=[\d.,])/)
    .map((x) => x.trim())
    .filter((x) => x !== '');
  // A bare number takes the unit written after it further on ("1, 5, 10 km"), else metres.
  const unitOf = (x: string): string | null => {
    const u = /\d\s*([a-zàâçéèêëîïôûùüÿ]+)$/i.exec(x)?.[1];
    return u && UNITS[u.toLowerCase()] !== undefined ? u : null;
  };
  const units = items.map(unitOf);
  let following: string | null = null;
  for (let i = items.length - 1; i >= 0; i--) {
    if (units[i]) following = units[i] ?? null;
    else units[i] = following;
  }
  const values: number[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i] ?? '';
    const withUnit = /^[\d.,]+$/.test(item) ? `${item} ${units[i] ?? 'm'}` : item;
    const r = parseLength(withUnit);
    if (!r.ok) return refuse('input.radius-n', { n: i + 1, text: item, reason: r.error });
    values.push(r.value);
  }
  const unique = [...new Set(values)].sort((a, b) => a - b);
  if (unique.length > 20) return refuse('input.radii-too-many');
  return { ok: true, value: unique };
}

export type VertexInput = { type: 'position'; lng: number; lat: number } | { type: 'leg'; bearingDeg: number; distanceM: number };

/**
 * The next vertex typed while drawing: "045 2.5 km" (bearing, then length with a unit, from the
 * last vertex) or a coordinate in any supported format. A length always carries a unit, which is
 * what tells "045 2.5 km" from the coordinate "45 2.5".
 */
export function parseVertexInput(text: string): Parsed<VertexInput> {
  const s = text.trim();
  if (s === '') return refuse('input.vertex-empty');
  const leg = /^(\S+?)\s*(?:°|º)?\s+(\S+\s*[a-zàâçéèêëîïôûùüÿ]+)$/i.exec(s);
  if (leg && /\d\s*[a-z]+$/i.test(s) && UNITS[(/[a-z]+$/i.exec(s)?.[0] ?? '').toLowerCase()] !== undefined) {
    const b = parseBearing(leg[1] ?? '');
    if (!b.ok) return b;
    const d = parseLength(leg[2] ?? '');
    if (!d.ok) return d;
    return { ok: true, value: { type: 'leg', bearingDeg: b.value, distanceM: d.value } };
  }
  const c = parseCoordinate(s);
  if (c.ok) return { ok: true, value: { type: 'position', lng: c.lng, lat: c.lat } };
  return refuse('input.vertex-or-leg', { reason: c.error });
}
