import type { Command } from 'commander';
import type { CliIo } from '../io';

/** What a subcommand gets: the host's IO, and a way to set the process's exit code. */
export interface CommandContext {
  io: CliIo;
  exit(code: number): void;
}

/** A subcommand: adds itself to the program. Adding one is adding it to COMMANDS in run.ts. */
export interface CliCommand {
  name: string;
  register(program: Command, ctx: CommandContext): void;
}
