import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Session, openApp, chooseFile } from './harness';

/** A GeoJSON file big enough (~25 MB) that parsing takes a noticeable time. */
function bigFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cg-e2e-'));
  const path = join(dir, 'big-incidents.geojson');
  const features: string[] = [];
  for (let i = 0; i < 200_000; i++) {
    const lng = -10 + (i % 1000) * 0.02;
    const lat = 10 + Math.floor(i / 1000) * 0.02;
    features.push(
      `{"type":"Feature","properties":{"event_date":"2026-11-${String((i % 28) + 1).padStart(2, '0')}","event_type":"Battles","fatalities":${i % 5},"notes":"generated row ${i}"},"geometry":{"type":"Point","coordinates":[${lng.toFixed(4)},${lat.toFixed(4)}]}}`,
    );
  }
  writeFileSync(path, `{"type":"FeatureCollection","features":[${features.join(',')}]}`);
  return path;
}

describe('cancelling an import', () => {
  let s: Session;
  let path: string;

  beforeAll(async () => {
    path = bigFile();
    s = await openApp(inject('baseUrl'));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('stops a large import while it is being read, keeps the page responsive and stores nothing', async () => {
    await chooseFile(s.page, path);
    const dialog = s.page.getByRole('dialog');
    await dialog.getByText('Reading and checking big-incidents.geojson').waitFor();
    // The page answers while the worker parses: the cancel button reacts at once.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const layers = await s.page.evaluate(() => (window as unknown as { __cg: { layers(): unknown[] } }).__cg.layers());
    expect(layers).toEqual([]);
    // And the importer works again afterwards (a fresh worker replaced the terminated one).
    await chooseFile(s.page, path);
    await dialog.getByTestId('features-found').waitFor({ timeout: 60_000 });
    expect(await dialog.getByTestId('features-found').textContent()).toBe('200,000');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await s.page.evaluate(() => (window as unknown as { __cg: { layers(): unknown[] } }).__cg.layers())).toEqual([]);
    expect(s.external).toEqual([]);
  });
});
