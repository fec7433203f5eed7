import type { Feature } from 'geojson';
import { BBoxAccumulator } from '../geo/bbox';
import { checkBBoxMember, GEOMETRY_TYPES, validateGeometry } from '../geo/validate';
import { ProblemList } from './problems';
import { baseName, decodeUtf8, parseJson } from './text';
import type { FormatDef, ParsedLayer, ParseResult, Problem } from './types';

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

type JsonObject = Record<string, unknown>;

/** RFC 8142 record separator. */
const RS = String.fromCharCode(0x1e);

function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'text';
  return `a ${typeof v}`;
}

function refusal(code: string, message: string, index: number, line?: number): Problem {
  return line === undefined
    ? { code, message, index, severity: 'error' }
    : { code, message, index, line, severity: 'error' };
}

function warn(code: string, message: string, index?: number): Problem {
  return index === undefined ? { code, message, severity: 'warning' } : { code, message, index, severity: 'warning' };
}

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
  return 'an unrecognised coordinate system';
}

/** Accumulates the features of one layer: validation, counts, bbox, duplicate ids. */
class LayerBuilder {
  readonly features: Feature[] = [];
  readonly geometryTypes: Record<string, number> = {};
  readonly bbox = new BBoxAccumulator();
  readonly refused = new ProblemList();
  readonly warnings = new ProblemList();
  private readonly seenIds = new Set<string | number>();
  private readonly scratch: Problem[] = [];
  /** Index of the next feature in the file, accepted or not. */
  index = 0;

  /** Validates one candidate feature (any JSON value) and keeps it if acceptable. */
  addFeature(value: unknown, line?: number): void {
    const index = this.index++;
    if (!isObject(value)) {
      this.refused.push(refusal('not-a-feature', `feature ${index}: expected a Feature object, found ${kindOf(value)}`, index, line));
      return;
    }
    const f = value;
    if (f.type !== 'Feature') {
      const t = f.type;
      let msg: string;
      let code = 'not-a-feature';
      if (typeof t === 'string' && t.toLowerCase() === 'feature') {
        code = 'type-case';
        msg = `feature ${index}: type "${t}" should be written "Feature" (GeoJSON type names are case-sensitive)`;
      } else if (typeof t === 'string' && GEOMETRY_TYPE_SET.has(t)) {
        msg = `feature ${index}: a bare ${t} geometry was found in the list of features; it should be wrapped in a Feature`;
      } else if (t === undefined) {
        msg = `feature ${index}: it has no "type" member, so it is not a GeoJSON Feature`;
      } else {
        msg = `feature ${index}: type ${typeof t === 'string' ? `"${t}"` : kindOf(t)} is not "Feature"`;
      }
      this.refused.push(refusal(code, msg, index, line));
      return;
    }
    const id = f.id;
    if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') {
      this.refused.push(refusal('bad-id', `feature ${index}: its "id" must be text or a number, found ${kindOf(id)}`, index, line));
      return;
    }
    const bboxProblem = checkBBoxMember(f.bbox);
    if (bboxProblem) {
      this.refused.push(refusal('bad-bbox', `feature ${index}: ${bboxProblem}`, index, line));
      return;
    }
    const props = f.properties;
    if (props !== undefined && props !== null && !isObject(props)) {
      this.refused.push(
        refusal('bad-properties', `feature ${index}: "properties" must be an object or null, found ${kindOf(props)}`, index, line),
      );
      return;
    }
    if (!('geometry' in f)) {
      this.refused.push(refusal('missing-geometry', `feature ${index}: it has no "geometry" member (use null for a feature without location)`, index, line));
      return;
    }
    const verdict = validateGeometry(f.geometry, this.scratch, index);
    if (!verdict.ok) {
      const p = verdict.problem;
      this.refused.push(refusal(p.code, `feature ${index}: ${p.message}`, index, line));
      this.scratch.length = 0;
      return;
    }
    // Accepted from here on.
    if (this.scratch.length) {
      for (const w of this.scratch) this.warnings.push({ ...w, message: `feature ${index}: ${w.message}` });
      this.scratch.length = 0;
    }
    if (props === undefined) {
      this.warnings.push(warn('missing-properties', `feature ${index}: it has no "properties" member; treated as empty`, index));
      f.properties = {};
    } else if (props === null) {
      f.properties = {};
    }
    if (f.features !== undefined || f.coordinates !== undefined || f.geometries !== undefined) {
      const members = ['features', 'coordinates', 'geometries'].filter((m) => f[m] !== undefined);
      this.warnings.push(
        warn('changed-semantics', `feature ${index}: member(s) ${members.map((m) => `"${m}"`).join(', ')} do not belong in a Feature and are ignored`, index),
      );
      for (const m of members) delete f[m];
    }
    if (id !== undefined) {
      if (this.seenIds.has(id)) {
        this.warnings.push(warn('duplicate-id', `feature ${index}: id ${JSON.stringify(id)} is used by an earlier feature; new ids are assigned on import`, index));
      } else {
        this.seenIds.add(id);
      }
    }
    const geometry = verdict.geometry;
    f.geometry = geometry;
    if (geometry === null) {
      this.warnings.push(warn('null-geometry', `feature ${index}: it has no geometry; it is kept but will not appear on the map`, index));
    }
    const key = geometry ? geometry.type : 'null';
    this.geometryTypes[key] = (this.geometryTypes[key] ?? 0) + 1;
    this.bbox.addGeometry(geometry);
    this.features.push(f as unknown as Feature);
  }

  /** Wraps a bare geometry in a Feature with empty properties. */
  addGeometry(value: JsonObject): void {
    this.addFeature({ type: 'Feature', properties: {}, geometry: value });
  }

  layer(name: string): ParsedLayer {
    return { name, features: this.features, geometryTypes: this.geometryTypes, bbox: this.bbox.result() };
  }
}

