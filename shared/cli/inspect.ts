import type { CrsQuestion } from '../io/types';
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
  if (r.crsQuestion) lines.push(...crsLines(r.crsQuestion));
  for (const l of r.layers) {
    const types = Object.entries(l.geometryTypes).map(([t, n]) => `${t} ${num(n)}`).join(', ') || 'none';
    const bbox = l.bbox ? l.bbox.map(coordinate).join(', ') : 'none';
    const repaired = l.repairs ? `; repaired: ${num(l.repairs.features)} feature(s) (${Object.entries(l.repairs.byCode).map(([c, n]) => `${c} ${num(n)}`).join(', ')})` : '';
    lines.push(`layer "${l.name}": ${num(l.features)} feature(s); geometry: ${types}; bbox (W, S, E, N): ${bbox}${repaired}`);
  }
  for (const o of r.overlays ?? []) {
    lines.push(`ground overlay "${o.name}" (feature ${o.index}, layer "${o.layer}"): ${o.image === 'in-file' ? 'image inside the file' : 'linked image, not fetched'}`);
  }
  if (r.error === null || r.layers.length > 0 || r.totals.refused + r.totals.warnings > 0) {
    lines.push(...problemSection('refused', r.refused, r.totals.refused, t));
    lines.push(...problemSection('warnings', r.warnings, r.totals.warnings, t));
  }
  return `${lines.join('\n')}\n`;
}

function crsLines(q: CrsQuestion): string[] {
  const [minX, minY, maxX, maxY] = q.range.map((v) => Math.round(v).toLocaleString('en'));
  const looks = q.looksLike === 'metres' ? 'metres of a projected coordinate system' : 'values too large for metres (feet? another unit?)';
  const lines = [`layer "${q.layer}": coordinates look like ${looks}: x ${minX} … ${maxX}, y ${minY} … ${maxY}`];
  if (q.suggestions.length) {
    lines.push('coordinate systems they fit (read again with one of them):');
    for (const s of q.suggestions) lines.push(`  --crs ${s.code} (${s.name})${s.inMissionArea ? ' lands in a mission country' : ''}`);
  } else lines.push('no bundled coordinate system fits them; reproject to WGS 84 (e.g. ogr2ogr -t_srs EPSG:4326)');
  return lines;
}
