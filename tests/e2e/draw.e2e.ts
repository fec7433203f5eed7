import { join } from 'node:path';
import { area as turfArea, distance as turfDistance } from '@turf/turf';
import type { Geometry, LineString, Polygon } from 'geojson';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mapIdle, openApp, SCREENSHOT_DIR, waitForApp, type Session } from './harness';

type Stored = { id: string; geometry: Geometry; properties: Record<string, unknown> };
type Hook = {
  layers(): { id: string; name: string; kind: string; featureCount: number }[];
  renderedFeatures(id: string): { featureId: string | null; geometryType: string; properties: Record<string, unknown> }[];
  screenPoint(lng: number, lat: number): { x: number; y: number };
  selectedFeature(): Stored | null;
};

const hook = <T>(page: Page, fn: (h: Hook, arg: never) => T, arg?: unknown): Promise<T> =>
  page.evaluate(({ src, arg }) => new Function('h', 'arg', `return (${src})(h, arg)`)((window as unknown as { __cg: Hook }).__cg, arg) as T, { src: fn.toString(), arg });

/** Page coordinates of a position on the map canvas. */
async function at(page: Page, lng: number, lat: number): Promise<{ x: number; y: number }> {
  const box = await page.locator('.maplibregl-canvas').boundingBox();
  if (!box) throw new Error('no map canvas');
  const p = await hook(page, (h, a: [number, number]) => h.screenPoint(a[0], a[1]), [lng, lat]);
  return { x: box.x + p.x, y: box.y + p.y };
}

async function clickMap(page: Page, lng: number, lat: number): Promise<void> {
  const p = await at(page, lng, lat);
  await page.mouse.move(p.x - 20, p.y - 10);
  await page.mouse.move(p.x, p.y, { steps: 4 });
  await page.mouse.click(p.x, p.y);
  // terra-draw tells a click from a double click and a drag by timing and distance.
  await page.waitForTimeout(350);
}

const shot = (s: Session, name: string) => s.page.screenshot({ path: join(SCREENSHOT_DIR, `draw-${name}.png`) });

// Around Bangui (CAR): three vertices of a patrol route.
const ROUTE: [number, number][] = [
  [18.5, 4.35],
  [18.55, 4.4],
  [18.6, 4.35],
];

