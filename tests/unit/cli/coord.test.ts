import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../shared/cli/run';
import { memoryIo } from './helpers';

async function coord(args: string[], stdin?: string) {
  const m = memoryIo(stdin === undefined ? {} : { readStdin: async () => stdin });
  const code = await runCli(['coord', ...args], m.io);
  return { code, stdout: m.stdout(), stderr: m.stderr() };
}

describe('cop coord (runCli)', () => {
  it('converts TEXT to decimal degrees by default', async () => {
    expect(await coord(["12°30'N", "8°15'W"])).toEqual({ code: 0, stdout: '12.50000° N, 8.25000° W\n', stderr: '' });
    expect(await coord(['12.5', '-8.25'])).toMatchObject({ code: 0, stdout: '12.50000° N, 8.25000° W\n' });
  });

  it('converts to each notation', async () => {
    expect((await coord(['--to', 'dd', '33N 500000 4649776'])).stdout).toBe('42.00000° N, 15.00000° E\n');
    expect((await coord(['--to', 'dms', '42', '15'])).stdout).toBe(`42°00'00.0"N 015°00'00.0"E\n`);
    expect((await coord(['--to', 'mgrs', '42', '15'])).stdout).toBe('33TWG0000049776\n');
    expect((await coord(['--to', 'utm', '42', '15'])).stdout).toBe('33N 500000 4649776\n');
    expect((await coord(['--to', 'utm', '-33.9', '18.4'])).stdout).toMatch(/^34S \d{6} \d{7}\n$/);
    expect((await coord(['--to', 'dd', '33T WG 00000 49776'])).stdout).toBe('42.00000° N, 15.00001° E\n');
  });

  it('refuses polar positions for MGRS output, saying UPS is not supported', async () => {
    for (const lat of ['85', '-81']) {
      expect(await coord(['--to', 'mgrs', lat, '15'])).toEqual({ code: 2, stdout: expect.stringMatching(/^error: .*UPS .*not supported/), stderr: '' });
    }
  });

  it('uses the Norway zone for UTM output', async () => {
    expect((await coord(['--to', 'utm', '60N 5E'])).stdout).toMatch(/^32N /);
  });

  it('honours --precision', async () => {
    expect((await coord(['--to', 'mgrs', '--precision', '2', '42 15'])).stdout).toBe('33TWG0049\n');
    expect((await coord(['--to', 'mgrs', '--precision', '0', '42 15'])).stdout).toBe('33TWG\n');
    expect((await coord(['--to', 'dd', '--precision', '2', '42 15'])).stdout).toBe('42.00° N, 15.00° E\n');
    expect((await coord(['--to', 'utm', '--precision', '1', '42 15'])).stdout).toBe('33N 500000.0 4649776.2\n');
    expect(await coord(['--to', 'mgrs', '--precision', '6', '42 15'])).toMatchObject({ code: 64, stdout: '' });
    expect(await coord(['--precision', 'x', '42 15'])).toMatchObject({ code: 64 });
  });

  it('prints error: <message> and exits 2 for TEXT it cannot read', async () => {
    const r = await coord(["12°61'N 8°W"]);
    expect(r).toEqual({ code: 2, stdout: 'error: minutes must be below 60 (found 61)\n', stderr: '' });
    expect(await coord(['--to', 'mgrs', '88N 0E'])).toMatchObject({ code: 2, stdout: expect.stringMatching(/^error: outside MGRS coverage: polar positions \(UPS/) });
  });

  it('says why in French with --lang fr, from the app\'s own catalogue', async () => {
    const m = memoryIo();
    expect(await runCli(['--lang', 'fr', 'coord', "12°61'N 8°W"], m.io)).toBe(2);
    expect(m.stdout()).toBe('error: les minutes doivent être inférieures à 60 (61 trouvé)\n');
    const bad = memoryIo();
    expect(await runCli(['--lang', 'de', 'coord', '42 15'], bad.io)).toBe(64);
  });

  it('reads each line of standard input when TEXT is absent', async () => {
    const r = await coord(['--to', 'mgrs'], '42 15\r\n12.5, -8.25\n\n33N 500000 4649776\n');
    expect(r).toEqual({ code: 0, stdout: '33TWG0000049776\n29PNP8149281959\n\n33TWG0000049776\n', stderr: '' });
  });

  it('exits 2 when any stdin line fails, still converting the others', async () => {
    const r = await coord([], 'nonsense\n42 15\n');
    expect(r.code).toBe(2);
    expect(r.stdout.split('\n')).toEqual([expect.stringMatching(/^error: not a coordinate: expected/), '42.00000° N, 15.00000° E', '']);
  });

  it('is a usage error without TEXT on a host without stdin', async () => {
    expect(await coord([])).toMatchObject({ code: 64, stderr: expect.stringMatching(/no TEXT/) });
    expect(await coord(['--to', 'ups', '1 2'])).toMatchObject({ code: 64 });
  });
});

describe('cop coord (spawned, stdin piped)', () => {
  it('converts each line and exits 2 when one fails', async () => {
    const root = join(__dirname, '../../..');
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/cop.ts', 'coord', '--to', 'utm'], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end('42N 15E\n42°00\'00"N 15°00\'00"E\nno\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(stdout).toBe('33N 500000 4649776\n33N 500000 4649776\nerror: not a coordinate: expected decimal degrees (12.5, -8.25), DMS (12°30\'N 8°15\'W), MGRS (34PHQ1234567890) or UTM (33N 500000 4649776)\n');
    expect(code).toBe(2);
  });
});
