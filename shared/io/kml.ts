import { msg, type Message } from '../i18n/message';
import { kmlWithFolders, type F, type Folder } from '@tmcw/togeojson';
import type { Document as XmlDocument, Element as XmlElement } from '@xmldom/xmldom';
import { footprint, IMAGE_ENTRY, imageMimeType, overlayCorners } from './kml-overlays';
import { isObject, LayerBuilder, warn } from './layer-builder';
import { baseName } from './text';
import type { FormatDef, ImageOverlay, ParsedLayer, ParseOptions, ParseResult, Problem } from './types';
import { parseXmlBytes, sniffRootElement } from './xml';
import { firstZipEntryName, unzipSafely } from './zip';

/**
 * KML and KMZ, converted by @tmcw/togeojson (kmlWithFolders) and checked feature by feature by
 * LayerBuilder. Written here (glue): folders → layers, descriptions → plain text, overlays and
 * network links → warnings, and choosing the documents inside a KMZ.
 *
 * - Each folder that directly holds placemarks becomes a layer named by its path
 *   ("Patrols / Week 47"); placemarks outside folders go to a layer named after the document
 *   (its <name>) or the file.
 * - A KMZ uses doc.kml when present, else the .kml at the shallowest path; every other .kml in
 *   the archive is imported too, as further layers prefixed with that document's name, because
 *   such files are usually the targets of the main document's network links.
 * - Network links are never fetched: each is listed as refused with its reason.
 * - A ground overlay gives its footprint polygon, in the layer of its folder, and an ImageOverlay
 *   (corners and, from a KMZ, the image's bytes); a linked image is listed, never fetched.
 *   Photo and screen overlays are not imported; each gives a warning.
 * - A file without any placemark imports as one empty layer with a 'no-features' warning rather
 *   than failing, so that the warnings saying why (network links, overlays) reach the user.
 */

export const KML_FORMAT_ID = 'kml';
export const KMZ_FORMAT_ID = 'kmz';

const KML_ROOTS: ReadonlySet<string> = new Set(['kml', 'Document', 'Folder', 'Placemark']);

interface Target {
  name: string;
  builder: LayerBuilder;
}

/** Collects the layers and warnings of one import, across the documents of a KMZ. */
class KmlImport {
  readonly targets: Target[] = [];
  readonly warnings: Problem[] = [];
  /** What the file holds but is not imported as a feature (network links), each with its reason. */
  readonly refused: Problem[] = [];
  /** Index of the next placemark across the whole import. */
  index = 0;
  /** Ground overlays with the target holding each footprint (its layer is named in result()). */
  readonly overlays: { overlay: Omit<ImageOverlay, 'layer'>; target: Target }[] = [];

  target(name: string): Target {
    const t: Target = { name, builder: new LayerBuilder() };
    this.targets.push(t);
    return t;
  }

  result(format: string, fallbackName: string): ParseResult {
    const used = new Map<string, number>();
    const layers: ParsedLayer[] = [];
    const refused: Problem[] = [...this.refused];
    const warnings = [...this.warnings];
    const names = new Map<Target, string>();
    for (const t of this.targets) {
      const n = (used.get(t.name) ?? 0) + 1;
      used.set(t.name, n);
      names.set(t, n === 1 ? t.name : `${t.name} (${n})`);
      layers.push(t.builder.layer(names.get(t) as string));
      refused.push(...t.builder.refused.toArray());
      warnings.push(...t.builder.warnings.toArray());
    }
    if (layers.length === 0) {
      layers.push(new LayerBuilder().layer(fallbackName));
      warnings.push(warn('no-features', { reason: msg('kml.no-placemarks') }));
    }
    const overlays = this.overlays.map(({ overlay, target }) => ({ ...overlay, layer: names.get(target) ?? target.name }));
    return overlays.length ? { ok: true, format, layers, refused, warnings, overlays } : { ok: true, format, layers, refused, warnings };
  }
}

