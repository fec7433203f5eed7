import type { NamedBytes } from '../import/file-set';
import type { ParseOptions } from '../io/types';
import { getOutputFormat, listOutputFormats, type SerialiseOptions, type SerialiseOutput } from '../io/serialise';
import type { Translate } from '../i18n/message';
import { english } from './catalogue';
import { analyse, type InspectReport } from './report';

/** `cop convert`: read with the import registry, write every accepted feature in another format. */

export type ConvertResult =
  | { ok: true; report: InspectReport; output: SerialiseOutput }
  | { ok: false; report: InspectReport };

export async function convert(
  fileName: string,
  bytes: Uint8Array,
  to: string,
  options: SerialiseOptions = {},
  sidecars: readonly NamedBytes[] = [],
  parseOptions: ParseOptions = {},
  t: Translate = english,
): Promise<ConvertResult> {
  const format = getOutputFormat(to);
  if (!format) {
    const ids = listOutputFormats().map((f) => f.id).join(', ');
    throw new Error(`unknown output format "${to}" (known: ${ids})`);
  }
  const { report, layers } = await analyse(fileName, bytes, sidecars, parseOptions, t);
  if (report.status !== 'importable') return { ok: false, report };
  return { ok: true, report, output: await format.serialise(layers, options) };
}

/** The stderr lines after a conversion, so that no refused feature goes unmentioned. */
export function convertSummary(report: InspectReport, output: SerialiseOutput, to: string, destination: string): string {
  const t = report.totals;
  const written = t.features - (output.refused?.length ?? 0);
  const lines = [
    `${report.file}: ${written.toLocaleString('en')} feature(s) in ${report.layers.length} layer(s) written as ${to} to ${destination}`,
  ];
  if (t.refused > 0) {
    lines.push(`${report.file}: ${t.refused.toLocaleString('en')} feature(s) refused and NOT converted; run "cop inspect ${report.file}" for the reasons`);
  }
  if (t.warnings > 0) lines.push(`${report.file}: ${t.warnings.toLocaleString('en')} warning(s); see "cop inspect"`);
  const notWritten = output.refused ?? [];
  if (notWritten.length) {
    lines.push(`${report.file}: ${notWritten.length.toLocaleString('en')} feature(s) cannot be written as ${to} and were NOT converted:`);
    for (const r of notWritten.slice(0, 20)) lines.push(`${report.file}:   ${r.layer} #${r.index + 1}${r.id === undefined ? '' : ` (${String(r.id)})`}: ${r.reason}`);
    if (notWritten.length > 20) lines.push(`${report.file}:   … and ${(notWritten.length - 20).toLocaleString('en')} more`);
  }
  for (const w of output.warnings ?? []) lines.push(`${report.file}: ${to}: ${w}`);
  return `${lines.join('\n')}\n`;
}