/** Applies the legacy `crs` member: WGS 84 is fine; another CRS is refused unless the numbers are clearly degrees. */
function applyCrs(crs: unknown, builder: LayerBuilder, fileName: string, fileWarnings: Problem[]): string | null {
  if (crs === undefined || crs === null) return null;
  const name = crsName(crs);
  if (isWgs84CrsName(name)) {
    fileWarnings.push(warn('legacy-crs', `the file has a "crs" member (${name}); RFC 7946 dropped it, and WGS 84 longitude/latitude is assumed`));
    return null;
  }
  if (builder.refused.count('coords-out-of-range') > 0 || builder.features.length === 0) {
    return `${fileName}: the file declares the coordinate system ${name}, and its coordinates are not longitude/latitude degrees. Reproject it to WGS 84 (EPSG:4326) first, for example with: ogr2ogr -t_srs EPSG:4326 out.geojson "${fileName}"`;
  }
  fileWarnings.push(
    warn('crs-ignored', `the file declares the coordinate system ${name}, but every coordinate is within longitude/latitude range, so it is read as WGS 84 degrees; check the features land where expected`),
  );
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

/** Parses the decoded text of a GeoJSON file. */
export function parseGeoJSONText(text: string, fileName: string): ParseResult {
  const format = GEOJSON_FORMAT_ID;
  const parsed = parseJson(text, fileName);
  if (!parsed.ok) return { ok: false, format, error: parsed.error };
  const root = parsed.value;
  if (!isObject(root)) {
    return { ok: false, format, error: `${fileName}: not GeoJSON: the file holds ${kindOf(root)}, not a GeoJSON object` };
  }
  const type = root.type;
  if (type === undefined) {
    const hint = Array.isArray(root.features)
      ? ' (it has a "features" list, so it may be a FeatureCollection missing "type": "FeatureCollection")'
      : '';
    return { ok: false, format, error: `${fileName}: not GeoJSON: the top-level object has no "type" member${hint}` };
  }
  if (typeof type !== 'string') {
    return { ok: false, format, error: `${fileName}: not GeoJSON: the top-level "type" should be text, found ${kindOf(type)}` };
  }
  if (!TOP_LEVEL_BY_LOWER.has(type.toLowerCase())) {
    return { ok: false, format, error: `${fileName}: not GeoJSON: "${type}" is not a GeoJSON type (expected FeatureCollection, Feature or a geometry type)` };
  }
  const proper = TOP_LEVEL_BY_LOWER.get(type.toLowerCase()) as string;
  if (proper !== type) {
    return { ok: false, format, error: `${fileName}: type "${type}" should be written "${proper}" (GeoJSON type names are case-sensitive)` };
  }

  const builder = new LayerBuilder();
  const fileWarnings: Problem[] = [];
  let layerName = baseName(fileName);

  if (type === 'FeatureCollection') {
    const features = root.features;
    if (features === undefined) {
      return { ok: false, format, error: `${fileName}: the FeatureCollection has no "features" member` };
    }
    if (!Array.isArray(features)) {
      return { ok: false, format, error: `${fileName}: the FeatureCollection's "features" should be a list, found ${kindOf(features)}` };
    }
    if (typeof root.name === 'string' && root.name.trim()) layerName = root.name.trim();
    const bboxProblem = checkBBoxMember(root.bbox);
    if (bboxProblem) fileWarnings.push(warn('bad-bbox', `the collection's ${bboxProblem}; it is ignored`));
    const odd = ['properties', 'coordinates', 'geometry', 'geometries'].filter((m) => root[m] !== undefined);
    if (odd.length) {
      fileWarnings.push(
        warn('changed-semantics', `the FeatureCollection carries member(s) ${odd.map((m) => `"${m}"`).join(', ')} that do not belong to it; they are ignored`),
      );
    }
    for (let i = 0; i < features.length; i++) builder.addFeature(features[i]);
  } else {
    if (type === 'Feature') builder.addFeature(root);
    else builder.addGeometry(root);
    const refused = builder.refused.toArray();
    if (refused.length > 0 && builder.features.length === 0) {
      const reason = (refused[0] as Problem).message.replace(/^feature 0: /, '');
      return { ok: false, format, error: `${fileName}: the ${type} cannot be imported: ${reason}` };
    }
  }
  const crsError = applyCrs(root.crs, builder, fileName, fileWarnings);
  if (crsError) return { ok: false, format, error: crsError };
  return finish(builder, layerName, format, fileWarnings);
}

/** Parses GeoJSON bytes (UTF-8). Never throws for bad input. */
export function parseGeoJSON(bytes: Uint8Array, fileName: string): ParseResult {
  const decoded = decodeUtf8(bytes, fileName);
  if (!decoded.ok) return { ok: false, format: GEOJSON_FORMAT_ID, error: decoded.error };
  return parseGeoJSONText(decoded.text, fileName);
}

/** Parses newline-delimited GeoJSON: one Feature (or geometry) per line, RS separators allowed. */
export function parseGeoJSONSeq(bytes: Uint8Array, fileName: string): ParseResult {
  const format = GEOJSONSEQ_FORMAT_ID;
  const decoded = decodeUtf8(bytes, fileName);
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
      const reason = e instanceof Error ? e.message.replace(/\s*in JSON at position \d+.*$/s, '') : String(e);
      builder.refused.push(refusal('bad-json', `line ${lineNo}: not valid JSON: ${reason}`, index, lineNo));
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
      error: badLines ? `${fileName}: no line holds valid JSON; this is not newline-delimited GeoJSON` : `${fileName}: the file is empty`,
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
