import type { Translate } from '../../i18n/message';
import { exitCodeOf, formatInspectText } from '../inspect';
import { errorMessage, type CliIo } from '../io';
import { analyse, crashed, unreadable, type InspectReport } from '../report';
import { readInput, readSidecars } from './read';
import { CRS_HELP } from './crs-option';
import type { CliCommand } from './types';

async function run(file: string, io: CliIo, crs: string | undefined, t: Translate): Promise<InspectReport> {
  try {
    const input = await readInput(io, file);
    if (!input.ok) return unreadable(file, input.reason);
    return (await analyse(file, input.bytes, await readSidecars(io, file), crs === undefined ? {} : { crs }, t)).report;
  } catch (e) {
    return crashed(file, errorMessage(e));
  }
}

export const inspectCommand: CliCommand = {
  name: 'inspect',
  register(program, { io, exit, t }) {
    program
      .command('inspect')
      .description('report what FILE holds: format, layers, feature counts, geometry types, bbox, refused features and warnings')
      .argument('<file>', 'file to inspect (any format Common Ground imports; a .shp is read with the .shx, .dbf, .prj, .cpg beside it)')
      .option('--json', 'print one JSON object on stdout instead of the readable summary')
      .option('--crs <code>', CRS_HELP)
      .action(async (file: string, opts: { json?: boolean; crs?: string }) => {
        const report = await run(file, io, opts.crs, t);
        // One line of JSON: a loop over many files then yields JSON Lines.
        io.stdout(opts.json ? `${JSON.stringify(report)}\n` : formatInspectText(report, t));
        exit(exitCodeOf(report));
      });
  },
};
