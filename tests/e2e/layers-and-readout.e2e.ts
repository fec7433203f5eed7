import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mapIdle, SCREENSHOT_DIR, waitForApp, type Session, FIXTURES, openApp, chooseFile } from './harness';


interface HookLayer {
  id: string;
  name: string;
  kind: string;
  featureCount: number;
  visible: boolean;
}
type Hook = { layers(): HookLayer[]; renderedFeatures(id: string): unknown[]; screenPoint(lng: number, lat: number): { x: number; y: number } };

describe('the layer panel and the cursor readout', () => {
  let s: Session;
  const layers = () => s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.layers());
  const rendered = (id: string) => s.page.evaluate((i) => (window as unknown as { __cg: Hook }).__cg.renderedFeatures(i).length, id);

  beforeAll(async () => {
    s = await openApp(inject('baseUrl'));
    for (const file of ['incidents-mali-car.geojson', 'sites-and-ddr.kml']) {
      await chooseFile(s.page, join(FIXTURES, file));
      await s.page.getByRole('dialog').getByRole('button', { name: /^Import \d+ feature/ }).click();
      await s.page.getByRole('dialog').waitFor({ state: 'hidden' });
    }
    await s.page.waitForFunction(() => (window as unknown as { __cg: Hook }).__cg.layers().length === 3);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('lists layers grouped by kind with their feature counts', async () => {
    const panel = s.page.getByRole('complementary', { name: 'Layers' });
    const groups = await panel.getByRole('region').allInnerTexts();
    expect(groups.map((g) => g.split('\n')[0])).toEqual(['INCIDENTS', 'HUMANITARIAN SITES', 'DDR POINTS']);
    expect(await panel.getByRole('region', { name: 'Incidents' }).innerText()).toContain('12');
  });

  it('hides and shows a layer on the map', async () => {
    const incidents = (await layers()).find((l) => l.kind === 'incident')!;
    await s.page.getByRole('button', { name: 'Zoom to layer' }).first().click();
    await mapIdle(s.page);
    expect(await rendered(incidents.id)).toBeGreaterThan(0);
    await s.page.getByLabel('Show incidents-mali-car').uncheck();
    await mapIdle(s.page);
    expect(await rendered(incidents.id)).toBe(0);
    await s.page.getByLabel('Show incidents-mali-car').check();
    await mapIdle(s.page);
    expect(await rendered(incidents.id)).toBeGreaterThan(0);
  });

  it('renames a layer, and undo brings the old name back', async () => {
    const row = s.page.locator('.layer-row', { hasText: 'incidents-mali-car' });
    await row.getByRole('button', { name: 'Rename' }).click();
    await s.page.getByLabel('New name for incidents-mali-car').fill('Incidents — Sector East');
    await s.page.getByLabel('New name for incidents-mali-car').press('Enter');
    await expect.poll(async () => (await layers()).some((l) => l.name === 'Incidents — Sector East')).toBe(true);
    await s.page.getByRole('navigation').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await layers()).some((l) => l.name === 'incidents-mali-car')).toBe(true);
  });

  it('changes opacity in one undoable step', async () => {
    const slider = s.page.getByLabel('Opacity of incidents-mali-car');
    await slider.focus();
    for (let i = 0; i < 4; i++) await slider.press('ArrowLeft');
    await expect.poll(() => slider.inputValue()).toBe('0.8');
    await s.page.getByRole('navigation').getByRole('button', { name: 'Undo' }).hover();
    expect(await s.page.getByRole('navigation').getByRole('button', { name: 'Undo' }).getAttribute('title')).toMatch(/Change layer incidents-mali-car/);
  });

  it('shows the cursor position in the chosen format and remembers the format', async () => {
    const box = (await s.page.getByTestId('map').boundingBox())!;
    await s.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const readout = s.page.getByTestId('cursor-position');
    await expect.poll(() => readout.textContent()).toMatch(/^\d+\.\d+° [NS], \d+\.\d+° [EW]$/);
    await s.page.getByLabel('Coordinate format').selectOption('mgrs');
    await s.page.mouse.move(box.x + box.width / 2 + 5, box.y + box.height / 2 + 5);
    await expect.poll(() => readout.textContent()).toMatch(/^\d{1,2}[C-X][A-Z]{2}\d{10}$|^\d{1,2}[C-X] [A-Z]{2} \d{5} \d{5}$/);
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'layers-01-readout.png') });
    await s.page.reload();
    await waitForApp(s.page);
    expect(await s.page.getByLabel('Coordinate format').inputValue()).toBe('mgrs');
  });

  it('moves a layer within its kind and keeps the order after a reload', async () => {
    const humanitarian = (await layers()).filter((l) => l.kind !== 'incident');
    expect(humanitarian).toHaveLength(2);
    // Two layers of different kinds: moving within a kind with no neighbour changes nothing.
    const before = await layers();
    await s.page.locator('.layer-row', { hasText: 'DDR points' }).getByRole('button', { name: 'Move up' }).click();
    expect(await layers()).toEqual(before);
    expect(s.external).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
