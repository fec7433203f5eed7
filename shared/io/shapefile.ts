import { msg, type Message } from '../i18n/message';
import { combineLayerOutcomes, type LayerOutcome } from './layer-outcomes';
import type { Geometry, GeoJsonProperties } from 'geojson';
// @ts-expect-error -- shpjs 6 ships no type declarations; the two functions used are given types just below.
import { parseDbf as untypedParseDbf, parseShp as untypedParseShp } from 'shpjs';
import { crsChosenWarning, crsQuestion, looksProjected, resolveCrsOption } from './crs-choice';
import { LayerBuilder, warn } from './layer-builder';
import { addToRangeStats, clampedWarning, clampNearLimits, crsContradiction, emptyRangeStats, mapPositions, readCrs, type Crs } from './prj';
import { baseName } from './text';
import type { FormatDef, ParseOptions, ParseResult, Problem } from './types';
import { unzipSafely } from './zip';

/**
 * ESRI shapefiles, zipped (.zip holding .shp + .shx + .dbf + .prj + .cpg, possibly several layers)
 * or a bare .shp (geometry only).
 *
 * shpjs reads the binary .shp records and the .dbf table. We do not use its `parseZip` because we
 * need three things it does not give: the zip-bomb limits of `unzipSafely`, the raw coordinates
 * (to check them against the .prj before trusting it: see prj.ts), and control over the .dbf code
 * page (.cpg, else the LDID byte in the .dbf header, else a UTF-8 check). So we call its
 * `parseShp` (without a projection) and `parseDbf`, and reproject with proj4 ourselves, exactly as
 * shpjs would (`proj4(prj).inverse`).
 */

export const SHAPEFILE_FORMAT_ID = 'shapefile';

const parseShp: (shp: DataView, prj?: string) => (Geometry | null)[] = untypedParseShp;
const parseDbf: (dbf: DataView, encoding?: string) => Record<string, unknown>[] = untypedParseDbf;

