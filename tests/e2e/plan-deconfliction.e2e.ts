import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseFile, clickMapAt, FIXTURES, mapIdle, openApp, SCREENSHOT_DIR, waitForApp, type Session } from './harness';

type Hook = {
  layers(): { id: string; name: string; kind: string; featureCount: number }[];
  screenPoint(lng: number, lat: number): { x: number; y: number };
  selectedFeature(): { id: string; properties: Record<string, unknown> } | null;
};

/**
 * The planner's whole loop, as issue #5 tells it: draw a patrol route through the protection
 * radius of a notified humanitarian site, see the alert, undo and redo the drawing, approve the
 * plan with a recorded acknowledgement, reload, and find it all in the route's history.
 */
describe('planning a patrol route against a notified site', () => {
  let s: Session;
  const layers = () => s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.layers());
  const selected = () => s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.selectedFeature());
  const inspector = () => s.page.getByRole('complementary', { name: 'Feature' });
  const shot = (name: string) => s.page.screenshot({ path: join(SCREENSHOT_DIR, `plan-${name}.png`) });

  const clickAt = (lng: number, lat: number) => clickMapAt(s.page, lng, lat);

  beforeAll(async () => {
    s = await openApp(inject('baseUrl'));
    await chooseFile(s.page, join(FIXTURES, 'analysis-sites-car.geojson'));
    const dialog = s.page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Import 3 features' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await s.page.waitForFunction(() => (window as unknown as { __cg: Hook }).__cg.layers().length === 1);
    const box = s.page.getByRole('search').getByRole('combobox').or(s.page.getByRole('search').getByRole('textbox')).first();
    await box.fill('6.55N 21.99E');
    await box.press('Enter');
    await s.page.waitForTimeout(2500);
    // Out until the site's 2 km circle and the 6 km route fit on screen.
    for (let i = 0; i < 3; i++) {
      await s.page.getByRole('button', { name: 'Zoom out' }).click();
      await s.page.waitForTimeout(400);
    }
    await mapIdle(s.page);
  });
  afterAll(async () => {
    expect(s.external).toEqual([]);
    expect(s.errors).toEqual([]);
    await s?.close();
  });

  it('draws a route with typed vertices through PK3 IDP site’s 2 km radius and shows the alert at once', async () => {
    await s.page.getByRole('toolbar', { name: 'Draw and measure' }).getByRole('button', { name: 'Patrol route' }).click();
    const panel = s.page.getByRole('region', { name: 'Patrol route tool' });
    const next = panel.getByLabel(/^Next vertex/);
    // Along 6.54° N, 1.7 km south of the site at 21.99° E, 6.555° N: inside its 2 km radius.
    for (const text of ['6.54, 21.96', '090 6 km']) {
      await next.fill(text);
      await next.press('Enter');
    }
    await expect.poll(() => panel.getByTestId('draw-length').textContent()).toMatch(/^6\.00 km$/);
    await panel.getByRole('button', { name: 'Finish' }).click();
    await panel.getByLabel('Name').fill('Route Bria south');
    await panel.getByLabel('Unit').fill('BANBAT 1 Coy');
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel.waitFor({ state: 'detached' });

    await expect.poll(async () => (await selected())?.properties.name).toBe('Route Bria south');
    expect((await selected())?.properties.status).toBe('draft');
    const alerts = inspector().getByRole('region', { name: 'Deconfliction' });
    await alerts.getByText('1 deconfliction alert').waitFor();
    expect(await alerts.textContent()).toMatch(/PK3 IDP site[\s\S]*2\.00 km protection radius: 1\.[67]\d km from the site/);
    await mapIdle(s.page);
    await shot('01-drawn-alert');
  });

  it('undoes the drawing, then redoes it', async () => {
    await inspector().getByRole('button', { name: 'Close' }).click();
    await s.page.keyboard.press('Control+z');
    await expect.poll(async () => (await layers()).some((l) => l.kind === 'patrol' && l.featureCount > 0)).toBe(false);
    await s.page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await layers()).find((l) => l.kind === 'patrol')?.featureCount).toBe(1);
    await mapIdle(s.page);
    // 2.35 km from the site, outside its drawn circle: the click finds the route.
    await clickAt(22.005, 6.54);
    await expect.poll(() => inspector().getByRole('heading', { level: 2 }).textContent()).toBe('Route Bria south');
    await inspector().getByRole('region', { name: 'Deconfliction' }).getByText('1 deconfliction alert').waitFor();
  });

  it('approves only with an acknowledgement, recorded in the history, and finds it all after a reload', async () => {
    await inspector().getByRole('button', { name: 'Approve plan' }).click();
    const dialog = s.page.getByRole('dialog', { name: 'Approve Route Bria south with open alerts?' });
    const confirm = dialog.getByRole('button', { name: 'Approve with acknowledgement' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('checkbox').check();
    await dialog.getByRole('textbox').fill('Crossing agreed with the site manager for daylight hours.');
    await confirm.click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await selected())?.properties.status).toBe('approved');

    await s.page.reload();
    await waitForApp(s.page);
    await mapIdle(s.page);
    await clickAt(22.005, 6.54);
    await expect.poll(() => inspector().getByRole('heading', { level: 2 }).textContent()).toBe('Route Bria south');
    const history = inspector().getByRole('region', { name: 'History' });
    await history.getByText('Acknowledged 1 open alert:').waitFor();
    const text = (await history.textContent()) ?? '';
    for (const label of ['Draw Route Bria south', 'Undo: Draw Route Bria south', 'Redo: Draw Route Bria south', 'Approve Route Bria south with 1 open alert acknowledged']) {
      expect(text).toContain(label);
    }
    expect(text).toContain('PK3 IDP site');
    expect(text).toContain('Reason: Crossing agreed with the site manager for daylight hours.');
    await inspector().scrollIntoViewIfNeeded();
    await shot('02-history-after-reload');
  });
});
