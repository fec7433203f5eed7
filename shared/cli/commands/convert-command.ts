import { Option } from 'commander';
import { listOutputFormats } from '../../io/serialise';
import { convert, convertSummary } from '../convert';
import { exitCodeOf } from '../inspect';
import { describeIoError, EXIT } from '../io';
import { unreadable } from '../report';
import { readInput, readSidecars } from './read';
import { CRS_HELP } from './crs-option';
import type { CliCommand } from './types';

export const convertCommand: CliCommand = {
  name: 'convert',
  register(program, { io, exit, t }) {
    const formats = listOutputFormats().map((f) => f.id);
    program
      .command('convert')
      .description('write the importable features of FILE in another format (refused features are counted on stderr)')
      .argument('<file>', 'file to convert (any format Common Ground imports; a .shp is read with the .shx, .dbf, .prj, .cpg beside it)')
      .addOption(new Option('--to <format>', 'output format').choices(formats).makeOptionMandatory())
      .option('--out <path>', 'write here (replaced atomically) instead of stdout')
      .option('--crs <code>', CRS_HELP)
      .action(async (file: string, opts: { to: string; out?: string; crs?: string }) => {
        const input = await readInput(io, file);
        if (!input.ok) {
          io.stderr(`cop: ${unreadable(file, input.reason).error}\n`);
          exit(EXIT.REFUSED);
          return;
        }
        const result = await convert(file, input.bytes, opts.to, {}, await readSidecars(io, file), opts.crs === undefined ? {} : { crs: opts.crs }, t);
        if (!result.ok) {
          io.stderr(`cop: ${result.report.error}\n`);
          exit(exitCodeOf(result.report));
          return;
        }
        const data = 'text' in result.output ? result.output.text : result.output.bytes;
        if (opts.out === undefined) {
          io.stdout(data);
        } else {
          try {
            await io.writeFile(opts.out, data);
          } catch (e) {
            io.stderr(`cop: cannot write ${opts.out}: ${describeIoError(e)}\n`);
            exit(EXIT.OUTPUT);
            return;
          }
        }
        io.stderr(convertSummary(result.report, result.output, opts.to, opts.out ?? 'stdout'));
        exit(EXIT.OK);
      });
  },
};
