import { checkBBoxMember, GEOMETRY_TYPES } from '../geo/validate';
import type { Geometry } from 'geojson';
import { msg, type Message } from '../i18n/message';
import { crsChosenWarning, crsQuestion, looksProjected, reprojectCandidate, resolveCrsOption } from './crs-choice';
import { isObject, kindOf, LayerBuilder, refusal, warn } from './layer-builder';
import { problemMessage } from './problem-text';
import { addToRangeStats, crsContradiction, emptyRangeStats, type Crs, type RangeStats } from './prj';
import { baseName, decodeUtf8, parseJson } from './text';
import type { FormatDef, ParseOptions, ParseResult, Problem } from './types';

/**
 * GeoJSON (RFC 7946) and newline-delimited GeoJSON (GeoJSONSeq, RFC 8142).
 *
 * Whole-file problems (not JSON, not GeoJSON) fail the parse; problems with one feature refuse
 * that feature and let the rest import; repairs and doubtful-but-legal content give warnings.
 */

export const GEOJSON_FORMAT_ID = 'geojson';
export const GEOJSONSEQ_FORMAT_ID = 'geojsonseq';

const GEOMETRY_TYPE_SET: ReadonlySet<string> = new Set(GEOMETRY_TYPES);
const TOP_LEVEL_TYPES = ['FeatureCollection', 'Feature', ...GEOMETRY_TYPES];
const TOP_LEVEL_BY_LOWER: ReadonlyMap<string, string> = new Map(TOP_LEVEL_TYPES.map((t) => [t.toLowerCase(), t]));


/** RFC 8142 record separator. */
const RS = String.fromCharCode(0x1e);

/** CRS names meaning WGS 84 longitude/latitude, the only CRS RFC 7946 allows. */
function isWgs84CrsName(name: string): boolean {
  const n = name.toUpperCase().replace(/\s+/g, '');
  return /CRS84$|CRS:84$|EPSG:{1,2}4326$|EPSG\/0\/4326$|^WGS84$|OGC:1\.3:CRS84$/.test(n);
}

function crsName(crs: unknown): string {
  if (isObject(crs) && isObject(crs.properties)) {
    const p = crs.properties;
    if (typeof p.name === 'string') return p.name;
    if (typeof p.href === 'string') return p.href;
    if (typeof p.code === 'number' || typeof p.code === 'string') return `EPSG:${p.code}`;
  }
  return '?';
}

/**
 * Whether the file's first position is within longitude/latitude range: a file declaring a
 * projected system over degrees is not reprojected (applyCrs warns instead).
 */
function firstPositionInDegrees(root: Record<string, unknown>): boolean {
  const first = Array.isArray(root.features) ? root.features[0] : root;
  let c: unknown = isObject(first) ? (isObject(first.geometry) ? first.geometry.coordinates : first.coordinates) : undefined;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  if (!Array.isArray(c) || typeof c[0] !== 'number' || typeof c[1] !== 'number') return false;
  return Math.abs(c[0]) <= 180 && Math.abs(c[1]) <= 90;
}

/** The legacy `crs` member as a projected system of the catalogue, when it names one. */
function declaredProjected(crs: unknown): Crs | null {
  if (crs === undefined || crs === null) return null;
  const code = /EPSG(?::+|\/0\/)(\d{4,5})$/i.exec(crsName(crs).trim())?.[1];
  if (!code) return null;
  const r = resolveCrsOption(code);
  return r.ok && r.crs?.kind === 'projected' ? r.crs : null;
}

/** Applies the legacy `crs` member: WGS 84 is fine; another CRS is refused unless the numbers are clearly degrees. */
function applyCrs(crs: unknown, builder: LayerBuilder, fileName: string, fileWarnings: Problem[]): Message | null {
  if (crs === undefined || crs === null) return null;
  const name = crsName(crs);
  if (isWgs84CrsName(name)) {
    fileWarnings.push(warn('legacy-crs', { crs: name }));
    return null;
  }
  if (builder.refused.count('coords-out-of-range') > 0 || builder.features.length === 0) {
    return msg('file.crs-projected', { crs: name, file: fileName });
  }
  fileWarnings.push(warn('crs-ignored', { crs: name }));
  return null;
}

function finish(builder: LayerBuilder, name: string, format: string, fileWarnings: Problem[]): ParseResult {
  return {
    ok: true,
    format,
    layers: [builder.layer(name)],
    refused: builder.refused.toArray(),
    warnings: [...fileWarnings, ...builder.warnings.toArray()],
  };
}

