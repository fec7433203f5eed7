import type { BBox } from '../base/types';
import { formatMessage, type Translate } from '../i18n/message';
import { problemText } from '../io/problem-text';
import { groupFiles, parseFileGroup, type NamedBytes } from '../import/file-set';
import type { CrsQuestion, ParsedLayer, ParseOptions, Problem, RepairSummary } from '../io/types';
import { english } from './catalogue';

/** The result of reading one file, as `inspect --json` prints it and `convert` summarises it. */

export interface ReportedLayer {
  name: string;
  features: number;
  geometryTypes: Record<string, number>;
  bbox: BBox | null;
  /** Features a safe repair changed (rings closed, cut at 180° …); only when some were. */
  repairs?: RepairSummary;
}

export interface ReportedProblem {
  /** 0-based feature index in the file; null for a summary line or a file-level note. */
  index: number | null;
  code: string;
  message: string;
  /** 1-based line in the file, when the format knows it (CSV rows, GeoJSON lines). */
  line?: number;
  /** The feature's own id in the file, when it has one. */
  featureId?: string | number;
}

export type InspectStatus = 'importable' | 'refused' | 'internal-error';

export interface InspectReport {
  file: string;
  format: string | null;
  layers: ReportedLayer[];
  refused: ReportedProblem[];
  warnings: ReportedProblem[];
  /** Why the file as a whole cannot be imported; null when something can. */
  error: string | null;
  /** Extra to the shape: how the exit code was decided. */
  status: InspectStatus;
  /** Extra: counts including problems the lists summarise rather than list one by one. */
  totals: { features: number; refused: number; warnings: number };
  /** When the file's coordinates are not degrees and it declares no system: what to try with --crs. */
  crsQuestion?: CrsQuestion;
  /** Georeferenced images (KML ground overlays): their footprints are among the features. */
  overlays?: { name: string; layer: string; index: number; image: 'in-file' | 'linked'; corners: [number, number][] }[];
}

/** A read file: its report, and the layers for whoever goes on to write them. */
export interface Analysis {
  report: InspectReport;
  layers: ParsedLayer[];
}

function reported(p: Problem, t: Translate): ReportedProblem {
  const r: ReportedProblem = { index: p.index ?? null, code: p.code, message: problemText(t, p) };
  if (p.line !== undefined) r.line = p.line;
  if (p.featureId !== undefined) r.featureId = p.featureId;
  return r;
}

/** How many problems a list stands for, counting those a ProblemList summary stands for. */
export function problemCount(list: readonly Problem[]): number {
  let n = 0;
  for (const p of list) n += p.omitted ? p.omitted.count : 1;
  return n;
}

function failed(file: string, format: string | null, error: string, status: InspectStatus): InspectReport {
  return { file, format, layers: [], refused: [], warnings: [], error, status, totals: { features: 0, refused: 0, warnings: 0 } };
}

/** Report for a file that could not even be read. */
export function unreadable(file: string, reason: string): InspectReport {
  return failed(file, null, `cannot read ${file}: ${reason}`, 'refused');
}

/** Report for a bug in the CLI itself, so --json still prints one object. */
export function crashed(file: string, reason: string): InspectReport {
  return failed(file, null, `${file}: internal error: ${reason}`, 'internal-error');
}

/**
 * Parses with the shared registry, whatever formats are registered, and reports in `t`'s language.
 * `sidecars` are the files found beside a `.shp` (readSidecars), read with it as one layer.
 */
export async function analyse(file: string, bytes: Uint8Array, sidecars: readonly NamedBytes[] = [], options: ParseOptions = {}, t: Translate = english): Promise<Analysis> {
  const [group] = groupFiles([{ name: file, bytes }, ...sidecars]);
  const result = await parseFileGroup(group ?? { name: file, files: [{ name: file, bytes }] }, options);
  if (!result.ok) {
    // parseFile turns a parser's exception into this code (see shared/import/registry.ts).
    const internal = result.error.code === 'file.internal-error';
    const error = `${file}: ${formatMessage(t, result.error)}`;
    const report = failed(file, result.format, error, internal ? 'internal-error' : 'refused');
    if (result.crsQuestion) report.crsQuestion = result.crsQuestion;
    return { report, layers: [] };
  }
  const layers: ReportedLayer[] = result.layers.map((l) => {
    const r: ReportedLayer = { name: l.name, features: l.features.length, geometryTypes: { ...l.geometryTypes }, bbox: l.bbox ? [...l.bbox] : null };
    if (l.repairs) r.repairs = { features: l.repairs.features, byCode: { ...l.repairs.byCode } };
    return r;
  });
  const features = layers.reduce((n, l) => n + l.features, 0);
  const report: InspectReport = {
    file,
    format: result.format,
    layers,
    refused: result.refused.map((p) => reported(p, t)),
    warnings: result.warnings.map((p) => reported(p, t)),
    error: features > 0 ? null : 'no features',
    status: features > 0 ? 'importable' : 'refused',
    totals: { features, refused: problemCount(result.refused), warnings: problemCount(result.warnings) },
  };
  if (result.overlays?.length) {
    report.overlays = result.overlays.map((o) => ({ name: o.name, layer: o.layer, index: o.index, image: o.image ? 'in-file' : 'linked', corners: o.corners.map((c) => [c[0], c[1]]) }));
  }
  return { report, layers: result.layers };
}
