import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { DOMParser } from '@xmldom/xmldom';
import { afterAll, describe, expect, it } from 'vitest';
import { kmlFormat } from '../../../shared/io/kml';
import { buildPackage, buildTakPackage, TAK_MANIFEST_FILE } from '../../../shared/package';
import { entriesOf, inputFixture, text } from './helpers';

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function extract(bytes: Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cg-package-'));
  dirs.push(dir);
  for (const [name, data] of entriesOf(bytes)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), data);
  }
  return dir;
}

describe('GDAL reads the package', () => {
  // Not skipped when ogrinfo is missing: execFile rejects with ENOENT and the test fails.
  it('ogrinfo opens every layer file with the manifest feature count', async () => {
    const { bytes, manifest } = await buildPackage(inputFixture({ omitSensitive: true }));
    const dir = await extract(bytes);
    expect(manifest.layers.length).toBe(2);
    for (const layer of manifest.layers) {
      const { stdout } = await run('ogrinfo', ['-ro', '-al', '-so', join(dir, layer.file)]);
      expect(stdout, layer.file).toMatch(new RegExp(`Layer name: ${layer.name}\\b`));
      expect(Number(/Feature Count: (\d+)/.exec(stdout)?.[1]), layer.file).toBe(layer.features);
    }
  });
});

describe('buildTakPackage', () => {
  it('lists every file in MANIFEST/manifest.xml and each KML parses with the app importer', async () => {
    const built = buildTakPackage(inputFixture());
    const entries = new Map(entriesOf(built.bytes));
    const doc = new DOMParser().parseFromString(text(entries.get(TAK_MANIFEST_FILE) as Uint8Array), 'text/xml');
    const root = doc.documentElement;
    expect(root?.nodeName).toBe('MissionPackageManifest');
    expect(root?.getAttribute('version')).toBe('2');
    const params = Object.fromEntries(Array.from(doc.getElementsByTagName('Parameter'), (p) => [p.getAttribute('name'), p.getAttribute('value')]));
    expect(params).toMatchObject({ uid: '0b6f3c1e-5d2a-4f7e-9a61-3c8d2e4f5a10', name: 'CONFIDENTIAL – Humanitarian sites, Incidents' });
    const listed = Array.from(doc.getElementsByTagName('Content'), (c) => c.getAttribute('zipEntry'));
    expect(listed).toEqual(built.contents);
    expect([...entries.keys()].filter((n) => n !== TAK_MANIFEST_FILE).sort()).toEqual([...listed].sort());
    expect(listed).toEqual(['0b6f3c1e-5d2a-4f7e-9a61-3c8d2e4f5a10/1-Humanitarian_sites.kml', '0b6f3c1e-5d2a-4f7e-9a61-3c8d2e4f5a10/2-Incidents.kml']);

    const counts: number[] = [];
    for (const name of listed) {
      const parsed = await kmlFormat.parse(entries.get(name as string) as Uint8Array, name as string);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
      counts.push(parsed.layers.reduce((n, l) => n + l.features.length, 0));
    }
    expect(counts).toEqual(built.preview.layers.filter((l) => !l.layerWithheld).map((l) => l.sent));
  });

  it('ogrinfo opens the TAK package KML too', async () => {
    const built = buildTakPackage(inputFixture());
    const dir = await extract(built.bytes);
    const { stdout } = await run('ogrinfo', ['-ro', '-al', '-so', join(dir, built.contents[0] as string)]);
    expect(Number(/Feature Count: (\d+)/.exec(stdout)?.[1])).toBe(2);
  });
});
