import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CliIo } from '../../../shared/cli/run';

export const FIXTURES = join(__dirname, '../../fixtures/cli');
export const fixture = (name: string) => join(FIXTURES, name);

/** A CliIo that reads real files and keeps everything written in memory. */
export function memoryIo(overrides: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const written = new Map<string, string | Uint8Array>();
  const decoder = new TextDecoder();
  const io: CliIo = {
    readFile: async (path) => new Uint8Array(await readFile(path)),
    writeFile: async (path, data) => void written.set(path, data),
    stdout: (data) => void out.push(typeof data === 'string' ? data : decoder.decode(data)),
    stderr: (text) => void err.push(text),
    ...overrides,
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join(''), written };
}

/** The file's bytes, for calling inspect/convert directly. */
export async function bytesOf(name: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(fixture(name)));
}
