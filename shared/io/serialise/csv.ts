import { geojsonToWKT } from '@terraformer/wkt';
import Papa from 'papaparse';
import { formatMgrs } from '../../geo/coords';
import { cellText, propertyKeys } from './properties';
import type { OutputFormatDef, SerialisableFeature, SerialisableLayer, SerialiseOutput } from './types';

/**
 * CSV, one row per feature: `layer`, every property key (the union over all features, in order
 * of first appearance), then `geometry_type`, `longitude`, `latitude`, `mgrs` (points only; MGRS
 * at 1 m, empty outside 80°S–84°N) and `wkt` (every other geometry). A property whose key is one
 * of those column names is written as `property_<key>` so nothing is overwritten.
 * Spreadsheet-safe like the import report (problem-report.ts): a text cell that starts with
 * = + - @ or a tab or carriage return is prefixed with a quote, so that an attribute typed by
 * someone else cannot run as a formula when the file is opened in Excel or LibreOffice. Numbers
 * (a property that is a number, the coordinate columns, and text that is exactly a decimal
 * number such as "-12.5") are left alone: a spreadsheet reads them as numbers, not formulas.
 */

export const CSV_GEOMETRY_COLUMNS = ['geometry_type', 'longitude', 'latitude', 'altitude', 'mgrs', 'wkt'] as const;
const RESERVED: ReadonlySet<string> = new Set(['layer', ...CSV_GEOMETRY_COLUMNS]);

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A text cell made safe to open in a spreadsheet (see the module comment). */
export function defuseCell(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

function columnFor(key: string, taken: Set<string>): string {
  if (!RESERVED.has(key) && !taken.has(key)) return key;
  let name = `property_${key}`;
  while (RESERVED.has(name) || taken.has(name)) name = `property_${name}`;
  return name;
}

function geometryCells(f: SerialisableFeature): Record<(typeof CSV_GEOMETRY_COLUMNS)[number], string> {
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
    cells.mgrs = mgrs.ok ? mgrs.value : '';
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
  const columns = ['layer', ...[...columnOf.values()].map(defuseCell), ...CSV_GEOMETRY_COLUMNS];
  const rows: string[][] = [];
  let defused = 0;
  const safe = (text: string) => {
    const out = defuseCell(text);
    if (out !== text) defused++;
    return out;
  };
  for (const layer of layers) {
    for (const f of layer.features) {
      const props = f.properties ?? {};
      const row: string[] = [safe(layer.name)];
      for (const key of columnOf.keys()) {
        const text = cellText(props[key]);
        row.push(typeof props[key] === 'number' ? text : safe(text));
      }
      const g = geometryCells(f);
      row.push(g.geometry_type, g.longitude, g.latitude, g.altitude, g.mgrs, g.wkt);
      rows.push(row);
    }
  }
  const text = `${Papa.unparse({ fields: columns, data: rows }, { newline: '\r\n' })}\r\n`;
  const warnings: string[] = [];
  const renamed = [...columnOf].filter(([k, c]) => k !== c).map(([k, c]) => `"${k}" as "${c}"`);
  if (renamed.length) warnings.push(`properties written under another column name: ${renamed.join(', ')}`);
  if (defused) warnings.push(`${defused} cell(s) that a spreadsheet would run as a formula are prefixed with '`);
  return warnings.length ? { text, warnings } : { text };
}

export const csvOutput: OutputFormatDef = {
  id: 'csv',
  label: 'CSV (decimal degrees, MGRS, WKT)',
  extension: '.csv',
  mimeType: 'text/csv',
  serialise: serialiseCsv,
};
