import { describeIoError, type CliIo } from '../io';

/** Reads the input file, or says why not. */
export async function readInput(io: CliIo, path: string): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; reason: string }> {
  try {
    return { ok: true, bytes: await io.readFile(path) };
  } catch (e) {
    return { ok: false, reason: describeIoError(e) };
  }
}
