import { msg } from '../i18n/message';
import { gpxGen, tcxGen } from '@tmcw/togeojson';
import type { Document as XmlDocument } from '@xmldom/xmldom';
import type { Feature } from 'geojson';
import { LayerBuilder, warn } from './layer-builder';
import { baseName } from './text';
import type { FormatDef, ParsedLayer, ParseOptions, ParseResult, Problem } from './types';
import { parseXmlBytes, sniffRootElement } from './xml';

/**
 * GPX (1.0 and 1.1) and Garmin TCX, converted by @tmcw/togeojson and checked feature by feature
 * by LayerBuilder. Written here (glue): sorting features into layers by kind.
 *
 * GPX gives the layers "Waypoints" (points), "Routes" and "Tracks" (lines with per-point times
 * in properties.coordinateProperties.times), each only when the file has some. TCX gives
 * "Activities" (recorded laps) and "Courses". A file with nothing to import gives one empty
 * layer with a 'no-features' warning (the corpus expects such files to be accepted).
 */

export const GPX_FORMAT_ID = 'gpx';
export const TCX_FORMAT_ID = 'tcx';

/** Layers in the order they are shown, each filled from the features routed to it. */
class Layers {
  private readonly builders = new Map<string, LayerBuilder>();
  private index = 0;

  constructor(names: readonly string[]) {
    for (const n of names) this.builders.set(n, new LayerBuilder());
  }

  add(name: string, feature: Feature): void {
    const b = this.builders.get(name) as LayerBuilder;
    b.index = this.index++;
    b.addFeature(feature);
  }

  result(format: string, fileName: string, fileWarnings: Problem[]): ParseResult {
    const layers: ParsedLayer[] = [];
    const refused: Problem[] = [];
    const warnings = [...fileWarnings];
    for (const [name, b] of this.builders) {
      if (b.index === 0) continue; // no candidate feature ever routed here
      layers.push(b.layer(name));
      refused.push(...b.refused.toArray());
      warnings.push(...b.warnings.toArray());
    }
    if (layers.length === 0) {
      layers.push(new LayerBuilder().layer(baseName(fileName)));
      warnings.push(warn('no-features', { reason: msg('gpx.no-features') }));
    }
    return { ok: true, format, layers, refused, warnings };
  }
}

function parseXmlRoot(
  bytes: Uint8Array,
  fileName: string,
  format: string,
  root: string,
  what: string,
): { ok: true; doc: XmlDocument; warnings: Problem[] } | { ok: false; result: ParseResult } {
  const xml = parseXmlBytes(bytes);
  if (!xml.ok) return { ok: false, result: { ok: false, format, error: xml.error } };
  if (xml.root !== root) {
    return { ok: false, result: { ok: false, format, error: msg('gpx.wrong-root', { what, root: xml.root, expected: root }) } };
  }
  return { ok: true, doc: xml.doc, warnings: xml.warnings };
}

/** Parses GPX bytes. Never throws. */
export function parseGpx(bytes: Uint8Array, fileName: string, options: ParseOptions = {}): ParseResult {
  const format = GPX_FORMAT_ID;
  const xml = parseXmlRoot(bytes, fileName, format, 'gpx', 'GPX');
  if (!xml.ok) return xml.result;
  options.onProgress?.(0.5);
  const layers = new Layers(['Waypoints', 'Routes', 'Tracks']);
  for (const f of gpxGen(xml.doc)) {
    const kind = f.properties?._gpxType;
    layers.add(kind === 'trk' ? 'Tracks' : kind === 'rte' ? 'Routes' : 'Waypoints', f);
  }
  options.onProgress?.(1);
  return layers.result(format, fileName, xml.warnings);
}

/** Parses Garmin Training Center (TCX) bytes. Never throws. */
export function parseTcx(bytes: Uint8Array, fileName: string, options: ParseOptions = {}): ParseResult {
  const format = TCX_FORMAT_ID;
  const xml = parseXmlRoot(bytes, fileName, format, 'TrainingCenterDatabase', 'TCX');
  if (!xml.ok) return xml.result;
  options.onProgress?.(0.5);
  const doc = xml.doc;
  // tcxGen yields every lap (activities) first, then one feature per <Courses>; laps inside a
  // course carry no track and yield nothing. Counting the activity features tells them apart.
  let activityFeatures = Infinity;
  if (doc.getElementsByTagName('Courses').length > 0) {
    activityFeatures = 0;
    for (const activities of Array.from(doc.getElementsByTagName('Activities'))) {
      // tcxGen only calls getElementsByTagName on its argument, so an element works as a scope.
      for (const _ of tcxGen(activities as unknown as XmlDocument)) activityFeatures++;
    }
  }
  const layers = new Layers(['Activities', 'Courses']);
  let i = 0;
  for (const f of tcxGen(doc)) layers.add(i++ < activityFeatures ? 'Activities' : 'Courses', f);
  options.onProgress?.(1);
  return layers.result(format, fileName, xml.warnings);
}

export const gpxFormat: FormatDef = {
  id: GPX_FORMAT_ID,
  label: 'GPX (GPS exchange)',
  extensions: ['.gpx'],
  mimeTypes: ['application/gpx+xml'],
  sniff(head: string, bytes: Uint8Array): boolean {
    return sniffRootElement(head, bytes) === 'gpx';
  },
  parse: parseGpx,
};

export const tcxFormat: FormatDef = {
  id: TCX_FORMAT_ID,
  label: 'TCX (Garmin Training Center)',
  extensions: ['.tcx'],
  mimeTypes: ['application/vnd.garmin.tcx+xml'],
  sniff(head: string, bytes: Uint8Array): boolean {
    return sniffRootElement(head, bytes) === 'TrainingCenterDatabase';
  },
  parse: parseTcx,
};
