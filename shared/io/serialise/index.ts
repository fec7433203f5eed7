import { csvOutput } from './csv';
import { geojsonOutput } from './geojson';
import { geopackageOutput } from './geopackage';
import { gpxOutput } from './gpx';
import { kmlOutput } from './kml';
import type { OutputFormatDef } from './types';

export type { OutputFormatDef, SerialisableFeature, SerialisableLayer, SerialiseOptions, SerialiseOutput, SerialiseRefusal } from './types';

/**
 * The formats Common Ground can write, for the CLI's `convert` and the app's export. Adding one is
 * adding an OutputFormatDef here; nothing else switches on output format ids.
 */
const OUTPUT_FORMATS: OutputFormatDef[] = [geojsonOutput, kmlOutput, csvOutput, gpxOutput, geopackageOutput];

export function registerOutputFormat(def: OutputFormatDef): void {
  const i = OUTPUT_FORMATS.findIndex((f) => f.id === def.id);
  if (i >= 0) OUTPUT_FORMATS[i] = def;
  else OUTPUT_FORMATS.push(def);
}

export function listOutputFormats(): readonly OutputFormatDef[] {
  return OUTPUT_FORMATS;
}

export function getOutputFormat(id: string): OutputFormatDef | undefined {
  return OUTPUT_FORMATS.find((f) => f.id === id);
}
