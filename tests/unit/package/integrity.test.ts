import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildPackage,
  exportPublicKey,
  exportPublicKeyJwk,
  generateSigningKeyPair,
  importPublicKey,
  keyIdOf,
  readPackage,
  signingIdentity,
  trustedKeysOf,
  type SigningIdentity,
  type TrustedKey,
} from '../../../shared/package';
import { SharingDirectorySchema } from '../../../shared/domain/sharing-directory';
import { FIXTURES, inputFixture, rezip, text } from './helpers';

const encoder = new TextEncoder();

async function identity(): Promise<SigningIdentity> {
  return signingIdentity(await generateSigningKeyPair());
}

function editManifest(bytes: Uint8Array, edit: (m: { files: { path: string; sha256: string }[] }) => void): Uint8Array {
  return rezip(bytes, (files) => {
    const m = JSON.parse(text(files['manifest.json'] as Uint8Array)) as { files: { path: string; sha256: string }[] };
    edit(m);
    files['manifest.json'] = encoder.encode(JSON.stringify(m));
  });
}

describe('readPackage refusals and signature checks', () => {
  it('refuses an altered entry of a signed package with file-hash-mismatch naming the file', async () => {
    const signer = await identity();
    const trustedKeys: TrustedKey[] = [{ org: 'joc', id: 'k', publicKey: signer.publicKey }];
    const { bytes } = await buildPackage(inputFixture(), { signer });
    const tampered = rezip(bytes, (files) => {
      files['layers/1.geojson'] = encoder.encode(text(files['layers/1.geojson'] as Uint8Array).replace('Camp Alpha', 'Camp Omega'));
    });
    expect(await readPackage(tampered, { trustedKeys })).toEqual({ ok: false, code: 'file-hash-mismatch', params: { file: 'layers/1.geojson' } });
  });

  it('refuses a signed package whose manifest hash was edited with signature-invalid', async () => {
    const signer = await identity();
    const { bytes } = await buildPackage(inputFixture(), { signer });
    const tampered = editManifest(bytes, (m) => {
      (m.files[1] as { sha256: string }).sha256 = '0'.repeat(64);
    });
    expect(await readPackage(tampered, { trustedKeys: [{ org: 'joc', id: 'k', publicKey: signer.publicKey }] })).toEqual({ ok: false, code: 'signature-invalid', params: {} });
  });

  it('refuses an unsigned package with a wrong hash in its manifest with file-hash-mismatch', async () => {
    const { bytes } = await buildPackage(inputFixture());
    const wrong = editManifest(bytes, (m) => {
      (m.files[2] as { sha256: string }).sha256 = 'f'.repeat(64);
    });
    expect(await readPackage(wrong)).toEqual({ ok: false, code: 'file-hash-mismatch', params: { file: 'layers/2.geojson' } });
  });

  it('reads a package signed by an unknown key as untrusted-signer with its key id, not as a refusal', async () => {
    const signer = await identity();
    const other = await identity();
    const { bytes } = await buildPackage(inputFixture(), { signer });
    const read = await readPackage(bytes, { trustedKeys: [{ org: 'joc', id: 'other', publicKey: other.publicKey }] });
    const keyId = await keyIdOf(signer.publicKey);
    expect(read).toMatchObject({ ok: true, signature: { status: 'untrusted-signer', keyId }, warnings: [{ code: 'untrusted-signer', params: { keyId, sender: 'joc' } }] });
  });

  it('warns when a trusted key of another organisation signed', async () => {
    const signer = await identity();
    const { bytes } = await buildPackage(inputFixture(), { signer });
    const read = await readPackage(bytes, { trustedKeys: [{ org: 'unpol', id: 'k', publicKey: signer.publicKey }] });
    expect(read).toMatchObject({ ok: true, signature: { status: 'valid', org: 'unpol' }, warnings: [{ code: 'signer-not-sender', params: { org: 'unpol', sender: 'joc' } }] });
  });

  it('reads an unsigned package with a warning, not a refusal', async () => {
    const { bytes } = await buildPackage(inputFixture());
    expect(await readPackage(bytes)).toMatchObject({ ok: true, signature: { status: 'unsigned' }, warnings: [{ code: 'unsigned', params: { sender: 'joc' } }] });
  });

  it('refuses a signature that belongs to another manifest', async () => {
    const signer = await identity();
    const a = await buildPackage(inputFixture(), { signer });
    const b = await buildPackage(inputFixture({ packageId: 'another' }), { signer });
    const swapped = rezip(b.bytes, (files) => {
      files['signature.json'] = rezipEntry(a.bytes, 'signature.json');
    });
    expect(await readPackage(swapped)).toMatchObject({ ok: false, code: 'signature-invalid' });
  });

  it.each([
    ['an extra file', (f: Record<string, Uint8Array>) => void (f['notes.txt'] = encoder.encode('hi')), { code: 'extra-file', params: { file: 'notes.txt' } }],
    ['a missing file', (f: Record<string, Uint8Array>) => void delete f['layers/2.geojson'], { code: 'missing-file', params: { file: 'layers/2.geojson' } }],
    ['no manifest', (f: Record<string, Uint8Array>) => void delete f['manifest.json'], { code: 'missing-manifest', params: {} }],
    ['a manifest that is not JSON', (f: Record<string, Uint8Array>) => void (f['manifest.json'] = encoder.encode('{nope')), { code: 'manifest-not-json', params: {} }],
    ['a manifest without its layers', (f: Record<string, Uint8Array>) => void (f['manifest.json'] = encoder.encode('{"format":"common-ground-package","formatVersion":1}')), { code: 'bad-manifest', params: { at: 'packageId' } }],
  ])('refuses %s', async (_, edit, expected) => {
    const { bytes } = await buildPackage(inputFixture());
    expect(await readPackage(rezip(bytes, edit))).toEqual({ ok: false, ...expected });
  });

  it('refuses a file that is not a zip, and a future format version', async () => {
    expect(await readPackage(encoder.encode('{"type":"FeatureCollection"}'))).toEqual({ ok: false, code: 'not-a-zip', params: {} });
    const { bytes } = await buildPackage(inputFixture());
    const future = rezip(bytes, (files) => {
      const m = JSON.parse(text(files['manifest.json'] as Uint8Array)) as { formatVersion: number };
      m.formatVersion = 3;
      files['manifest.json'] = encoder.encode(JSON.stringify(m));
    });
    expect(await readPackage(future)).toEqual({ ok: false, code: 'unsupported-version', params: { version: 3, supported: 2 } });
  });

  it('refuses an archive over the zip limits', async () => {
    const { bytes } = await buildPackage(inputFixture());
    expect(await readPackage(bytes, { limits: { maxEntries: 2 } })).toEqual({ ok: false, code: 'zip-refused', params: { reason: 'zip-too-many-entries' } });
  });

  it('refuses a layer file whose features break the schema, even with matching hashes', async () => {
    const { bytes } = await buildPackage(inputFixture());
    const geo = '{"type":"FeatureCollection","features":[{"type":"Feature","id":7,"geometry":null,"properties":{}}]}';
    const data = encoder.encode(geo);
    const digest = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', data)), (b) => b.toString(16).padStart(2, '0')).join('');
    const bad = rezip(editManifest(bytes, (m) => void ((m.files[1] as { sha256: string }).sha256 = digest)), (f) => void (f['layers/1.geojson'] = data));
    expect(await readPackage(bad)).toEqual({ ok: false, code: 'bad-layer-file', params: { file: 'layers/1.geojson', at: 'features.0' } });
  });

  it('refuses a layer file holding another count of features than the manifest says', async () => {
    const { bytes } = await buildPackage(inputFixture());
    const miscounted = rezip(bytes, (files) => {
      const m = JSON.parse(text(files['manifest.json'] as Uint8Array)) as { layers: { file: string; features: number }[] };
      const first = m.layers[0] as { file: string; features: number };
      first.features += 1;
      files['manifest.json'] = encoder.encode(JSON.stringify(m));
    });
    const first = (JSON.parse(text(rezipEntry(bytes, 'manifest.json'))) as { layers: { file: string; features: number }[] }).layers[0] as { file: string; features: number };
    expect(await readPackage(miscounted)).toEqual({ ok: false, code: 'layer-count-mismatch', params: { file: first.file, found: first.features, expected: first.features + 1 } });
  });
});

