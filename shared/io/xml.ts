import { msg, type Message } from '../i18n/message';
import { DOMParser, type Document as XmlDocument } from '@xmldom/xmldom';
import { warn } from './layer-builder';
import type { Problem } from './types';

/**
 * XML helpers shared by the XML formats (KML, GPX, TCX): decoding with the declared encoding,
 * refusing entity declarations, and parsing with @xmldom/xmldom, which works under node and in
 * Web Workers (the browser's DOMParser does not exist in workers).
 *
 * Hand-written here, because no installed package does it: reading the XML declaration's
 * encoding label (TextDecoder then does the decoding), the DOCTYPE/ENTITY refusal, and turning
 * xmldom's error callbacks into results with line and column.
 */

export type XmlDecodeResult =
  | { ok: true; text: string; encoding: string; warnings: Problem[] }
  | { ok: false; code: string; error: Message };

export type XmlParseResult =
  | { ok: true; doc: XmlDocument; root: string; encoding: string; warnings: Problem[] }
  | { ok: false; code: string; error: Message; line?: number; column?: number };

/** Namespace prefixes that real files use without declaring them; xmldom refuses undeclared prefixes. */
const WELL_KNOWN_PREFIXES: Readonly<Record<string, string>> = {
  gx: 'http://www.google.com/kml/ext/2.2',
  kml: 'http://www.opengis.net/kml/2.2',
  atom: 'http://www.w3.org/2005/Atom',
  xal: 'urn:oasis:names:tc:ciq:xsdschema:xAL:2.0',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  gpxx: 'http://www.garmin.com/xmlschemas/GpxExtensions/v3',
  gpxtpx: 'http://www.garmin.com/xmlschemas/TrackPointExtension/v1',
  ns3: 'http://www.garmin.com/xmlschemas/ActivityExtension/v2',
};

/** At most this many recovered-from XML errors are listed as warnings. */
const MAX_XML_WARNINGS = 20;

function ascii(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < Math.min(end, bytes.length); i++) s += String.fromCharCode(bytes[i] as number);
  return s;
}

/** The encoding named by a byte-order mark or the XML declaration, or null when neither says. */
export function declaredXmlEncoding(bytes: Uint8Array): { label: string; bomLength: number } | null {
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return { label: 'utf-8', bomLength: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { label: 'utf-16le', bomLength: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { label: 'utf-16be', bomLength: 2 };
  if (b0 === 0x3c && b1 === 0x00 && b2 === 0x3f && b3 === 0x00) return { label: 'utf-16le', bomLength: 0 };
  if (b0 === 0x00 && b1 === 0x3c && b2 === 0x00 && b3 === 0x3f) return { label: 'utf-16be', bomLength: 0 };
  const m = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(ascii(bytes, 0, 512));
  return m ? { label: (m[1] as string).toLowerCase(), bomLength: 0 } : null;
}

/**
 * Decodes XML bytes: a BOM wins, then the declaration's encoding label, else UTF-8. Text that
 * claims (or defaults to) UTF-8 but is not valid UTF-8 is read as Windows-1252 with a warning,
 * since Latin-1 files without a declaration are common and refusing them helps nobody.
 */
export function decodeXml(bytes: Uint8Array): XmlDecodeResult {
  const declared = declaredXmlEncoding(bytes);
  const label = declared?.label ?? 'utf-8';
  const body = declared ? bytes.subarray(declared.bomLength) : bytes;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true, ignoreBOM: true });
  } catch {
    return {
      ok: false,
      code: 'xml-encoding',
      error: msg('xml.unknown-encoding', { label }),
    };
  }
  try {
    let text = decoder.decode(body);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text, encoding: decoder.encoding, warnings: [] };
  } catch {
    if (decoder.encoding !== 'utf-8') {
      return { ok: false, code: 'xml-encoding', error: msg('xml.not-declared-encoding', { label }) };
    }
    const text = new TextDecoder('windows-1252').decode(body);
    const reason = msg(declared ? 'xml.latin1-declared-utf8' : 'xml.latin1-undeclared');
    return { ok: true, text, encoding: 'windows-1252', warnings: [warn('encoding-guessed', { reason })] };
  }
}

/**
 * True when a DOCTYPE declares entities. Entity declarations are how "billion laughs" (memory
 * exhaustion) and XXE (reading local files) attacks work; KML, GPX and TCX never need them.
 */
