import type { Translate } from '../../i18n/message';
import { exitCodeOf, formatInspectText } from '../inspect';
import { errorMessage, type CliIo } from '../io';
import { analyse, crashed, unreadable, type InspectReport } from '../report';
import { readInput } from './read';
import type { CliCommand } from './types';

async function run(file: string, io: CliIo, t: Translate): Promise<InspectReport> {
  try {
    const input = await readInput(io, file);
    if (!input.ok) return unreadable(file, input.reason);
    return (await analyse(file, input.bytes, t)).report;
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
      .argument('<file>', 'file to inspect (any format Common Ground imports)')
      .option('--json', 'print one JSON object on stdout instead of the readable summary')
      .action(async (file: string, opts: { json?: boolean }) => {
        const report = await run(file, io, t);
        // One line of JSON: a loop over many files then yields JSON Lines.
        io.stdout(opts.json ? `${JSON.stringify(report)}\n` : formatInspectText(report, t));
        exit(exitCodeOf(report));
      });
  },
};
