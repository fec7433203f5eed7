import { msg, type Message } from '../i18n/message';
import { mgrs } from './mgrs-lib';
import { bandLatitudes, utmToLngLat } from './utm';

/**
 * Reading a position as people type it: decimal degrees, degrees and decimal minutes (DM),
 * degrees-minutes-seconds (DMS), MGRS and UTM.
 *
 * Why this grammar is hand-written: the npm parsers that read typed coordinates either cover
 * degrees only (coordinate-parser, whose test strings we check against, and similar) or MGRS only
 * (mgrs), and none reads DMS, MGRS and UTM in the forms found in incident reports. The
 * conversions themselves are not hand-written: MGRS → position is the `mgrs` package's, UTM →
 * position is proj4's (utm.ts).
 *
 * Conventions (they matter for what users type):
 * - Latitude comes first. "a, b" without hemisphere letters is latitude a, longitude b, which is
 *   how positions are typed and read aloud (and how our own display writes them). With
 *   hemisphere letters the letters must agree: "8.25W 12.5N" is refused with a hint rather than
 *   silently reordered, because a longitude written first usually means the two were confused.
 * - N/S/E/W may stand before or after the numbers; O (ouest) is accepted for W. A minus sign and a
 *   hemisphere letter on the same value are refused (they could contradict each other).
 * - S after a minute written with a letter ("12d30m15S") is the seconds mark or south. Every
 *   reading is tried; the one that gives both values a hemisphere wins ("12d30m15.5S 34d10m5.2E" is
 *   south), and a tie is refused naming both readings, never defaulted to north. A single value
 *   (a CSV latitude cell, "12d30m15S") follows the same rule: the reading with a hemisphere wins.
 *   A lower-case s after a lower-case m ("12d30m15s") is always the seconds mark.
 * - Decimal commas: when a ";" separates the two values ("12,5 ; -8,25"); when the text has no
 *   "." and each comma sits between digits with whitespace separating the values; or when the text
 *   has no "." and other commas (not between digits) separate the values ("N 12° 15,25', E 15° 3,75'").
 * - Dotted DMS ("04.21.30S", "04.21.30,5S": D.MM.SS with exactly two-digit minutes and seconds) is
 *   read as degrees, minutes, seconds.
 * - Unit words may stand for the marks, English and French: DEG, DEGREES, DEGRÉS, MIN, MINUTES, MN,
 *   SEC, SECONDS, SECONDES.
 * - Packed forms with a hemisphere letter, as GPS receivers and NMEA write them: "4025.0999N"
 *   (DDMM.mmm), "402505.994N" (DDMMSS.s), and DDDMM / DDDMMSS for longitudes.
 * - MGRS: a reference names a square (1 m to 100 km). We return its centre, which is what
 *   mgrs.toPoint gives and what the proj4js test cases expect; the grid convention (the square's
 *   south-west corner, as GEOTRANS reports) is at most one square away, so half a square from the
 *   centre. Polar references (UPS, bands A/B/Y/Z) are refused: the mgrs package has no UPS.
 * - UTM: "33N 500000 4649776". N and S after the zone are the hemisphere (the GDAL/proj reading);
 *   other letters are MGRS latitude bands (C–M south, P–X north) and are checked against the
 *   result. Easting 100 000–900 000 m, northing 0–10 000 000 m.
 * - Numbers beyond degree range are refused, not guessed at (e.g. as milliarcseconds): a pair of
 *   large bare numbers is far more often a UTM position typed without its zone.
 */

export type ParsedFormat = 'dd' | 'dm' | 'dms' | 'mgrs' | 'utm';

export type CoordinateParse =
  | { ok: true; lng: number; lat: number; format: ParsedFormat }
  | { ok: false; error: Message };

export type AxisParse = { ok: true; value: number; format: 'dd' | 'dm' | 'dms' } | { ok: false; error: Message };

/** The code of the generic refusal, which names every notation; callers with more to say replace it. */
export const NOT_A_COORDINATE = 'coords.not-a-coordinate';

