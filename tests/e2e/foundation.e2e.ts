import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { canvasStats, mapIdle, openSession, SCREENSHOT_DIR, waitForApp, type Session, FIXTURES, chooseFile } from './harness';

const INCIDENTS = join(FIXTURES, 'incidents-mali-car.geojson');
const fixture = JSON.parse(readFileSync(INCIDENTS, 'utf8')) as {
  features: { properties: { name: string }; geometry: { coordinates: [number, number] } }[];
};

interface HookLayer {
  id: string;
  name: string;
  kind: string;
  featureCount: number;
  visible: boolean;
}
type Hook = {
  layers(): HookLayer[];
  renderedFeatures(layerId: string): { featureId: string | null; properties: Record<string, unknown> }[];
  screenPoint(lng: number, lat: number): { x: number; y: number };
};

describe('a duty officer imports incidents, inspects and edits one, and finds it after a restart', () => {
  let s: Session;
  const url = `${inject('baseUrl')}?e2e`;

  beforeAll(async () => {
    s = await openSession(inject('baseUrl'));
  });
  afterAll(async () => {
    await s?.close();
  });

  const layers = () => s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.layers());

  it('starts on an offline basemap with an empty layer list', async () => {
    await s.page.goto(url);
    await waitForApp(s.page);
    await mapIdle(s.page);
    await s.page.getByText('No layers yet').waitFor();
    // The basemap drew something: sea and land in several colours, not a blank canvas.
    const stats = await canvasStats(s.page, [0, 0, 0]);
    expect(stats.distinct).toBeGreaterThan(20);
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'foundation-01-start.png') });
  });

  it('imports a GeoJSON file through the import button with a preview before committing', async () => {
    await chooseFile(s.page, INCIDENTS);
    const dialog = s.page.getByRole('dialog');
    await expect.poll(() => dialog.getByTestId('features-found').textContent()).toBe('12');
    await expect.poll(() => dialog.getByTestId('will-import').textContent()).toBe('12');
    await expect.poll(() => dialog.getByRole('combobox').first().inputValue()).toBe('incident');
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'foundation-02-preview.png') });
    await dialog.getByRole('button', { name: 'Import 12 features' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await layers()).map((l) => [l.name, l.kind, l.featureCount])).toEqual([
      ['incidents-mali-car', 'incident', 12],
    ]);
  });

  it('shows the imported incidents on the map', async () => {
    await mapIdle(s.page);
    const [layer] = await layers();
    const rendered = await s.page.evaluate((id) => (window as unknown as { __cg: Hook }).__cg.renderedFeatures(id), layer!.id);
    expect(rendered.length).toBe(12);
    expect(rendered.every((f) => typeof f.featureId === 'string' && f.featureId.length > 10)).toBe(true);
    // Battles are drawn in the battles colour.
    const red = await canvasStats(s.page, [0xc6, 0x28, 0x28], 60);
    expect(red.matching).toBeGreaterThan(10);
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'foundation-03-imported.png') });
  });

  it('opens a clicked incident in the inspector, as text, and saves an edit through the form', async () => {
    const target = fixture.features.find((f) => f.properties.name === 'Sévaré riot')!;
    const [lng, lat] = target.geometry.coordinates;
    const point = await s.page.evaluate(([x, y]) => (window as unknown as { __cg: Hook }).__cg.screenPoint(x, y), [lng, lat] as const);
    const box = (await s.page.getByTestId('map').boundingBox())!;
    await s.page.mouse.click(box.x + point.x, box.y + point.y);
    const inspector = s.page.getByRole('complementary', { name: 'Feature' });
    await inspector.getByRole('heading', { name: 'Sévaré riot' }).waitFor();
    // The description holds markup; it must show as literal text and create no element.
    await inspector.getByText('<img src=x onerror=alert(1)>', { exact: false }).waitFor();
    expect(await inspector.locator('img, b').count()).toBe(0);

    await inspector.getByRole('button', { name: 'Edit', exact: true }).click();
    await inspector.getByLabel('Fatalities').fill('-3');
    await inspector.getByRole('button', { name: 'Save' }).click();
    await inspector.getByRole('alert').waitFor();
    await inspector.getByLabel('Fatalities').fill('2');
    await inspector.getByLabel('Verification').selectOption('verified');
    await inspector.getByRole('button', { name: 'Save' }).click();
    await inspector.getByRole('button', { name: 'Edit', exact: true }).waitFor();
    await inspector.getByRole('row', { name: /Fatalities 2/ }).waitFor();
    await expect.poll(() => inspector.getByRole('region', { name: 'History' }).textContent()).toContain('Fatalities: 0 → 2');
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'foundation-04-edited.png') });
  });

  it('finds the layer, the features, the edit and the map view after the page is reloaded', async () => {
    const where = () => s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.screenPoint(-4.0961, 14.5333));
    // The inspector narrows the map; close it so the map has the same size before and after.
    await s.page.getByRole('complementary', { name: 'Feature' }).getByRole('button', { name: 'Close' }).click();
    await mapIdle(s.page);
    const before = await where();
    await s.page.reload();
    await waitForApp(s.page);
    await mapIdle(s.page);
    // The map opens where it was left: Sévaré is drawn at the same place on screen.
    const again = await where();
    expect(Math.abs(again.x - before.x) + Math.abs(again.y - before.y)).toBeLessThan(3);
    const after = await layers();
    expect(after.map((l) => [l.name, l.featureCount])).toEqual([['incidents-mali-car', 12]]);
    const rendered = await s.page.evaluate((id) => (window as unknown as { __cg: Hook }).__cg.renderedFeatures(id), after[0]!.id);
    const riot = rendered.find((f) => f.properties.name === 'Sévaré riot');
    expect(riot?.properties.fatalities).toBe(2);
    expect(riot?.properties.verification).toBe('verified');
    expect(riot?.properties.version).toBe(2);
  });

  it('refuses a broken file by name and leaves the store as it was', async () => {
    const before = await layers();
    await s.page.evaluate(async () => {
      const dt = new DataTransfer();
      dt.items.add(new File(['{"type": "FeatureCollection", "features": [ {"type": '], 'broken.geojson', { type: 'application/geo+json' }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    });
    await s.page.getByRole('alert').filter({ hasText: 'broken.geojson' }).waitFor();
    expect(await layers()).toEqual(before);
  });

  it('deletes a layer after confirmation and brings it back with undo', async () => {
    await s.page.getByRole('button', { name: 'Delete layer incidents-mali-car' }).click();
    await s.page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => (await layers()).length).toBe(0);
    await s.page.getByRole('navigation').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await layers()).map((l) => l.featureCount)).toEqual([12]);
  });

  it('switches the interface to French and keeps the choice', async () => {
    await s.page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
    await s.page.getByRole('button', { name: 'Importer…' }).first().waitFor();
    await s.page.reload();
    await waitForApp(s.page);
    await s.page.getByRole('heading', { name: 'Couches' }).waitFor();
    await mapIdle(s.page);
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'foundation-05-french.png') });
    await s.page.getByRole('combobox', { name: 'Langue' }).selectOption('en');
  });

  it('made no request that left the machine and hit no page error', () => {
    expect(s.external).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
