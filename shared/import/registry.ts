import { msg } from '../i18n/message';
import { csvFormat } from '../io/csv';
import { geojsonFormat, geojsonSeqFormat } from '../io/geojson';
import { geopackageFormat } from '../io/geopackage';
import { gpxFormat, tcxFormat } from '../io/gpx';
import { kmlFormat, kmzFormat } from '../io/kml';
import { packageFormat } from '../package/format';
import { shapefileFormat } from '../io/shapefile';
import { headText } from '../io/text';
import { topojsonFormat } from '../io/topojson';
import type { FormatDef, ParseOptions, ParseResult } from '../io/types';

/**
 * The formats Common Ground can import. Adding a format is adding a FormatDef here;
 * nothing else switches on format ids. Order matters only for sniffing: stricter sniffers first.
 */
// TopoJSON before GeoJSON: both claim .json and GeoJSON's sniff also matches a Topology's head.
// Shapefile after KMZ and the data package: it claims any other ZIP.
const FORMATS: FormatDef[] = [packageFormat, topojsonFormat, kmzFormat, kmlFormat, gpxFormat, tcxFormat, geojsonSeqFormat, geojsonFormat, csvFormat, shapefileFormat, geopackageFormat];

export function registerFormat(def: FormatDef): void {
  const i = FORMATS.findIndex((f) => f.id === def.id);
  if (i >= 0) FORMATS[i] = def;
  else FORMATS.unshift(def);
}

export function listFormats(): readonly FormatDef[] {
  return FORMATS;
}

export function getFormat(id: string): FormatDef | undefined {
  return FORMATS.find((f) => f.id === id);
}

/** Every extension some format claims, lower-case with the dot, for file pickers. */
export function supportedExtensions(): string[] {
  return [...new Set(FORMATS.flatMap((f) => f.extensions))];
}

function extensionMatches(fileName: string, ext: string): boolean {
  return fileName.toLowerCase().endsWith(ext);
}

/**
 * The format of a file: by extension first (sniffing only to choose between formats sharing an
 * extension), then by sniffing the first bytes. Null when nothing recognises it.
 */
export function detectFormat(fileName: string, bytes: Uint8Array): FormatDef | null {
  const byExt = FORMATS.filter((f) => f.extensions.some((e) => extensionMatches(fileName, e)));
  if (byExt.length === 1) return byExt[0] as FormatDef;
  const head = headText(bytes);
  // Several formats share the extension (.json: TopoJSON, GeoJSON): the strict sniffers listed first
  // decide; if none recognises the content, the most general one, listed last, reports on it.
  if (byExt.length > 1) return byExt.find((f) => f.sniff(head, bytes)) ?? (byExt[byExt.length - 1] as FormatDef);
  return FORMATS.find((f) => f.sniff(head, bytes)) ?? null;
}

/** Parses a file with the format it is detected as. Never rejects: failures are results. */
export async function parseFile(fileName: string, bytes: Uint8Array, options: ParseOptions = {}): Promise<ParseResult> {
  let format: FormatDef | null = null;
  try {
    format = detectFormat(fileName, bytes);
    if (!format) {
      return { ok: false, format: null, error: msg('file.unknown-type', { supported: supportedExtensions().join(', ') }) };
    }
    return await format.parse(bytes, fileName, options);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return { ok: false, format: format?.id ?? null, error: msg('file.internal-error', { detail }) };
  }
}