class ParseError extends Error {
  constructor(readonly reason: Message) {
    super(reason.code);
  }
}

function fail(code: string, params?: Message['params']): never {
  throw new ParseError(msg(code, params));
}

function refuse(code: string, params?: Message['params']): { ok: false; error: Message } {
  return { ok: false, error: msg(code, params) };
}

/** Shows a number as the user wrote it, without floating-point noise. */
function show(n: number): string {
  return String(Math.round(n * 1e9) / 1e9);
}

// ---------------------------------------------------------------------------------------------
// Normalisation

/**
 * "30m15s": a lower-case s after a lower-case m is the seconds mark (who means south writes a
 * capital S); upper-casing would lose that, so it is turned into the seconds mark first.
 */
const LOWER_SECONDS_RE = /(\dm\s*\d+(?:[.,]\d+)?)s(?![a-z])/g;

/** Upper-case, with the many look-alike marks people paste folded onto ° ' " and -. */
function normalise(text: string): string {
  // The marks are folded before NFKC, which would turn ´ into a space and a combining accent.
  return text
    .replace(LOWER_SECONDS_RE, '$1"')
    .replace(/[\u00ba\u02da\u2070]/g, '°') // º ˚ ⁰ used for degrees
    .replace(/[\u2032\u2019\u2018\u00b4\u02b9\u02bc\u0060\u2035]/g, "'") // ′ ’ ‘ ´ ʹ ʼ ` ‵
    .replace(/[\u2033\u201d\u201c\u02ba\u3003\u2036]/g, '"') // ″ ” “ ʺ 〃 ‶
    .replace(/''/g, '"')
    .replace(/[\u2212\u2013\u2014]/g, '-') // − – —
    .replace(/\u00a0/g, ' ')
    .normalize('NFKC')
    .toUpperCase()
    .trim();
}

// ---------------------------------------------------------------------------------------------
// MGRS

const MGRS_RE = /^(\d{1,2})([A-Z])([A-Z])([A-Z])(\d*)$/;
const POLAR_RE = /^[ABYZ][A-Z]{2}\d*$/;

function parseMgrs(compact: string): CoordinateParse | null {
  const m = MGRS_RE.exec(compact);
  if (!m) {
    if (POLAR_RE.test(compact) && /\d/.test(compact)) {
      return refuse('coords.mgrs-polar', { ref: compact });
    }
    return null;
  }
  const [, zoneS, band, col, row, digits] = m as unknown as [string, string, string, string, string, string];
  const zone = Number(zoneS);
  const ref = compact;
  if (zone < 1 || zone > 60) return refuse('coords.mgrs-zone', { ref, zone });
  const bandRange = bandLatitudes(band);
  if (!bandRange) {
    if ('ABYZ'.includes(band)) return refuse('coords.mgrs-polar-band', { ref, band });
    return refuse('coords.mgrs-band', { ref, band });
  }
  if (band === 'X' && (zone === 32 || zone === 34 || zone === 36)) {
    return refuse('coords.mgrs-svalbard', { ref, zone });
  }
  if (/[IO]/.test(col + row)) return refuse('coords.mgrs-square-letters', { ref });
  if (digits.length % 2 !== 0) return refuse('coords.mgrs-odd-digits', { ref, count: digits.length });
  if (digits.length > 10) return refuse('coords.mgrs-too-many-digits', { ref });
  let point: [number, number];
  try {
    point = mgrs.toPoint(compact);
  } catch (e) {
    // The mgrs package's own words, kept as a detail: it has no codes.
    const detail = (e instanceof Error ? e.message.split('\n')[0] : String(e)) ?? '';
    return refuse('coords.mgrs-invalid-detail', { ref, detail });
  }
  const [lng, lat] = point;
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) return refuse('coords.mgrs-invalid', { ref });
  // The package places any square letters somewhere; a square that lies outside its band is a typo.
  const cellMetres = 10 ** (5 - digits.length / 2);
  const slack = cellMetres / 111_000 + 0.1;
  if (lat < bandRange[0] - slack || lat > bandRange[1] + slack) {
    return refuse('coords.mgrs-square-outside-band', { ref, square: `${col}${row}`, band, zone });
  }
  return { ok: true, lng, lat, format: 'mgrs' };
}

