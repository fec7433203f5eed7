import { sidecarPaths, type NamedBytes } from '../../import/file-set';
import { describeIoError, type CliIo } from '../io';

/** Reads the input file, or says why not. */
export async function readInput(io: CliIo, path: string): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; reason: string }> {
  try {
    return { ok: true, bytes: await io.readFile(path) };
  } catch (e) {
    return { ok: false, reason: describeIoError(e) };
  }
}

/**
 * The `.shx`, `.dbf`, `.prj` and `.cpg` beside a `.shp` path, those that can be read; none for any
 * other path. The first spelling found of each (the .shp's case, then the other) is taken.
 */
export async function readSidecars(io: CliIo, path: string): Promise<NamedBytes[]> {
  const found: NamedBytes[] = [];
  const taken = new Set<string>();
  for (const candidate of sidecarPaths(path)) {
    const ext = candidate.slice(-4).toLowerCase();
    if (taken.has(ext)) continue;
    try {
      found.push({ name: candidate, bytes: await io.readFile(candidate) });
      taken.add(ext);
    } catch {
      // Absent sidecars are normal (a .cpg is optional); the reader says what their absence means.
    }
  }
  return found;
}