describe('signing keys', () => {
  it('exchange as raw base64 and as JWK, and are trusted through the sharing directory', async () => {
    const pair = await generateSigningKeyPair();
    const raw = await exportPublicKey(pair.publicKey);
    expect(raw).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(await exportPublicKey(await importPublicKey(raw))).toBe(raw);
    const jwk = await exportPublicKeyJwk(pair.publicKey);
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    expect(await exportPublicKey(await importPublicKey(jwk))).toBe(raw);

    const dir = SharingDirectorySchema.parse({
      organisations: [{ id: 'joc', name: 'JOC', clearance: 'CONFIDENTIAL', keys: [{ id: 'joc-2026', algorithm: 'Ed25519', publicKey: raw }] }, { id: 'ocha', name: 'OCHA', clearance: 'UNCLASSIFIED' }],
      groups: [],
    });
    const trustedKeys = trustedKeysOf(dir);
    expect(trustedKeys).toEqual([{ org: 'joc', id: 'joc-2026', publicKey: raw }]);
    const { bytes } = await buildPackage(inputFixture(), { signer: { privateKey: pair.privateKey, publicKey: raw } });
    expect(await readPackage(bytes, { trustedKeys })).toMatchObject({ ok: true, signature: { status: 'valid', org: 'joc' } });
  });

  it('an older directory without keys still validates', () => {
    expect(SharingDirectorySchema.safeParse({ organisations: [{ id: 'a', name: 'A', clearance: 'UNCLASSIFIED' }], groups: [] }).success).toBe(true);
    expect(SharingDirectorySchema.safeParse({ organisations: [{ id: 'a', name: 'A', clearance: 'UNCLASSIFIED', keys: [{ id: 'k', algorithm: 'RSA', publicKey: 'x' }] }], groups: [] }).success).toBe(false);
  });
});

function rezipEntry(bytes: Uint8Array, name: string): Uint8Array {
  let out: Uint8Array | undefined;
  rezip(bytes, (files) => {
    out = files[name];
  });
  if (!out) throw new Error(`${name} missing`);
  return out;
}


describe('a format-1 package made by an earlier build', () => {
  it('still reads, signed by the key its directory trusts', async () => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'signed-v1.cgpkg')));
    const directory = SharingDirectorySchema.parse(JSON.parse(readFileSync(join(FIXTURES, 'directory-with-keys.json'), 'utf8')));
    const read = await readPackage(bytes, { trustedKeys: trustedKeysOf(directory) });
    expect(read).toMatchObject({ ok: true, signature: { status: 'valid', org: 'joc' }, warnings: [] });
    if (!read.ok) return;
    expect(read.manifest.layers.map((l) => [l.id, l.features, l.omittedFields])).toEqual([
      ['layer-sites', 2, ['capacity', 'contactPerson', 'population']],
      ['layer-incidents', 2, ['source']],
    ]);
    expect(Object.values(read.features).flat().map((f) => f.feature.id)).toEqual(['site-alpha', 'site-echo', 'inc-1', 'inc-2']);
  });
});