// ---------------------------------------------------------------------------------------------
// UTM

const UTM_RE = /^(?:UTM\s*)?(?:ZONE\s*)?(\d{1,2})\s*([A-Z])?\s*[,;]?\s+(\d+(?:\.\d+)?)\s*(?:M?E)?\s*[,;]?\s*(\d+(?:\.\d+)?)\s*(?:M?N)?$/;

function parseUtm(s: string): CoordinateParse | null {
  const m = UTM_RE.exec(s);
  if (!m) return null;
  const zone = Number(m[1]);
  const letter = m[2];
  const easting = Number(m[3]);
  const northing = Number(m[4]);
  // Only take the UTM reading when the numbers look like metres; "12 30 30 N" style DMS is not UTM.
  if (easting < 1000 && northing < 1000) return null;
  const ref = `${m[1]}${letter ?? ''} ${m[3]} ${m[4]}`;
  if (!letter) return refuse('coords.utm-hemisphere-missing', { ref, zone });
  if (zone < 1 || zone > 60) return refuse('coords.utm-zone', { ref, zone });
  let south: boolean;
  let band: [number, number] | null = null;
  if (letter === 'N') south = false;
  else if (letter === 'S') south = true;
  else {
    band = bandLatitudes(letter);
    if (!band) return refuse('coords.utm-letter', { ref, letter });
    south = band[0] < 0;
  }
  if (easting < 100_000 || easting > 900_000) {
    return refuse('coords.utm-easting', { ref, easting: show(easting) });
  }
  if (northing > 10_000_000) return refuse('coords.utm-northing', { ref, northing: show(northing) });
  const [lng, lat] = utmToLngLat(zone, south, easting, northing);
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) return refuse('coords.utm-invalid', { ref });
  if (lat < -80.5 || lat > 84.5) return refuse('coords.utm-outside-grid', { ref, lat: lat.toFixed(2) });
  if (band && (lat < band[0] - 0.5 || lat > band[1] + 0.5)) {
    return refuse('coords.utm-northing-band', { ref, northing: show(northing), letter, south: band[0], north: band[1] });
  }
  return { ok: true, lng, lat, format: 'utm' };
}

// ---------------------------------------------------------------------------------------------
// Degrees: tokens

type Mark = 'd' | 'm' | 's';
type Hemi = 'N' | 'S' | 'E' | 'W';

interface Component {
  value: number;
  text: string;
  /** Digits before the decimal mark (for packed DDMM forms). */
  intDigits: number;
  hasFraction: boolean;
  sign: '+' | '-' | null;
  mark: Mark | null;
  /** The minute mark was the letter M (so a following S is a seconds mark, not south). */
  letterMark: boolean;
}

type Element = { k: 'c'; c: Component } | { k: 'h'; h: Hemi } | { k: 'strong' };

const WORDS: [string, Hemi][] = [
  ['NORTH', 'N'],
  ['NORD', 'N'],
  ['SOUTH', 'S'],
  ['SUD', 'S'],
  ['EAST', 'E'],
  ['EST', 'E'],
  ['WEST', 'W'],
  ['OUEST', 'W'],
];

/** Unit words, English and French, longest first so that MIN does not stop MINUTES short. */
const UNIT_WORDS: [string, Mark][] = [
  ['DEGREES', 'd'],
  ['DEGRÉS', 'd'],
  ['DEGRES', 'd'],
  ['DEGREE', 'd'],
  ['DEGRÉ', 'd'],
  ['DEGRE', 'd'],
  ['DEG', 'd'],
  ['MINUTES', 'm'],
  ['MINUTE', 'm'],
  ['MIN', 'm'],
  ['MN', 'm'],
  ['SECONDES', 's'],
  ['SECONDS', 's'],
  ['SECONDE', 's'],
  ['SECOND', 's'],
  ['SEC', 's'],
];

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && ch >= 'A' && ch <= 'Z';
}