function childElements(el: XmlElement, tag: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && ((n as XmlElement).localName ?? n.nodeName) === tag) out.push(n as XmlElement);
  }
  return out;
}

function childText(el: XmlElement, tag: string): string {
  return (childElements(el, tag)[0]?.textContent ?? '').trim();
}

function descendantText(el: XmlElement, tag: string): string {
  return (el.getElementsByTagName(tag)[0]?.textContent ?? '').trim();
}

/** The document's own <name>, if any. */
function documentName(doc: XmlDocument): string {
  const root = doc.documentElement;
  if (!root) return '';
  const docEl = (root.localName ?? root.nodeName) === 'Document' ? root : childElements(root, 'Document')[0];
  return docEl ? childText(docEl, 'name') : '';
}

/** The archive a document was read from, to tell links to files inside it from links out. */
interface KmzContext {
  entries: ReadonlySet<string>;
  /** The images inside the archive, by entry name, for ground overlays. */
  images: ReadonlyMap<string, Uint8Array>;
  /** Folder of the document inside the archive, '' or ending in '/'. */
  dir: string;
}

function dirOf(entry: string): string {
  const slash = entry.lastIndexOf('/');
  return slash >= 0 ? entry.slice(0, slash + 1) : '';
}

/** The archive entry a link points to: relative to the linking document, or to the archive root. */
function kmzEntryFor(href: string, kmz: KmzContext): string | null {
  const h = href.replace(/^\.\//, '');
  if (/^[a-z][a-z0-9+.-]*:/i.test(h) || h.startsWith('/')) return null; // an address, not a file in the archive
  for (const candidate of [kmz.dir + h, h]) if (kmz.entries.has(candidate)) return candidate;
  return null;
}

/**
 * Network links are listed as refused, one per link, so that the preview's counts add up to what
 * the file holds (togeojson counts each link as a feature). None is ever fetched.
 */
function networkLinkRefusals(doc: XmlDocument, kmz: KmzContext | null, into: Problem[]): void {
  for (const link of Array.from(doc.getElementsByTagName('NetworkLink'))) {
    const href = descendantText(link, 'href');
    const name = childText(link, 'name');
    const local = kmz && href ? kmzEntryFor(href, kmz) : null;
    // A link without a name or an address is worded without them, rather than with empty quotes.
    const named = name ? '-named' : '';
    const problem: Problem = local
      ? { code: 'network-link-in-archive', params: { reason: msg(`kml.link-in-archive${named}`, { name, entry: local }) }, severity: 'error' }
      : { code: 'network-link-not-fetched', params: { reason: msg(`kml.link-not-fetched${named}${href ? '-href' : ''}`, { name, href }) }, severity: 'error' };
    into.push(problem);
  }
}

/** Warnings for the image overlays KML can hold but Common Ground does not import (photo, screen). */
function overlayWarnings(doc: XmlDocument, into: Problem[]): void {
  const overlays: [string, string][] = [
    ['PhotoOverlay', 'photo-overlay'],
    ['ScreenOverlay', 'screen-overlay'],
  ];
  for (const [tag, code] of overlays) {
    for (const el of Array.from(doc.getElementsByTagName(tag))) {
      const href = descendantText(el, 'href');
      const name = childText(el, 'name');
      into.push(warn(code, { reason: msg(`kml.overlay${name ? '-named' : ''}${href ? '-image' : ''}`, { kind: msg(`kml.${code}`), name, href }) }));
    }
  }
}

/** togeojson marks CDATA descriptions as {"@type": "html", value}; we keep the text only. */
function descriptionAsText(f: F): void {
  const p = f.properties;
  if (!p) return;
  const d = p.description;
  if (isObject(d) && typeof d.value === 'string') p.description = d.value;
}

function folderName(folder: Folder): string {
  const n = folder.meta.name;
  return typeof n === 'string' && n.trim() ? n.trim() : '(unnamed folder)';
}

/** Adds the placemarks of one KML document to the import. */
function addDocument(doc: XmlDocument, rootName: string, prefix: string[], imp: KmlImport, kmz: KmzContext | null): void {
  networkLinkRefusals(doc, kmz, imp.refused);
  overlayWarnings(doc, imp.warnings);
  const tree = kmlWithFolders(doc);
  const groundOverlays = Array.from(doc.getElementsByTagName('GroundOverlay'));
  let nextOverlay = 0;
  const walk = (children: (Folder | F)[], path: string[]): void => {
    let target: Target | null = null;
    for (const child of children) {
      if (child.type === 'folder') {
        walk(child.children, [...path, folderName(child)]);
        continue;
      }
      const kind = child.properties?.['@geometry-type'];
      if (kind === 'networklink') continue; // listed above
      descriptionAsText(child);
      target ??= imp.target(path.length ? path.join(' / ') : rootName);
      target.builder.index = imp.index++;
      if (kind === 'groundoverlay') {
        // togeojson yields the overlays in document order, as getElementsByTagName finds them.
        const el = groundOverlays[nextOverlay++];
        if (el) addGroundOverlay(el, child, target, imp, kmz);
        continue;
      }
      target.builder.addFeature(child);
    }
  };
  walk(tree.children, prefix);
}

/**
 * One ground overlay: its footprint polygon as a feature (name, description, the image's
 * reference) and the overlay itself, with the image's bytes when the archive holds them.
 */
function addGroundOverlay(el: XmlElement, f: F, target: Target, imp: KmlImport, kmz: KmzContext | null): void {
  const index = target.builder.index;
  const name = childText(el, 'name');
  const href = descendantText(el, 'href');
  const corners = overlayCorners(el);
  const properties = { ...(f.properties ?? {}) };
  delete properties['@geometry-type'];
  delete properties.icon;
  if (href) properties.overlayImage = href;
  if (!corners) {
    imp.warnings.push(warn('ground-overlay-no-position', { name }, index));
    return;
  }
  target.builder.addFeature({ type: 'Feature', properties, geometry: footprint(corners) });
  const entry = kmz && href ? kmzEntryFor(href, kmz) : null;
  const bytes = entry ? kmz?.images.get(entry) : undefined;
  const mimeType = entry ? imageMimeType(entry) : null;
  let image: ImageOverlay['image'] = null;
  if (bytes && mimeType) image = { bytes, mimeType };
  else if (entry) {
    imp.warnings.push(warn('overlay-image-unreadable', { name, entry }, index));
  } else {
    imp.warnings.push(warn('overlay-image-not-fetched', { name, href }, index));
  }
  imp.overlays.push({ overlay: { name, corners, href, image, index }, target });
}

function kmlRootProblem(root: string): Message | null {
  if (KML_ROOTS.has(root)) return null;
  return msg('kml.not-kml', { root });
}

/** Parses KML bytes (any declared encoding). Never throws. */
export function parseKml(bytes: Uint8Array, fileName: string, options: ParseOptions = {}): ParseResult {
  const format = KML_FORMAT_ID;
  const xml = parseXmlBytes(bytes);
  if (!xml.ok) return { ok: false, format, error: xml.error };
  const notKml = kmlRootProblem(xml.root);
  if (notKml) return { ok: false, format, error: notKml };
  options.onProgress?.(0.5);
  const imp = new KmlImport();
  imp.warnings.push(...xml.warnings);
  const rootName = documentName(xml.doc) || baseName(fileName);
  addDocument(xml.doc, rootName, [], imp, null);
  options.onProgress?.(1);
  return imp.result(format, rootName);
}

function depth(path: string): number {
  return path.split('/').length;
}

/** The KMZ's main document: doc.kml at the top if present, else the shallowest .kml. */
export function mainKmlEntry(names: readonly string[]): string | null {
  const kml = names.filter((n) => /\.kml$/i.test(n));
  const doc = kml.find((n) => n.toLowerCase() === 'doc.kml');
  if (doc) return doc;
  let best: string | null = null;
  for (const n of kml) if (best === null || depth(n) < depth(best)) best = n;
  return best;
}

/** Parses a KMZ (zipped KML with its icons). Never throws. */
export function parseKmz(bytes: Uint8Array, fileName: string, options: ParseOptions = {}): ParseResult {
  const format = KMZ_FORMAT_ID;
  const zip = unzipSafely(bytes, fileName, { select: (n) => /\.kml$/i.test(n) || IMAGE_ENTRY.test(n) });
  if (!zip.ok) return { ok: false, format, error: zip.error };
  const names = [...zip.entries.keys()].filter((n) => /\.kml$/i.test(n));
  const images = new Map([...zip.entries].filter(([n]) => IMAGE_ENTRY.test(n)));
  const main = mainKmlEntry(names);
  if (main === null) {
    const listed = zip.listing.map((e) => e.name).slice(0, 10);
    const error = listed.length ? msg('kml.kmz-no-kml', { entries: listed.join(', ') + (zip.listing.length > 10 ? ', …' : '') }) : msg('kml.kmz-empty');
    return { ok: false, format, error };
  }
  const allEntries = new Set(zip.listing.map((e) => e.name));
  const imp = new KmlImport();
  let mainName = baseName(fileName);
  const ordered = [main, ...names.filter((n) => n !== main)];
  for (let i = 0; i < ordered.length; i++) {
    const entry = ordered[i] as string;
    const label = `${fileName}/${entry}`;
    const xml = parseXmlBytes(zip.entries.get(entry) as Uint8Array);
    // A document with entity declarations is hostile: refuse the whole archive, not just that entry.
    if (!xml.ok && (xml.code === 'xml-entities' || entry === main)) return { ok: false, format, error: msg('in-place', { where: label, text: xml.error }) };
    const where = msg('where.entry', { name: label });
    const problem = xml.ok ? kmlRootProblem(xml.root) : xml.error;
    if (problem !== null || !xml.ok) {
      if (entry === main) return { ok: false, format, error: problem ?? msg('kml.entry-unreadable') };
      imp.warnings.push({ ...warn('kmz-entry-skipped', { reason: problem ?? msg('kml.entry-unreadable') }), where });
      continue;
    }
    imp.warnings.push(...xml.warnings.map((w) => ({ ...w, where: msg('where.entry', { name: entry }) })));
    if (entry === main) {
      mainName = documentName(xml.doc) || mainName;
      addDocument(xml.doc, mainName, [], imp, { entries: allEntries, images, dir: dirOf(entry) });
    } else {
      const name = documentName(xml.doc) || baseName(entry);
      imp.warnings.push(warn('kmz-extra-kml', { entry, name }));
      addDocument(xml.doc, name, [name], imp, { entries: allEntries, images, dir: dirOf(entry) });
    }
    options.onProgress?.((i + 1) / ordered.length);
  }
  return imp.result(format, mainName);
}

export const kmlFormat: FormatDef = {
  id: KML_FORMAT_ID,
  label: 'KML (Google Earth)',
  extensions: ['.kml'],
  mimeTypes: ['application/vnd.google-earth.kml+xml'],
  sniff(head: string, bytes: Uint8Array): boolean {
    return sniffRootElement(head, bytes) === 'kml';
  },
  parse: parseKml,
};

export const kmzFormat: FormatDef = {
  id: KMZ_FORMAT_ID,
  label: 'KMZ (zipped KML)',
  extensions: ['.kmz'],
  mimeTypes: ['application/vnd.google-earth.kmz'],
  /** A ZIP whose first entry is a .kml (Google Earth writes doc.kml first); otherwise by extension. */
  sniff(_head: string, bytes: Uint8Array): boolean {
    const first = firstZipEntryName(bytes);
    return first !== null && /\.kml$/i.test(first);
  },
  parse: parseKmz,
};