/** Adds a candidate's positions to the range, if its geometry can be walked at all. */
function addCandidateRange(stats: RangeStats, geometry: unknown): void {
  try {
    addToRangeStats(stats, geometry as Geometry);
  } catch {
    // Malformed: the validator refuses it with its reason; it says nothing about the CRS.
  }
}

/** Parses the decoded text of a GeoJSON file. */
export function parseGeoJSONText(text: string, fileName: string, options: ParseOptions = {}): ParseResult {
  const format = GEOJSON_FORMAT_ID;
  const choice = resolveCrsOption(options.crs);
  if (!choice.ok) return { ok: false, format, error: choice.error };
  let chosen = choice.crs;
  // Each candidate goes through here before the builder: reprojected from the system the user chose.
  const prepare = (candidate: unknown, isGeometry = false): void => {
    if (chosen) reprojectCandidate(isGeometry ? candidate : isObject(candidate) ? candidate.geometry : undefined, chosen);
  };
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, format, error: parsed.error };
  const root = parsed.value;
  if (!isObject(root)) {
    return { ok: false, format, error: msg('geojson.not-object', { found: kindOf(root) }) };
  }
  const type = root.type;
  if (type === undefined) {
    const code = Array.isArray(root.features) ? 'geojson.no-type-features' : 'geojson.no-type';
    return { ok: false, format, error: msg(code) };
  }
  if (typeof type !== 'string') {
    return { ok: false, format, error: msg('geojson.type-not-text', { found: kindOf(type) }) };
  }
  if (!TOP_LEVEL_BY_LOWER.has(type.toLowerCase())) {
    return { ok: false, format, error: msg('geojson.unknown-type', { type }) };
  }
  const proper = TOP_LEVEL_BY_LOWER.get(type.toLowerCase()) as string;
  if (proper !== type) {
    return { ok: false, format, error: msg('geojson.type-case', { type, proper }) };
  }

  const builder = new LayerBuilder();
  const fileWarnings: Problem[] = [];
  let layerName = baseName(fileName);
  // A legacy "crs" member naming a projected system Common Ground knows (EPSG:32634 …) is read in it.
  const declared = chosen || firstPositionInDegrees(root) ? null : declaredProjected(root.crs);
  if (declared) {
    chosen = declared;
    fileWarnings.push({
      code: 'reprojected',
      params: { crs: declared.name },
      severity: 'warning',
    });
  }

  if (type === 'FeatureCollection') {
    const features = root.features;
    if (features === undefined) {
      return { ok: false, format, error: msg('geojson.no-features') };
    }
    if (!Array.isArray(features)) {
      return { ok: false, format, error: msg('geojson.features-not-list', { found: kindOf(features) }) };
    }
    if (typeof root.name === 'string' && root.name.trim()) layerName = root.name.trim();
    const bboxProblem = checkBBoxMember(root.bbox);
    if (bboxProblem) fileWarnings.push(warn('bad-bbox', { reason: msg('geojson.collection-bbox', { reason: bboxProblem }) }));
    const odd = ['properties', 'coordinates', 'geometry', 'geometries'].filter((m) => root[m] !== undefined);
    if (odd.length) {
      fileWarnings.push(
        warn('changed-semantics', { reason: msg('geojson.collection-members', { members: odd.map((m) => `"${m}"`).join(', ') }) }),
      );
    }
    for (let i = 0; i < features.length; i++) {
      prepare(features[i]);
      builder.addFeature(features[i]);
    }
  } else {
    prepare(root, type !== 'Feature');
    if (type === 'Feature') builder.addFeature(root);
    else builder.addGeometry(root);
    const refused = builder.refused.toArray();
    if (refused.length > 0 && builder.features.length === 0) {
      return { ok: false, format, error: msg('geojson.single-refused', { type, reason: problemMessage(refused[0] as Problem) }) };
    }
  }
  if (chosen && choice.code) fileWarnings.unshift(crsChosenWarning(fileName, choice.code, chosen.name));
  // Measured only when nothing was accepted (refused candidates keep their positions), so a
  // file of degrees pays nothing for the question.
  const stats = emptyRangeStats();
  if (!chosen && root.crs === undefined && builder.features.length === 0) {
    const candidates: unknown[] = type === 'FeatureCollection' && Array.isArray(root.features) ? root.features : [root];
    for (const c of candidates) addCandidateRange(stats, type !== 'FeatureCollection' && type !== 'Feature' ? c : isObject(c) ? c.geometry : undefined);
  }
  if (!chosen && root.crs === undefined && builder.features.length === 0 && looksProjected(stats)) {
    const error = crsContradiction(null, stats, msg('where.entry', { name: fileName }), msg('prj.declares-none')) ?? msg('prj.not-degrees-plain');
    return { ok: false, format, error, crsQuestion: crsQuestion(layerName, stats, propertyNamesOf(root)) };
  }
  const crsError = chosen ? null : applyCrs(root.crs, builder, fileName, fileWarnings);
  if (crsError) return { ok: false, format, error: crsError };
  return finish(builder, layerName, format, fileWarnings);
}

