import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseFile, clickMapAt, FIXTURES, mapIdle, openApp, SCREENSHOT_DIR, waitForApp, type Session } from './harness';

interface HookLayer {
  id: string;
  name: string;
  kind: string;
  featureCount: number;
}
type Hook = {
  layers(): HookLayer[];
  screenPoint(lng: number, lat: number): { x: number; y: number };
  analysisRoles(): Record<string, number>;
  selectionRendered(): number;
  selection(): { layerId: string; featureId: string }[];
};

describe('analyses: deconfliction alerts and acknowledged approval, coverage, proximity, nearest, density, box and lasso selection', () => {
  let s: Session;
  const hook = <T>(fn: (h: Hook) => T): Promise<T> => s.page.evaluate(`(${fn.toString()})(window.__cg)`) as Promise<T>;
  const layers = () => s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.layers());
  /** Screenshots with the legend folded, so the highlights are not hidden behind it. */
  const shot = async (name: string) => {
    const toggle = s.page.locator('.legend-toggle[aria-expanded="true"]');
    if (await toggle.count()) await toggle.click();
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, `analysis-${name}.png`) });
  };
  const inspector = () => s.page.getByRole('complementary', { name: 'Feature' });
  const panel = () => s.page.getByRole('complementary', { name: 'Analyses' });

  async function importFile(file: string, count: number): Promise<void> {
    const before = (await layers()).length;
    await chooseFile(s.page, join(FIXTURES, file));
    const dialog = s.page.getByRole('dialog');
    await dialog.getByTestId('features-found').waitFor();
    await dialog.getByRole('button', { name: `Import ${count} features` }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await layers()).length).toBe(before + 1);
    await mapIdle(s.page);
  }

  async function zoomTo(layerName: string): Promise<void> {
    await s.page.locator('.layer-row', { hasText: layerName }).getByRole('button', { name: 'Zoom to layer' }).click();
    await mapIdle(s.page);
    await s.page.waitForTimeout(600);
    await mapIdle(s.page);
  }

  /** Centres the map on a typed position, closer in, through the go-to box as a user would. */
  async function goTo(text: string): Promise<void> {
    const box = s.page.getByRole('search').getByRole('combobox').or(s.page.getByRole('search').getByRole('textbox'));
    await box.first().fill(text);
    await box.first().press('Enter');
    await s.page.waitForTimeout(2500);
    await mapIdle(s.page);
  }

  const clickAt = (lng: number, lat: number) => clickMapAt(s.page, lng, lat);

  beforeAll(async () => {
    s = await openApp(inject('baseUrl'));
  });
  afterAll(async () => {
    expect(s.external).toEqual([]);
    await s?.close();
  });

  it('shows the alert of a draft route through a notified site’s radius in the inspector', async () => {
    await importFile('analysis-sites-car.geojson', 3);
    await importFile('analysis-patrols-car.geojson', 3);
    const kinds = Object.fromEntries((await layers()).map((l) => [l.name, l.kind]));
    expect(kinds).toMatchObject({ 'analysis-sites-car': 'humanitarian', 'analysis-patrols-car': 'patrol' });
    await goTo('6.56N 22.025E');
    // The route runs along 6.56°N, 550 m north of the site at its closest: click on it 3.9 km
    // east of the site, outside the drawn 2 km protection circle, where the map is centred.
    await clickAt(22.025, 6.56);
    await expect.poll(() => inspector().getByRole('heading', { level: 2 }).textContent()).toBe('Route Bria north');
    const alerts = inspector().getByRole('region', { name: 'Deconfliction' });
    await alerts.getByText('1 deconfliction alert').waitFor();
    const text = (await alerts.textContent()) ?? '';
    expect(text).toContain('PK3 IDP site');
    // 2 km radius, the route 0.55 km from the site: 1.45 km inside.
    expect(text).toMatch(/2\.00 km protection radius: 0\.5\d km from the site, 1\.4\d km inside/);
    await shot('01-plan-alert');
  });

  it('asks for an acknowledgement to approve, and records it in the history across a reload', async () => {
    await inspector().getByRole('button', { name: 'Approve plan' }).click();
    const dialog = s.page.getByRole('dialog', { name: 'Approve Route Bria north with open alerts?' });
    await dialog.waitFor();
    const confirm = dialog.getByRole('button', { name: 'Approve with acknowledgement' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByRole('checkbox').check();
    await dialog.getByRole('textbox').fill('Route agreed with OCHA liaison; convoy escorted past the site.');
    await shot('02-acknowledge-dialog');
    await confirm.click();
    await dialog.waitFor({ state: 'hidden' });
    const history = inspector().getByRole('region', { name: 'History' });
    await history.getByText('Approve Route Bria north with 1 open alert acknowledged').waitFor();
    await expect.poll(() => inspector().locator('.attributes').textContent()).toContain('Approved');

    await s.page.reload();
    await waitForApp(s.page);
    await mapIdle(s.page);
    await clickAt(22.025, 6.56);
    await expect.poll(() => inspector().getByRole('heading', { level: 2 }).textContent()).toBe('Route Bria north');
    const after = inspector().getByRole('region', { name: 'History' });
    await after.getByText('Acknowledged 1 open alert:').waitFor();
    const recorded = (await after.textContent()) ?? '';
    expect(recorded).toContain('Approve Route Bria north with 1 open alert acknowledged');
    expect(recorded).toContain('PK3 IDP site');
    expect(recorded).toContain('Reason: Route agreed with OCHA liaison; convoy escorted past the site.');
    expect(recorded).toMatch(/Status: Draft → Approved/i);
    await inspector().scrollIntoViewIfNeeded();
    await shot('03-history-after-reload');
  });

  it('approves a plan without alerts at once, with no acknowledgement', async () => {
    await goTo('5.825N 20.75E');
    await clickAt(20.75, 5.825);
    await expect.poll(() => inspector().getByRole('heading', { level: 2 }).textContent()).toBe('Route Bambari east');
    await inspector().getByText('No deconfliction alert').waitFor();
    await inspector().getByRole('button', { name: 'Approve plan' }).click();
    await expect.poll(() => inspector().locator('.attributes').textContent()).toContain('Approved');
    expect(await s.page.getByRole('dialog').count()).toBe(0);
    const history = (await inspector().getByRole('region', { name: 'History' }).textContent()) ?? '';
    expect(history).not.toContain('acknowledged');
  });

  it('runs deconfliction from the panel: the alert is listed and its route, site and contact point highlighted', async () => {
    await inspector().getByRole('button', { name: 'Close' }).click();
    await s.page.getByRole('button', { name: 'Analyses' }).click();
    await panel().getByRole('combobox').selectOption({ label: 'Deconfliction' });
    await panel().getByRole('button', { name: 'Run' }).click();
    const result = panel().getByRole('region', { name: 'Result' });
    await result.getByText('1 alert').waitFor();
    const items = await result.locator('.result-item').allTextContents();
    expect(items).toHaveLength(1);
    // Approved plans are still checked: the acknowledgement does not make the alert go away.
    expect(items[0]).toMatch(/^Route Bria north.*Enters the 2 km radius of PK3 IDP site: 0\.56 km from it, 1\.44 km inside$/);
    // A click on the alert opens the route in the inspector and frames it, with the site's circle.
    await result.locator('.result-item').first().click();
    await expect.poll(() => inspector().getByRole('heading', { level: 2 }).textContent()).toBe('Route Bria north');
    await mapIdle(s.page);
    await s.page.waitForTimeout(600);
    await mapIdle(s.page);
    await expect.poll(() => hook((h) => h.analysisRoles())).toEqual({ hit: 1, target: 1, where: 1 });
    await shot('04-deconfliction-panel');
    await inspector().getByRole('button', { name: 'Close' }).click();
  });

  it('runs coverage: sites outside every active patrol area or too far from an approved route, with the reason', async () => {
    await panel().getByRole('combobox').selectOption({ label: 'Coverage' });
    await panel().getByRole('spinbutton').fill('5');
    await panel().getByRole('radio', { name: 'All dates' }).check();
    await panel().getByRole('button', { name: 'Run' }).click();
    const result = panel().getByRole('region', { name: 'Result' });
    // PK3 is 0.56 km from the (now approved) Bria route but in no patrol area; the health centre
    // lies in the active Bambari area but 6.27 km from the nearest route; the warehouse has neither.
    await result.getByText('3 uncovered sites').waitFor();
    expect(await result.locator('.result-item').allTextContents()).toEqual([
      'PK3 IDP siteanalysis-sites-carNo active patrol area covers it',
      'Bambari health centreanalysis-sites-car6.27 km from the nearest patrol route',
      'Bangui warehouseanalysis-sites-carNo patrol area; nearest route 279.87 km',
    ]);
    await zoomTo('analysis-sites-car');
    await expect.poll(() => hook((h) => h.analysisRoles())).toEqual({ hit: 3 });
    await shot('05-coverage');
  });

  it('runs a proximity analysis from the panel, lists and highlights the results, saves them as a layer', async () => {
    await importFile('incidents-mali-car.geojson', 12);
    await panel().getByRole('combobox').selectOption({ label: 'Incidents near sites' });
    await panel().getByRole('spinbutton').fill('5');
    await panel().getByRole('radio', { name: 'All dates' }).check();
    await panel().getByRole('button', { name: 'Run' }).click();
    const result = panel().getByRole('region', { name: 'Result' });
    await result.getByText('2 incidents near a site').waitFor();
    const items = await result.locator('.result-item').allTextContents();
    expect(items).toHaveLength(2);
    expect(items.find((t) => t.includes('Bria clash'))).toMatch(/1\.46 km from PK3 IDP site/);
    expect(items.find((t) => t.includes('Bambari looting'))).toMatch(/\d\.\d+ km from Bambari health centre/);

    await zoomTo('analysis-sites-car');
    await expect.poll(() => hook((h) => h.analysisRoles())).toEqual({ hit: 2, target: 2 });
    await shot('06-proximity-result');

    await result.getByRole('button', { name: 'Save as layer' }).click();
    await expect.poll(async () => (await layers()).find((l) => l.name.startsWith('Incidents near sites'))?.featureCount).toBe(2);
    const saved = (await layers()).find((l) => l.name.startsWith('Incidents near sites'));
    expect(saved?.kind).toBe('incident');
    await result.getByText('Saved as a new layer (undo removes it).').waitFor();
  });

  it('lists the sites nearest to the incident open in the inspector, with distance and bearing', async () => {
    const result = panel().getByRole('region', { name: 'Result' });
    await result.locator('.result-item', { hasText: 'Bria clash' }).click();
    await expect.poll(() => inspector().getByRole('heading', { level: 2 }).textContent()).toBe('Bria clash');
    await panel().getByRole('combobox').selectOption({ label: 'Nearest to an incident' });
    await panel().getByRole('spinbutton').fill('2');
    await panel().getByRole('button', { name: 'Run' }).click();
    await result.getByText('2 nearest sites').waitFor();
    expect(await result.locator('.result-item').allTextContents()).toEqual([
      'PK3 IDP siteanalysis-sites-car1.46 km, bearing 15°',
      'Bambari health centreanalysis-sites-car170.51 km, bearing 239°',
    ]);
    await inspector().getByRole('button', { name: 'Close' }).click();
    await zoomTo('analysis-sites-car');
    await expect.poll(() => hook((h) => h.analysisRoles())).toEqual({ origin: 1, hit: 2 });
    await shot('07-nearest');
    await panel().getByRole('button', { name: 'Clear result' }).click();
  });

  /** Drags through the given positions on the map, holding `key` if given. */
  async function dragThrough(points: [number, number][], key?: 'Shift' | 'Control'): Promise<void> {
    const map = await s.page.getByTestId('map').boundingBox();
    if (!map) throw new Error('no map');
    const px = await Promise.all(points.map(([lng, lat]) => s.page.evaluate(([lng, lat]) => (window as unknown as { __cg: Hook }).__cg.screenPoint(lng as number, lat as number), [lng, lat])));
    if (key) await s.page.keyboard.down(key);
    const [first, ...rest] = px;
    if (!first) return;
    await s.page.mouse.move(map.x + first.x, map.y + first.y);
    await s.page.mouse.down();
    for (const p of rest) await s.page.mouse.move(map.x + p.x, map.y + p.y, { steps: 5 });
    await s.page.mouse.up();
    if (key) await s.page.keyboard.up(key);
  }

  it('box-selects incidents with shift-drag, adds a lasso with Ctrl, summarises the selection; Esc clears it', async () => {
    // Fold the draw toolbar so the whole of the map's left edge takes the drag.
    await s.page.getByRole('toolbar', { name: 'Draw and measure' }).getByRole('button', { name: 'Draw and measure' }).click();
    await zoomTo('incidents-mali-car');
    // Mopti, Sévaré and Douentza lie in this box; Timbuktu (16.77°N) and Ségou (6.26°W) do not.
    await dragThrough(
      [
        [-4.6, 15.3],
        [-3.6, 14.7],
        [-2.7, 14.2],
      ],
      'Shift',
    );
    const summary = panel().getByRole('region', { name: 'Selection' });
    await summary.getByText('3 features selected').waitFor();
    expect(await summary.locator('.selection-groups li').allTextContents()).toEqual(['incidents-mali-car · Incidents 3']);

    // The lasso around Timbuktu and Gao, added to the box with Ctrl held; Kidal and Ménaka stay out.
    await panel().getByRole('button', { name: 'Lasso' }).click();
    await dragThrough(
      [
        [-3.5, 17.2],
        [-1.5, 17.1],
        [0.5, 17.0],
        [0.3, 15.9],
        [-1.5, 16.15],
        [-3.3, 16.4],
      ],
      'Control',
    );
    await summary.getByText('5 features selected').waitFor();
    // The click that ends the drag does not open the feature under the pointer.
    expect(await inspector().count()).toBe(0);
    expect(await summary.locator('.selection-groups li').allTextContents()).toEqual(['incidents-mali-car · Incidents 5']);
    const names = await s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.selection().length);
    expect(names).toBe(5);
    await mapIdle(s.page);
    await expect.poll(() => hook((h) => h.selectionRendered())).toBe(5);
    await shot('08-box-and-lasso-selection');

    await s.page.keyboard.press('Escape');
    await summary.getByText('0 features selected').waitFor();
    expect(await hook((h) => h.selection().length)).toBe(0);
  });

  it('maps incident density per area as a choropleth, with a table sortable by trend', async () => {
    await importFile('analysis-areas-mali.geojson', 3);
    expect((await layers()).find((l) => l.name === 'analysis-areas-mali')?.kind).toBe('reference');
    await panel().getByRole('combobox').selectOption({ label: 'Incident density' });
    // A reference layer is the default area layer, before the patrol areas.
    expect(await panel().getByRole('radio', { name: 'analysis-areas-mali' }).isChecked()).toBe(true);
    await panel().getByRole('radio', { name: 'Dates' }).check();
    await panel().getByLabel('From', { exact: true }).fill('2026-11-16');
    await panel().getByLabel('To', { exact: true }).fill('2026-11-21');
    await panel().getByRole('button', { name: 'Run' }).click();
    const result = panel().getByRole('region', { name: 'Result' });
    await result.getByText('3 areas').waitFor();
    const rows = async () => (await result.locator('tbody tr').allTextContents()).map((r) => r.replace(/\s+/g, ' ').trim());
    // 16–21 November against 10–15 November: Mopti 2 vs 1 (Douentza before), Gao 1 vs 1 (Ménaka
    // before), Ségou 0 vs 1. Sorted by count, most first.
    expect((await rows()).map((r) => r.split(/\d/)[0])).toEqual(['Mopti sector', 'Gao sector', 'Ségou sector']);
    expect((await rows())[0]).toMatch(/^Mopti sector21\+100 %/);
    expect((await rows())[1]).toMatch(/^Gao sector110 %/);
    expect((await rows())[2]).toMatch(/^Ségou sector01-100 %/);
    await result.getByRole('button', { name: /^Trend/ }).click();
    expect((await rows()).map((r) => r.split(/\d/)[0])).toEqual(['Mopti sector', 'Gao sector', 'Ségou sector']);
    await result.getByRole('button', { name: /^Trend/ }).click();
    expect((await rows()).map((r) => r.split(/\d/)[0])).toEqual(['Ségou sector', 'Gao sector', 'Mopti sector']);
    expect(await result.getByRole('columnheader', { name: /^Trend/ }).getAttribute('aria-sort')).toBe('ascending');

    await zoomTo('analysis-areas-mali');
    await expect.poll(() => hook((h) => h.analysisRoles())).toEqual({ area: 3 });
    await shot('09-density');
  });
});