/** The files of one shapefile layer; only `shp` is required. */
export interface ShapefileParts {
  name: string;
  shp: Uint8Array;
  dbf?: Uint8Array;
  prj?: string;
  cpg?: string;
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const latin = new TextDecoder('windows-1252');

/** Shape types of the ESRI specification (null, point, polyline, polygon, multipoint; Z and M variants). */
const SHAPE_TYPES: ReadonlySet<number> = new Set([0, 1, 3, 5, 8, 11, 13, 15, 18, 21, 23, 25, 28]);

/** The 100-byte main header: file code 9994 (big-endian) and version 1000. Hand-checked so garbage is named as such. */
function shpHeaderProblem(shp: Uint8Array): Message | null {
  if (shp.byteLength < 100) return msg('shp.short-header', { bytes: shp.byteLength });
  const v = view(shp);
  if (v.getInt32(0, false) !== 9994 || v.getInt32(28, true) !== 1000) return msg('shp.no-signature');
  const type = v.getInt32(32, true);
  if (!SHAPE_TYPES.has(type)) return msg('shp.unknown-type', { type });
  if (type === 31) return msg('shp.multipatch');
  return null;
}

/**
 * dBASE language-driver ids (byte 29 of the .dbf header) for the code pages a browser's
 * TextDecoder knows. DOS code pages 437/850/852 are not among them.
 */
const LDID_ENCODINGS: ReadonlyMap<number, string> = new Map([
  [0x03, 'windows-1252'],
  [0x57, 'windows-1252'],
  [0x58, 'windows-1252'],
  [0x59, 'windows-1252'],
  [0x13, 'shift_jis'],
  [0x26, 'ibm866'],
  [0x4d, 'gbk'],
  [0x4e, 'euc-kr'],
  [0x4f, 'big5'],
  [0x65, 'ibm866'],
  [0x78, 'big5'],
  [0x79, 'euc-kr'],
  [0x7a, 'gbk'],
  [0x7b, 'shift_jis'],
  [0x7c, 'windows-874'],
  [0x7d, 'windows-1255'],
  [0x7e, 'windows-1256'],
  [0xc8, 'windows-1250'],
  [0xc9, 'windows-1251'],
  [0xca, 'windows-1254'],
  [0xcb, 'windows-1253'],
  [0xcc, 'windows-1257'],
]);

function isEncodingLabel(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/** A .cpg's content as a TextDecoder label ("ANSI 1250" → windows-1250, "88591" → iso-8859-1), or null. */
function cpgLabel(cpg: string): string | null {
  const t = cpg.trim();
  if (t === '' || t.length > 40 || /[<>\n]/.test(t)) return null;
  const num = /^(?:ANSI\s*|CP\s*|windows-)?(\d{3,5})$/i.exec(t)?.[1];
  if (num) {
    if (/^8859(\d{1,2})$/.test(num)) return `iso-8859-${num.slice(4)}`;
    if (num === '65001') return 'utf-8';
    const label = num === '874' || num.startsWith('125') ? `windows-${num}` : num === '936' ? 'gbk' : num === '932' ? 'shift_jis' : num === '949' ? 'euc-kr' : num === '950' ? 'big5' : num === '866' ? 'ibm866' : null;
    return label;
  }
  return isEncodingLabel(t) ? t.toLowerCase() : null;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The .dbf records (after the header) are valid UTF-8; `nonAscii` says whether any byte is above 0x7f. */
function utf8Check(dbf: Uint8Array): { valid: boolean; nonAscii: boolean } {
  const headerLen = dbf.byteLength >= 12 ? view(dbf).getUint16(8, true) : 0;
  const records = dbf.subarray(Math.min(headerLen, dbf.byteLength));
  const nonAscii = records.some((b) => b > 0x7f);
  if (!nonAscii) return { valid: true, nonAscii };
  try {
    strictUtf8.decode(records);
    return { valid: true, nonAscii };
  } catch {
    return { valid: false, nonAscii };
  }
}

/** Which code page the .dbf text is in: the .cpg, else the LDID byte, else UTF-8 if it decodes, else Windows-1252. */
function chooseEncoding(parts: ShapefileParts, dbf: Uint8Array, warnings: Problem[]): string {
  const where = msg('where.layer', { name: parts.name });
  if (parts.cpg !== undefined) {
    const label = cpgLabel(parts.cpg);
    if (label) return label;
    const shown = parts.cpg.trim().slice(0, 30).replace(/\s+/g, ' ');
    warnings.push({ ...warn('bad-cpg', { cpg: shown + (parts.cpg.trim().length > 30 ? '…' : '') }), where });
  }
  const utf8 = utf8Check(dbf);
  const ldid = dbf.byteLength > 29 ? (dbf[29] as number) : 0;
  const byLdid = LDID_ENCODINGS.get(ldid);
  if (byLdid) {
    // Text that is valid UTF-8 with accented letters is almost never really Windows-125x.
    if (utf8.nonAscii && utf8.valid) {
      warnings.push({ ...warn('encoding-guessed', { reason: msg('shp.ldid-but-utf8', { encoding: byLdid }) }), where });
      return 'utf-8';
    }
    return byLdid;
  }
  if (ldid === 0x01 || ldid === 0x02 || ldid === 0x64) {
    warnings.push({ ...warn('encoding-unsupported'), where });
    return 'windows-1252';
  }
  if (utf8.valid) return 'utf-8';
  warnings.push({ ...warn('encoding-guessed', { reason: msg('shp.no-code-page') }), where });
  return 'windows-1252';
}

/**
 * Rows whose logical (L) fields are unset ('?' or blank). parsedbf reads those as false, but in
 * dBASE they mean "unknown", which is not "no" (think "notified for deconfliction"). Hand-written
 * because it needs the field layout of the header (32-byte descriptors, documented in the dBASE
 * file-format spec), which parsedbf does not expose.
 */
function unsetLogicals(dbf: Uint8Array, decode: (b: Uint8Array) => string): Map<number, string[]> {
  const out = new Map<number, string[]>();
  if (dbf.byteLength < 32) return out;
  const v = view(dbf);
  const records = v.getUint32(4, true);
  const headerLen = v.getUint16(8, true);
  const recLen = v.getUint16(10, true);
  const logicals: { name: string; offset: number }[] = [];
  let fieldOffset = 1; // byte 0 of a record is the deletion flag
  for (let d = 32; d + 32 <= headerLen && dbf[d] !== 0x0d; d += 32) {
    const type = String.fromCharCode(dbf[d + 11] as number);
    if (type === 'L') logicals.push({ name: decode(dbf.subarray(d, d + 11)).replace(/\0/g, '').trim(), offset: fieldOffset });
    fieldOffset += dbf[d + 16] as number;
  }
  if (!logicals.length) return out;
  for (let r = 0; r < records; r++) {
    const base = headerLen + r * recLen;
    for (const f of logicals) {
      const c = dbf[base + f.offset];
      if (c === 0x3f || c === 0x20 || c === undefined) {
        const list = out.get(r) ?? [];
        list.push(f.name);
        out.set(r, list);
      }
    }
  }
  return out;
}

/** dBASE values as JSON: numbers that did not parse and empty dates become null, dates become YYYY-MM-DD. */
function cleanProperties(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(row)) {
    const v = row[key];
    if (typeof v === 'number') out[key] = Number.isFinite(v) ? v : null;
    else if (v instanceof Date) {
      out[key] = Number.isNaN(v.getTime())
        ? null
        : `${String(v.getFullYear()).padStart(4, '0')}-${String(v.getMonth() + 1).padStart(2, '0')}-${String(v.getDate()).padStart(2, '0')}`;
    } else if (v === '') out[key] = null;
    else out[key] = v;
  }
  return out;
}


/**
 * Reads one shapefile layer: geometry, attributes, code page, coordinate system. `chosen` is the
 * coordinate system the user picked (ParseOptions.crs); it wins over the .prj.
 */
export function readShapefileLayer(parts: ShapefileParts, chosen: { crs: Crs; code: string } | null = null): LayerOutcome {
  const where = msg('where.layer', { name: parts.name });
  const located = (p: Problem): Problem => ({ ...p, where });
  const headerProblem = shpHeaderProblem(parts.shp);
  if (headerProblem) return { ok: false, error: msg('in-place', { where, text: headerProblem }) };
  const warnings: Problem[] = [];

  let crs: Crs | null = null;
  if (chosen) {
    crs = chosen.crs;
    warnings.push(located(crsChosenWarning(parts.name, chosen.code, chosen.crs.name)));
  } else if (parts.prj !== undefined) {
    const reading = readCrs(parts.prj);
    if (reading.ok) crs = reading.crs;
    else warnings.push(located(warn('bad-prj', { reason: msg('shp.prj-ignored', { reason: reading.reason }) })));
  }

  let geometries: (Geometry | null)[];
  try {
    geometries = parseShp(view(parts.shp));
  } catch (e) {
    return { ok: false, error: msg('in-place', { where, text: msg('shp.unreadable', { detail: e instanceof Error ? e.message : String(e) }) }) };
  }

  let rows: Record<string, unknown>[] = [];
  if (parts.dbf) {
    const encoding = chooseEncoding(parts, parts.dbf, warnings);
    try {
      rows = parseDbf(view(parts.dbf), encoding);
      const decoder = new TextDecoder(encoding);
      for (const [r, names] of unsetLogicals(parts.dbf, (b) => decoder.decode(b))) {
        const row = rows[r];
        if (row) for (const n of names) if (n in row) row[n] = null;
      }
    } catch (e) {
      warnings.push(located(warn('bad-dbf', { detail: e instanceof Error ? e.message : String(e) })));
    }
    if (rows.length && rows.length !== geometries.length) {
      warnings.push(located(warn('dbf-count', { shapes: geometries.length, records: rows.length })));
    }
  }

  const stats = emptyRangeStats();
  for (const g of geometries) addToRangeStats(stats, g);
  const contradiction = crsContradiction(crs, stats, where);
  if (contradiction && !crs && looksProjected(stats)) {
    return { ok: false, error: contradiction, crsQuestion: crsQuestion(parts.name, stats, rows[0] ? Object.keys(rows[0]) : []) };
  }
  if (contradiction) return { ok: false, error: contradiction };

  // Shapefiles wind outer rings clockwise by specification; turning them to RFC 7946's
  // counter-clockwise is expected, not something the user needs to hear about per polygon.
  const builder = new LayerBuilder(new Set(['rewound']));
  let emptyShapes = 0;
  for (let i = 0; i < geometries.length; i++) {
    let g = geometries[i] ?? null;
    // shpjs turns a polyline with no points into an empty LineString: it is "no shape".
    if (g && 'coordinates' in g && Array.isArray(g.coordinates) && g.coordinates.length === 0) {
      g = null;
      emptyShapes++;
    }
    // shpjs adds a bbox to each geometry; it is redundant here and would go stale on reprojection.
    if (g && 'bbox' in g) delete g.bbox;
    if (g && crs?.toWgs84) mapPositions(g, crs.toWgs84);
    const clamped = clampNearLimits(g);
    const row = rows[i];
    const properties: GeoJsonProperties = row ? cleanProperties(row) : {};
    builder.addFeature({ type: 'Feature', properties, geometry: g }, undefined, clamped ? [clampedWarning(clamped)] : []);
  }
  if (emptyShapes) warnings.push(located(warn('empty-shape', { count: emptyShapes })));
  if (crs?.toWgs84) warnings.push(located(warn('reprojected', { crs: crs.name })));
  if (!crs && !parts.prj && geometries.length) warnings.push(located(warn('no-prj')));
  const builderWarnings = builder.warnings.toArray();
  return {
    ok: true,
    layer: builder.layer(parts.name),
    refused: builder.refused.toArray().map(located),
    warnings: [...warnings, ...builderWarnings.map(located)],
  };
}


const COMPONENT = /\.(shp|dbf|prj|cpg)$/i;

/** ParseOptions.crs as readShapefileLayer takes it, or why it cannot be used. */
export function chosenCrs(options: ParseOptions): { ok: true; chosen: { crs: Crs; code: string } | null } | { ok: false; error: Message } {
  const r = resolveCrsOption(options.crs);
  if (!r.ok) return r;
  return { ok: true, chosen: r.crs && r.code ? { crs: r.crs, code: r.code } : null };
}

/** Parses a zip holding one or more shapefiles. */
export function parseShapefileZip(bytes: Uint8Array, fileName: string, options: ParseOptions = {}): ParseResult {
  const format = SHAPEFILE_FORMAT_ID;
  const choice = chosenCrs(options);
  if (!choice.ok) return { ok: false, format, error: choice.error };
  // unzipSafely (zip.ts) checks entry count, sizes and compression ratio before inflating anything.
  const unzipped = unzipSafely(bytes, fileName, { select: (name) => COMPONENT.test(name) });
  if (!unzipped.ok) return { ok: false, format, error: unzipped.error };

  // Group the components by path without extension, case-insensitively (.SHP/.DBF happen).
  const groups = new Map<string, Partial<Record<'shp' | 'dbf' | 'prj' | 'cpg', Uint8Array>> & { name: string }>();
  const names = unzipped.listing.map((e) => e.name).filter((n) => !n.endsWith('/'));
  for (const [path, data] of unzipped.entries) {
    const file = path.split('/').pop() ?? path;
    if (path.includes('__MACOSX/') || file.startsWith('._')) continue;
    const m = COMPONENT.exec(path);
    if (!m) continue;
    const ext = (m[1] as string).toLowerCase() as 'shp' | 'dbf' | 'prj' | 'cpg';
    const key = path.slice(0, -4).toLowerCase();
    const group = groups.get(key) ?? { name: baseName(file) };
    group[ext] = data;
    if (ext === 'shp') group.name = baseName(file);
    groups.set(key, group);
  }
  const layers = [...groups.values()].filter((g) => g.shp);
  if (layers.length === 0) {
    const held = names.slice(0, 8).join(', ') + (names.length > 8 ? ', …' : '');
    return { ok: false, format, error: names.length ? msg('shp.no-shp-holds', { held }) : msg('shp.no-shp') };
  }
  const fileWarnings: Problem[] = [];
  const seen = new Map<string, number>();
  const outcomes = layers.map((g) => {
    // Two folders may hold the same layer name: keep both, told apart.
    const n = (seen.get(g.name) ?? 0) + 1;
    seen.set(g.name, n);
    const name = n > 1 ? `${g.name} (${n})` : g.name;
    const parts: ShapefileParts = { name, shp: g.shp as Uint8Array };
    if (g.dbf) parts.dbf = g.dbf;
    else fileWarnings.push({ ...warn('no-dbf'), where: msg('where.layer', { name }) });
    // .prj and .cpg are ASCII text in practice; Windows-1252 never fails to decode.
    if (g.prj) parts.prj = latin.decode(g.prj);
    if (g.cpg) parts.cpg = latin.decode(g.cpg);
    return readShapefileLayer(parts, choice.chosen);
  });
  return combineLayerOutcomes(SHAPEFILE_FORMAT_ID, outcomes, fileWarnings);
}

/** A bare .shp: geometry only, since the .dbf, .prj and .cpg beside it are not in hand. */
export function parseBareShp(bytes: Uint8Array, fileName: string, options: ParseOptions = {}): ParseResult {
  const choice = chosenCrs(options);
  if (!choice.ok) return { ok: false, format: SHAPEFILE_FORMAT_ID, error: choice.error };
  const outcome = readShapefileLayer({ name: baseName(fileName), shp: bytes }, choice.chosen);
  return combineLayerOutcomes(SHAPEFILE_FORMAT_ID, [outcome], [warn('shp-only')]);
}

export const shapefileFormat: FormatDef = {
  id: SHAPEFILE_FORMAT_ID,
  label: 'Shapefile (zipped)',
  extensions: ['.zip', '.shp'],
  mimeTypes: ['application/zip', 'application/x-zip-compressed', 'application/x-shapefile'],
  sniff(_head: string, bytes: Uint8Array): boolean {
    // A zip (local file header PK\3\4, or the empty-archive end record PK\5\6), or a .shp header.
    if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5)) return true;
    return bytes.length >= 100 && view(bytes).getInt32(0, false) === 9994 && view(bytes).getInt32(28, true) === 1000;
  },
  parse(bytes: Uint8Array, fileName: string, options: ParseOptions = {}): ParseResult {
    if (fileName.toLowerCase().endsWith('.shp')) return parseBareShp(bytes, fileName, options);
    if (bytes.length >= 100 && view(bytes).getInt32(0, false) === 9994) return parseBareShp(bytes, fileName, options);
    return parseShapefileZip(bytes, fileName, options);
  },
};
