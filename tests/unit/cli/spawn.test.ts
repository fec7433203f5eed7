import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture } from './helpers';

/** The real entry point, as `npm run cop` runs it: proves scripts/cop.ts is wired to shared/cli. */

const ROOT = join(__dirname, '../../..');
const run = promisify(execFile);

async function cop(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/cop.ts', ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe('scripts/cop.ts (spawned)', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('inspect --json: exit 0 and only the JSON object on stdout', async () => {
    const r = await cop('inspect', fixture('refused.geojson'), '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'geojson', layers: [{ features: 3 }], refused: [{ index: 1 }, { index: 3 }], error: null });
    expect(r.stderr).toBe('');
  });

  it('inspect --json on a missing file: exit 2', async () => {
    const r = await cop('inspect', fixture('nope.geojson'), '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: `cannot read ${fixture('nope.geojson')}: no such file or directory` });
  });

  it('convert --out writes the file (no temp file left behind)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cop-'));
    dirs.push(dir);
    const out = join(dir, 'sites.kml');
    const r = await cop('convert', fixture('valid.geojson'), '--to', 'kml', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/7 feature\(s\) in 1 layer\(s\) written as kml to /);
    expect(await readFile(out, 'utf8')).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<kml /);
    expect(await readdir(dir)).toEqual(['sites.kml']);
  });
});
