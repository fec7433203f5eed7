/**
 * `npm run cop -- <command> …`: the command-line tool. Only the node side lives here (files and
 * streams); the commands are shared/cli, running the app's own shared/io code.
 */
import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { runCli, type CliIo } from '../shared/cli/run';

/** Writes next to the target, then renames over it: readers never see a half-written file. */
async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    await writeFile(tmp, data, { flag: 'wx' });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

const io: CliIo = {
  readFile: async (path) => new Uint8Array(await readFile(path)),
  writeFile: writeFileAtomic,
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  stdout: (data) => void process.stdout.write(data),
  stderr: (text) => void process.stderr.write(text),
};

// `cop … | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

// exitCode, not exit(): lets stdout drain before node ends.
process.exitCode = await runCli(process.argv.slice(2), io);