/** Whether commas in `s` are decimal marks (see the conventions above). */
function commaIsDecimal(s: string, singleAxis: boolean): boolean {
  if (!s.includes(',')) return false;
  const commas = [...s.matchAll(/,/g)].map((m) => m.index);
  const allBetweenDigits = commas.every((i) => isDigit(s[i - 1]) && isDigit(s[i + 1]));
  if (!allBetweenDigits) {
    // "N 12° 15,2500', E 15° 03,7500'": commas between digits are decimals when other commas separate the values.
    return !s.includes('.') && commas.some((i) => isDigit(s[i - 1]) && isDigit(s[i + 1]));
  }
  if (s.includes(';')) return true;
  if (s.includes('.')) return false;
  if (singleAxis) return true;
  return commas.length >= 2 || /\s/.test(s);
}

/**
 * `southMask` chooses, for each S that could be a seconds mark (after a minute written with a
 * letter), whether it is read as south (bit set) or seconds; `ambiguous` counts those S.
 */
function tokenize(s: string, singleAxis: boolean, southMask = 0, ambiguous = { count: 0 }): Element[] {
  const decimalComma = commaIsDecimal(s, singleAxis);
  const out: Element[] = [];
  let pendingSign: '+' | '-' | null = null;
  let spaceSince = true; // whitespace (or start) since the previous element
  let i = 0;
  const lastComponent = (): Component | null => {
    const e = out[out.length - 1];
    return e && e.k === 'c' ? e.c : null;
  };
  while (i < s.length) {
    const ch = s.charAt(i);
    if (/\s/.test(ch)) {
      spaceSince = true;
      i++;
      continue;
    }
    // A decimal comma is consumed with its number, so any comma reaching here separates.
    if (ch === ';' || ch === ',') {
      if (pendingSign) fail(NOT_A_COORDINATE);
      out.push({ k: 'strong' });
      spaceSince = true;
      i++;
      continue;
    }
    if (isDigit(ch) || (ch === '.' && isDigit(s[i + 1]))) {
      const re = decimalComma ? /\d*(?:[.,]\d+)?/y : /\d*(?:\.\d+)?/y;
      re.lastIndex = i;
      const m = re.exec(s);
      const text = m ? m[0] : ch;
      const intPart = text.split(/[.,]/)[0] ?? '';
      out.push({
        k: 'c',
        c: {
          value: Number(text.replace(',', '.')),
          text,
          intDigits: intPart.length,
          hasFraction: /[.,]/.test(text),
          sign: pendingSign,
          mark: null,
          letterMark: false,
        },
      });
      pendingSign = null;
      spaceSince = false;
      i += text.length;
      continue;
    }
    if (ch === '-' || ch === '+') {
      const prev = out[out.length - 1];
      if (ch === '-' && !spaceSince && prev && prev.k === 'c' && prev.c.mark === null && isDigit(s[i + 1])) {
        // "40-25.0999N": a hyphen between numbers separates degrees from minutes.
        i++;
        continue;
      }
      if (pendingSign || !(isDigit(s[i + 1]) || s[i + 1] === '.')) fail(NOT_A_COORDINATE);
      pendingSign = ch;
      i++;
      continue;
    }
    if (ch === ':') {
      const prev = lastComponent();
      if (!prev || !isDigit(s[i + 1])) fail(NOT_A_COORDINATE);
      i++;
      continue;
    }
    const markOf = (m: Mark, letter: boolean): boolean => {
      const c = lastComponent();
      if (!c || c.mark !== null) return false;
      c.mark = m;
      c.letterMark = letter;
      return true;
    };
    if (ch === '°' || ch === "'" || ch === '"') {
      if (!markOf(ch === '°' ? 'd' : ch === "'" ? 'm' : 's', false)) fail(NOT_A_COORDINATE);
      spaceSince = false;
      i++;
      continue;
    }
    if (isLetter(ch)) {
      const unit = UNIT_WORDS.find(([w]) => s.startsWith(w, i) && !isLetter(s[i + w.length]));
      if (unit && markOf(unit[1], true)) {
        spaceSince = false;
        i += unit[0].length;
        continue;
      }
      const word = WORDS.find(([w]) => s.startsWith(w, i) && !isLetter(s[i + w.length]));
      if (word) {
        out.push({ k: 'h', h: word[1] });
        spaceSince = true;
        i += word[0].length;
        continue;
      }
      if (isLetter(s[i + 1]) && !(ch === 'D' || ch === 'M' || ch === 'S')) fail(NOT_A_COORDINATE);
      const c = lastComponent();
      const touching = !spaceSince && c !== null && c.mark === null;
      if ((ch === 'D' || (ch === 'M' && !isLetter(s[i + 1]))) && touching) {
        markOf(ch === 'D' ? 'd' : 'm', true);
        i++;
        continue;
      }
      if (ch === 'S' && touching) {
        // "12d30m30s": s is seconds after a minute written with the letter m; otherwise S is south.
        const before = out[out.length - 2];
        const bit = before && before.k === 'c' && before.c.mark === 'm' && before.c.letterMark ? 1 << ambiguous.count++ : 0;
        if (bit && !(southMask & bit)) {
          markOf('s', true);
          i++;
          continue;
        }
      }
      if (isLetter(s[i + 1])) fail(NOT_A_COORDINATE);
      const h: Hemi | null = ch === 'N' || ch === 'S' || ch === 'E' || ch === 'W' ? ch : ch === 'O' ? 'W' : null;
      if (!h) fail(NOT_A_COORDINATE);
      out.push({ k: 'h', h });
      spaceSince = true;
      i++;
      continue;
    }
    fail(NOT_A_COORDINATE);
  }
  if (pendingSign) fail(NOT_A_COORDINATE);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Degrees: axes

interface Axis {
  comps: Component[];
  hemi: Hemi | null;
}

/** Splits a run of components into axes on explicit cues: a sign, a degree mark, a completed seconds value, a decimal fraction. */
function splitRun(run: Component[]): Component[][] {
  const axes: Component[][] = [];
  let cur: Component[] = [];
  for (const c of run) {
    const last = cur[cur.length - 1];
    if (last && (c.sign !== null || c.mark === 'd' || last.mark === 's' || last.hasFraction)) {
      axes.push(cur);
      cur = [];
    }
    cur.push(c);
  }
  if (cur.length) axes.push(cur);
  return axes;
}

function groupAxes(elements: Element[]): Axis[] {
  // Two hemisphere letters in a row ("SS") are a typo, not a coordinate.
  for (let i = 1; i < elements.length; i++) {
    const a = elements[i - 1];
    const b = elements[i];
    if (a && b && a.k === 'h' && b.k === 'h') fail('coords.two-hemispheres', { letters: `${a.h}${b.h}` });
  }
  const prefix = elements[0]?.k === 'h';
  type Run = { comps: Component[]; hemi: Hemi | null };
  const runs: Run[] = [];
  let cur: Run = { comps: [], hemi: null };
  const close = () => {
    if (cur.comps.length || cur.hemi) runs.push(cur);
    cur = { comps: [], hemi: null };
  };
  for (const e of elements) {
    if (e.k === 'c') cur.comps.push(e.c);
    else if (e.k === 'strong') close();
    else if (prefix) {
      close();
      cur.hemi = e.h;
    } else {
      if (!cur.comps.length) fail('coords.hemisphere-no-number-before', { letter: e.h });
      cur.hemi = e.h;
      close();
    }
  }
  close();
  const axes: Axis[] = [];
  for (const r of runs) {
    if (!r.comps.length) fail('coords.hemisphere-no-number-after', { letter: r.hemi ?? '' });
    const parts = splitRun(r.comps);
    parts.forEach((comps, i) => {
      const own = prefix ? i === 0 : i === parts.length - 1;
      axes.push({ comps, hemi: own ? r.hemi : null });
    });
  }
  return axes;
}

/** Splits a single unmarked axis of 2, 4 or 6 numbers into latitude and longitude halves. */
function halve(axis: Axis): [Axis, Axis] | null {
  const n = axis.comps.length;
  if (axis.hemi || (n !== 2 && n !== 4 && n !== 6) || axis.comps.some((c) => c.mark !== null)) return null;
  return [
    { comps: axis.comps.slice(0, n / 2), hemi: null },
    { comps: axis.comps.slice(n / 2), hemi: null },
  ];
}

/** "4025.0999" → 40, 25.0999 (DDMM), "402505.994" → 40, 25, 5.994 (DDMMSS); DDDMM and DDDMMSS too. */
function unpack(c: Component): Component[] {
  const [intPart = '', frac = ''] = c.text.split(/[.,]/);
  const widths: Record<number, number[]> = { 4: [2, 2], 5: [3, 2], 6: [2, 2, 2], 7: [3, 2, 2] };
  const w = widths[intPart.length];
  if (!w) fail('coords.packed-digits', { text: c.text });
  const parts: Component[] = [];
  let at = 0;
  w.forEach((width, i) => {
    const last = i === w.length - 1;
    const text = intPart.slice(at, at + width) + (last && frac ? `.${frac}` : '');
    at += width;
    parts.push({ ...c, value: Number(text), text, intDigits: width, hasFraction: last && frac !== '', mark: null, sign: i === 0 ? c.sign : null });
  });
  return parts;
}

interface AxisValue {
  value: number;
  depth: 1 | 2 | 3;
}

function axisValue(axis: Axis): AxisValue {
  let comps = axis.comps;
  const only = comps[0];
  if (comps.length === 1 && only && axis.hemi && only.intDigits >= 4 && (only.mark === null || only.mark === 'd')) comps = unpack(only);
  if (comps.length > 3) fail('coords.too-many-numbers', { numbers: comps.map((c) => c.text).join(' ') });
  let slot = -1;
  const values = [0, 0, 0];
  comps.forEach((c, i) => {
    const next = c.mark === 'd' ? 0 : c.mark === 'm' ? 1 : c.mark === 's' ? 2 : slot + 1;
    if (next !== slot + 1 || next > 2) fail('coords.parts-order', { numbers: comps.map((x) => x.text).join(' ') });
    if (i < comps.length - 1 && c.hasFraction) fail('coords.decimals-not-last', { text: c.text });
    slot = next;
    values[slot] = c.value;
  });
  const [deg = 0, min = 0, sec = 0] = values;
  if (slot >= 1 && min >= 60) fail('coords.minutes-over-60', { value: show(min) });
  if (slot >= 2 && sec >= 60) fail('coords.seconds-over-60', { value: show(sec) });
  const sign = comps[0]?.sign ?? null;
  if (sign === '-' && axis.hemi) fail('coords.sign-and-hemisphere', { letter: axis.hemi });
  const magnitude = deg + min / 60 + sec / 3600;
  const negative = sign === '-' || axis.hemi === 'S' || axis.hemi === 'W';
  return { value: negative ? -magnitude : magnitude, depth: (slot + 1) as 1 | 2 | 3 };
}

const FORMAT_OF_DEPTH = { 1: 'dd', 2: 'dm', 3: 'dms' } as const;

function checkLat(v: number): void {
  if (Math.abs(v) > 90) {
    fail(Math.abs(v) > 1000 ? 'coords.latitude-beyond-90-utm' : 'coords.latitude-beyond-90', { value: show(v) });
  }
}

function checkLng(v: number): void {
  if (Math.abs(v) > 180) fail('coords.longitude-beyond-180', { value: show(v) });
}

function isLatHemi(h: Hemi | null): boolean {
  return h === 'N' || h === 'S';
}

function isLngHemi(h: Hemi | null): boolean {
  return h === 'E' || h === 'W';
}

type PairReading = { ok: true; lat: number; lng: number; format: ParsedFormat; hemispheres: number } | { ok: false; error: Message };

/**
 * An S after a minute written with a letter ("30m15S") is a seconds mark or south. Each reading is
 * tried; the one that gives both values a hemisphere wins, and any other tie is refused, because a
 * position silently put in the wrong hemisphere is worse than one refused.
 */
/** "04.21.30,5S" → 04°21'30.5"S: dotted DMS as aviation and military lists write it. */
function undotDms(s: string): string {
  return s.replace(/(^|[^\d.,])(\d{1,3})\.(\d{2})\.(\d{2}(?:[.,]\d+)?)(?![\d.,])/g, (_m, pre: string, d: string, m: string, sec: string) => `${pre}${d}°${m}'${sec.replace(',', '.')}"`);
}

function parseDegreesPair(text: string): CoordinateParse {
  const s = undotDms(text);
  const ambiguous = { count: 0 };
  const first = readPair(s, 0, ambiguous);
  if (ambiguous.count === 0) return unwrap(first);
  const readings: PairReading[] = [first];
  for (let mask = 1; mask < 1 << Math.min(ambiguous.count, 3); mask++) readings.push(readPair(s, mask, { count: 0 }));
  const good = readings.filter((r): r is Extract<PairReading, { ok: true }> => r.ok);
  if (good.length === 0) return unwrap(first);
  const full = good.filter((r) => r.hemispheres === 2);
  if (good.length === 1) return unwrap(good[0] as PairReading);
  if (full.length === 1) return unwrap(full[0] as PairReading);
  fail('coords.ambiguous-s-pair', { readings: good.map((r) => `${show(r.lat)}, ${show(r.lng)}`) });
}

function unwrap(r: PairReading): CoordinateParse {
  if (!r.ok) throw new ParseError(r.error);
  return { ok: true, lat: r.lat, lng: r.lng, format: r.format };
}

function readPair(s: string, southMask: number, ambiguous: { count: number }): PairReading {
  try {
    return readPairOrThrow(s, southMask, ambiguous);
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.reason };
    throw e;
  }
}

