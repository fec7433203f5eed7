import { foldersToKML } from '@placemarkio/tokml';
import type { Feature, GeoJsonProperties } from 'geojson';
import { countWithAltitude } from './geometry';
import { cellText } from './properties';
import type { OutputFormatDef, SerialisableLayer, SerialiseOutput } from './types';

/**
 * KML 2.2 through @placemarkio/tokml: one Folder per layer, named after it. Each Placemark's
 * <name> comes from the first non-empty of the properties name, title, Name, Title, NAME, TITLE;
 * its <description> from description/Description/DESCRIPTION, always as escaped text (never
 * HTML). Every property but name and description also goes to ExtendedData as text (lists and
 * objects as JSON, null as ''), so a title used as the name is still there as "title". tokml writes longitude,latitude only, so altitudes are dropped, and said so.
 */

type Props = Record<string, unknown>;
type Root = Parameters<typeof foldersToKML>[0];
type KmlFeature = Root['children'][number] & { type: 'Feature' };

const NAME_KEYS = ['name', 'title', 'Name', 'Title', 'NAME', 'TITLE'];
const DESCRIPTION_KEYS = ['description', 'Description', 'DESCRIPTION'];
/** An XML ID (NCName); other ids are not written as the Placemark's id attribute. */
const XML_ID = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function firstText(props: Props, keys: readonly string[]): { key: string; text: string } | null {
  for (const key of keys) {
    const text = cellText(props[key]).trim();
    if (text) return { key, text };
  }
  return null;
}

/** Properties as tokml reads them: name, description and visibility are its own elements. */
function kmlProperties(source: GeoJsonProperties): Props {
  const src: Props = source ?? {};
  const out: Props = {};
  const name = firstText(src, NAME_KEYS);
  const description = firstText(src, DESCRIPTION_KEYS);
  if (name) out.name = name.text;
  if (description) out.description = description.text;
  if (typeof src.visibility === 'boolean') out.visibility = src.visibility;
  for (const [key, value] of Object.entries(src)) {
    // "name" and "description" became elements above; any other source key (title …) stays as data.
    if (value === undefined || key === 'name' || key === 'description') continue;
    if (key === 'visibility' && typeof value === 'boolean') continue;
    // A non-boolean "visibility" would be read by tokml as on/off; keep it as data instead.
    out[key === 'visibility' ? 'visibility_value' : key] = cellText(value);
  }
  return out;
}

function kmlFeature(f: Feature): KmlFeature {
  const id = typeof f.id === 'string' && XML_ID.test(f.id) ? { id: f.id } : {};
  return { type: 'Feature', ...id, properties: kmlProperties(f.properties), geometry: f.geometry } as KmlFeature;
}

export function serialiseKml(layers: readonly SerialisableLayer[]): SerialiseOutput {
  const root: Root = {
    type: 'root',
    children: layers.map((layer) => ({ type: 'folder', meta: { name: layer.name }, children: layer.features.map(kmlFeature) })),
  };
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${foldersToKML(root)}\n`;
  const altitudes = countWithAltitude(layers.flatMap((l) => l.features));
  return altitudes ? { text, warnings: [`${altitudes} feature(s) have altitudes, which this KML writer drops`] } : { text };
}

export const kmlOutput: OutputFormatDef = {
  id: 'kml',
  label: 'KML',
  extension: '.kml',
  mimeType: 'application/vnd.google-earth.kml+xml',
  serialise: serialiseKml,
};
