import { geojsonToWKT } from '@terraformer/wkt';
import type { Feature } from 'geojson';
import Papa from 'papaparse';
import { formatMgrs } from '../../geo/coords';
import { cellText, propertyKeys } from './properties';
import type { OutputFormatDef, SerialisableLayer, SerialiseOutput } from './types';

/**
 * CSV, one row per feature: `layer`, every property key (the union over all features, in order
 * of first appearance), then `geometry_type`, `longitude`, `latitude`, `mgrs` (points only; MGRS
 * at 1 m, empty outside 80°S–84°N) and `wkt` (every other geometry). A property whose key is one
 * of those column names is written as `property_<key>` so nothing is overwritten.
 * Cells are written as they are (no formula escaping): this is a data file, not a report.
 */

export const CSV_GEOMETRY_COLUMNS = ['geometry_type', 'longitude', 'latitude', 'altitude', 'mgrs', 'wkt'] as const;
const RESERVED: ReadonlySet<string> = new Set(['layer', ...CSV_GEOMETRY_COLUMNS]);

/** A full MGRS reference; formatMgrs returns an explanation instead outside coverage. */
const MGRS_REFERENCE = /^\d{1,2}[C-HJ-NP-X][A-HJ-NP-Z]{2}(\d{2})*$/;

function columnFor(key: string, taken: Set<string>): string {
  if (!RESERVED.has(key) && !taken.has(key)) return key;
  let name = `property_${key}`;
  while (RESERVED.has(name) || taken.has(name)) name = `property_${name}`;
  return name;
}

function geometryCells(f: Feature): Record<(typeof CSV_GEOMETRY_COLUMNS)[number], string> {
  const g = f.geometry;
  const cells = { geometry_type: '', longitude: '', latitude: '', altitude: '', mgrs: '', wkt: '' };
  if (!g) return cells;
  cells.geometry_type = g.type;
  if (g.type === 'Point') {
    const [lng, lat, alt] = g.coordinates as [number, number, number?];
    cells.longitude = String(lng);
    cells.latitude = String(lat);
    if (alt !== undefined) cells.altitude = String(alt);
    const mgrs = formatMgrs(lng, lat, 5);
    cells.mgrs = MGRS_REFERENCE.test(mgrs) ? mgrs : '';
  } else {
    cells.wkt = geojsonToWKT(g);
  }
  return cells;
}

export function serialiseCsv(layers: readonly SerialisableLayer[]): SerialiseOutput {
  const taken = new Set<string>();
  const columnOf = new Map<string, string>();
  for (const key of propertyKeys(layers)) {
    const column = columnFor(key, taken);
    taken.add(column);
    columnOf.set(key, column);
  }
  const columns = ['layer', ...columnOf.values(), ...CSV_GEOMETRY_COLUMNS];
  const rows: string[][] = [];
  for (const layer of layers) {
    for (const f of layer.features) {
      const props = f.properties ?? {};
      const row: string[] = [layer.name];
      for (const key of columnOf.keys()) row.push(cellText(props[key]));
      const g = geometryCells(f);
      row.push(g.geometry_type, g.longitude, g.latitude, g.altitude, g.mgrs, g.wkt);
      rows.push(row);
    }
  }
  const text = `${Papa.unparse({ fields: columns, data: rows }, { newline: '\r\n' })}\r\n`;
  const warnings: string[] = [];
  const renamed = [...columnOf].filter(([k, c]) => k !== c).map(([k, c]) => `"${k}" as "${c}"`);
  if (renamed.length) warnings.push(`properties written under another column name: ${renamed.join(', ')}`);
  return warnings.length ? { text, warnings } : { text };
}

export const csvOutput: OutputFormatDef = {
  id: 'csv',
  label: 'CSV (one row per feature)',
  extension: '.csv',
  mimeType: 'text/csv',
  serialise: serialiseCsv,
};