function readPairOrThrow(s: string, southMask: number, ambiguous: { count: number }): PairReading {
  const axes = groupAxes(tokenize(s, false, southMask, ambiguous));
  let pair: Axis[] = axes;
  if (axes.length === 1 && axes[0]) {
    const halves = halve(axes[0]);
    if (!halves) {
      const n = axes[0].comps.length;
      fail(n === 1 ? 'coords.only-one-value' : NOT_A_COORDINATE);
    }
    pair = halves;
  }
  if (pair.length !== 2) {
    if (pair.length === 0) fail(NOT_A_COORDINATE);
    fail('coords.value-count', { count: pair.length });
  }
  const [a, b] = pair as [Axis, Axis];
  if (isLatHemi(a.hemi) && isLatHemi(b.hemi)) fail('coords.both-latitudes', { first: a.hemi ?? '', second: b.hemi ?? '' });
  if (isLngHemi(a.hemi) && isLngHemi(b.hemi)) fail('coords.both-longitudes', { first: a.hemi ?? '', second: b.hemi ?? '' });
  if (isLngHemi(a.hemi) || isLatHemi(b.hemi)) fail('coords.longitude-first');
  const lat = axisValue(a);
  const lng = axisValue(b);
  checkLat(lat.value);
  checkLng(lng.value);
  const depth = Math.max(lat.depth, lng.depth) as 1 | 2 | 3;
  // -0 is a real number but an odd one to store.
  const hemispheres = (a.hemi ? 1 : 0) + (b.hemi ? 1 : 0);
  return { ok: true, lat: lat.value + 0, lng: lng.value + 0, format: FORMAT_OF_DEPTH[depth], hemispheres };
}