export function declaresEntities(text: string): boolean {
  const doctype = text.search(/<!DOCTYPE/i);
  return doctype >= 0 && /<!ENTITY/i.test(text.slice(doctype));
}

interface Locator {
  lineNumber?: unknown;
  columnNumber?: unknown;
}

function locatorOf(value: unknown): { line?: number; column?: number } {
  if (value === null || typeof value !== 'object' || !('locator' in value)) return {};
  const loc = (value as { locator?: unknown }).locator;
  if (loc === null || typeof loc !== 'object') return {};
  const { lineNumber, columnNumber } = loc as Locator;
  const out: { line?: number; column?: number } = {};
  if (typeof lineNumber === 'number' && lineNumber > 0) out.line = lineNumber;
  if (typeof columnNumber === 'number' && columnNumber > 0) out.column = columnNumber;
  return out;
}

/** "XML problem at line 3, column 5", as the message whose code starts with `stem`. */
function located(stem: string, loc: { line?: number; column?: number }, params: Message['params']): Message {
  if (loc.line === undefined) return msg(stem, params);
  return loc.column === undefined ? msg(`${stem}-line`, { ...params, line: loc.line }) : msg(`${stem}-line-column`, { ...params, line: loc.line, column: loc.column });
}

/** Parses decoded XML text safely. Never throws. */
export function parseXmlText(text: string): XmlParseResult {
  if (declaresEntities(text)) {
    return {
      ok: false,
      code: 'xml-entities',
      error: msg('xml.entities'),
    };
  }
  if (text.trim() === '') return { ok: false, code: 'xml-empty', error: msg('file.empty') };
  const warnings: Problem[] = [];
  let recovered = 0;
  const parser = new DOMParser({
    locator: true,
    xmlns: WELL_KNOWN_PREFIXES,
    onError(level, message, context: unknown) {
      // Fatal errors are thrown by xmldom as a ParseError and reported below.
      if (level === 'fatalError') return;
      recovered++;
      if (recovered > MAX_XML_WARNINGS) return;
      const loc = locatorOf(context);
      const p = warn('xml-recovered', { reason: located('xml.recovered', loc, { detail: message }) });
      warnings.push(loc.line === undefined ? p : { ...p, line: loc.line });
    },
  });
  let doc: XmlDocument;
  try {
    doc = parser.parseFromString(text, 'text/xml');
  } catch (e) {
    const loc = locatorOf(e);
    const detail = e instanceof Error ? e.message : String(e);
    return { ok: false, code: 'xml-malformed', error: located('xml.malformed', loc, { detail }), ...loc };
  }
  if (recovered > MAX_XML_WARNINGS) {
    warnings.push(warn('xml-recovered', { reason: msg('xml.more', { count: recovered - MAX_XML_WARNINGS }) }));
  }
  const root = doc.documentElement;
  if (!root) return { ok: false, code: 'xml-malformed', error: msg('xml.no-root') };
  return { ok: true, doc, root: root.localName ?? root.nodeName, encoding: 'utf-8', warnings };
}

/** Decodes and parses XML bytes. Never throws. */
export function parseXmlBytes(bytes: Uint8Array): XmlParseResult {
  const decoded = decodeXml(bytes);
  if (!decoded.ok) return decoded;
  const parsed = parseXmlText(decoded.text);
  if (!parsed.ok) return parsed;
  return { ...parsed, encoding: decoded.encoding, warnings: [...decoded.warnings, ...parsed.warnings] };
}

/**
 * The root element's name from the start of a file, for sniffing: skips the XML declaration,
 * comments, processing instructions and a DOCTYPE. `head` is the UTF-8 reading of the first
 * bytes; UTF-16 files are re-read here.
 */
export function sniffRootElement(head: string, bytes: Uint8Array): string | null {
  let text = head;
  const declared = declaredXmlEncoding(bytes);
  if (declared && declared.label.startsWith('utf-16')) {
    text = new TextDecoder(declared.label).decode(bytes.subarray(declared.bomLength, Math.min(bytes.length, 8192)));
  }
  const m = /^\s*(?:(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)\s*)*<([A-Za-z_][\w.:-]*)/.exec(text);
  if (!m) return null;
  const name = m[1] as string;
  const colon = name.indexOf(':');
  return colon >= 0 ? name.slice(colon + 1) : name;
}
