import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mapIdle, SCREENSHOT_DIR, type Session, openApp, dropFiles } from './harness';

/**
 * Files chosen or dropped together: a shapefile's .shp, .shx, .dbf, .prj and .cpg are one layer,
 * with its attributes and code page; files of other base names get their own preview in turn.
 * Inputs are the corpus's loose shapefile sets copied into tests/fixtures/shapefile.
 */

interface HookLayer {
  id: string;
  name: string;
  kind: string;
  featureCount: number;
}
type Hook = { layers(): HookLayer[]; renderedFeatures(id: string): { properties: Record<string, unknown> }[] };

const SHAPEFILES = new URL('../fixtures/shapefile/', import.meta.url).pathname;
const REPAIRS = new URL('../fixtures/repairs/', import.meta.url).pathname;
const set = (dir: string, base: string, exts: string[]) => exts.map((e) => join(SHAPEFILES, dir, `${base}${e}`));

describe('a shapefile chosen or dropped as its loose files imports as one layer', () => {
  let s: Session;
  const layers = () => s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.layers());
  const dialog = () => s.page.getByRole('dialog');

  const drop = (paths: string[]) => dropFiles(s.page, paths);

  beforeAll(async () => {
    s = await openApp(inject('baseUrl'));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('choosing utf.shp, .shx, .dbf, .prj and .cpg together gives one preview with the .dbf attributes in the .cpg code page', async () => {
    const chooser = s.page.waitForEvent('filechooser');
    await s.page.getByRole('button', { name: 'Import…' }).first().click();
    const c = await chooser;
    expect(c.isMultiple()).toBe(true);
    await c.setFiles(set('shapefile-js', 'utf', ['.shp', '.shx', '.dbf', '.prj', '.cpg']));
    await dialog().getByTestId('features-found').waitFor();
    expect(await dialog().getByRole('heading', { level: 2 }).first().textContent()).toContain('utf.shp');
    expect(await dialog().getByTestId('features-found').textContent()).toBe('2');
    await expect.poll(() => dialog().getByTestId('will-import').textContent()).toBe('2');
    expect(await dialog().locator('.problems-warning').textContent().catch(() => '')).not.toContain('shp-only');
    await dialog().getByRole('button', { name: 'Import 2 features' }).click();
    await dialog().waitFor({ state: 'hidden' });
    const utf = (await layers()).find((l) => l.name === 'utf');
    expect(utf?.featureCount).toBe(2);
    await mapIdle(s.page);
    const rendered = await s.page.evaluate((id) => (window as unknown as { __cg: Hook }).__cg.renderedFeatures(id), utf!.id);
    expect(rendered.map((f) => Object.values(f.properties).filter((v) => v === '💩' || v === 'Hněvošický háj')).flat().sort()).toEqual(['Hněvošický háj', '💩']);
  });

  it('dropping two shapefiles and a GeoJSON opens three previews in turn, the repairs counted', async () => {
    const before = (await layers()).length;
    await drop([
      ...set('mbostock', 'polygons', ['.shp', '.dbf', '.prj', '.shx']),
      join(REPAIRS, 'repairs.geojson'),
      ...set('shapefile-js', 'codepage', ['.dbf', '.shp', '.cpg', '.prj', '.shx']),
    ]);
    await dialog().getByTestId('features-found').waitFor();
    expect(await dialog().getByRole('heading', { level: 2 }).first().textContent()).toContain('polygons.shp');
    expect(await dialog().getByTestId('features-found').textContent()).toBe('3');
    await dialog().getByRole('button', { name: 'Import 3 features' }).click();

    await expect.poll(async () => dialog().getByRole('heading', { level: 2 }).first().textContent().catch(() => '')).toContain('repairs.geojson');
    await expect.poll(() => dialog().getByTestId('repaired-count').textContent()).toMatch(/^3/);
    expect(await dialog().getByTestId('repaired-count').textContent()).toContain('rings closed: 2');
    await dialog().locator('.problems-warning summary').click();
    expect(await dialog().locator('.problems-warning li').first().innerText()).toMatch(/^Feature 1 \(id camp-a\): ring-closed a polygon ring was not closed/);
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'import-sets-01-repairs.png') });
    await dialog().getByRole('button', { name: 'Import 4 features' }).click();

    await expect.poll(async () => dialog().getByRole('heading', { level: 2 }).first().textContent().catch(() => '')).toContain('codepage.shp');
    expect(await dialog().getByTestId('features-found').textContent()).toBe('2');
    await dialog().getByRole('button', { name: 'Import 2 features' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await expect.poll(async () => (await layers()).length).toBe(before + 3);
    expect((await layers()).map((l) => [l.name, l.featureCount]).filter(([n]) => n !== 'utf').sort()).toEqual([
      ['codepage', 2],
      ['polygons', 3],
      ['repairs', 4],
    ]);
  });

  it('names the missing .shp when only its sidecars are dropped, storing nothing', async () => {
    const before = await layers();
    await drop(set('shapefile-js', 'utf', ['.dbf', '.prj']));
    await s.page.getByRole('alert').filter({ hasText: '.shp file was not among the files opened' }).waitFor();
    expect(await layers()).toEqual(before);
  });

  it('shows the repairs in French', async () => {
    await s.page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
    await drop([join(REPAIRS, 'repairs.geojson')]);
    await dialog().getByTestId('repaired-count').waitFor();
    await expect.poll(() => dialog().getByTestId('repaired-count').textContent()).toContain('anneaux fermés : 2');
    await dialog().locator('.problems-warning summary').click();
    expect(await dialog().locator('.problems-warning li').first().innerText()).toMatch(/^Entité 1 \(id camp-a\) : ring-closed un anneau de polygone n’était pas fermé/);
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'import-sets-02-repairs-fr.png') });
    await dialog().getByRole('button', { name: 'Annuler' }).click();
    await s.page.getByRole('combobox', { name: 'Langue' }).selectOption('en');
  });

  it('made no request that left the machine and hit no page error', () => {
    expect(s.external).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
