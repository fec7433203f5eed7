import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseFile, mapIdle, openApp, SCREENSHOT_DIR, waitForApp, type Session } from './harness';

/**
 * A layer big enough to be drawn from our own vector tiles (tiles worker, cgtile:// protocol)
 * rather than a GeoJSON source: imported through the dialog, clustered, clicked, filtered,
 * edited, undone, shown as a heatmap and found again after a reload.
 */

type Hook = {
  layers(): { id: string; name: string; featureCount: number }[];
  renderedFeatures(id: string): { featureId: string | null; properties: Record<string, unknown> }[];
  renderedStyleLayers(id: string): Record<string, number>;
  screenPoint(lng: number, lat: number): { x: number; y: number };
  sourceType(id: string): string | null;
  view(): { center: [number, number]; zoom: number };
};

const COUNT = 12_000;
const TYPES = ['Battles', 'Explosions/Remote violence', 'Violence against civilians', 'Protests', 'Riots', 'Strategic developments'];
/** Towns the incidents gather around; the last one has exactly one incident, far from the rest. */
const TOWNS: [string, number, number][] = [
  ['Mopti', -4.1976, 14.4843],
  ['Gao', -0.0447, 16.2666],
  ['Bria', 21.9869, 6.5423],
  ['Bangui', 18.5582, 4.3612],
];
const LONE = { name: 'Lone incident at Kidal', lng: 1.4078, lat: 18.4411 };

/** Incidents as an ACLED-style export has them, spread on a grid around each town. */
function bigIncidents(): object {
  const features: object[] = [];
  for (let i = 0; i < COUNT - 1; i++) {
    const [town, lng, lat] = TOWNS[i % TOWNS.length]!;
    const k = Math.floor(i / TOWNS.length);
    features.push({
      type: 'Feature',
      id: `BIG${i}`,
      properties: {
        name: `${town} incident ${i}`,
        event_date: `2026-11-${String(1 + (k % 28)).padStart(2, '0')}`,
        event_type: TYPES[k % TYPES.length],
        fatalities: k % 5,
        location: town,
        country: lng > 10 ? 'Central African Republic' : 'Mali',
      },
      geometry: { type: 'Point', coordinates: [lng + ((k % 60) - 30) * 0.01, lat + (Math.floor(k / 60) - 25) * 0.01] },
    });
  }
  features.push({
    type: 'Feature',
    id: 'LONE',
    properties: { name: LONE.name, event_date: '2026-11-30', event_type: 'Battles', fatalities: 3, location: 'Kidal', country: 'Mali' },
    geometry: { type: 'Point', coordinates: [LONE.lng, LONE.lat] },
  });
  return { type: 'FeatureCollection', features };
}

