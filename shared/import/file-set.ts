import { combineLayerOutcomes } from '../io/layer-outcomes';
import { warn } from '../io/layer-builder';
import { msg } from '../i18n/message';
import { parseFile } from './registry';
import { chosenCrs, readShapefileLayer, SHAPEFILE_FORMAT_ID, type ShapefileParts } from '../io/shapefile';
import { baseName } from '../io/text';
import type { ParseOptions, ParseResult } from '../io/types';

/**
 * Files chosen or dropped together, and the files beside a `.shp` on disk: a shapefile is a
 * `.shp` with sidecars of the same base name (`.shx`, `.dbf`, `.prj`, `.cpg`), which belong to
 * one layer. Every other file stands alone.
 */

export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

/** What imports as one source: a single file, or a shapefile's `.shp` with its sidecars. */
export interface FileGroup {
  /** The file that names the source: the `.shp` of a shapefile, else the file itself. */
  name: string;
  files: NamedBytes[];
}

/** Lower-case, with the dot. The `.shx` index is not needed to read the `.shp`, but travels with it. */
export const SHAPEFILE_SIDECARS = ['.shx', '.dbf', '.prj', '.cpg'] as const;

const COMPONENT = /\.(shp|shx|dbf|prj|cpg)$/i;

function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Where the sidecars of a `.shp` path may be: same folder and base name, extension in the .shp's case or the other. */
export function sidecarPaths(shpPath: string): string[] {
  if (!/\.shp$/i.test(shpPath)) return [];
  const stem = shpPath.slice(0, -4);
  const upper = shpPath.endsWith('.SHP');
  return SHAPEFILE_SIDECARS.flatMap((ext) => (upper ? [stem + ext.toUpperCase(), stem + ext] : [stem + ext, stem + ext.toUpperCase()]));
}

/**
 * Groups files by base name (case-insensitively): the components of a shapefile become one group
 * named by its `.shp`; sidecars with no `.shp` beside them form a group that parseFileGroup refuses
 * by name; anything else is a group of one. Order follows the first file of each group.
 */
export function groupFiles(files: readonly NamedBytes[]): FileGroup[] {
  const groups: FileGroup[] = [];
  const byStem = new Map<string, FileGroup>();
  for (const f of files) {
    const name = fileName(f.name);
    if (!COMPONENT.test(name)) {
      groups.push({ name: f.name, files: [f] });
      continue;
    }
    const stem = baseName(name).toLowerCase();
    let g = byStem.get(stem);
    if (!g) {
      g = { name: f.name, files: [] };
      byStem.set(stem, g);
      groups.push(g);
    }
    g.files.push(f);
    if (/\.shp$/i.test(name)) g.name = f.name;
  }
  return groups;
}

const latin = new TextDecoder('windows-1252');

/** Parses a group: one file as parseFile does; a shapefile's components as one layer. Never rejects. */
export async function parseFileGroup(group: FileGroup, options: ParseOptions = {}): Promise<ParseResult> {
  if (group.files.length === 1 && !/\.(shx|dbf|prj|cpg)$/i.test(group.name)) {
    const only = group.files[0] as NamedBytes;
    return parseFile(only.name, only.bytes, options);
  }
  const byExt = new Map<string, Uint8Array>();
  for (const f of group.files) {
    const ext = COMPONENT.exec(fileName(f.name))?.[1]?.toLowerCase();
    if (ext) byExt.set(ext, f.bytes);
  }
  const shp = byExt.get('shp');
  const shown = fileName(group.name);
  if (!shp) {
    const names = group.files.map((f) => fileName(f.name)).join(', ');
    return { ok: false, format: SHAPEFILE_FORMAT_ID, error: msg('file.sidecars-without-shp', { names }) };
  }
  const choice = chosenCrs(options);
  if (!choice.ok) return { ok: false, format: SHAPEFILE_FORMAT_ID, error: choice.error };
  const parts: ShapefileParts = { name: baseName(shown), shp };
  const dbf = byExt.get('dbf');
  const prj = byExt.get('prj');
  const cpg = byExt.get('cpg');
  const fileWarnings = [];
  if (dbf) parts.dbf = dbf;
  else fileWarnings.push({ ...warn('no-dbf'), where: msg('where.layer', { name: parts.name }) });
  // .prj and .cpg are ASCII text in practice; Windows-1252 never fails to decode.
  if (prj) parts.prj = latin.decode(prj);
  if (cpg) parts.cpg = latin.decode(cpg);
  try {
    return combineLayerOutcomes(SHAPEFILE_FORMAT_ID, [readShapefileLayer(parts, choice.chosen)], fileWarnings);
  } catch (e) {
    return { ok: false, format: SHAPEFILE_FORMAT_ID, error: msg('file.internal-error', { detail: e instanceof Error ? e.message : String(e) }) };
  }
}
