import { mgrs } from './mgrs-lib';
import { formatDecimalDegrees, formatPosition, type CoordinateFormat } from './coords';
import type { Message } from '../i18n/message';
import { NOT_A_COORDINATE, parseCoordinate } from './parse-coords';

/**
 * What the "Go to" box does with its text: a coordinate in any notation parseCoordinate reads,
 * else a feature name. Pure: the box (renderer/panels/GoToBox.tsx) supplies the name search and
 * hands the target to whoever moves the map.
 */

export interface NameMatch {
  label: string;
  lng: number;
  lat: number;
  bbox?: [number, number, number, number];
}

export interface GoToTarget {
  lng: number;
  lat: number;
  zoom?: number;
  bbox?: [number, number, number, number];
  label: string;
}

/**
 * Why the text led nowhere. `code` picks the translated sentence; `detail` is the parser's own
 * explanation ("minutes must be below 60") when it has one worth showing.
 */
export type GoToErrorCode = 'empty' | 'unreadable' | 'not-found';

export interface GoToError {
  code: GoToErrorCode;
  /** The text the box held, for the sentence. */
  query?: string;
  detail?: Message;
}

export type GoToResult = { ok: true; target: GoToTarget } | { ok: false; error: GoToError };

export interface GoToOptions {
  /** How to write a coordinate target's label (the user's display format). Default 'dd'. */
  format?: CoordinateFormat;
}

/** Zoom for a point target by MGRS digits per axis (0 = 100 km square … 5 = 1 m). */
const MGRS_ZOOM = [7, 10, 13, 15, 16, 16] as const;

/** Zoom for a coordinate typed as degrees or UTM: close enough to see the spot and its surroundings. */
const POINT_ZOOM = 15;

/** Zoom for a named feature without a bounding box. */
const NAME_ZOOM = 14;

function mgrsDigits(text: string): number | null {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  const m = /^\d{1,2}[C-X][A-Z]{2}(\d*)$/.exec(compact);
  return m ? (m[1] ?? '').length / 2 : null;
}

/** The square an MGRS reference names, when it is coarse enough (100 m or more) to be worth framing. */
function mgrsBbox(text: string, digits: number): [number, number, number, number] | undefined {
  if (digits > 3) return undefined;
  try {
    const b = mgrs.inverse(text.replace(/\s+/g, '').toUpperCase());
    return b.every(Number.isFinite) ? [b[0], b[1], b[2], b[3]] : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the text is more likely a mistyped coordinate than a name: digits make up much of it. */
function looksNumeric(text: string): boolean {
  const digits = (text.match(/\d/g) ?? []).length;
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  return digits > 0 && digits >= letters;
}

/**
 * Resolves the box's text to a place: coordinates first (parseCoordinate), else the first name
 * match from `searchNames`. Never throws (a throwing search counts as no match).
 */
export function resolveGoTo(text: string, searchNames: (q: string) => NameMatch[], options: GoToOptions = {}): GoToResult {
  const q = text.trim();
  if (q === '') return { ok: false, error: { code: 'empty' } };
  const parsed = parseCoordinate(q);
  if (parsed.ok) {
    // Near the poles MGRS has no reference: the label falls back to degrees.
    const shown = formatPosition(parsed.lng, parsed.lat, options.format ?? 'dd');
    const label = shown.ok ? shown.value : formatDecimalDegrees(parsed.lng, parsed.lat, 5);
    if (parsed.format === 'mgrs') {
      const digits = mgrsDigits(q) ?? 5;
      const bbox = mgrsBbox(q, digits);
      return { ok: true, target: { lng: parsed.lng, lat: parsed.lat, zoom: MGRS_ZOOM[digits] ?? POINT_ZOOM, label, ...(bbox ? { bbox } : {}) } };
    }
    return { ok: true, target: { lng: parsed.lng, lat: parsed.lat, zoom: POINT_ZOOM, label } };
  }
  let matches: NameMatch[];
  try {
    matches = searchNames(q).filter((m) => Number.isFinite(m.lng) && Number.isFinite(m.lat));
  } catch {
    matches = [];
  }
  const first = matches[0];
  if (first) {
    const target: GoToTarget = { lng: first.lng, lat: first.lat, label: first.label };
    if (first.bbox) target.bbox = first.bbox;
    else target.zoom = NAME_ZOOM;
    return { ok: true, target };
  }
  // The parser's generic sentence adds nothing to ours; its specific ones ("minutes must be below 60") do.
  const detail = parsed.error.code === NOT_A_COORDINATE ? undefined : parsed.error;
  // Letters only ("Mopti Nord") is a name that was not found, whatever the parser made of the N.
  if (looksNumeric(q)) {
    return { ok: false, error: { code: 'unreadable', query: q, ...(detail ? { detail } : {}) } };
  }
  return { ok: false, error: { code: 'not-found', query: q } };
}
