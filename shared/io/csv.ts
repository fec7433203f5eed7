import { msg, type Message } from '../i18n/message';
import Papa from 'papaparse';
import * as terraformerWkt from '@terraformer/wkt';
import type { Feature, Geometry } from 'geojson';
import { parseCoordinate, parseLatitude, parseLongitude } from '../geo/parse-coords';
import { decodeText } from './encoding';
import { LayerBuilder, refusal, warn } from './layer-builder';
import { baseName } from './text';
import type { FormatDef, ParseOptions, ParseResult, Problem } from './types';

/**
 * Delimited text (CSV, TSV, semicolon- and pipe-separated) with a header row.
 *
 * Where the position of a row comes from, first source with a non-empty cell wins per row:
 *   1. a latitude column and a longitude column (decimal, DM or DMS; see parseLatitude),
 *   2. a WKT column (any geometry, through @terraformer/wkt),
 *   3. an MGRS column, a UTM column, or a "coordinates" column holding a whole typed position
 *      (anything parseCoordinate reads).
 * A row with none of them filled is refused ('no-coordinates') with its line: it is never put at 0,0.
 * A row whose cells do not parse is refused with the parser's reason. A file without any such
 * column fails as a whole, naming the columns it has.
 *
 * Properties keep every column, the coordinate columns included, under the header's names
 * (trimmed). A column whose every non-empty cell is a plain number becomes numbers (its empty
 * cells null); all other columns stay text, so codes such as "007" keep their zeros. When the
 * delimiter is ";" a decimal comma ("12,5") counts as a number. The domain normaliser does the
 * field-specific conversions later.
 *
 * What is hand-written here is the glue: delimiter choice (papaparse's guess checked against the
 * header), column recognition, line numbers and the problems we report; the CSV grammar itself
 * (quotes, embedded newlines) is papaparse's.
 */

export const CSV_FORMAT_ID = 'csv';

/**
 * @terraformer/wkt ships no types; the project's ambient declaration (io/serialise/terraformer-wkt.d.ts)
 * covers only geojsonToWKT, so the reading half is typed here.
 */
const wktToGeoJSON = (terraformerWkt as unknown as { wktToGeoJSON: (wkt: string) => Geometry }).wktToGeoJSON;

const DELIMITERS = [',', ';', '\t', '|'] as const;
type Delimiter = (typeof DELIMITERS)[number];

