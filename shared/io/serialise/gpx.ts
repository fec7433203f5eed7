import type { Position } from 'geojson';
import { cellText } from './properties';
import type { OutputFormatDef, SerialisableLayer, SerialiseOutput, SerialiseRefusal } from './types';
import { element } from './xml-text';

/**
 * GPX 1.1 for GPS receivers and navigation apps. Points become waypoints (<wpt>; each point of a
 * MultiPoint its own waypoint). A LineString becomes a route (<rte>), not a track: the lines in
 * Common Ground are planned patrol routes and roads drawn ahead of time, and a GPX route is
 * exactly that (points to navigate along), while a track is a recorded trace. A MultiLineString
 * becomes a track (<trk>) with one segment per part, because a route cannot have parts.
 *
 * Each element carries <name> (name, title …), <desc> (description) and, for waypoints, <time>
 * from the first of time, eventDate, plannedStart, date that is a date, plus <ele> from the
 * altitude. Polygons, geometry collections and features without a location cannot be written
 * as GPX: they are refused, with the reason. GPX has no place for other attributes; their keys
 * are named in a warning.
 */

const NAME_KEYS = ['name', 'title', 'Name', 'Title', 'NAME', 'TITLE'];
const DESCRIPTION_KEYS = ['description', 'Description', 'DESCRIPTION', 'desc'];
const TIME_KEYS = ['time', 'eventDate', 'plannedStart', 'date'];

type Props = Record<string, unknown>;

function first(props: Props, keys: readonly string[]): { key: string; text: string } | null {
  for (const key of keys) {
    const text = cellText(props[key]).trim();
    if (text) return { key, text };
  }
  return null;
}

/** An ISO date-time (or date) as GPX's UTC dateTime; null when the value is not a date. */
function gpxTime(v: unknown): string | null {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(v)) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function timeOf(props: Props): { key: string; time: string } | null {
  for (const key of TIME_KEYS) {
    const time = gpxTime(props[key]);
    if (time) return { key, time };
  }
  return null;
}

const num = (n: number) => String(n);
const pointAttrs = (p: Position) => `lat="${num(p[1] as number)}" lon="${num(p[0] as number)}"`;
const ele = (p: Position) => (p.length > 2 && Number.isFinite(p[2]) ? `<ele>${num(p[2] as number)}</ele>` : '');

interface Described {
  name: string;
  desc: string;
  time: string;
  /** Property keys carried by name, desc or time. */
  used: Set<string>;
}

function describe(props: Props, fallbackName: string): Described {
  const name = first(props, NAME_KEYS);
  const desc = first(props, DESCRIPTION_KEYS);
  const time = timeOf(props);
  const used = new Set([name?.key, desc?.key, time?.key].filter((k): k is string => k !== undefined));
  return {
    name: element('name', name?.text ?? fallbackName),
    desc: desc ? element('desc', desc.text) : '',
    time: time ? `<time>${time.time}</time>` : '',
    used,
  };
}

export function serialiseGpx(layers: readonly SerialisableLayer[]): SerialiseOutput {
  const wpts: string[] = [];
  const rtes: string[] = [];
  const trks: string[] = [];
  const refused: SerialiseRefusal[] = [];
  const dropped = new Set<string>();
  for (const layer of layers) {
    layer.features.forEach((f, index) => {
      const g = f.geometry;
      const name = first((f.properties as Props | null) ?? {}, NAME_KEYS)?.text;
      const refuse = (code: string, reason: string) =>
        refused.push({ code, layer: layer.name, index, ...(f.id === undefined ? {} : { id: f.id }), ...(name ? { name } : {}), reason });
      if (!g) return refuse('no-location', 'it has no location');
      if (g.type === 'Polygon' || g.type === 'MultiPolygon') return refuse('gpx-polygon', 'GPX has no polygons (only waypoints, routes and tracks)');
      if (g.type === 'GeometryCollection') return refuse('gpx-collection', 'GPX cannot hold a geometry collection');
      const props: Props = (f.properties as Props | null) ?? {};
      const d = describe(props, layer.name);
      for (const [k, v] of Object.entries(props)) if (!d.used.has(k) && v !== null && v !== undefined && v !== '') dropped.add(k);
      // Element order is fixed by the GPX 1.1 schema: ele, time, name, desc for a waypoint.
      const wpt = (p: Position) => `<wpt ${pointAttrs(p)}>${ele(p)}${d.time}${d.name}${d.desc}</wpt>`;
      if (g.type === 'Point') wpts.push(wpt(g.coordinates));
      else if (g.type === 'MultiPoint') wpts.push(...g.coordinates.map(wpt));
      else if (g.type === 'LineString') {
        const pts = g.coordinates.map((p) => `<rtept ${pointAttrs(p)}>${ele(p)}</rtept>`).join('');
        rtes.push(`<rte>${d.name}${d.desc}${pts}</rte>`);
      } else {
        const segs = g.coordinates.map((line) => `<trkseg>${line.map((p) => `<trkpt ${pointAttrs(p)}>${ele(p)}</trkpt>`).join('')}</trkseg>`).join('');
        trks.push(`<trk>${d.name}${d.desc}${segs}</trk>`);
      }
    });
  }
  const name = layers.length === 1 ? (layers[0] as SerialisableLayer).name : 'Common Ground export';
  const text = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx version="1.1" creator="Common Ground" xmlns="http://www.topografix.com/GPX/1/1">',
    `<metadata>${element('name', name)}</metadata>`,
    ...wpts,
    ...rtes,
    ...trks,
    '</gpx>',
    '',
  ].join('\n');
  const warnings = dropped.size ? [`GPX has no place for these attributes, which are not written: ${[...dropped].map((k) => `"${k}"`).join(', ')}`] : [];
  return { text, ...(warnings.length ? { warnings } : {}), ...(refused.length ? { refused } : {}) };
}

export const gpxOutput: OutputFormatDef = {
  id: 'gpx',
  label: 'GPX (waypoints, routes, tracks)',
  extension: '.gpx',
  mimeType: 'application/gpx+xml',
  serialise: serialiseGpx,
};
