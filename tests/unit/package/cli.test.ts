import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../shared/cli/run';
import { buildPackage, generateSigningKeyPair, keyIdOf, signingIdentity } from '../../../shared/package';
import { memoryIo } from '../cli/helpers';
import { inputFixture, rezip } from './helpers';

let dir = '';
let signedPath = '';
let unsignedZipPath = '';
let tamperedPath = '';
let directoryPath = '';
let keyId = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cg-cop-package-'));
  const signer = await signingIdentity(await generateSigningKeyPair());
  keyId = await keyIdOf(signer.publicKey);
  const signed = await buildPackage(inputFixture({ omitSensitive: true }), { signer });
  const unsigned = await buildPackage(inputFixture());
  signedPath = join(dir, 'sites.cgpkg');
  unsignedZipPath = join(dir, 'sites.zip');
  tamperedPath = join(dir, 'tampered.cgpkg');
  directoryPath = join(dir, 'directory.json');
  await writeFile(signedPath, signed.bytes);
  await writeFile(unsignedZipPath, unsigned.bytes);
  await writeFile(tamperedPath, rezip(signed.bytes, (f) => void (f['layers/2.geojson'] = new TextEncoder().encode('{}'))));
  const directory = inputFixture().directory;
  const joc = directory.organisations[0];
  if (joc) joc.keys = [{ id: 'joc-2026', algorithm: 'Ed25519', publicKey: signer.publicKey }];
  await writeFile(directoryPath, JSON.stringify(directory));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cop package inspect', () => {
  it('prints manifest, layers, counts, integrity and a valid signature from the trusted directory', async () => {
    const m = memoryIo();
    expect(await runCli(['package', 'inspect', signedPath, '--directory', directoryPath], m.io)).toBe(0);
    expect(m.stdout()).toBe(
      [
        `file: ${signedPath}`,
        'package: Humanitarian sites, Incidents (0b6f3c1e-5d2a-4f7e-9a61-3c8d2e4f5a10)',
        'sender: joc (Capt. Dupont)',
        'recipient: unhcr',
        'created: 2026-11-22T14:30:00.000Z',
        'marking: CONFIDENTIAL',
        'releasable to: joc, ocha, unhcr',
        'integrity: 3 files, every SHA-256 matches',
        `signature: valid, key ${keyId} of joc`,
        'layer "Humanitarian sites" (humanitarian): 2 features',
        '  sensitive fields left out: capacity, contactPerson, population',
        'layer "Incidents" (incident): 2 features',
        '  sensitive fields left out: source',
        '',
      ].join('\n'),
    );
  });

  it('says an unknown signer and an unsigned package as warnings, with exit 0', async () => {
    const untrusted = memoryIo();
    expect(await runCli(['package', 'inspect', signedPath], untrusted.io)).toBe(0);
    expect(untrusted.stdout()).toContain(`signature: signed by an unknown key ${keyId}`);
    expect(untrusted.stdout()).toContain(`warning: signed with key ${keyId}, which is not in your sharing directory: nothing proves it comes from joc`);
    const unsigned = memoryIo();
    expect(await runCli(['package', 'inspect', unsignedZipPath, '--json'], unsigned.io)).toBe(0);
    const report = JSON.parse(unsigned.stdout()) as Record<string, unknown>;
    expect(report).toMatchObject({
      ok: true,
      signature: { status: 'unsigned', message: 'unsigned' },
      warnings: [{ code: 'unsigned', params: { sender: 'joc' }, message: 'the package is not signed: nothing proves it comes from joc' }],
      layers: [{ id: 'layer-sites', features: 2, omittedFields: [] }, { id: 'layer-incidents', features: 2 }],
      integrity: { files: 3, ok: true },
    });
  });

  it('refuses a tampered package with exit 2, naming the file', async () => {
    const m = memoryIo();
    expect(await runCli(['package', 'inspect', tamperedPath, '--json'], m.io)).toBe(2);
    expect(JSON.parse(m.stdout())).toMatchObject({
      ok: false,
      refusal: { code: 'file-hash-mismatch', params: { file: 'layers/2.geojson' }, message: '"layers/2.geojson" does not match its SHA-256 in the manifest: it was altered or damaged' },
    });
    const text = memoryIo();
    expect(await runCli(['package', 'inspect', tamperedPath], text.io)).toBe(2);
    expect(text.stdout()).toContain('refused: "layers/2.geojson" does not match its SHA-256');
  });

  it('exit 2 for a missing file and 64 for a directory that is not one', async () => {
    const missing = memoryIo();
    expect(await runCli(['package', 'inspect', join(dir, 'nope.cgpkg')], missing.io)).toBe(2);
    expect(missing.stdout()).toContain('no such file or directory');
    const bad = memoryIo();
    expect(await runCli(['package', 'inspect', signedPath, '--directory', signedPath], bad.io)).toBe(64);
    expect(bad.stderr()).toContain('not JSON');
  });
});

describe('a package as input of cop inspect and cop convert', () => {
  it('inspect reads a .zip package as a package, not as a shapefile', async () => {
    const m = memoryIo();
    expect(await runCli(['inspect', unsignedZipPath, '--json'], m.io)).toBe(0);
    expect(JSON.parse(m.stdout())).toMatchObject({
      format: 'cg-package',
      layers: [{ name: 'Humanitarian sites', features: 2 }, { name: 'Incidents', features: 2 }],
      warnings: [{ code: 'package-unsigned' }, { code: 'null-geometry' }],
    });
  });

  it('convert writes the package layers in another format', async () => {
    const m = memoryIo();
    expect(await runCli(['convert', signedPath, '--to', 'geojson'], m.io)).toBe(0);
    const out = JSON.parse(m.stdout()) as { features: { id: string; properties: Record<string, unknown> }[] };
    expect(out.features.map((f) => f.id)).toEqual(['site-alpha', 'site-echo', 'inc-1', 'inc-2']);
    expect(out.features[0]?.properties).not.toHaveProperty('population');
    expect(m.stderr()).toContain('4 feature(s) in 2 layer(s) written as geojson');

    const kml = memoryIo();
    expect(await runCli(['convert', signedPath, '--to', 'kml'], kml.io)).toBe(0);
    expect(kml.stdout()).toContain('<name>Camp Alpha</name>');
  });

  it('convert refuses a tampered package with the catalogue text', async () => {
    const m = memoryIo();
    expect(await runCli(['convert', tamperedPath, '--to', 'geojson'], m.io)).toBe(2);
    expect(m.stderr()).toContain('"layers/2.geojson" does not match its SHA-256 in the manifest');
  });
});

describe('scripts/cop.ts package inspect (spawned)', () => {
  it('runs through the real entry point, catalogue included', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/cop.ts', 'package', 'inspect', unsignedZipPath], { cwd: join(__dirname, '../../..') });
    expect(stdout).toContain('warning: the package is not signed: nothing proves it comes from joc');
  });
});
