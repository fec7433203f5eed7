import Papa from 'papaparse';
import { isRepair } from './repairs';
import type { Translate } from '../i18n/message';
import { problemText } from './problem-text';
import type { Problem } from './types';

export interface ReportedProblem extends Problem {
  layer: string;
}

/**
 * The import report as CSV: one row per refused feature or warning, so nothing that was not
 * imported goes unaccounted for, and every safe repair is marked (`repaired` = yes) with the
 * feature's number and its own id in the file. Spreadsheet-safe: cells that start with = + - @ are prefixed
 * with a quote so a refused attribute cannot run as a formula when the report is opened.
 */
export function problemsToCsv(fileName: string, problems: readonly ReportedProblem[], t: Translate): string {
  const safe = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
  const rows = problems.map((p) => ({
    file: safe(fileName),
    layer: safe(p.layer),
    severity: p.severity,
    feature: p.index === undefined ? '' : String(p.index + 1),
    feature_id: p.featureId === undefined ? '' : safe(String(p.featureId)),
    repaired: p.severity === 'warning' && isRepair(p.code) ? 'yes' : '',
    line: p.line === undefined ? '' : String(p.line),
    code: p.code,
    message: safe(problemText(t, p)),
  }));
  return Papa.unparse(rows, { columns: ['file', 'layer', 'severity', 'feature', 'feature_id', 'repaired', 'line', 'code', 'message'], newline: '\r\n' });
}
