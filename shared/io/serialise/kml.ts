import type { GeoJsonProperties, Geometry, Position } from 'geojson';
import { cellText } from './properties';
import type { OutputFormatDef, SerialisableFeature, SerialisableLayer, SerialiseOutput } from './types';
import { element, xmlText } from './xml-text';

/**
 * KML 2.2 for Google Earth, ATAK/WinTAK and GDAL: one Folder per layer, named after it, and one
 * shared Style per layer (its colour on the icon, the line and, 40 % opaque, the polygon fill)
 * that each Placemark points to with styleUrl. Each Placemark's <name> comes from the first
 * non-empty of the properties name, title, Name, Title, NAME, TITLE; its <description> from
 * description/Description/DESCRIPTION, always as escaped text (never HTML, never CDATA). Every
 * property but name and description also goes to ExtendedData as text (lists and objects as
 * JSON, null as ''), so a title used as the name is still there as "title". Altitudes are
 * written as the third coordinate.
 *
 * Written by hand rather than with @placemarkio/tokml (which the app used before): tokml writes
 * no styles and drops altitudes, and the rest is a few lines of escaped XML.
 */

type Props = Record<string, unknown>;

const NAME_KEYS = ['name', 'title', 'Name', 'Title', 'NAME', 'TITLE'];
const DESCRIPTION_KEYS = ['description', 'Description', 'DESCRIPTION'];
/** An XML ID (NCName); other ids are not written as the Placemark's id attribute. */
const XML_ID = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const DEFAULT_COLOR = '#1565c0';

function firstText(props: Props, keys: readonly string[]): { key: string; text: string } | null {
  for (const key of keys) {
    const text = cellText(props[key]).trim();
    if (text) return { key, text };
  }
  return null;
}

/** '#rrggbb' as KML's aabbggrr, with the given alpha (0–255). */
export function kmlColor(hex: string | undefined, alpha: number): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex ?? '') ?? /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(DEFAULT_COLOR);
  const [, r, g, b] = m as RegExpExecArray;
  const a = Math.max(0, Math.min(255, Math.round(alpha))).toString(16).padStart(2, '0');
  return `${a}${b}${g}${r}`.toLowerCase();
}

function style(id: string, color: string | undefined): string {
  return (
    `<Style id="${id}">` +
    `<IconStyle><color>${kmlColor(color, 255)}</color></IconStyle>` +
    `<LineStyle><color>${kmlColor(color, 255)}</color><width>3</width></LineStyle>` +
    `<PolyStyle><color>${kmlColor(color, 102)}</color></PolyStyle>` +
    `</Style>`
  );
}

const position = (p: Position) => p.map((n) => String(n)).join(',');
const coordinates = (ps: Position[]) => `<coordinates>${ps.map(position).join(' ')}</coordinates>`;
const ring = (ps: Position[]) => `<LinearRing>${coordinates(ps)}</LinearRing>`;

function geometryXml(g: Geometry): string {
  switch (g.type) {
    case 'Point':
      return `<Point>${coordinates([g.coordinates])}</Point>`;
    case 'LineString':
      return `<LineString><tessellate>1</tessellate>${coordinates(g.coordinates)}</LineString>`;
    case 'Polygon': {
      const [outer, ...inner] = g.coordinates;
      const holes = inner.map((r) => `<innerBoundaryIs>${ring(r)}</innerBoundaryIs>`).join('');
      return `<Polygon><tessellate>1</tessellate><outerBoundaryIs>${ring(outer ?? [])}</outerBoundaryIs>${holes}</Polygon>`;
    }
    case 'MultiPoint':
      return `<MultiGeometry>${g.coordinates.map((c) => geometryXml({ type: 'Point', coordinates: c })).join('')}</MultiGeometry>`;
    case 'MultiLineString':
      return `<MultiGeometry>${g.coordinates.map((c) => geometryXml({ type: 'LineString', coordinates: c })).join('')}</MultiGeometry>`;
    case 'MultiPolygon':
      return `<MultiGeometry>${g.coordinates.map((c) => geometryXml({ type: 'Polygon', coordinates: c })).join('')}</MultiGeometry>`;
    case 'GeometryCollection':
      return `<MultiGeometry>${g.geometries.map(geometryXml).join('')}</MultiGeometry>`;
  }
}

/** The Placemark's own elements (in KML's schema order) and its ExtendedData. */
function placemarkXml(f: SerialisableFeature, styleId: string): string {
  const src: Props = (f.properties as GeoJsonProperties) ?? {};
  const name = firstText(src, NAME_KEYS);
  const description = firstText(src, DESCRIPTION_KEYS);
  const parts: string[] = [];
  if (name) parts.push(element('name', name.text));
  if (typeof src.visibility === 'boolean') parts.push(`<visibility>${src.visibility ? 1 : 0}</visibility>`);
  if (description) parts.push(element('description', description.text));
  parts.push(`<styleUrl>#${styleId}</styleUrl>`);
  const data: string[] = [];
  for (const [key, value] of Object.entries(src)) {
    // "name" and "description" became elements above; any other source key (title …) stays as data.
    if (value === undefined || key === 'name' || key === 'description') continue;
    if (key === 'visibility' && typeof value === 'boolean') continue;
    // A non-boolean "visibility" would be read back as on/off; keep it as data instead.
    const dataName = key === 'visibility' ? 'visibility_value' : key;
    data.push(`<Data name="${xmlText(dataName)}">${element('value', cellText(value))}</Data>`);
  }
  if (data.length) parts.push(`<ExtendedData>${data.join('')}</ExtendedData>`);
  if (f.geometry) parts.push(geometryXml(f.geometry));
  const id = typeof f.id === 'string' && XML_ID.test(f.id) ? ` id="${f.id}"` : '';
  return `<Placemark${id}>${parts.join('')}</Placemark>`;
}

export function serialiseKml(layers: readonly SerialisableLayer[]): SerialiseOutput {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>', '<kml xmlns="http://www.opengis.net/kml/2.2">', '<Document>'];
  out.push(element('name', layers.length === 1 ? (layers[0] as SerialisableLayer).name : 'Common Ground export'));
  layers.forEach((layer, i) => out.push(style(`layer-${i}`, layer.color)));
  let located = 0;
  layers.forEach((layer, i) => {
    out.push(`<Folder>${element('name', layer.name)}`);
    layer.features.forEach((f) => {
      if (f.geometry) located++;
      out.push(placemarkXml(f, `layer-${i}`));
    });
    out.push('</Folder>');
  });
  out.push('</Document>', '</kml>', '');
  const total = layers.reduce((n, l) => n + l.features.length, 0);
  const warnings = located < total ? [`${total - located} feature(s) have no location: written as Placemarks without geometry`] : [];
  return { text: out.join('\n'), ...(warnings.length ? { warnings } : {}) };
}

export const kmlOutput: OutputFormatDef = {
  id: 'kml',
  label: 'KML (Google Earth, TAK)',
  extension: '.kml',
  mimeType: 'application/vnd.google-earth.kml+xml',
  serialise: serialiseKml,
};