const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** "Lat." → "lat", "Longitude (WGS84)" → "longitudewgs84", "Coordonnées" → "coordonnees". */
export function canonicalColumn(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** Column names (canonical) per role, best first. English and French; x/y only as a last resort. */
const LAT_NAMES = ['latitude', 'lat', 'latdd', 'latdec', 'latdeg', 'latitudedd', 'latitudedecimal', 'decimallatitude', 'latwgs84', 'latitudewgs84', 'gpslatitude', 'gpslat', 'latitud', 'ycoord', 'ycoordinate', 'pointy', 'y'];
const LNG_NAMES = ['longitude', 'lon', 'lng', 'long', 'londd', 'lngdd', 'longdd', 'londec', 'londeg', 'longitudedd', 'longitudedecimal', 'decimallongitude', 'lonwgs84', 'longitudewgs84', 'gpslongitude', 'gpslon', 'gpslng', 'longitud', 'xcoord', 'xcoordinate', 'pointx', 'x'];
const ALT_NAMES = ['altitude', 'alt', 'elevation', 'ele', 'elev', 'height', 'z', 'altitudem', 'elevationm'];
const WKT_NAMES = ['wkt', 'geometry', 'thegeom', 'geom', 'wktgeometry', 'geometrywkt', 'geomwkt', 'shape', 'geometrie'];
const MGRS_NAMES = ['mgrs', 'mgrsref', 'mgrsreference', 'mgrscoordinates', 'mgrscoordinate', 'mgrscoord', 'grid', 'gridref', 'gridreference', 'grille', 'refgrille', 'coordonneesmgrs', 'mgrsgrid'];
const UTM_NAMES = ['utm', 'utmref', 'utmreference', 'utmcoordinates', 'utmcoordinate', 'utmcoord', 'coordonneesutm'];
const POSITION_NAMES = ['coordinates', 'coordinate', 'coords', 'coord', 'coordonnees', 'coordonnee', 'position', 'latlon', 'latlong', 'latlng', 'gps', 'gpscoordinates'];

function findColumn(canon: string[], names: readonly string[], taken: ReadonlySet<number>): number {
  for (const n of names) {
    const i = canon.findIndex((c, j) => c === n && !taken.has(j));
    if (i >= 0) return i;
  }
  return -1;
}

interface CoordinateColumns {
  lat: number;
  lng: number;
  /** Optional third coordinate of lat/lng points (RFC 7946 keeps altitude). */
  alt: number;
  wkt: number;
  /** MGRS, UTM and whole-position columns, each read with parseCoordinate. */
  positions: number[];
}

function findCoordinateColumns(header: string[]): CoordinateColumns {
  const canon = header.map(canonicalColumn);
  const taken = new Set<number>();
  const take = (names: readonly string[]) => {
    const i = findColumn(canon, names, taken);
    if (i >= 0) taken.add(i);
    return i;
  };
  let lat = take(LAT_NAMES);
  let lng = take(LNG_NAMES);
  if (lat < 0 || lng < 0) {
    // Half a pair is not a position.
    lat = -1;
    lng = -1;
  }
  const alt = lat >= 0 ? take(ALT_NAMES) : -1;
  const wkt = take(WKT_NAMES);
  const positions = [take(MGRS_NAMES), take(UTM_NAMES), take(POSITION_NAMES)].filter((i) => i >= 0);
  return { lat, lng, alt, wkt, positions };
}

// ---------------------------------------------------------------------------------------------
// Delimiter

/** Fields of the header and of the next rows, parsed with one candidate delimiter. */
function previewScore(text: string, delimiter: Delimiter): { fields: number; consistent: number } {
  const rows = Papa.parse<string[]>(text, { delimiter, preview: 20, skipEmptyLines: true }).data;
  const fields = rows[0]?.length ?? 0;
  const consistent = rows.slice(1).filter((r) => r.length === fields).length;
  return { fields, consistent };
}

/**
 * papaparse's guess, checked: the chosen delimiter must split the header into at least two
 * columns and give the following rows the header's width at least as often as any other
 * candidate. (Its guess goes wrong, for example, on ";" files with decimal commas.)
 */
export function detectDelimiter(text: string, fileName: string): Delimiter {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.tsv') || lower.endsWith('.tab')) return '\t';
  const sample = text.slice(0, 64 * 1024);
  const guessed = Papa.parse<string[]>(sample, { preview: 20 }).meta.delimiter;
  let best: Delimiter = ',';
  let bestScore = { fields: 0, consistent: -1 };
  const order = [...DELIMITERS].sort((a, b) => (a === guessed ? -1 : b === guessed ? 1 : 0));
  for (const d of order) {
    const s = previewScore(sample, d);
    if (s.fields < 2) continue;
    if (s.consistent > bestScore.consistent || (s.consistent === bestScore.consistent && s.fields > bestScore.fields && d !== guessed && best !== guessed)) {
      best = d;
      bestScore = s;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Values

const NUMBER_RE = /^[+-]?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$|^[+-]?0?\.\d+$/;
const COMMA_NUMBER_RE = /^[+-]?(?:0|[1-9]\d*)(?:,\d+)?$/;

function numberOf(cell: string, decimalComma: boolean): number | null {
  const t = cell.trim();
  if (NUMBER_RE.test(t)) {
    const n = Number(t);
    // Long digit strings (phone numbers, ids) would lose digits as numbers.
    return Number.isFinite(n) && (Number.isSafeInteger(n) || !/^[+-]?\d{16,}$/.test(t)) ? n : null;
  }
  if (decimalComma && COMMA_NUMBER_RE.test(t)) return Number(t.replace(',', '.'));
  return null;
}

/** Loose number for the swap check only: "12,5" and "12.5" alike. */
function roughNumber(cell: string): number | null {
  const n = Number(cell.trim().replace(',', '.'));
  return cell.trim() !== '' && Number.isFinite(n) ? n : null;
}

type RowGeometry = { ok: true; geometry: Geometry } | { ok: false; code: string; reason: Message };

function wktGeometry(cell: string): RowGeometry {
  // EWKT's "SRID=4326;" prefix is common in database exports; other SRIDs are not degrees.
  const m = /^\s*SRID=(\d+);(.*)$/is.exec(cell);
  if (m && m[1] !== '4326') {
    return { ok: false, code: 'bad-wkt', reason: msg('csv.wkt-srid', { srid: m[1] ?? '' }) };
  }
  const wkt = m ? (m[2] ?? '') : cell;
  try {
    const g = wktToGeoJSON(wkt.trim());
    if (g === null || typeof g !== 'object' || typeof (g as { type?: unknown }).type !== 'string') {
      return { ok: false, code: 'bad-wkt', reason: msg('csv.not-wkt', { cell: truncate(cell) }) };
    }
    return { ok: true, geometry: g };
  } catch (e) {
    const detail = e instanceof Error ? (e.message.split('\n')[0] ?? '').replace(/[:\s]+$/, '') : String(e);
    return { ok: false, code: 'bad-wkt', reason: msg('csv.invalid-wkt', { detail, cell: truncate(cell) }) };
  }
}

function truncate(s: string, max = 60): string {
  const t = s.trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

// ---------------------------------------------------------------------------------------------
// Parsing

interface Row {
  cells: string[];
  line: number;
}

/** Reads all records with the 1-based line each starts on (quoted fields may span lines). */
function readRows(text: string, delimiter: Delimiter): { rows: Row[]; errors: Problem[] } {
  const rows: Row[] = [];
  const errors: Problem[] = [];
  let line = 1;
  let counted = 0; // offset up to which newlines are counted into `line`
  let start = 0;
  const advance = (to: number) => {
    for (let i = counted; i < to; i++) if (text.charCodeAt(i) === 10) line++;
    counted = to;
  };
  Papa.parse<string[]>(text, {
    delimiter,
    newline: '\n',
    step: (result) => {
      // Leading newlines of a record belong to empty lines that papaparse skipped over.
      let s = start;
      while (s < text.length && text.charCodeAt(s) === 10) s++;
      advance(s);
      const rowLine = line;
      const cells = result.data;
      const empty = cells.length === 1 && (cells[0] ?? '').trim() === '';
      if (!empty) rows.push({ cells, line: rowLine });
      // Rows of the wrong width get their own, clearer warning (ragged-row).
      for (const e of result.errors) {
        if (e.code === 'TooFewFields' || e.code === 'TooManyFields') continue;
        errors.push({ code: 'csv-syntax', params: { detail: e.message }, line: rowLine, severity: 'warning' });
      }
      start = result.meta.cursor;
    },
  });
  return { rows, errors };
}

/** Names of the header, trimmed; blanks and repeats made unique (with a warning). */
function headerNames(cells: string[], warnings: Problem[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((raw, i) => {
    let name = raw.trim();
    if (name === '') {
      name = `column ${i + 1}`;
      warnings.push(warn('blank-column-name', { n: i + 1, name }));
    }
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    if (n > 1) {
      const renamed = `${name} (${n})`;
      warnings.push(warn('duplicate-column', { name, n: i + 1, renamed }));
      name = renamed;
    }
    return name;
  });
}

function noCoordinateColumnsError(header: string[], delimiter: Delimiter): Message {
  const shown = header.slice(0, 12).map((h) => `"${h}"`).join(', ') + (header.length > 12 ? ', …' : '');
  return msg('csv.no-coordinate-columns', { columns: shown, delimiter: msg(`csv.delimiter-${DELIMITER_NAMES[delimiter]}`) });
}

/** Parses the decoded text of a delimited file. */
export function parseCsvText(text: string, fileName: string, options: ParseOptions = {}, fileWarnings: Problem[] = []): ParseResult {
  const format = CSV_FORMAT_ID;
  // One kind of line end, so that papaparse and our line count agree (mixed files exist).
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (body.trim() === '') return { ok: false, format, error: msg('file.empty') };
  const delimiter = detectDelimiter(body, fileName);
  const { rows, errors } = readRows(body, delimiter);
  const warnings: Problem[] = [...fileWarnings];
  const headerRow = rows.shift();
  if (!headerRow) return { ok: false, format, error: msg('file.empty') };
  const header = headerNames(headerRow.cells, warnings);
  const cols = findCoordinateColumns(header);
  if (cols.lat < 0 && cols.wkt < 0 && cols.positions.length === 0) {
    return { ok: false, format, error: noCoordinateColumnsError(header, delimiter) };
  }
  warnings.push(...errors);

  // A column is typed when every non-empty cell (and at least one) reads as that type: numbers,
  // or true/false. Anything else stays text, so codes like "007" keep their zeros.
  const decimalComma = delimiter === ';';
  const everyCell = (c: number, test: (cell: string) => boolean): boolean => {
    let seen = false;
    for (const r of rows) {
      const cell = r.cells[c];
      if (cell === undefined || cell.trim() === '') continue;
      if (!test(cell)) return false;
      seen = true;
    }
    return seen;
  };
  const numeric = header.map((_, c) => everyCell(c, (cell) => numberOf(cell, decimalComma) !== null));
  const boolean = header.map((_, c) => !numeric[c] && everyCell(c, (cell) => /^(true|false)$/i.test(cell.trim())));

  const builder = new LayerBuilder();
  const width = header.length;
  const swap = { latBeyond: 0, lngWithin: 0, rows: 0 };
  const progressEvery = Math.max(1000, Math.floor(rows.length / 50));
  rows.forEach((row, r) => {
    if (options.onProgress && r % progressEvery === 0) options.onProgress(r / rows.length);
    const { cells, line } = row;
    if (cells.length !== width) {
      const extra = cells.slice(width).filter((c) => c.trim() !== '');
      if (cells.length < width || extra.length > 0) {
        const reason =
          cells.length < width
            ? msg('csv.row-short', { values: cells.length, columns: width })
            : msg('csv.row-long', { values: cells.length, columns: width, extra: extra.map((c) => `"${truncate(c, 20)}"`).join(', ') });
        warnings.push({ code: 'ragged-row', params: { reason }, line, severity: 'warning' });
      }
    }
    const properties: Record<string, string | number | boolean | null> = {};
    header.forEach((name, c) => {
      const cell = cells[c] ?? '';
      const empty = cell.trim() === '';
      if (numeric[c]) properties[name] = empty ? null : numberOf(cell, decimalComma);
      else if (boolean[c]) properties[name] = empty ? null : cell.trim().toLowerCase() === 'true';
      else properties[name] = cell;
    });

    const geometry = rowGeometry(cells, cols, swap);
    if (!geometry.ok) {
      const index = builder.index++;
      builder.refused.push(refusal(geometry.code, { reason: geometry.reason }, index, line));
      return;
    }
    const feature: Feature = { type: 'Feature', properties, geometry: geometry.geometry };
    builder.addFeature(feature, line);
  });
  options.onProgress?.(1);

  if (cols.lat >= 0 && swap.latBeyond > 0 && swap.lngWithin === swap.rows) {
    warnings.push(warn('lat-lon-swapped?', { lat: header[cols.lat] ?? '', count: swap.latBeyond, lng: header[cols.lng] ?? '' }));
  }
  if (rows.length === 0) warnings.push(warn('no-rows'));
  return {
    ok: true,
    format,
    layers: [builder.layer(baseName(fileName))],
    refused: builder.refused.toArray(),
    warnings: [...warnings, ...builder.warnings.toArray()],
  };
}

function rowGeometry(cells: string[], cols: CoordinateColumns, swap: { latBeyond: number; lngWithin: number; rows: number }): RowGeometry {
  const cell = (i: number) => (i >= 0 ? (cells[i] ?? '').trim() : '');
  const latCell = cell(cols.lat);
  const lngCell = cell(cols.lng);
  if (latCell !== '' || lngCell !== '') {
    if (latCell === '' || lngCell === '') {
      return { ok: false, code: 'no-coordinates', reason: msg(latCell === '' ? 'csv.latitude-empty' : 'csv.longitude-empty') };
    }
    const la = roughNumber(latCell);
    const lo = roughNumber(lngCell);
    if (la !== null && lo !== null) {
      swap.rows++;
      if (Math.abs(la) > 90) swap.latBeyond++;
      if (Math.abs(lo) <= 90) swap.lngWithin++;
    }
    const lat = parseLatitude(latCell);
    if (!lat.ok) return { ok: false, code: 'bad-coordinates', reason: msg('csv.bad-latitude', { cell: truncate(latCell, 30), reason: lat.error }) };
    const lng = parseLongitude(lngCell);
    if (!lng.ok) return { ok: false, code: 'bad-coordinates', reason: msg('csv.bad-longitude', { cell: truncate(lngCell, 30), reason: lng.error }) };
    const alt = cell(cols.alt) === '' ? null : roughNumber(cell(cols.alt));
    return { ok: true, geometry: { type: 'Point', coordinates: alt === null ? [lng.value, lat.value] : [lng.value, lat.value, alt] } };
  }
  const wkt = cell(cols.wkt);
  if (wkt !== '') return wktGeometry(wkt);
  for (const c of cols.positions) {
    const text = cell(c);
    if (text === '') continue;
    const p = parseCoordinate(text);
    if (!p.ok) return { ok: false, code: 'bad-coordinates', reason: msg('csv.bad-position', { cell: truncate(text, 30), reason: p.error }) };
    return { ok: true, geometry: { type: 'Point', coordinates: [p.lng, p.lat] } };
  }
  return { ok: false, code: 'no-coordinates', reason: msg('csv.cells-empty') };
}

/** Whether the first line looks like a header of a delimited file with a coordinate column. */
function sniffCsv(head: string): boolean {
  const first = head.split(/\r?\n/, 1)[0] ?? '';
  if (/^\s*[{[<]/.test(first)) return false;
  for (const d of DELIMITERS) {
    const header = first.split(d);
    if (header.length < 2) continue;
    const cols = findCoordinateColumns(header.map((h) => h.replace(/^\s*"|"\s*$/g, '')));
    if (cols.lat >= 0 || cols.wkt >= 0 || cols.positions.length > 0) return true;
  }
  return false;
}

export const csvFormat: FormatDef = {
  id: CSV_FORMAT_ID,
  label: 'CSV / TSV (delimited text with coordinate columns)',
  // Not .txt: too many .txt files are not tables; a delimited .txt is still recognised by its header.
  extensions: ['.csv', '.tsv', '.tab', '.dsv'],
  mimeTypes: ['text/csv', 'text/tab-separated-values', 'text/plain'],
  sniff: sniffCsv,
  parse(bytes: Uint8Array, fileName: string, options?: ParseOptions): ParseResult {
    const decoded = decodeText(bytes, fileName);
    return parseCsvText(decoded.text, fileName, options, decoded.warnings);
  },
};
