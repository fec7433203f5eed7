import { msg } from '../i18n/message';
import { problemMessage } from './problem-text';
import { GEOMETRY_TYPES } from '../geo/validate';
import type { Feature } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryObject, Topology } from 'topojson-specification';
import { isObject, kindOf, LayerBuilder } from './layer-builder';
import { decodeUtf8, parseJson } from './text';
import type { FormatDef, ParsedLayer, ParseResult, Problem } from './types';

/**
 * TopoJSON: each named object of the topology becomes one layer. topojson-client's `feature()`
 * does the real work (arc stitching, delta decoding, quantization transform); this file only
 * checks the top-level shape so a broken file fails with a message instead of a TypeError, and
 * feeds every feature through the LayerBuilder like any other format.
 */

export const TOPOJSON_FORMAT_ID = 'topojson';

/** A TopoJSON object is any GeoJSON geometry type (RFC 7946 names). */
const OBJECT_TYPES: ReadonlySet<string> = new Set(GEOMETRY_TYPES);

function readObject(topology: Topology, object: GeometryObject): Feature[] {
  const out = feature(topology, object);
  return out.type === 'FeatureCollection' ? out.features : [out];
}

export function parseTopoJSON(bytes: Uint8Array, _fileName: string): ParseResult {
  const format = TOPOJSON_FORMAT_ID;
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return { ok: false, format, error: msg('file.not-utf8-topojson') };
  const parsed = parseJson(decoded.text);
  if (!parsed.ok) return { ok: false, format, error: parsed.error };
  const root = parsed.value;
  if (!isObject(root) || root.type !== 'Topology') {
    const found = isObject(root) ? msg('topojson.type', { type: JSON.stringify(root.type) }) : kindOf(root);
    return { ok: false, format, error: msg('topojson.not-topology', { found }) };
  }
  if (!isObject(root.objects)) return { ok: false, format, error: msg('topojson.no-objects') };
  if (root.arcs !== undefined && !Array.isArray(root.arcs)) return { ok: false, format, error: msg('topojson.arcs-not-list', { found: kindOf(root.arcs) }) };
  if (root.arcs === undefined) root.arcs = [];
  const t = root.transform;
  if (t !== undefined && !(isObject(t) && Array.isArray(t.scale) && Array.isArray(t.translate))) {
    return { ok: false, format, error: msg('topojson.bad-transform') };
  }
  const topology = root as unknown as Topology;

  const layers: ParsedLayer[] = [];
  const refused: Problem[] = [];
  const warnings: Problem[] = [];
  for (const [name, object] of Object.entries(root.objects)) {
    const where = msg('where.object', { name });
    if (!isObject(object) || (object.type !== null && !OBJECT_TYPES.has(String(object.type)))) {
      const found = isObject(object) ? JSON.stringify(object.type) : kindOf(object);
      refused.push({ code: 'layer-refused', params: { reason: msg('topojson.not-geometry-object', { found }) }, where, severity: 'error' });
      continue;
    }
    let features: Feature[];
    try {
      features = readObject(topology, object as unknown as GeometryObject);
    } catch (e) {
      // topojson-client trusts the file: an arc index beyond "arcs" surfaces as a TypeError.
      const detail = e instanceof Error ? e.message : String(e);
      refused.push({ code: 'layer-refused', params: { reason: msg('topojson.arcs-broken', { detail }) }, where, severity: 'error' });
      continue;
    }
    const builder = new LayerBuilder();
    for (const f of features) builder.addFeature(f);
    layers.push(builder.layer(name));
    const prefix = (p: Problem): Problem => ({ ...p, where });
    refused.push(...builder.refused.toArray().map(prefix));
    warnings.push(...builder.warnings.toArray().map(prefix));
  }
  if (layers.length === 0) {
    if (!refused.length) return { ok: false, format, error: msg('topojson.objects-empty') };
    return { ok: false, format, error: msg('topojson.no-layer', { reasons: refused.map((p) => msg('messages:in-place', { where: p.where ?? '', text: problemMessage(p) })) }) };
  }
  return { ok: true, format, layers, refused, warnings };
}

export const topojsonFormat: FormatDef = {
  id: TOPOJSON_FORMAT_ID,
  label: 'TopoJSON',
  extensions: ['.topojson', '.json'],
  mimeTypes: ['application/topo+json', 'application/json'],
  sniff(head: string): boolean {
    // Precise on purpose: it must claim a Topology and nothing else that shares ".json".
    // Writers differ in key order ("arcs" may come first and be long), hence objects-or-arcs.
    return /^\s*\{/.test(head) && /"type"\s*:\s*"Topology"/.test(head) && /"(objects"\s*:\s*\{|arcs"\s*:\s*\[)/.test(head);
  },
  parse: parseTopoJSON,
};
