import type { Feature } from 'geojson';
import { BBoxAccumulator } from '../geo/bbox';
import { checkBBoxMember, GEOMETRY_TYPES, validateGeometry } from '../geo/validate';
import { msg, type Message } from '../i18n/message';
import { checkTopology } from '../geo/topology';
import { ProblemList } from './problems';
import { isRepair } from './repairs';
import type { ParsedLayer, Problem, RepairSummary } from './types';

/**
 * Every format ends up here: candidate features are checked one by one (geometry per RFC 7946,
 * ids, properties), refused with a reason or kept with warnings, and counted.
 */

export type JsonObject = Record<string, unknown>;

const GEOMETRY_TYPE_SET: ReadonlySet<string> = new Set(GEOMETRY_TYPES);

/** Deeper attribute nesting than this is refused: structured clone and JSON recurse per level. */
export const MAX_PROPERTY_DEPTH = 32;
/** Attributes of one feature larger than this (characters of text and keys) are refused. */
export const MAX_PROPERTY_CHARS = 1_000_000;

/**
 * Depth and size of a properties object, walked with an explicit stack so that a hostile file
 * with 100,000 nested brackets cannot overflow ours. Stops as soon as a limit is passed.
 */
export function propertiesTooBig(props: JsonObject): Message | null {
  const stack: [unknown, number][] = [[props, 1]];
  let chars = 0;
  while (stack.length) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (depth > MAX_PROPERTY_DEPTH) return msg('attributes.too-deep', { depth: MAX_PROPERTY_DEPTH });
    if (typeof v === 'string') chars += v.length;
    else if (Array.isArray(v)) for (const x of v) stack.push([x, depth + 1]);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        chars += k.length;
        stack.push([x, depth + 1]);
      }
    } else chars += 8;
    if (chars > MAX_PROPERTY_CHARS) return msg('attributes.too-large', { chars: MAX_PROPERTY_CHARS });
  }
  return null;
}

export function isObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** What kind of JSON value something is, for a reason that names it ("found a list"). */
export function kindOf(v: unknown): Message {
  if (v === null) return msg('kind.null');
  if (Array.isArray(v)) return msg('kind.list');
  if (typeof v === 'object') return msg('kind.object');
  if (typeof v === 'string') return msg('kind.text');
  if (typeof v === 'number') return msg('kind.number');
  if (typeof v === 'boolean') return msg('kind.boolean');
  return msg('kind.other', { type: typeof v });
}

export function refusal(code: string, params: Problem['params'], index: number, line?: number): Problem {
  const p: Problem = { code, index, severity: 'error' };
  if (params) p.params = params;
  if (line !== undefined) p.line = line;
  return p;
}

export function warn(code: string, params?: Problem['params'], index?: number): Problem {
  const p: Problem = { code, severity: 'warning' };
  if (params) p.params = params;
  if (index !== undefined) p.index = index;
  return p;
}

/** Accumulates the features of one layer: validation, counts, bbox, duplicate ids. */
export class LayerBuilder {
  readonly features: Feature[] = [];
  readonly geometryTypes: Record<string, number> = {};
  readonly bbox = new BBoxAccumulator();
  readonly refused = new ProblemList();
  readonly warnings = new ProblemList();
  private readonly seenIds = new Set<string | number>();
  private readonly scratch: Problem[] = [];
  private readonly repairs: RepairSummary = { features: 0, byCode: {} };
  /** Index of the next feature in the file, accepted or not. */
  index = 0;

  /**
   * `conventions`: warning codes that are the format's own convention rather than a fault of the
   * file (a shapefile's clockwise outer rings, rewound for RFC 7946), neither listed nor counted.
   */
  constructor(private readonly conventions: ReadonlySet<string> = new Set()) {}

