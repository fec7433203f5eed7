import type { Translate } from '../i18n/message';
import { english } from './catalogue';
import { analyse, type InspectReport, type ReportedProblem } from './report';
import { EXIT } from './io';

/** `cop inspect`: what a file holds and what would be refused, without importing it. */

export async function inspect(fileName: string, bytes: Uint8Array): Promise<InspectReport> {
  return (await analyse(fileName, bytes)).report;
}

export function exitCodeOf(report: InspectReport): number {
  if (report.status === 'internal-error') return EXIT.BUG;
  return report.status === 'importable' ? EXIT.OK : EXIT.REFUSED;
}

/** How many refused features and warnings the readable summary lists before "… and N more". */
export const LISTED_PROBLEMS = 20;

/** One problem as a line: `line N: message` when the format knows the line, else `feature N: message` (N as in the JSON's 0-based "index"). */
export function problemLine(p: ReportedProblem, t: Translate = english): string {
  if (p.line !== undefined) return t('import:problemAtLine', { n: p.line, text: p.message });
  if (p.index !== null) return t('import:problemAtFeature', { n: p.index, text: p.message });
  return p.message;
}

function num(n: number): string {
  return n.toLocaleString('en');
}

function coordinate(n: number): string {
  return String(Number(n.toFixed(6)));
}

function problemSection(title: string, list: readonly ReportedProblem[], total: number, t: Translate): string[] {
  const lines = [`${title}: ${num(total)}`];
  for (const p of list.slice(0, LISTED_PROBLEMS)) lines.push(`  ${problemLine(p, t)}`);
  if (list.length > LISTED_PROBLEMS) lines.push(`  … and ${num(list.length - LISTED_PROBLEMS)} more lines (use --json for all)`);
  return lines;
}

/** The readable summary `cop inspect` prints without --json. */
export function formatInspectText(r: InspectReport, t: Translate = english): string {
  const lines = [`file: ${r.file}`, `format: ${r.format ?? 'unknown'}`];
  if (r.error !== null) lines.push(`error: ${r.error}`);
  for (const l of r.layers) {
    const types = Object.entries(l.geometryTypes).map(([t, n]) => `${t} ${num(n)}`).join(', ') || 'none';
    const bbox = l.bbox ? l.bbox.map(coordinate).join(', ') : 'none';
    lines.push(`layer "${l.name}": ${num(l.features)} feature(s); geometry: ${types}; bbox (W, S, E, N): ${bbox}`);
  }
  if (r.error === null || r.layers.length > 0 || r.totals.refused + r.totals.warnings > 0) {
    lines.push(...problemSection('refused', r.refused, r.totals.refused, t));
    lines.push(...problemSection('warnings', r.warnings, r.totals.warnings, t));
  }
  return `${lines.join('\n')}\n`;
}