/** Attribute names of the first features, for remembering a CRS choice per source layout. */
function propertyNamesOf(root: Record<string, unknown>): string[] {
  const features = Array.isArray(root.features) ? root.features.slice(0, 100) : [root];
  const names = new Set<string>();
  for (const f of features) if (isObject(f) && isObject(f.properties)) for (const k of Object.keys(f.properties)) names.add(k);
  return [...names];
}

/** Parses GeoJSON bytes (UTF-8). Never throws for bad input. */
export function parseGeoJSON(bytes: Uint8Array, fileName: string, options: ParseOptions = {}): ParseResult {
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return { ok: false, format: GEOJSON_FORMAT_ID, error: decoded.error };
  return parseGeoJSONText(decoded.text, fileName, options);
}

/** Parses newline-delimited GeoJSON: one Feature (or geometry) per line, RS separators allowed. */
export function parseGeoJSONSeq(bytes: Uint8Array, fileName: string): ParseResult {
  const format = GEOJSONSEQ_FORMAT_ID;
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return { ok: false, format, error: decoded.error };
  const lines = decoded.text.split('\n');
  const builder = new LayerBuilder();
  let badLines = 0;
  let goodLines = 0;
  for (let i = 0; i < lines.length; i++) {
    let raw = (lines[i] as string).trim();
    if (raw.startsWith(RS)) raw = raw.slice(1).trim();
    if (raw === '') continue;
    const lineNo = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw) as unknown;
    } catch (e) {
      badLines++;
      const index = builder.index++;
      const detail = e instanceof Error ? e.message.replace(/\s*in JSON at position \d+.*$/s, '') : String(e);
      builder.refused.push(refusal('bad-json', { detail }, index, lineNo));
      continue;
    }
    goodLines++;
    if (isObject(value) && typeof value.type === 'string' && GEOMETRY_TYPE_SET.has(value.type)) builder.addGeometry(value);
    else builder.addFeature(value, lineNo);
  }
  if (goodLines === 0) {
    return {
      ok: false,
      format,
      error: msg(badLines ? 'geojson.seq-no-json' : 'file.empty'),
    };
  }
  return finish(builder, baseName(fileName), format, []);
}

const TYPE_MEMBER = new RegExp(`"type"\\s*:\\s*"(${TOP_LEVEL_TYPES.join('|')})"`);

export const geojsonFormat: FormatDef = {
  id: GEOJSON_FORMAT_ID,
  label: 'GeoJSON',
  extensions: ['.geojson', '.json'],
  mimeTypes: ['application/geo+json', 'application/json'],
  sniff(head: string): boolean {
    return /^\s*\{/.test(head) && TYPE_MEMBER.test(head);
  },
  parse: parseGeoJSON,
};

export const geojsonSeqFormat: FormatDef = {
  id: GEOJSONSEQ_FORMAT_ID,
  label: 'GeoJSON lines (GeoJSONSeq)',
  extensions: ['.geojsonl', '.geojsons', '.geojsonseq', '.ndjson', '.jsonl'],
  mimeTypes: ['application/geo+json-seq', 'application/x-ndjson'],
  sniff(head: string): boolean {
    if (head.startsWith(RS)) return true;
    const nl = head.indexOf('\n');
    if (nl < 0) return false;
    const first = head.slice(0, nl).trim();
    return first.startsWith('{') && first.endsWith('}') && /"type"\s*:\s*"Feature"/.test(first) && /^\s*\{/.test(head.slice(nl + 1));
  },
  parse: parseGeoJSONSeq,
};
