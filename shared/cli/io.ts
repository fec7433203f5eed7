/**
 * Everything the CLI needs from its host. scripts/cop.ts supplies node's files and streams;
 * tests supply memory. shared/ itself never touches the file system.
 */
export interface CliIo {
  /** Rejects when the file cannot be read (node's errors carry a `code` such as ENOENT). */
  readFile(path: string): Promise<Uint8Array>;
  /** Replaces the file as a whole or not at all (the node host writes a temp file, then renames). */
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  /** All of standard input as text (for `cop coord` without TEXT); hosts without one omit it. */
  readStdin?(): Promise<string>;
  stdout(data: string | Uint8Array): void;
  stderr(text: string): void;
}

/** Exit codes, shared by every subcommand. */
export const EXIT = {
  /** Something was importable (and, for convert, written). */
  OK: 0,
  /** A bug: a parser or the CLI itself threw. */
  BUG: 1,
  /** The input was refused as a whole: unreadable, not a known format, invalid, or no features. */
  REFUSED: 2,
  /** The output could not be written. */
  OUTPUT: 3,
  /** Bad command line (unknown command or option, missing argument). */
  USAGE: 64,
} as const;

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'it is a directory, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is not a directory',
};

/** Why a file could not be read or written, in words, from whatever the host threw. */
export function describeIoError(e: unknown): string {
  const code = typeof e === 'object' && e !== null && 'code' in e ? (e as { code: unknown }).code : undefined;
  if (typeof code === 'string' && REASONS[code]) return REASONS[code];
  return e instanceof Error ? e.message : String(e);
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
