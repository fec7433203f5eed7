import { InvalidArgumentError, Option } from 'commander';
import { formatDecimalDegrees, formatDms, formatMgrs } from '../../geo/coords';
import { parseCoordinate } from '../../geo/parse-coords';
import { formatUtm } from '../../geo/utm-format';
import { formatMessage, type Translate } from '../../i18n/message';
import { english } from '../catalogue';
import { EXIT } from '../io';
import type { CliCommand } from './types';

/**
 * `cop coord [--to dd|dms|mgrs|utm] [--precision N] [TEXT…]`: the app's own coordinate parser and
 * formatters on the command line, one output line per input line, so a column of positions can
 * be piped through it and pasted back beside the original.
 */

export const COORD_TARGETS = ['dd', 'dms', 'mgrs', 'utm'] as const;
export type CoordTarget = (typeof COORD_TARGETS)[number];

/** What --precision means for each target, and its default: the app's display defaults, MGRS at 1 m. */
const PRECISION: Readonly<Record<CoordTarget, { max: number; fallback: number; meaning: string }>> = {
  dd: { max: 10, fallback: 5, meaning: 'decimals' },
  dms: { max: 4, fallback: 1, meaning: 'decimals of the seconds' },
  mgrs: { max: 5, fallback: 5, meaning: 'digits per axis' },
  utm: { max: 3, fallback: 0, meaning: 'decimals of the metres' },
};

export type CoordLine = { ok: true; text: string } | { ok: false; error: string };


/** One input converted, or why not. The formatters explain rather than throw; those explanations are errors here. */
export function convertCoordinate(text: string, to: CoordTarget, precision?: number, t: Translate = english): CoordLine {
  const parsed = parseCoordinate(text);
  if (!parsed.ok) return { ok: false, error: formatMessage(t, parsed.error) };
  const p = precision ?? PRECISION[to].fallback;
  const { lng, lat } = parsed;
  switch (to) {
    case 'dd':
      return { ok: true, text: formatDecimalDegrees(lng, lat, p) };
    case 'dms':
      return { ok: true, text: formatDms(lng, lat, p) };
    case 'mgrs': {
      const out = formatMgrs(lng, lat, p);
      return out.ok ? { ok: true, text: out.value } : { ok: false, error: formatMessage(t, out.error) };
    }
    case 'utm': {
      const out = formatUtm(lng, lat, p);
      return out.ok ? { ok: true, text: out.value } : { ok: false, error: formatMessage(t, out.error) };
    }
  }
}

function parsePrecision(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('a whole number is expected');
  return Number(value);
}

export const coordCommand: CliCommand = {
  name: 'coord',
  register(program, { io, exit, t }) {
    program
      .command('coord')
      .description('convert a position (decimal degrees, DM, DMS, MGRS or UTM) to another notation; without TEXT, each line of standard input')
      .argument('[text...]', 'the position, e.g. "12°30\'N 8°15\'W" or 33PVQ1234567890 (quotes optional)')
      .addOption(new Option('--to <format>', 'output notation').choices([...COORD_TARGETS]).default('dd'))
      .option('--precision <n>', 'mgrs: digits per axis 0–5 (default 5, 1 m); dd: decimals (5); dms: decimals of seconds (1); utm: decimals of metres (0)', parsePrecision)
      .addHelpText('after', '\nPrints one line per input: the position, or "error: <why>". Exit 0 when every line converted, 2 otherwise. Blank input lines give blank output lines.')
      .action(async (words: string[], opts: { to: CoordTarget; precision?: number }) => {
        const spec = PRECISION[opts.to];
        if (opts.precision !== undefined && opts.precision > spec.max) {
          io.stderr(`cop: --precision for ${opts.to} is ${spec.meaning}, 0 to ${spec.max}\n`);
          exit(EXIT.USAGE);
          return;
        }
        let inputs: string[];
        if (words.length > 0) {
          inputs = [words.join(' ')];
        } else {
          if (!io.readStdin) {
            io.stderr('cop: coord: no TEXT given and no standard input to read\n');
            exit(EXIT.USAGE);
            return;
          }
          const text = await io.readStdin();
          inputs = text.split(/\r?\n/);
          // The newline that ends the last line does not start another.
          if (inputs[inputs.length - 1] === '') inputs.pop();
        }
        let failed = 0;
        const out: string[] = [];
        for (const input of inputs) {
          if (words.length === 0 && input.trim() === '') {
            out.push('');
            continue;
          }
          const r = convertCoordinate(input, opts.to, opts.precision, t);
          if (r.ok) out.push(r.text);
          else {
            failed++;
            out.push(`error: ${r.error}`);
          }
        }
        io.stdout(out.map((l) => `${l}\n`).join(''));
        exit(failed === 0 ? EXIT.OK : EXIT.REFUSED);
      });
  },
};
