import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';

/** File operations used by the async writer; a parameter so tests can make one of them fail. */
export type AtomicFs = Pick<typeof fsp, 'open' | 'rename' | 'rm'>;

/**
 * Readers either see the old file or the complete new one: the data goes to a sibling temp
 * file (same directory, so rename stays on one filesystem and is atomic), is fsynced, then
 * renamed over the target. A crash or failure never leaves a half-written target.
 */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  ops: AtomicFs = fsp,
): Promise<void> {
  const temp = tempPathFor(target);
  try {
    // 'wx' refuses to follow a pre-existing file or symlink at the temp path.
    const handle = await ops.open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await ops.rename(temp, target);
  } catch (error) {
    await ops.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Same guarantee, synchronously: used where the process may exit right after the call
 * (saving window state while the last window closes).
 */
export function writeFileAtomicSync(target: string, data: string | Uint8Array): void {
  const temp = tempPathFor(target);
  try {
    const fd = fs.openSync(temp, 'wx');
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

function tempPathFor(target: string): string {
  return `${target}.tmp-${randomBytes(6).toString('hex')}`;
}