describe('drawing, editing and measuring on the map', () => {
  let s: Session;
  let layerId = '';
  let routeId = '';

  beforeAll(async () => {
    s = await openApp(inject('baseUrl'));
    const box = s.page.getByRole('search').getByRole('combobox').or(s.page.getByRole('search').getByRole('textbox')).first();
    await box.fill('4.375, 18.40');
    await box.press('Enter');
    await mapIdle(s.page);
    // Out until the route and the circle's surroundings (18.40–18.65 E, 4.30–4.45 N) are on screen.
    const canvas = (await s.page.locator('.maplibregl-canvas').boundingBox())!;
    for (let i = 0; i < 8; i++) {
      const sw = await hook(s.page, (h) => h.screenPoint(18.42, 4.28));
      const ne = await hook(s.page, (h) => h.screenPoint(18.67, 4.47));
      if (sw.x > 500 && ne.x < canvas.width - 60 && ne.y > 60 && sw.y < canvas.height - 60) break;
      await s.page.getByRole('button', { name: 'Zoom out' }).click();
      await s.page.waitForTimeout(400);
      await mapIdle(s.page);
    }
  });
  afterAll(async () => {
    await s?.close();
  });

  it('draws a patrol route of three vertices, fills its form and commits it', async () => {
    const toolbar = s.page.getByRole('toolbar', { name: 'Draw and measure' });
    await toolbar.getByRole('button', { name: 'Patrol route' }).click();
    const panel = s.page.getByRole('region', { name: 'Patrol route tool' });
    await panel.waitFor();
    for (const [lng, lat] of ROUTE) await clickMap(s.page, lng, lat);
    // Live length while drawing: two legs placed so far.
    await expect.poll(() => panel.getByTestId('draw-length').textContent()).toMatch(/km$/);
    await shot(s, '01-sketch');
    await s.page.keyboard.press('Enter');
    const unit = panel.getByLabel('Unit');
    await unit.waitFor();
    await shot(s, '02-form');
    // The form refuses to save without the required unit.
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => panel.getByRole('alert').count()).toBeGreaterThan(0);
    await panel.getByLabel('Name').fill('Route Alpha');
    await unit.fill('BANBAT 1 Coy');
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel.waitFor({ state: 'detached' });

    await s.page.waitForFunction(() => (window as unknown as { __cg: Hook }).__cg.layers().length === 1);
    const [layer] = await hook(s.page, (h) => h.layers());
    expect(layer).toMatchObject({ name: 'Patrol plans', kind: 'patrol', featureCount: 1 });
    layerId = layer!.id;
    await mapIdle(s.page);
    const rendered = await hook(s.page, (h, id: string) => h.renderedFeatures(id), layerId);
    // The map gets only the properties its styles and labels read; the author is checked on the stored feature.
    expect(rendered.map((f) => [f.geometryType, f.properties.name, f.properties.unit])).toEqual([['LineString', 'Route Alpha', 'BANBAT 1 Coy']]);
    const stored = await hook(s.page, (h) => h.selectedFeature());
    expect(stored?.properties.createdBy).toBe('JOC duty officer');
    routeId = stored!.id;
    const coords = (stored!.geometry as LineString).coordinates;
    expect(coords.length).toBe(3);
    // Clicked at pixels: each vertex lands within ~50 m of where it was aimed at this zoom.
    coords.forEach((c, i) => expect(turfDistance(c, ROUTE[i]!, { units: 'meters' })).toBeLessThan(50));
    const inspector = s.page.getByRole('complementary', { name: 'Feature' });
    await expect.poll(() => inspector.getByRole('region', { name: 'History' }).innerText()).toMatch(/Draw Route Alpha[\s\S]*JOC duty officer \(JOC\)/);
    await shot(s, '03-committed');
  });

  it('edits the route by dragging a vertex, saves it, and undoes and redoes the edit', async () => {
    const inspector = s.page.getByRole('complementary', { name: 'Feature' });
    await inspector.getByRole('button', { name: 'Edit shape' }).click();
    await s.page.getByRole('region', { name: 'Edit shape tool' }).waitFor();
    await mapIdle(s.page);
    const from = await at(s.page, ROUTE[1]![0], ROUTE[1]![1]);
    const to = await at(s.page, 18.55, 4.44);
    await s.page.mouse.move(from.x, from.y);
    await s.page.waitForTimeout(200);
    await s.page.mouse.down();
    await s.page.mouse.move(from.x, from.y + 5, { steps: 3 });
    await s.page.mouse.move(to.x, to.y, { steps: 12 });
    await s.page.mouse.up();
    await s.page.waitForTimeout(300);
    await shot(s, '04-editing');
    await s.page.getByRole('button', { name: 'Save shape' }).click();
    await expect.poll(async () => (await hook(s.page, (h) => h.selectedFeature()))?.properties.version).toBe(2);
    const moved = ((await hook(s.page, (h) => h.selectedFeature()))!.geometry as LineString).coordinates;
    expect(turfDistance(moved[1]!, [18.55, 4.44], { units: 'meters' })).toBeLessThan(100);
    expect(turfDistance(moved[0]!, ROUTE[0]!, { units: 'meters' })).toBeLessThan(50);
    await expect.poll(() => inspector.getByRole('region', { name: 'History' }).innerText()).toMatch(/Reshape Route Alpha/);
    await shot(s, '05-reshaped');

    await s.page.locator('body').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
    await s.page.keyboard.press('Control+z');
    await expect.poll(async () => (await hook(s.page, (h) => h.selectedFeature()))?.properties.version).toBe(3 - 2);
    const undone = ((await hook(s.page, (h) => h.selectedFeature()))!.geometry as LineString).coordinates;
    expect(turfDistance(undone[1]!, ROUTE[1]!, { units: 'meters' })).toBeLessThan(50);
    await s.page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await hook(s.page, (h) => h.selectedFeature()))?.properties.version).toBe(2);
  });

  it('finds the route and its history again after a reload', async () => {
    await s.page.reload();
    await waitForApp(s.page);
    await mapIdle(s.page);
    const mid = await at(s.page, 18.525, 4.395);
    // The route's first leg, from ROUTE[0] to the moved vertex: click half-way along it.
    const a = await at(s.page, ROUTE[0]![0], ROUTE[0]![1]);
    const b = await at(s.page, 18.55, 4.44);
    void mid;
    await s.page.mouse.click((a.x + b.x) / 2, (a.y + b.y) / 2);
    const inspector = s.page.getByRole('complementary', { name: 'Feature' });
    await inspector.waitFor();
    expect(await inspector.getByRole('heading', { level: 2 }).innerText()).toBe('Route Alpha');
    const history = await inspector.getByRole('region', { name: 'History' }).innerText();
    for (const label of ['Draw Route Alpha', 'Reshape Route Alpha', 'Undo: Reshape Route Alpha', 'Redo: Reshape Route Alpha']) expect(history).toContain(label);
    expect((await hook(s.page, (h) => h.selectedFeature()))?.id).toBe(routeId);
    await shot(s, '06-after-reload');
    await inspector.getByRole('button', { name: 'Close' }).click();
  });

  it('draws a circular patrol area of a typed radius', async () => {
    await s.page.getByRole('toolbar', { name: 'Draw and measure' }).getByRole('button', { name: 'Circle' }).click();
    const panel = s.page.getByRole('region', { name: 'Circle tool' });
    await panel.getByLabel('Radius').fill('2.5 km');
    await panel.getByLabel('Radius').press('Enter');
    await panel.getByLabel(/^Centre/).fill('4.33, 18.45');
    await panel.getByLabel(/^Centre/).press('Enter');
    await expect.poll(() => panel.innerText()).toMatch(/Radius\s*2\.50 km/);
    await mapIdle(s.page);
    await shot(s, '07-circle');
    await panel.getByRole('button', { name: 'Finish' }).click();
    await panel.getByLabel('Unit').fill('BANBAT 2 Coy');
    await panel.getByLabel('Name').fill('Cordon Bimbo');
    expect(await panel.getByLabel('Layer').locator('option:checked').innerText()).toBe('Patrol plans');
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel.waitFor({ state: 'detached' });
    await expect.poll(async () => (await hook(s.page, (h) => h.selectedFeature()))?.properties.name).toBe('Cordon Bimbo');
    const circle = (await hook(s.page, (h) => h.selectedFeature()))!.geometry as Polygon;
    expect(circle.type).toBe('Polygon');
    for (const p of circle.coordinates[0]!) expect(turfDistance(p, [18.45, 4.33], { units: 'meters' })).toBeCloseTo(2500, -1);
    expect(turfArea(circle) / (Math.PI * 2500 ** 2)).toBeCloseTo(1, 2);
    await mapIdle(s.page);
    expect((await hook(s.page, (h, id: string) => h.renderedFeatures(id), layerId)).map((f) => f.properties.name).sort()).toEqual(['Cordon Bimbo', 'Route Alpha']);
    await shot(s, '08-circle-committed');
    await s.page.getByRole('complementary', { name: 'Feature' }).getByRole('button', { name: 'Close' }).click();
  });

  it('measures a distance with the bearing of each leg', async () => {
    await s.page.getByRole('toolbar', { name: 'Draw and measure' }).getByRole('button', { name: 'Distance' }).click();
    const panel = s.page.getByRole('region', { name: 'Distance tool' });
    await clickMap(s.page, 18.45, 4.36);
    await clickMap(s.page, 18.62, 4.36);
    await s.page.keyboard.press('Enter');
    const text = await panel.getByTestId('draw-length').innerText();
    const km = Number(/([\d.]+) km/.exec(text)?.[1]);
    const expected = turfDistance([18.45, 4.36], [18.62, 4.36], { units: 'kilometers' });
    expect(Math.abs(km - expected) / expected).toBeLessThan(0.01);
    expect(await panel.innerText()).toMatch(/090°/);
    await shot(s, '09-distance');
    await panel.getByRole('button', { name: 'Close' }).click();
  });

  it('draws a patrol area from typed vertices: a coordinate, then bearings and lengths', async () => {
    await s.page.getByRole('toolbar', { name: 'Draw and measure' }).getByRole('button', { name: 'Patrol area' }).click();
    const panel = s.page.getByRole('region', { name: 'Patrol area tool' });
    const next = panel.getByLabel(/^Next vertex/);
    await next.fill('somewhere');
    await next.press('Enter');
    expect(await panel.getByRole('alert').innerText()).toMatch(/bearing and a length/);
    for (const text of ['4.42, 18.45', '090 5 km', '180 5 km']) {
      await next.fill(text);
      await next.press('Enter');
    }
    // A right triangle with two 5 km sides: 12.5 km².
    await expect.poll(() => panel.getByTestId('draw-area').innerText()).toMatch(/^12\.[45]\d km²$/);
    await shot(s, '10-typed-area');
    await panel.getByRole('button', { name: 'Finish' }).click();
    await panel.getByLabel('Unit').fill('BANBAT 3 Coy');
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel.waitFor({ state: 'detached' });
    const area = (await hook(s.page, (h) => h.selectedFeature()))!.geometry as Polygon;
    expect(area.coordinates[0]!.length).toBe(4);
    expect(turfArea(area) / 12_500_000).toBeCloseTo(1, 2);
    await s.page.getByRole('complementary', { name: 'Feature' }).getByRole('button', { name: 'Close' }).click();
  });

  it('places a checkpoint drawn as its military symbol, then range rings saved as a layer', async () => {
    const toolbar = s.page.getByRole('toolbar', { name: 'Draw and measure' });
    await toolbar.getByLabel('Kind of point').selectOption('checkpoint');
    const panel = s.page.getByRole('region', { name: 'Checkpoint tool' });
    await panel.getByLabel(/^Next vertex/).fill('4.40, 18.62');
    await panel.getByLabel(/^Next vertex/).press('Enter');
    await panel.getByLabel('Name').fill('CP PK12');
    expect(await panel.getByLabel('Layer').locator('option:checked').innerText()).toBe('New layer "Checkpoints"');
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel.waitFor({ state: 'detached' });
    const checkpoints = (await hook(s.page, (h) => h.layers())).find((l) => l.name === 'Checkpoints')!;
    expect(checkpoints.kind).toBe('reference');
    await mapIdle(s.page);
    const cp = await hook(s.page, (h, id: string) => h.renderedFeatures(id), checkpoints.id);
    expect(cp.map((f) => [f.properties.name, f.properties.sidc])).toEqual([['CP PK12', 'GFGPGPPK-------']]);
    await s.page.getByRole('complementary', { name: 'Feature' }).getByRole('button', { name: 'Close' }).click();

    await toolbar.getByRole('button', { name: 'Range rings' }).click();
    const rings = s.page.getByRole('region', { name: 'Range rings tool' });
    await clickMap(s.page, 18.62, 4.4);
    await rings.getByLabel('Radii').fill('1, 5, 10 km');
    await rings.getByLabel('Radii').press('Enter');
    await expect.poll(() => rings.innerText()).toMatch(/Radii\s*1\.00 km, 5\.00 km, 10\.00 km/);
    await mapIdle(s.page);
    await shot(s, '11-range-rings');
    await rings.getByRole('button', { name: 'Save as layer' }).click();
    await rings.waitFor({ state: 'detached' });
    await s.page.waitForFunction(() => (window as unknown as { __cg: Hook }).__cg.layers().some((l) => l.name.startsWith('Range ring')));
    const saved = (await hook(s.page, (h) => h.layers())).find((l) => l.name.startsWith('Range ring'))!;
    expect(saved).toMatchObject({ kind: 'reference', featureCount: 3 });
    await mapIdle(s.page);
    await shot(s, '12-rings-saved');
    // Saving the rings is one undoable step.
    await s.page.keyboard.press('Control+z');
    await s.page.waitForFunction(() => !(window as unknown as { __cg: Hook }).__cg.layers().some((l) => l.name.startsWith('Range ring')));
    expect(s.external).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
