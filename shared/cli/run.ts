import { Command, CommanderError, Option } from 'commander';
import { convertCommand } from './commands/convert-command';
import { coordCommand } from './commands/coord-command';
import { inspectCommand } from './commands/inspect-command';
import { packageCommand } from './commands/package-command';
import type { CliCommand } from './commands/types';
import { CLI_LANGUAGES, translator, type CliLanguage } from './catalogue';
import { errorMessage, EXIT, type CliIo } from './io';

export type { CliIo } from './io';

/** The subcommands, in the order `cop --help` lists them. */
const COMMANDS: readonly CliCommand[] = [inspectCommand, convertCommand, coordCommand, packageCommand];

const EXIT_CODES_HELP = `
Exit codes:
  0   something was importable (convert: and written; package inspect: the package reads)
  1   internal error (a bug; please report it with the file)
  2   the file was refused as a whole: unreadable, unknown format, invalid, or no features
  3   the output could not be written
  64  bad command line`;

/**
 * The language of refusals and warnings, read before commander parses: the commands are built
 * with their catalogue. Commander still declares and checks the option.
 */
function languageOf(argv: readonly string[]): CliLanguage {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const value = a === '--lang' ? argv[i + 1] : a.startsWith('--lang=') ? a.slice('--lang='.length) : undefined;
    if (value === 'fr' || value === 'en') return value;
  }
  return 'en';
}

function program(io: CliIo, exit: (code: number) => void, lang: CliLanguage): Command {
  const cop = new Command('cop')
    .description('Common Ground on the command line: check and convert geodata files in bulk, with the app\'s own importers')
    .addOption(new Option('--lang <lang>', 'language of refusals, warnings and errors').choices([...CLI_LANGUAGES]).default('en'))
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .addHelpText('after', EXIT_CODES_HELP);
  const t = translator(lang);
  for (const c of COMMANDS) c.register(cop, { io, exit, t });
  return cop;
}

/**
 * Runs one command line (the arguments after `cop`) and resolves to the exit code. Never
 * rejects: usage errors resolve to 64, bugs to 1, after a message on stderr.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code: number = EXIT.OK;
  try {
    await program(
      io,
      (c) => {
        code = c;
      },
      languageOf(argv),
    ).parseAsync([...argv], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    io.stderr(`cop: internal error: ${errorMessage(e)}\n`);
    return EXIT.BUG;
  }
}
