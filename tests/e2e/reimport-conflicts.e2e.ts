import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseFile, mapIdle, openApp, SCREENSHOT_DIR, type Session } from './harness';

const REIMPORT = fileURLToPath(new URL('../fixtures/reimport/', import.meta.url));

interface HookLayer {
  id: string;
  name: string;
  featureCount: number;
}
type Hook = {
  layers(): HookLayer[];
  screenPoint(lng: number, lat: number): { x: number; y: number };
};

/**
 * A colleague sends the ACLED extract again with changes while we edited one of its events here:
 * the file is matched to the layer by its event id, the preview counts what happens to each row,
 * the one event changed on both sides waits in the Conflicts panel, and settling it is undoable.
 */
describe('importing a file again into its layer, and settling the conflict', () => {
  let s: Session;
  const dialog = () => s.page.getByRole('dialog');
  const nav = () => s.page.getByRole('navigation');
  const layers = () => s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.layers());

  beforeAll(async () => {
    s = await openApp(inject('baseUrl'));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('imports the first extract and edits one event locally', async () => {
    await chooseFile(s.page, join(REIMPORT, 'first.csv'));
    await dialog().getByTestId('features-found').waitFor();
    await dialog().getByRole('button', { name: 'Import 4 features' }).click();
    await dialog().waitFor({ state: 'hidden' });
    await expect.poll(async () => (await layers()).map((l) => l.featureCount)).toEqual([4]);
    await mapIdle(s.page);

    const point = await s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.screenPoint(18.52, 4.45));
    const box = (await s.page.getByTestId('map').boundingBox())!;
    await s.page.mouse.click(box.x + point.x, box.y + point.y);
    const inspector = s.page.getByRole('complementary', { name: 'Feature' });
    await inspector.getByRole('button', { name: 'Edit', exact: true }).click();
    await inspector.getByLabel('Fatalities').fill('4');
    await inspector.getByRole('button', { name: 'Save' }).click();
    await inspector.getByRole('row', { name: /Fatalities 4/ }).waitFor();
    await inspector.getByRole('button', { name: 'Close' }).click();
  });

  it('previews the second extract against the layer by its event id, and commits it as one step', async () => {
    await chooseFile(s.page, join(REIMPORT, 'second.csv'));
    const d = dialog();
    await d.getByTestId('features-found').waitFor();
    const [layer] = await layers();
    await d.getByRole('combobox', { name: /^Layer/ }).selectOption(layer!.id);
    await expect.poll(() => d.getByTestId('match-by').inputValue()).toBe('event_id_cnty');
    await expect.poll(() => d.getByTestId('merge-added').textContent()).toBe('1');
    expect(await d.getByTestId('merge-updated').textContent()).toBe('1');
    expect(await d.getByTestId('merge-unchanged').textContent()).toBe('1');
    expect(await d.getByTestId('merge-conflict').textContent()).toBe('1');
    // The two copies of CAF006 and the row without an id: none is added, each says why.
    expect(await d.getByTestId('refused-count').textContent()).toBe('3');
    const refusals = await d.locator('.problems-error li').allInnerTexts();
    expect(refusals.filter((r) => r.includes('the key CAF006 appears on 2 rows'))).toHaveLength(2);
    expect(refusals.some((r) => r.includes('no value in the key column event_id_cnty'))).toBe(true);
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'reimport-01-preview.png') });

    await d.getByRole('button', { name: 'Update the layer' }).click();
    await d.waitFor({ state: 'hidden' });
    await s.page.getByText(/second\.csv: 1 added, 1 updated, 1 unchanged, 1 in conflict/).waitFor();
    await expect.poll(async () => (await layers()).map((l) => l.featureCount)).toEqual([5]);
    expect(await nav().getByTestId('conflict-count').textContent()).toBe('1');
  });

  it('shows base, ours and theirs field by field; settling by field is undoable and in the history', async () => {
    await s.page.getByRole('button', { name: 'Review conflicts' }).click();
    const panel = s.page.getByRole('complementary', { name: 'Conflicts' });
    const table = panel.locator('table.conflict-fields');
    await table.waitFor();
    expect(await table.getByRole('row', { name: /Fatalities/ }).innerText()).toMatch(/4\s+0/);
    expect(await table.getByRole('row', { name: /Description/ }).innerText()).toMatch(/Road blocked\s+Road blocked by armed group/);
    expect(await panel.getByTestId('conflict-theirs-by').textContent()).toContain('from the file second.csv');
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'reimport-02-conflict.png') });

    await panel.getByLabel('Description: take theirs').check();
    await panel.getByRole('button', { name: 'Apply the chosen fields' }).click();
    await expect.poll(() => nav().getByTestId('conflict-count').count()).toBe(0);
    await panel.getByText(/No open conflicts/).waitFor();

    const point = await s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.screenPoint(18.52, 4.45));
    const box = (await s.page.getByTestId('map').boundingBox())!;
    await mapIdle(s.page);
    await s.page.mouse.click(box.x + point.x, box.y + point.y);
    const inspector = s.page.getByRole('complementary', { name: 'Feature' });
    await inspector.getByRole('row', { name: /Fatalities 4/ }).waitFor();
    await inspector.getByRole('row', { name: /Description Road blocked by armed group/ }).waitFor();
    await expect.poll(() => inspector.getByRole('region', { name: 'History' }).textContent()).toContain('Resolve conflict on Boy-Rabe');

    await nav().getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => nav().getByTestId('conflict-count').textContent()).toBe('1');
    await inspector.getByRole('row', { name: /Description Road blocked$/ }).waitFor();
    await nav().getByRole('button', { name: 'Redo' }).click();
    await expect.poll(() => nav().getByTestId('conflict-count').count()).toBe(0);
  });

  it('reads in French', async () => {
    await nav().getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => nav().getByTestId('conflict-count').textContent()).toBe('1');
    await s.page.getByLabel('Language').selectOption('fr');
    const panel = s.page.getByRole('complementary', { name: 'Conflits' });
    await panel.getByRole('button', { name: 'Appliquer les champs choisis' }).waitFor();
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'reimport-03-conflict-fr.png') });
  });
});