  /**
   * Validates one candidate feature (any JSON value) and keeps it if acceptable. `repaired` are
   * repairs its reader already made (e.g. coordinates clamped while reprojecting): reported with the
   * feature's own warnings if it is kept.
   */
  addFeature(value: unknown, line?: number, repaired: readonly Problem[] = []): void {
    const index = this.index++;
    if (!isObject(value)) {
      this.refused.push(refusal('not-a-feature', { reason: msg('feature.not-object', { found: kindOf(value) }) }, index, line));
      return;
    }
    const f = value;
    if (f.type !== 'Feature') {
      const t = f.type;
      let reason: Message;
      let code = 'not-a-feature';
      if (typeof t === 'string' && t.toLowerCase() === 'feature') {
        code = 'type-case';
        reason = msg('feature.type-case', { type: t });
      } else if (typeof t === 'string' && GEOMETRY_TYPE_SET.has(t)) {
        reason = msg('feature.bare-geometry', { type: t });
      } else if (t === undefined) {
        reason = msg('feature.no-type');
      } else {
        reason = msg('feature.wrong-type', { found: typeof t === 'string' ? `"${t}"` : kindOf(t) });
      }
      this.refused.push(refusal(code, { reason }, index, line));
      return;
    }
    const id = f.id;
    if (id !== undefined && typeof id !== 'string' && typeof id !== 'number') {
      this.refused.push(refusal('bad-id', { found: kindOf(id) }, index, line));
      return;
    }
    const bboxProblem = checkBBoxMember(f.bbox);
    if (bboxProblem) {
      this.refused.push(refusal('bad-bbox', { reason: bboxProblem }, index, line));
      return;
    }
    const props = f.properties;
    if (props !== undefined && props !== null && !isObject(props)) {
      this.refused.push(
        refusal('bad-properties', { found: kindOf(props) }, index, line),
      );
      return;
    }
    if (isObject(props)) {
      const tooBig = propertiesTooBig(props);
      if (tooBig) {
        this.refused.push(refusal('properties-too-large', { reason: tooBig }, index, line));
        return;
      }
    }
    if (!('geometry' in f)) {
      this.refused.push(refusal('missing-geometry', undefined, index, line));
      return;
    }
    const verdict = validateGeometry(f.geometry, this.scratch, index);
    if (!verdict.ok) {
      const p = verdict.problem;
      const r = refusal(p.code, p.params, index, line);
      this.refused.push(id === undefined ? r : { ...r, featureId: id });
      this.scratch.length = 0;
      return;
    }
    // Accepted from here on.
    if (verdict.geometry) verdict.geometry = checkTopology(verdict.geometry, this.scratch, index);
    const mine: Problem[] = [];
    for (const w of repaired) mine.push({ ...w, index });
    for (const w of this.scratch) mine.push(w);
    this.scratch.length = 0;
    if (props === undefined) {
      mine.push(warn('missing-properties', {}, index));
      f.properties = {};
    } else if (props === null) {
      f.properties = {};
    }
    if (f.features !== undefined || f.coordinates !== undefined || f.geometries !== undefined) {
      const members = ['features', 'coordinates', 'geometries'].filter((m) => f[m] !== undefined);
      const listed = members.map((m) => `"${m}"`).join(', ');
      mine.push(warn('changed-semantics', { members: listed }, index));
      for (const m of members) delete f[m];
    }
    if (id !== undefined) {
      if (this.seenIds.has(id)) {
        mine.push(warn('duplicate-id', { id: JSON.stringify(id) }, index));
      } else {
        this.seenIds.add(id);
      }
    }
    const geometry = verdict.geometry;
    f.geometry = geometry;
    if (geometry === null) {
      mine.push(warn('null-geometry', undefined, index));
    }
    if (mine.length) this.report(mine, id);
    const key = geometry ? geometry.type : 'null';
    this.geometryTypes[key] = (this.geometryTypes[key] ?? 0) + 1;
    this.bbox.addGeometry(geometry);
    this.features.push(f as unknown as Feature);
  }

  /** Lists one kept feature's warnings under its id and counts its repairs, each code once. */
  private report(problems: readonly Problem[], id: string | number | undefined): void {
    const codes = new Set<string>();
    for (const p of problems) {
      if (this.conventions.has(p.code)) continue;
      this.warnings.push(id === undefined ? p : { ...p, featureId: id });
      if (isRepair(p.code)) codes.add(p.code);
    }
    if (!codes.size) return;
    this.repairs.features++;
    for (const c of codes) this.repairs.byCode[c] = (this.repairs.byCode[c] ?? 0) + 1;
  }

  /** Wraps a bare geometry in a Feature with empty properties. */
  addGeometry(value: JsonObject): void {
    this.addFeature({ type: 'Feature', properties: {}, geometry: value });
  }

  layer(name: string): ParsedLayer {
    const layer: ParsedLayer = { name, features: this.features, geometryTypes: this.geometryTypes, bbox: this.bbox.result() };
    if (this.repairs.features) layer.repairs = { features: this.repairs.features, byCode: { ...this.repairs.byCode } };
    return layer;
  }
}