// ---------------------------------------------------------------------------------------------
// Public API

/** One position typed by a person, in any of the supported notations. Never throws. */
export function parseCoordinate(text: string): CoordinateParse {
  const s = normalise(text);
  if (s === '') return refuse('coords.empty');
  try {
    const utm = parseUtm(s);
    if (utm) return utm;
    const mgrsResult = parseMgrs(s.replace(/\s+/g, ''));
    if (mgrsResult) return mgrsResult;
    return parseDegreesPair(s);
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.reason };
    throw e;
  }
}

const PLAIN_NUMBER_RE = /^\s*([+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?)\s*$/;

function parseAxis(text: string, axis: 'lat' | 'lng'): AxisParse {
  // Fast path for the common case, plain signed decimals (exponents too, as spreadsheets write 3.7e-4).
  const plain = PLAIN_NUMBER_RE.exec(text);
  if (plain) {
    const value = Number(plain[1]?.replace(',', '.'));
    const limit = axis === 'lat' ? 90 : 180;
    if (Math.abs(value) <= limit) return { ok: true, value: value + 0, format: 'dd' };
  }
  const s = normalise(text);
  if (s === '') return refuse(axis === 'lat' ? 'coords.empty-latitude' : 'coords.empty-longitude');
  const ambiguous = { count: 0 };
  const first = readAxis(s, axis, 0, ambiguous);
  if (ambiguous.count === 0) return first.ok ? strip(first) : first;
  const readings: AxisReading[] = [first];
  for (let mask = 1; mask < 1 << Math.min(ambiguous.count, 3); mask++) readings.push(readAxis(s, axis, mask, { count: 0 }));
  const good = readings.filter((r): r is Extract<AxisReading, { ok: true }> => r.ok);
  if (good.length === 0) return first.ok ? strip(first) : first;
  const withHemisphere = good.filter((r) => r.hemisphere);
  const chosen = good.length === 1 ? good : withHemisphere.length === 1 ? withHemisphere : null;
  if (chosen?.[0]) return strip(chosen[0]);
  return refuse('coords.ambiguous-s-value', { readings: good.map((r) => show(r.value)) });
}

type AxisReading = (Extract<AxisParse, { ok: true }> & { hemisphere: boolean }) | Extract<AxisParse, { ok: false }>;

function strip(r: Extract<AxisReading, { ok: true }>): AxisParse {
  return { ok: true, value: r.value, format: r.format };
}

/** One reading of a single value, with the S marks chosen by `southMask` as in tokenize. */
function readAxis(s: string, axis: 'lat' | 'lng', southMask: number, ambiguous: { count: number }): AxisReading {
  try {
    const axes = groupAxes(tokenize(undotDms(s), true, southMask, ambiguous));
    if (axes.length !== 1 || !axes[0]) {
      if (axes.length === 0) fail(axis === 'lat' ? 'coords.not-a-latitude' : 'coords.not-a-longitude');
      fail(axis === 'lat' ? 'coords.value-count-latitude' : 'coords.value-count-longitude', { count: axes.length });
    }
    const a = axes[0];
    if (axis === 'lat' && isLngHemi(a.hemi)) fail('coords.longitude-letter-in-latitude', { letter: a.hemi ?? '' });
    if (axis === 'lng' && isLatHemi(a.hemi)) fail('coords.latitude-letter-in-longitude', { letter: a.hemi ?? '' });
    const v = axisValue(a);
    if (axis === 'lat') checkLat(v.value);
    else checkLng(v.value);
    return { ok: true, value: v.value + 0, format: FORMAT_OF_DEPTH[v.depth], hemisphere: a.hemi !== null };
  } catch (e) {
    if (e instanceof ParseError) {
      if (e.reason.code === NOT_A_COORDINATE) return refuse(axis === 'lat' ? 'coords.not-a-latitude' : 'coords.not-a-longitude');
      return { ok: false, error: e.reason };
    }
    throw e;
  }
}

/** A latitude alone (a CSV latitude column): decimal, DM or DMS, with or without N/S. Never throws. */
export function parseLatitude(text: string): AxisParse {
  return parseAxis(text, 'lat');
}

/** A longitude alone (a CSV longitude column): decimal, DM or DMS, with or without E/W. Never throws. */
export function parseLongitude(text: string): AxisParse {
  return parseAxis(text, 'lng');
}
