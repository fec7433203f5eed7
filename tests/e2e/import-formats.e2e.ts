import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mapIdle, SCREENSHOT_DIR, type Session, FIXTURES, openApp, chooseFile } from './harness';


interface HookLayer {
  id: string;
  name: string;
  kind: string;
  featureCount: number;
}
type Hook = { layers(): HookLayer[]; renderedFeatures(id: string): { properties: Record<string, unknown> }[] };

describe('importing what agencies send: several layers, field mapping, refusals accounted for', () => {
  let s: Session;
  const layers = () => s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.layers());
  const dialog = () => s.page.getByRole('dialog');

  async function choose(file: string): Promise<void> {
    await chooseFile(s.page, join(FIXTURES, file));
    await dialog().getByTestId('features-found').waitFor();
  }

  beforeAll(async () => {
    s = await openApp(inject('baseUrl'));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('imports the folders of a KML as separate layers of the kinds their attributes suggest, in one step', async () => {
    await choose('sites-and-ddr.kml');
    await dialog().getByRole('region', { name: 'Layers in the file' }).waitFor();
    await dialog().getByRole('button', { name: 'Import 3 features into 2 layers' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await expect
      .poll(async () => (await layers()).map((l) => [l.name, l.kind, l.featureCount]).sort())
      .toEqual([
        ['sites-and-ddr — DDR points', 'ddr', 1],
        ['sites-and-ddr — Humanitarian sites', 'humanitarian', 2],
      ]);
    await mapIdle(s.page);
    const sites = (await layers()).find((l) => l.kind === 'humanitarian')!;
    const rendered = await s.page.evaluate((id) => (window as unknown as { __cg: Hook }).__cg.renderedFeatures(id), sites.id);
    const idp = rendered.find((f) => f.properties.name === 'Bria IDP site PK3');
    expect(idp?.properties).toMatchObject({ siteType: 'idp_site', cluster: 'CCCM', population: 35000, notified: true, protectionRadiusM: 1500 });
    // One import is one undo step.
    await s.page.getByRole('navigation').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await layers()).length).toBe(0);
    await s.page.getByRole('navigation').getByRole('button', { name: 'Redo' }).click();
    await expect.poll(async () => (await layers()).length).toBe(2);
  });

  it('maps unfamiliar CSV columns by hand, reports the row without coordinates, and remembers the mapping', async () => {
    await choose('incidents-fr.csv');
    const d = dialog();
    expect(await d.getByTestId('features-found').textContent()).toBe('3');
    expect(await d.getByTestId('refused-count').textContent()).toBe('1');
    const refusal = d.locator('.problems-error li').first();
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/^Line 4: no-coordinates no coordinates: the coordinate cells are empty/);
    await d.getByRole('combobox').first().selectOption('incident');
    // As incidents, nothing passes until the date and type columns are mapped.
    await expect.poll(() => d.getByTestId('will-import').textContent()).toBe('0');
    await d.getByText(/Field mapping/).click();
    await d.getByLabel('Field for column date_evt').selectOption('eventDate');
    await d.getByLabel('Field for column genre').selectOption('eventType');
    await d.getByLabel('Field for column victimes').selectOption('fatalities');
    await expect.poll(() => d.getByTestId('will-import').textContent()).toBe('3');
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'import-01-mapping.png') });

    const download = s.page.waitForEvent('download');
    await d.getByRole('button', { name: 'Save report (CSV)' }).click();
    const report = readFileSync(await (await download).path(), 'utf8');
    expect(report).toContain('incidents-fr.csv');
    expect(report).toMatch(/error,3,,,4,no-coordinates/);

    await d.getByRole('button', { name: 'Import 3 features' }).click();
    await d.waitFor({ state: 'hidden' });
    const incidents = (await layers()).find((l) => l.kind === 'incident')!;
    expect(incidents.featureCount).toBe(3);
    await mapIdle(s.page);
    const rendered = await s.page.evaluate((id) => (window as unknown as { __cg: Hook }).__cg.renderedFeatures(id), incidents.id);
    expect(rendered.map((f) => [f.properties.locationName, f.properties.eventDate, f.properties.fatalities]).sort()).toEqual([
      ['Bambari', '2026-11-19', 0],
      ['Bangui', '2026-11-17', 2],
      ['Bria', '2026-11-20', 3],
    ]);

    // The same source again: kind and mapping come back without touching anything.
    await choose('incidents-fr.csv');
    expect(await dialog().getByRole('combobox').first().inputValue()).toBe('incident');
    await expect.poll(() => dialog().getByTestId('will-import').textContent()).toBe('3');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().waitFor({ state: 'hidden' });
  });

  it('refuses a shapefile zip with no shapefile inside by name, storing nothing', async () => {
    const before = await layers();
    await s.page.evaluate(async () => {
      const dt = new DataTransfer();
      // A valid empty ZIP archive (end-of-central-directory record only).
      const empty = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);
      dt.items.add(new File([empty], 'roads.zip', { type: 'application/zip' }));
      for (const type of ['dragenter', 'dragover', 'drop']) window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await s.page.getByRole('alert').filter({ hasText: 'roads.zip' }).waitFor();
    expect(await layers()).toEqual(before);
    expect(s.external).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
