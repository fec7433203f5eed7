import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { NATO_SCHEME } from '../../shared/domain/marking';
import { importFixture, mapIdle, openApp, SCREENSHOT_DIR, type Session } from './harness';

describe('the marking scheme chosen in Settings', () => {
  let s: Session;
  const settings = () => s.page.getByRole('dialog', { name: 'Settings' });
  const layerBadge = () => s.page.locator('.layer-row', { hasText: 'incidents-mali-car' }).getByTestId('marking-badge');

  beforeAll(async () => {
    s = await openApp(inject('baseUrl'));
    await importFixture(s.page, 'incidents-mali-car.geojson', 12);
    await mapIdle(s.page);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('refuses a file that is not a scheme with its reason, then takes NATO: UN markings stay as stored, with a warning', async () => {
    const bad = join(SCREENSHOT_DIR, 'scheme-bad.json');
    writeFileSync(bad, JSON.stringify({ id: 'x', name: 'X', levels: [], caveats: [] }));
    await s.page.getByRole('button', { name: 'Settings' }).click();
    const chooser = s.page.waitForEvent('filechooser');
    await settings().getByRole('button', { name: 'Import a scheme (JSON)…' }).click();
    await (await chooser).setFiles(bad);
    await expect.poll(() => settings().getByRole('alert').textContent()).toMatch(/Could not read the scheme in scheme-bad\.json: it is not a marking scheme .* at levels/);

    const good = join(SCREENSHOT_DIR, 'scheme-nato.json');
    writeFileSync(good, JSON.stringify({ ...NATO_SCHEME, id: 'mission', name: 'Mission NATO' }));
    const chooser2 = s.page.waitForEvent('filechooser');
    await settings().getByRole('button', { name: 'Import a scheme (JSON)…' }).click();
    await (await chooser2).setFiles(good);
    await expect.poll(() => settings().getByRole('status').textContent()).toMatch(/Scheme Mission NATO read from scheme-nato\.json: 4 levels/);
    expect(await settings().getByLabel('Marking scheme').inputValue()).toBe('imported');
    await settings().screenshot({ path: join(SCREENSHOT_DIR, 'marking-scheme-01-settings-en.png') });
    await settings().getByRole('button', { name: 'Save' }).click();

    const before = 'UNCLASSIFIED';
    expect(await layerBadge().getAttribute('data-classification')).toBe(before);
    await expect.poll(() => layerBadge().getAttribute('data-unknown-level')).toBe('true');
    expect(await layerBadge().getAttribute('title')).toMatch(new RegExp(`${before} is not a level of the Mission NATO scheme: shown as stored, not remapped`));
    // Nothing stored was rewritten.
    expect(await layerBadge().getAttribute('data-classification')).toBe(before);
    expect(await layerBadge().textContent()).toMatch(/^UNCLASSIFIED/);
    await s.page.locator('.layer-row', { hasText: 'incidents-mali-car' }).screenshot({ path: join(SCREENSHOT_DIR, 'marking-scheme-02-layer-en.png') });
  });
});
