import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SCREENSHOT_DIR, type Session, openApp, dropFiles } from './harness';

/**
 * A shapefile without .prj in WGS 84 / UTM 34N (three CAR towns, tests/fixtures/crs): the import
 * asks for the coordinate system instead of refusing, reads the file again in the one chosen,
 * and remembers the choice for the next file of the same layout.
 */

interface HookLayer {
  id: string;
  name: string;
  featureCount: number;
}
type Hook = { layers(): HookLayer[] };

const CRS = new URL('../fixtures/crs/', import.meta.url).pathname;
const SET = ['.shp', '.shx', '.dbf'].map((e) => join(CRS, `car-utm34n-noprj${e}`));

describe('projected data without a coordinate system', () => {
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

  it('asks which system, says what the numbers look like, and suggests EPSG:32634', async () => {
    await drop(SET);
    const q = dialog().getByRole('region', { name: 'Which coordinate system?' });
    await q.waitFor();
    expect(await q.getByTestId('crs-range').textContent()).toMatch(/^They run from x 213,190 to .*probably metres/);
    await q.getByRole('radio', { name: /WGS 84 \/ UTM zone 34N EPSG:32634/ }).waitFor();
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'import-crs-01-question.png') });
  });

  it('says so when the code typed is not one it knows, and stays on the question', async () => {
    const q = dialog().getByRole('region', { name: 'Which coordinate system?' });
    await q.getByLabel('Or type an EPSG code').fill('north');
    await q.getByRole('button', { name: 'Read in north' }).click();
    await q.getByRole('alert').filter({ hasText: 'is not an EPSG code' }).waitFor();
    await q.getByLabel('Or type an EPSG code').fill('EPSG:2154');
    await q.getByRole('button', { name: 'Read in EPSG:2154' }).click();
    await dialog().getByRole('region', { name: 'Which coordinate system?' }).getByRole('alert').filter({ hasText: 'not one Common Ground knows offline' }).waitFor();
  });

  it('reads the file in the chosen system and imports the three towns', async () => {
    const q = dialog().getByRole('region', { name: 'Which coordinate system?' });
    await q.getByLabel('Or type an EPSG code').fill('');
    await q.getByRole('radio', { name: /EPSG:32634/ }).check();
    await q.getByRole('button', { name: 'Read in EPSG:32634' }).click();
    await dialog().getByTestId('features-found').waitFor();
    expect(await dialog().getByTestId('features-found').textContent()).toBe('3');
    await dialog().locator('.problems-warning summary').click();
    expect(await dialog().locator('.problems-warning').innerText()).toContain('read in WGS 84 / UTM zone 34N (EPSG:32634), as chosen');
    await dialog().getByRole('button', { name: 'Import 3 features' }).click();
    await dialog().waitFor({ state: 'hidden' });
    expect((await layers()).find((l) => l.name === 'car-utm34n-noprj')?.featureCount).toBe(3);
  });

  it('remembers the choice for the next file of the same layout, and says it was applied', async () => {
    await drop(SET);
    await dialog().getByTestId('features-found').waitFor();
    await dialog().locator('.problems-warning summary').click();
    expect(await dialog().locator('.problems-warning').innerText()).toContain('EPSG:32634');
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().waitFor({ state: 'hidden' });
  });

  it('asks in French', async () => {
    await s.page.evaluate(() => localStorage.removeItem('common-ground:crs-choices:v1'));
    await s.page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
    await drop(SET);
    const q = dialog().getByRole('region', { name: 'Quel système de coordonnées ?' });
    await q.waitFor();
    expect(await q.getByTestId('crs-range').textContent()).toMatch(/probablement des mètres/);
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'import-crs-02-question-fr.png') });
    await q.getByRole('button', { name: 'Annuler' }).click();
    await s.page.getByRole('combobox', { name: 'Langue' }).selectOption('en');
  });

  it('made no request that left the machine and hit no page error', () => {
    expect(s.external).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
