import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { canvasStats, mapIdle, openApp, SCREENSHOT_DIR, waitForApp, type Session } from './harness';

const BASEMAPS = fileURLToPath(new URL('../fixtures/basemaps/', import.meta.url));

interface BasemapFeature {
  sourceLayer: string;
  layer: string;
  properties: Record<string, unknown>;
}
type Hook = { basemapFeatures(): BasemapFeature[] };

describe('basemaps: offline files, imagery opacity, online sources only on demand', () => {
  let s: Session;
  const features = () => s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.basemapFeatures());
  const switcher = () => s.page.getByRole('region', { name: 'Basemap' });
  const policy = () => s.page.evaluate(() => document.querySelector<HTMLMetaElement>('meta[http-equiv="Content-Security-Policy"]')?.content ?? null);

  async function openSwitcher(): Promise<void> {
    const toggle = switcher().getByRole('button', { name: /^Basemap:/ });
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  }

  async function openFile(name: string): Promise<void> {
    await openSwitcher();
    const chooser = s.page.waitForEvent('filechooser');
    await switcher().getByRole('button', { name: 'Open basemap file…' }).click();
    await (await chooser).setFiles(join(BASEMAPS, name));
  }

  async function settle(): Promise<void> {
    await mapIdle(s.page);
    // fitBounds animates; wait for the end of the move as well.
    await s.page.waitForTimeout(700);
    await mapIdle(s.page);
  }

  beforeAll(async () => {
    s = await openApp(inject('baseUrl'));
    await mapIdle(s.page);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('starts on the bundled basemap under a strict policy that really blocks remote requests', async () => {
    await openSwitcher();
    await expect.poll(() => switcher().getByRole('radio', { name: /World \(offline, built in\)/ }).isChecked()).toBe(true);
    const csp = await policy();
    expect(csp).toContain("connect-src 'self' blob: data:;");
    expect(csp).toContain("img-src 'self' data: blob:;");
    const refused = await s.page.evaluate(() => fetch('https://tiles.example.org/probe.png').then(() => 'fetched', () => 'refused'));
    expect(refused).toBe('refused');
    // Refused by the page's policy before it left: the harness never saw it.
    expect(s.external).toEqual([]);
    expect(await features()).toEqual([]);
  });

  it('opens a vector PMTiles file and draws it with the generated style', async () => {
    await openFile('mali-vector.pmtiles');
    await expect.poll(() => switcher().getByRole('radio', { name: /Mali test basemap/ }).isChecked(), { timeout: 20_000 }).toBe(true);
    await settle();
    await expect.poll(async () => new Set((await features()).map((f) => f.sourceLayer)), { timeout: 20_000 }).toEqual(
      new Set(['water', 'park', 'transportation', 'waterway', 'boundary', 'place']),
    );
    const all = await features();
    const places = all.filter((f) => f.layer === 'basemap-x-place-label').map((f) => f.properties.name);
    expect(places).toEqual(expect.arrayContaining(['Bamako', 'Ségou']));
    expect(all.some((f) => f.layer === 'basemap-x-transportation-line' && f.properties.name === 'RN6')).toBe(true);
    expect(all.some((f) => f.layer === 'basemap-x-water-fill' && f.properties.name === 'Lac de Sélingué')).toBe(true);
    // Roads in the major-road colour and the lake in the water colour are on the canvas.
    expect((await canvasStats(s.page, [0xe3, 0xb2, 0x7a], 12)).matching).toBeGreaterThan(200);
    expect((await canvasStats(s.page, [0xd9, 0xe3, 0xea], 6)).matching).toBeGreaterThan(2000);
    expect((await canvasStats(s.page, [0, 0, 0])).distinct).toBeGreaterThan(50);
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'basemaps-01-vector-pmtiles.png') });
    expect(s.external).toEqual([]);
  });

  it('opens a raster MBTiles file over the world map and fades it with the opacity slider', async () => {
    await openFile('mali-raster.mbtiles');
    await expect.poll(() => switcher().getByRole('radio', { name: /Mali test imagery/ }).isChecked(), { timeout: 20_000 }).toBe(true);
    await settle();
    const parkGreen: [number, number, number] = [150, 200, 120];
    await expect.poll(async () => (await canvasStats(s.page, parkGreen, 6)).matching, { timeout: 20_000 }).toBeGreaterThan(2000);
    expect(await features()).toEqual([]);
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'basemaps-02-raster-mbtiles.png') });

    const slider = switcher().getByRole('slider', { name: 'Imagery opacity' });
    await slider.fill('30');
    await mapIdle(s.page);
    await expect.poll(async () => (await canvasStats(s.page, parkGreen, 6)).matching).toBeLessThan(50);
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'basemaps-03-raster-opacity-30.png') });
    expect(s.external).toEqual([]);
  });

  it('checks an online source as it is typed, and reaches it only once added and selected', async () => {
    await openSwitcher();
    await switcher().getByRole('button', { name: 'Add online source…' }).click();
    const form = s.page.getByRole('form', { name: 'Add an online source' });
    await form.getByLabel('Name').fill('Test tiles');
    await form.getByLabel('URL').fill('https://tiles.example.org/tiles.png');
    await form.getByRole('button', { name: 'Add' }).click();
    await form.getByText('The template needs {z}, {x} and {y}.').waitFor();
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'basemaps-04-online-form.png') });
    await form.getByLabel('URL').fill('https://tiles.example.org/{z}/{x}/{y}.png');
    await form.getByRole('button', { name: 'Add' }).click();
    await form.waitFor({ state: 'hidden' });
    const radio = switcher().getByRole('radio', { name: /Test tiles/ });
    await radio.waitFor();
    await mapIdle(s.page);
    expect(s.external).toEqual([]);

    // Selecting it reloads the page once so that its policy allows that origin, and only that one.
    const reloaded = s.page.waitForEvent('load');
    // click, not check: the page reloads before the radio could be seen checked.
    await radio.click();
    await reloaded;
    await waitForApp(s.page);
    await mapIdle(s.page);
    expect(await policy()).toContain("img-src 'self' data: blob: https://tiles.example.org;");
    await expect.poll(() => s.external.length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(s.external.every((u) => /^https:\/\/tiles\.example\.org\/\d+\/\d+\/\d+\.png$/.test(u))).toBe(true);
  });

  it('keeps opened files across a reload and switches back to the bundled basemap', async () => {
    await openSwitcher();
    await switcher().getByRole('radio', { name: /Mali test basemap/ }).check();
    await settle();
    await expect.poll(async () => (await features()).some((f) => f.properties.name === 'Bamako'), { timeout: 20_000 }).toBe(true);

    await switcher().getByRole('radio', { name: /World \(offline, built in\)/ }).check();
    await settle();
    expect(await features()).toEqual([]);
    const requests = s.external.length;
    await s.page.mouse.move(700, 450);
    await s.page.mouse.wheel(0, 400);
    await settle();
    expect(s.external.length).toBe(requests);
    // The bundled land colour is back.
    expect((await canvasStats(s.page, [0xf3, 0xf2, 0xee], 6)).matching).toBeGreaterThan(5000);
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'basemaps-05-back-to-bundled.png') });
  });
});
