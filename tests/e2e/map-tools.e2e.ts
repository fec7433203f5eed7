import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mapIdle, SCREENSHOT_DIR, waitForApp, type Session, FIXTURES, openApp, chooseFile } from './harness';


type Hook = { layers(): { id: string; kind: string }[]; renderedFeatures(id: string): { properties: Record<string, unknown> }[] };

describe('reading the picture: filters, time window, grid and go-to', () => {
  let s: Session;
  let incidents = '';
  const rendered = () => s.page.evaluate((id) => (window as unknown as { __cg: Hook }).__cg.renderedFeatures(id), incidents);
  const count = () => s.page.locator('.layer-row', { hasText: 'incidents-mali-car' }).getByTestId('layer-count').textContent();

  beforeAll(async () => {
    s = await openApp(inject('baseUrl'));
    await chooseFile(s.page, join(FIXTURES, 'incidents-mali-car.geojson'));
    await s.page.getByRole('dialog').getByRole('button', { name: 'Import 12 features' }).click();
    await s.page.getByRole('dialog').waitFor({ state: 'hidden' });
    await s.page.waitForFunction(() => (window as unknown as { __cg: Hook }).__cg.layers().length === 1);
    incidents = (await s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.layers()))[0]!.id;
    await mapIdle(s.page);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('filters a layer by attribute on the map and in the layer count', async () => {
    expect((await rendered()).length).toBe(12);
    await s.page.getByRole('button', { name: 'Filter incidents-mali-car' }).click();
    const editor = s.page.getByRole('region', { name: 'Filter' });
    await editor.getByRole('button', { name: 'Add condition' }).click();
    await editor.getByLabel('Field').first().selectOption('eventType');
    await editor.getByLabel('Value').first().selectOption('Battles');
    await expect.poll(count).toBe('2 / 12');
    await mapIdle(s.page);
    await expect.poll(async () => (await rendered()).map((f) => f.properties.eventType)).toEqual(['Battles', 'Battles']);
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'tools-01-filter.png') });
    await editor.getByRole('button', { name: 'Remove condition' }).click();
    await expect.poll(count).toBe('12');
  });

  it('narrows the time window from the slider, combined with the map and the count', async () => {
    const start = s.page.getByRole('slider', { name: 'Window start' });
    await start.focus();
    for (let i = 0; i < 6; i++) await start.press('PageUp');
    await expect.poll(count).toBe('6 / 12');
    await mapIdle(s.page);
    const dates = (await rendered()).map((f) => String(f.properties.eventDate)).sort();
    expect(dates).toEqual(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21']);
    expect(await s.page.getByRole('group', { name: 'Time window' }).innerText()).toMatch(/160000Z NOV 26/);
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'tools-02-time.png') });
    await s.page.getByRole('button', { name: 'All dates' }).click();
    await expect.poll(count).toBe('12');
  });

  it('goes to a typed MGRS reference and to a feature by name', async () => {
    const box = s.page.getByRole('search', { name: /Go to/ }).getByRole('combobox').or(s.page.getByRole('search').getByRole('textbox'));
    await box.first().fill('garbage 12');
    await box.first().press('Enter');
    await s.page.getByRole('search').getByRole('alert').waitFor();
    // Bangui, typed in degrees and minutes with hemisphere letters.
    await box.first().fill("4°21.67'N 18°33.49'E");
    await box.first().press('Enter');
    await mapIdle(s.page);
    expect((await rendered()).map((f) => f.properties.name)).toContain('Bangui arrests');
    // Bria, as an MGRS reference with spaces.
    await box.first().fill('34N FN 09067 23259');
    await box.first().press('Enter');
    await mapIdle(s.page);
    expect((await rendered()).map((f) => f.properties.name)).toContain('Bria clash');
    await box.first().fill('Ménaka');
    await s.page.getByRole('listbox').getByRole('option', { name: /Ménaka attack/ }).click();
    await mapIdle(s.page);
    const near = (await rendered()).map((f) => f.properties.name);
    expect(near).toContain('Ménaka attack');
  });

  it('draws the MGRS grid over the data and remembers the choice', async () => {
    await s.page.getByRole('combobox', { name: 'Grid' }).selectOption('mgrs');
    await mapIdle(s.page);
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'tools-03-mgrs-grid.png') });
    // Zoomed in on Ménaka: 1 km lines, within the 10 km and 100 km lines of zone 31P.
    const levels = await s.page.evaluate(() => (window as unknown as { __cg: { gridLevels(): Record<string, number> } }).__cg.gridLevels());
    expect(levels['1k']).toBeGreaterThan(4);
    await s.page.getByRole('combobox', { name: 'Grid' }).selectOption('graticule');
    await mapIdle(s.page);
    const graticule = await s.page.evaluate(() => (window as unknown as { __cg: { gridLevels(): Record<string, number> } }).__cg.gridLevels());
    expect(Object.keys(graticule)).toEqual(['graticule']);
    await s.page.getByRole('combobox', { name: 'Grid' }).selectOption('mgrs');
    await s.page.reload();
    await waitForApp(s.page);
    expect(await s.page.getByRole('combobox', { name: 'Grid' }).inputValue()).toBe('mgrs');
    expect(s.external).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
