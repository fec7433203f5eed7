import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mapIdle, SCREENSHOT_DIR, waitForApp, type Session, FIXTURES, openApp, chooseFile } from './harness';


interface HookLayer {
  id: string;
  name: string;
  kind: string;
}
type Hook = {
  layers(): HookLayer[];
  renderedFeatures(id: string): { properties: Record<string, unknown> }[];
  renderedStyleLayers(id: string): Record<string, number>;
};

describe('symbology: icons, military symbols, heatmap and legend', () => {
  let s: Session;
  const layers = () => s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.layers());
  const byStyleLayer = (id: string) => s.page.evaluate((id) => (window as unknown as { __cg: Hook }).__cg.renderedStyleLayers(id), id);
  const layerNamed = async (part: string) => (await layers()).find((l) => l.name.includes(part))!;
  const legend = () => s.page.getByRole('region', { name: 'Legend' });

  async function importFile(file: string, button: string, kind?: string): Promise<void> {
    const before = (await layers()).length;
    await chooseFile(s.page, join(FIXTURES, file));
    const dialog = s.page.getByRole('dialog');
    await dialog.getByTestId('features-found').waitFor();
    if (kind) await dialog.getByRole('combobox').first().selectOption(kind);
    await dialog.getByRole('button', { name: button }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await layers()).length).toBeGreaterThan(before);
    await mapIdle(s.page);
  }

  async function zoomTo(layerName: string): Promise<void> {
    await s.page.locator('.layer-row', { hasText: layerName }).getByRole('button', { name: 'Zoom to layer' }).click();
    await mapIdle(s.page);
    // fitBounds animates; wait for the end of the move as well.
    await s.page.waitForTimeout(600);
    await mapIdle(s.page);
  }

  beforeAll(async () => {
    s = await openApp(inject('baseUrl'));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('draws incidents as icons by event type, and lists the types in the legend', async () => {
    await importFile('incidents-mali-car.geojson', 'Import 12 features');
    const incidents = await layerNamed('incidents-mali-car');
    await expect.poll(async () => (await byStyleLayer(incidents.id))[`op:${incidents.id}:points`]).toBe(12);
    const section = legend().getByRole('region', { name: 'incidents-mali-car' });
    for (const type of ['Battles', 'Explosions/Remote violence', 'Violence against civilians', 'Protests', 'Riots', 'Strategic developments'])
      await expect.poll(() => section.getByText(type, { exact: true }).count()).toBe(1);
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'symbology-01-incidents.png') });
  });

  it('switches the incidents to a heatmap and back, remembering the choice', async () => {
    const incidents = await layerNamed('incidents-mali-car');
    const toggle = s.page.getByRole('button', { name: 'Heatmap of incidents-mali-car' });
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    await mapIdle(s.page);
    // Zoomed out, the heatmap is drawn and the icons have not faded in yet.
    await expect.poll(() => byStyleLayer(incidents.id)).toMatchObject({ [`op:${incidents.id}:heatmap`]: -1 });
    expect((await byStyleLayer(incidents.id))[`op:${incidents.id}:points`] ?? 0).toBe(0);
    await legend().getByText('Incident density (weighted by fatalities)').waitFor();
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'symbology-02-heatmap.png') });

    await s.page.reload();
    await waitForApp(s.page);
    await mapIdle(s.page);
    const again = s.page.getByRole('button', { name: 'Heatmap of incidents-mali-car' });
    expect(await again.getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => byStyleLayer(incidents.id)).toMatchObject({ [`op:${incidents.id}:heatmap`]: -1 });

    await again.click();
    await expect.poll(() => again.getAttribute('aria-pressed')).toBe('false');
    await mapIdle(s.page);
    await expect.poll(async () => (await byStyleLayer(incidents.id))[`op:${incidents.id}:points`]).toBe(12);
    expect(await byStyleLayer(incidents.id)).not.toHaveProperty(`op:${incidents.id}:heatmap`);
    expect(await legend().getByText('Incident density (weighted by fatalities)').count()).toBe(0);
  });

  it('draws humanitarian sites and DDR points with their icons', async () => {
    await importFile('sites-and-ddr.kml', 'Import 3 features into 2 layers');
    const sites = await layerNamed('Humanitarian sites');
    const ddr = await layerNamed('DDR points');
    // Bria: the two sites and the cantonment just east of them.
    const box = s.page.getByRole('search').getByRole('combobox').or(s.page.getByRole('search').getByRole('textbox'));
    await box.first().fill('6.54, 21.99');
    await box.first().press('Enter');
    await s.page.waitForTimeout(600);
    await mapIdle(s.page);
    // Go-to lands close in; step out until the three points share the view.
    for (let i = 0; i < 3; i++) {
      await s.page.getByRole('button', { name: 'Zoom out' }).click();
      await s.page.waitForTimeout(400);
    }
    await mapIdle(s.page);
    await expect.poll(async () => (await byStyleLayer(sites.id))[`op:${sites.id}:points`]).toBe(2);
    await expect.poll(async () => (await byStyleLayer(ddr.id))[`op:${ddr.id}:points`]).toBe(1);
    const siteLegend = legend().getByRole('region', { name: sites.name });
    await siteLegend.getByText('IDP site', { exact: true }).waitFor();
    await siteLegend.getByText('Health facility', { exact: true }).waitFor();
    await legend().getByRole('region', { name: ddr.name }).getByText('Cantonment site', { exact: true }).waitFor();
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'symbology-03-sites-ddr.png') });
  });

  it('draws military units from their SIDC with milsymbol, a bad code as a plain marker', async () => {
    await importFile('units-sidc.geojson', 'Import 4 features', 'reference');
    const units = await layerNamed('units-sidc');
    expect(units.kind).toBe('reference');
    await zoomTo('units-sidc');
    await expect.poll(async () => (await byStyleLayer(units.id))[`op:${units.id}:symbols`]).toBe(4);
    expect((await byStyleLayer(units.id))[`op:${units.id}:points`] ?? 0).toBe(0);
    // Folded, the legend leaves the whole map to the symbols.
    await legend().getByRole('button', { name: 'Legend' }).click();
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'symbology-04-units.png') });
    await legend().getByRole('button', { name: 'Legend' }).click();
  });

  it('lists only the visible layers in the legend, and folds away', async () => {
    const names = async () => legend().locator('.legend-section h4').allInnerTexts();
    await expect.poll(names).toEqual(expect.arrayContaining(['incidents-mali-car', 'units-sidc']));
    expect((await names()).length).toBe(4);
    await s.page.getByRole('checkbox', { name: 'Show incidents-mali-car' }).uncheck();
    await expect.poll(names).not.toContain('incidents-mali-car');
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'symbology-05-legend.png') });
    await legend().getByRole('button', { name: 'Legend' }).click();
    expect(await legend().locator('.legend-section').count()).toBe(0);
    await legend().getByRole('button', { name: 'Legend' }).click();
    await s.page.getByRole('checkbox', { name: 'Show incidents-mali-car' }).check();
    await expect.poll(names).toContain('incidents-mali-car');
    expect(s.external).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
