import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseFile, FIXTURES, openApp, SCREENSHOT_DIR, type Session } from './harness';

type Hook = { layers(): { id: string; name: string; featureCount: number }[] };

describe('export data: a layer, or its filtered view, saved as a file', () => {
  let s: Session;
  const count = () => s.page.locator('.layer-row', { hasText: 'incidents-mali-car' }).getByTestId('layer-count').textContent();

  beforeAll(async () => {
    s = await openApp(inject('baseUrl'));
    await chooseFile(s.page, join(FIXTURES, 'incidents-mali-car.geojson'));
    await s.page.getByRole('dialog').getByRole('button', { name: 'Import 12 features' }).click();
    await s.page.getByRole('dialog').waitFor({ state: 'hidden' });
    await s.page.waitForFunction(() => (window as unknown as { __cg: Hook }).__cg.layers().length === 1);
  });
  afterAll(async () => {
    expect(s?.external).toEqual([]);
    expect(s?.errors).toEqual([]);
    await s?.close();
  });

  /** Clicks Export in the open dialog and returns the downloaded file's name and text. */
  async function exportAndDownload(): Promise<{ name: string; text: string }> {
    const dialog = s.page.getByRole('dialog', { name: 'Export data' });
    const [download] = await Promise.all([s.page.waitForEvent('download'), dialog.getByRole('button', { name: /^Export \d+ feature/ }).click()]);
    const path = await download.path();
    return { name: download.suggestedFilename(), text: await readFile(path, 'utf8') };
  }

  it('exports the whole layer as GeoJSON from the toolbar, every feature and attribute', async () => {
    await s.page.getByRole('navigation').getByRole('button', { name: 'Export data…' }).click();
    const dialog = s.page.getByRole('dialog', { name: 'Export data' });
    await dialog.waitFor();
    expect(await dialog.getByRole('combobox', { name: 'Layer', exact: true }).inputValue()).toBe((await s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.layers()))[0]?.id);
    expect(await dialog.getByLabel('Whole layer (12 features)').isChecked()).toBe(true);
    expect(await dialog.getByLabel(/^Filtered view/).isDisabled()).toBe(true);
    expect(await dialog.getByRole('combobox', { name: 'Format', exact: true }).inputValue()).toBe('geojson');
    expect(await dialog.getByRole('textbox', { name: 'File name', exact: true }).inputValue()).toBe('incidents-mali-car.geojson');
    const { name, text } = await exportAndDownload();
    expect(name).toBe('incidents-mali-car.geojson');
    const fc = JSON.parse(text) as FeatureCollection & { name: string };
    expect(fc.name).toBe('incidents-mali-car');
    expect(fc.features).toHaveLength(12);
    const source = JSON.parse(await readFile(join(FIXTURES, 'incidents-mali-car.geojson'), 'utf8')) as FeatureCollection;
    expect(fc.features.map((f) => f.properties?.name).sort()).toEqual(source.features.map((f) => f.properties?.name).sort());
    expect(fc.features.map((f) => f.geometry)).toEqual(expect.arrayContaining(source.features.map((f) => f.geometry)));
    await dialog.getByRole('status').waitFor();
    expect(await dialog.getByRole('status').innerText()).toContain('12 of 12 features written to incidents-mali-car.geojson.');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('exports the filtered view as CSV from the layer row, with MGRS, and shows what was written', async () => {
    await s.page.getByRole('button', { name: 'Filter incidents-mali-car' }).click();
    const editor = s.page.getByRole('region', { name: 'Filter' });
    await editor.getByRole('button', { name: 'Add condition' }).click();
    await editor.getByLabel('Field').first().selectOption('eventType');
    await editor.getByLabel('Value').first().selectOption('Battles');
    await expect.poll(count).toBe('2 / 12');

    await s.page.getByRole('button', { name: 'Export the data of incidents-mali-car' }).click();
    const dialog = s.page.getByRole('dialog', { name: 'Export data' });
    await dialog.waitFor();
    // A filter is set, so the dialog opens on the filtered view.
    expect(await dialog.getByLabel('Filtered view: filter and time window (2 features)').isChecked()).toBe(true);
    await dialog.getByRole('combobox', { name: 'Format', exact: true }).selectOption('csv');
    expect(await dialog.getByRole('textbox', { name: 'File name', exact: true }).inputValue()).toBe('incidents-mali-car-filtered.csv');
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'export-data-01-dialog.png') });
    const { name, text } = await exportAndDownload();
    expect(name).toBe('incidents-mali-car-filtered.csv');
    const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
    expect(rows.errors).toEqual([]);
    expect(rows.data).toHaveLength(2);
    expect(rows.data.map((r) => r.eventType)).toEqual(['Battles', 'Battles']);
    for (const r of rows.data) {
      expect(r.geometry_type).toBe('Point');
      expect(Number(r.longitude)).not.toBeNaN();
      expect(r.mgrs).toMatch(/^\d{1,2}[C-X][A-Z]{2}\d{10}$/);
    }
    await dialog.getByRole('status').waitFor();
    expect(await dialog.getByRole('status').innerText()).toContain('2 of 2 features written to incidents-mali-car-filtered.csv.');
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'export-data-02-csv-done.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
  });
});