describe('a big layer drawn from vector tiles', () => {
  let s: Session;
  let dir = '';
  let id = '';
  const styleLayers = () => s.page.evaluate((layer) => (window as unknown as { __cg: Hook }).__cg.renderedStyleLayers(layer), id);
  const rendered = () => s.page.evaluate((layer) => (window as unknown as { __cg: Hook }).__cg.renderedFeatures(layer), id);
  const sourceType = () => s.page.evaluate((layer) => (window as unknown as { __cg: Hook }).__cg.sourceType(layer), id);
  const zoom = () => s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.view().zoom);
  const count = () => s.page.locator('.layer-row', { hasText: 'big-incidents' }).getByTestId('layer-count').textContent();
  const goTo = async (text: string) => {
    const box = s.page.getByRole('search').getByRole('combobox').or(s.page.getByRole('search').getByRole('textbox')).first();
    await box.fill(text);
    await box.press('Enter');
    await s.page.waitForTimeout(1500);
    await mapIdle(s.page);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cg-big-'));
    writeFileSync(join(dir, 'big-incidents.geojson'), JSON.stringify(bigIncidents()));
    s = await openApp(inject('baseUrl'));
  });
  afterAll(async () => {
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports 12,000 incidents and draws them as counted clusters from tiles', async () => {
    await chooseFile(s.page, join(dir, 'big-incidents.geojson'));
    const dialog = s.page.getByRole('dialog');
    await dialog.getByTestId('features-found').waitFor();
    await dialog.getByRole('button', { name: 'Import 12,000 features' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 60_000 });
    await s.page.waitForFunction(() => (window as unknown as { __cg: Hook }).__cg.layers().length === 1);
    id = (await s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.layers()))[0]!.id;
    await mapIdle(s.page);
    expect(await sourceType()).toBe('vector');
    await expect.poll(async () => (await styleLayers())[`op:${id}:clusters`] ?? 0).toBeGreaterThan(0);
    const clusters = (await rendered()).filter((f) => f.properties.cluster === true);
    expect(clusters.length).toBeGreaterThanOrEqual(TOWNS.length);
    expect(clusters.every((f) => Number(f.properties.point_count) >= 2)).toBe(true);
    expect(await count()).toBe('12,000');
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'big-01-clusters.png') });
  });

  it('zooms into a clicked cluster', async () => {
    const before = await zoom();
    const [, lng, lat] = TOWNS[2]!;
    const p = await s.page.evaluate(([x, y]) => (window as unknown as { __cg: Hook }).__cg.screenPoint(x, y), [lng, lat] as const);
    const box = (await s.page.getByTestId('map').boundingBox())!;
    await s.page.mouse.click(box.x + p.x, box.y + p.y);
    await expect.poll(zoom, { timeout: 10_000 }).toBeGreaterThan(before + 0.5);
    await mapIdle(s.page);
  });

  it('shows single incidents close in, with their stored id, and opens one in the inspector', async () => {
    await goTo(`${LONE.lat}, ${LONE.lng}`);
    await expect.poll(async () => (await styleLayers())[`op:${id}:points`] ?? 0).toBeGreaterThan(0);
    const lone = (await rendered()).find((f) => f.properties.name === LONE.name);
    expect(lone?.properties).toMatchObject({ eventType: 'Battles' });
    expect(lone?.featureId).toMatch(/[0-9a-f-]{36}/);
    // The tiles carry what the style reads (icon by event type, label by name), not every attribute.
    expect(lone?.properties).not.toHaveProperty('country');
    const p = await s.page.evaluate(([x, y]) => (window as unknown as { __cg: Hook }).__cg.screenPoint(x, y), [LONE.lng, LONE.lat] as const);
    const box = (await s.page.getByTestId('map').boundingBox())!;
    await s.page.mouse.click(box.x + p.x, box.y + p.y);
    const inspector = s.page.getByRole('complementary', { name: 'Feature' });
    await inspector.getByRole('heading', { name: LONE.name }).waitFor();
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'big-02-single.png') });
  });

  it('redraws an edited incident from new tiles, and the old one after undo', async () => {
    const inspector = s.page.getByRole('complementary', { name: 'Feature' });
    await inspector.getByRole('button', { name: 'Edit', exact: true }).click();
    await inspector.getByLabel('Name').fill('Kidal ambush');
    await inspector.getByRole('button', { name: 'Save' }).click();
    await inspector.getByRole('button', { name: 'Edit', exact: true }).waitFor();
    const names = async () => {
      await mapIdle(s.page);
      return (await rendered()).filter((f) => f.properties.eventType === 'Battles' && !f.properties.cluster).map((f) => f.properties.name);
    };
    await expect.poll(names, { timeout: 20_000 }).toEqual(['Kidal ambush']);
    await s.page.keyboard.press('Control+z');
    await expect.poll(names, { timeout: 20_000 }).toEqual([LONE.name]);
    await inspector.getByRole('button', { name: 'Close' }).click();
  });

  it('filters the tiled layer on the map and in the count', async () => {
    await goTo(`${TOWNS[0]![2]}, ${TOWNS[0]![1]}`);
    // Out to where the incidents around the town are single icons, a kilometre apart.
    while ((await zoom()) > 11.5) {
      await s.page.getByRole('button', { name: 'Zoom out' }).click();
      await s.page.waitForTimeout(400);
    }
    await mapIdle(s.page);
    await s.page.getByRole('button', { name: 'Filter big-incidents' }).click();
    const editor = s.page.getByRole('region', { name: 'Filter' });
    await editor.getByRole('button', { name: 'Add condition' }).click();
    await editor.getByLabel('Field').first().selectOption('eventType');
    await editor.getByLabel('Value').first().selectOption('Riots');
    await expect.poll(count, { timeout: 20_000 }).toBe('2,000 / 12,000');
    await mapIdle(s.page);
    await expect.poll(async () => (await rendered()).filter((f) => !f.properties.cluster).length).toBeGreaterThan(0);
    expect(new Set((await rendered()).filter((f) => !f.properties.cluster).map((f) => f.properties.eventType))).toEqual(new Set(['Riots']));
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'big-03-filtered.png') });

    // Out at the whole layer, clusters count only what the filter lets through.
    await s.page.locator('.layer-row', { hasText: 'big-incidents' }).getByRole('button', { name: 'Zoom to layer' }).click();
    await s.page.waitForTimeout(1000);
    await mapIdle(s.page);
    const drawnCount = async () => {
      await mapIdle(s.page);
      const seen = new Map<string, number>();
      for (const f of await rendered()) seen.set(f.properties.cluster ? `c${String(f.properties.cluster_id)}` : String(f.featureId), f.properties.cluster ? Number(f.properties.point_count) : 1);
      return [...seen.values()].reduce((a, b) => a + b, 0);
    };
    await expect.poll(drawnCount, { timeout: 20_000 }).toBe(2_000);
    expect((await styleLayers())[`op:${id}:clusters`] ?? 0).toBeGreaterThan(0);
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'big-04-filtered-clusters.png') });
    await editor.getByRole('button', { name: 'Remove condition' }).click();
    await expect.poll(count).toBe('12,000');
    await expect.poll(drawnCount, { timeout: 20_000 }).toBe(COUNT);

    // A field the style does not draw: the tiles are cut again to carry it, so the lone incident
    // at Kidal (a single point, filtered by MapLibre, not in a cluster) still passes.
    await editor.getByRole('button', { name: 'Add condition' }).click();
    await editor.getByLabel('Field').first().selectOption('country');
    await editor.getByLabel('Operator').first().selectOption('eq');
    await editor.getByLabel('Value').first().fill('Mali');
    const mali = COUNT / 2 + 1;
    await expect.poll(count, { timeout: 20_000 }).toBe(`${mali.toLocaleString('en-GB')} / 12,000`);
    await expect.poll(drawnCount, { timeout: 20_000 }).toBe(mali);
    await editor.getByRole('button', { name: 'Remove condition' }).click();
    await expect.poll(count).toBe('12,000');
  });

  it('switches to a heatmap of every point and back', async () => {
    const toggle = s.page.getByRole('button', { name: 'Heatmap of big-incidents' });
    await s.page.locator('.layer-row', { hasText: 'big-incidents' }).getByRole('button', { name: 'Zoom to layer' }).click();
    await s.page.waitForTimeout(1000);
    await mapIdle(s.page);
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    await mapIdle(s.page);
    await expect.poll(styleLayers).toMatchObject({ [`op:${id}:heatmap`]: -1 });
    expect(await sourceType()).toBe('vector');
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'big-05-heatmap.png') });
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('false');
    await mapIdle(s.page);
    await expect.poll(async () => (await styleLayers())[`op:${id}:clusters`] ?? 0).toBeGreaterThan(0);
  });

  it('draws the layer from the store again after a reload', async () => {
    await s.page.reload();
    await waitForApp(s.page);
    await mapIdle(s.page);
    expect(await sourceType()).toBe('vector');
    await expect.poll(async () => Object.values(await styleLayers()).reduce((a, b) => a + Math.max(0, b), 0)).toBeGreaterThan(0);
    expect(s.external).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
