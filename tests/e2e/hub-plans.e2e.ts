import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LAYER, LOGIN } from '../../server/hub/demo-mission';
import { PASSWORDS, startMissionHub, type MissionHub } from '../server/hub-mission';
import { clickMapAt, logInToHub, mapIdle, openApp, SCREENSHOT_DIR, waitForLayer, type Session } from './harness';

/**
 * The planner and the humanitarian liaison on one real JOC hub. A site OCHA notifies, drawn at
 * B, raises the deconfliction alert on the Force's route open at A, without A doing anything.
 * The Force renames the incidents layer it owns and OCHA's workstation follows; OCHA can neither
 * rename nor delete the Force's layer, and says why.
 */
describe('plans and layers on one JOC hub', () => {
  let hub: MissionHub;
  let a: Session;
  let b: Session;
  const shot = (s: Session, name: string) => s.page.screenshot({ path: join(SCREENSHOT_DIR, name) });

  beforeAll(async () => {
    const baseUrl = inject('baseUrl');
    hub = await startMissionHub({ allowedOrigins: [new URL(baseUrl).origin] });
    [a, b] = await Promise.all([openApp(baseUrl, [hub.hub.url]), openApp(baseUrl, [hub.hub.url])]);
    await logInToHub(a.page, hub.hub.url, LOGIN.force, PASSWORDS.force);
    await logInToHub(b.page, hub.hub.url, LOGIN.ocha, PASSWORDS.ocha);
    await waitForLayer(a.page, 'Patrol plans', 1);
    await waitForLayer(b.page, 'Humanitarian sites', 1);
  }, 180_000);
  afterAll(async () => {
    for (const s of [a, b]) {
      expect(s?.errors).toEqual([]);
      expect(s?.external).toEqual([]);
    }
    await Promise.all([a?.close(), b?.close()]);
    await hub?.stop();
  });

  it('a site notified at B raises the deconfliction alert on the route A has open, by itself', async () => {
    await a.page.locator('.layer-row', { hasText: 'Patrol plans' }).getByRole('button', { name: 'Zoom to layer' }).click();
    await mapIdle(a.page);
    await a.page.waitForTimeout(600);
    // On Route BRAVO's first leg, (29.2, -1.6) → (29.3, -1.55); the seeded site is ~1 km away, outside its 500 m.
    await clickMapAt(a.page, 29.25, -1.575);
    const inspector = a.page.getByRole('complementary', { name: 'Feature' });
    await inspector.getByRole('heading', { name: 'Route BRAVO' }).waitFor();
    const alerts = inspector.getByRole('region', { name: 'Deconfliction' });
    await alerts.getByText('No deconfliction alert').waitFor();

    const toolbar = b.page.getByRole('toolbar', { name: 'Draw and measure' });
    await toolbar.getByLabel('Kind of point').selectOption('humanitarian');
    const panel = b.page.getByRole('region', { name: 'Humanitarian site tool' });
    await panel.getByLabel(/^Next vertex/).fill('-1.573, 29.25');
    await panel.getByLabel(/^Next vertex/).press('Enter');
    await panel.getByLabel('Name').fill('Rugari transit site');
    await panel.getByLabel('Site type').selectOption('idp_site');
    await panel.getByLabel('Notified for deconfliction').check();
    await panel.getByLabel('Protection radius (m)').fill('1000');
    expect(await panel.getByLabel('Layer').locator('option:checked').innerText()).toBe('Humanitarian sites');
    await shot(b, 'hub-plans-01-site-drawn-en.png');
    const saved = Date.now();
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel.waitFor({ state: 'detached' });

    await alerts.getByText('1 deconfliction alert').waitFor({ timeout: 30_000 });
    // Reported, not asserted: these machines are shared and noisy.
    console.info(`alert shown at A ${Date.now() - saved} ms after B saved the site`);
    expect(await alerts.textContent()).toMatch(/Rugari transit site[\s\S]*1\.00 km protection radius/);
    await mapIdle(a.page);
    await shot(a, 'hub-plans-02-alert-at-a-en.png');
    await inspector.getByRole('button', { name: 'Close' }).click();
  });

  it('the Force renames the incidents layer it owns; OCHA follows, and may not rename or delete it itself', async () => {
    const rowAtA = a.page.locator(`.layer-row[data-layer-id="${LAYER.incidents}"]`);
    expect(await rowAtA.getByRole('button', { name: 'Rename' }).isDisabled()).toBe(false);
    // Whatever the owner's workstation may do, a layer on the hub leaves only with a logout.
    expect(await rowAtA.getByRole('button', { name: 'Delete layer Incidents' }).isDisabled()).toBe(true);
    await rowAtA.getByRole('button', { name: 'Rename' }).click();
    await rowAtA.getByLabel('New name for Incidents').fill('Incidents (JOC)');
    await rowAtA.getByLabel('New name for Incidents').press('Enter');
    await waitForLayer(b.page, 'Incidents (JOC)', 1);

    const rowAtB = b.page.locator(`.layer-row[data-layer-id="${LAYER.incidents}"]`);
    const rename = rowAtB.getByRole('button', { name: 'Rename' });
    expect(await rename.isDisabled()).toBe(true);
    // The owner is named from the hub's sharing directory, which the workstation adopted at login.
    expect(await rename.getAttribute('title')).toBe('Only Force HQ, which owns this shared layer, may rename it or change its marking.');
    expect(await b.page.locator('.layer-group[data-group="hub:force"] .group-title').textContent()).toBe('Shared by Force HQ');
    expect(await rowAtB.getByRole('button', { name: 'Delete layer Incidents (JOC)' }).isDisabled()).toBe(true);
    const badge = rowAtB.getByTestId('marking-badge');
    // aria-disabled: Playwright, like assistive technology, takes it as not clickable.
    expect(await badge.getAttribute('aria-disabled')).toBe('true');
    expect(await badge.getAttribute('title')).toContain('Only Force HQ, which owns this shared layer');
    await shot(b, 'hub-plans-03-owner-only-en.png');

    const onHub = await hub.admin.query<{ name: string }>('select name from layers where id = $1', [LAYER.incidents]);
    expect(onHub.rows[0]?.name).toBe('Incidents (JOC)');
  });
});
