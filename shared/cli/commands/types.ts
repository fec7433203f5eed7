import type { Command } from 'commander';
import type { Translate } from '../../i18n/message';
import type { CliIo } from '../io';

/** What a subcommand gets: the host's IO, a way to set the process's exit code, and the catalogue in the chosen language. */
export interface CommandContext {
  io: CliIo;
  exit(code: number): void;
  t: Translate;
}

/** A subcommand: adds itself to the program. Adding one is adding it to COMMANDS in run.ts. */
export interface CliCommand {
  name: string;
  register(program: Command, ctx: CommandContext): void;
}
