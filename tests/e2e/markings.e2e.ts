import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readDirectoryFile, serialiseDirectory } from '../../shared/domain/sharing-directory-file';
import { chooseFile, clickMapAt, FIXTURES, mapIdle, openApp, SCREENSHOT_DIR, type Session } from './harness';

type Hook = { layers(): { id: string; name: string }[]; selectedFeature(): { properties: Record<string, unknown> } | null };

/** Mopti clash, the first incident of the fixture, away from the others. */
const MOPTI: [number, number] = [-4.1976, 14.4843];

describe('markings: layer badge, inspector, legend and the export banner', () => {
  let s: Session;
  const row = () => s.page.locator('.layer-row', { hasText: 'incidents-mali-car' });
  const inspector = () => s.page.getByRole('complementary', { name: /Feature|Entité/ });
  const legendMarking = () => s.page.getByTestId('legend-marking').getByTestId('marking-badge');
  const exportDialog = () => s.page.getByRole('dialog', { name: /Export map|Exporter la carte/ });

  beforeAll(async () => {
    s = await openApp(inject('baseUrl'));
    await chooseFile(s.page, join(FIXTURES, 'incidents-mali-car.geojson'));
    const d = s.page.getByRole('dialog');
    await d.getByTestId('features-found').waitFor();
    await d.getByRole('button', { name: 'Import 12 features' }).click();
    await d.waitFor({ state: 'hidden' });
    await s.page.waitForFunction(() => (window as unknown as { __cg: Hook }).__cg.layers().length === 1);
    await mapIdle(s.page);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('chooses the user’s organisation and keeps the sharing directory, exportable as a JSON file', async () => {
    await s.page.getByRole('button', { name: 'Settings' }).click();
    const settings = s.page.getByRole('dialog', { name: 'Settings' });
    await settings.getByLabel('Your organisation (sharing directory)').selectOption('joc');
    await settings.getByRole('button', { name: 'Sharing directory…' }).click();
    const dir = s.page.getByRole('dialog', { name: 'Sharing directory' });
    await dir.waitFor();
    await dir.getByRole('button', { name: 'Add group' }).click();
    await dir.getByLabel('Name (new_group)', { exact: true }).fill('Protection cluster');
    const members = dir.getByRole('group', { name: 'Members of Protection cluster' });
    await members.getByLabel('UNHCR', { exact: true }).check();
    await members.getByLabel('UNICEF', { exact: true }).check();
    await dir.screenshot({ path: join(SCREENSHOT_DIR, 'markings-01-directory-en.png') });
    const download = s.page.waitForEvent('download');
    await dir.getByRole('button', { name: 'Export…' }).click();
    const path = join(SCREENSHOT_DIR, 'markings-directory.json');
    await (await download).saveAs(path);
    const read = readDirectoryFile(readFileSync(path, 'utf8'));
    expect(read.ok && read.directory.groups.find((g) => g.id === 'new_group')).toEqual({ id: 'new_group', name: 'Protection cluster', members: ['unhcr', 'unicef'] });
    if (!read.ok) throw new Error('exported directory does not read back');

    // A file that is not a directory is refused with the reason; an edited export comes back in.
    const bad = join(SCREENSHOT_DIR, 'markings-not-a-directory.json');
    writeFileSync(bad, '{"type":"FeatureCollection","features":[]}');
    const refused = s.page.waitForEvent('filechooser');
    await dir.getByRole('button', { name: 'Import…' }).click();
    await (await refused).setFiles(bad);
    await dir.getByRole('alert').getByText('markings-not-a-directory.json is not a sharing directory exported by Common Ground.').waitFor();
    const edited = { ...read.directory, organisations: [...read.directory.organisations, { id: 'msf', name: 'Médecins Sans Frontières', shortName: 'MSF', clearance: 'UNCLASSIFIED' }] };
    const good = join(SCREENSHOT_DIR, 'markings-directory-edited.json');
    writeFileSync(good, serialiseDirectory(edited));
    const chooser = s.page.waitForEvent('filechooser');
    await dir.getByRole('button', { name: 'Import…' }).click();
    await (await chooser).setFiles(good);
    await dir.getByLabel('Name (msf)', { exact: true }).waitFor();
    expect(await dir.getByRole('alert').count()).toBe(0);
    await dir.getByRole('button', { name: 'Save' }).click();
    // Back in the settings, which keep the organisation chosen.
    await settings.getByRole('button', { name: 'Save' }).click();
    await settings.waitFor({ state: 'hidden' });
  });

  it('shows the layer’s marking as a badge and changes it as an undoable edit', async () => {
    const badge = row().getByTestId('marking-badge');
    await expect.poll(() => badge.textContent()).toBe('UNCLASSIFIED');
    await badge.click();
    const editor = row().getByRole('form', { name: 'Marking of incidents-mali-car' });
    await editor.getByLabel('Classification').selectOption('CONFIDENTIAL');
    await editor.getByLabel('Originator').selectOption('joc');
    await editor.getByLabel('Mission-wide', { exact: true }).check();
    await editor.getByLabel('Protection cluster', { exact: true }).check();
    await row().screenshot({ path: join(SCREENSHOT_DIR, 'markings-02-layer-editor-en.png') });
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => badge.getAttribute('data-classification')).toBe('CONFIDENTIAL');
    expect(await badge.getAttribute('title')).toBe('Marking of incidents-mali-car: CONFIDENTIAL · from JOC · releasable to Mission-wide, Protection cluster');
    await expect.poll(() => legendMarking().textContent()).toBe('CONFIDENTIAL');
    await s.page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(() => badge.getAttribute('data-classification')).toBe('UNCLASSIFIED');
    await s.page.getByRole('button', { name: 'Redo', exact: true }).click();
    await expect.poll(() => badge.getAttribute('data-classification')).toBe('CONFIDENTIAL');
  });

  it('shows a feature’s inherited marking in the inspector, and its own once given one', async () => {
    await row().getByRole('button', { name: 'Zoom to layer' }).click();
    await mapIdle(s.page);
    await s.page.waitForTimeout(600);
    await clickMapAt(s.page, ...MOPTI);
    await expect.poll(() => inspector().getByRole('heading', { level: 2 }).textContent()).toBe('Mopti clash');
    const own = inspector().getByTestId('feature-marking');
    await expect.poll(() => own.getAttribute('data-inherited')).toBe('true');
    expect(await own.getByTestId('marking-badge').textContent()).toBe('CONFIDENTIAL');
    await expect.poll(() => own.textContent()).toContain('inherited from the layer');

    await inspector().getByRole('button', { name: 'Change the marking of Mopti clash' }).click();
    const editor = inspector().getByRole('form', { name: 'Marking of Mopti clash' });
    await editor.getByLabel('Same as the layer (CONFIDENTIAL)').uncheck();
    await editor.getByLabel('Classification').selectOption('STRICTLY CONFIDENTIAL');
    await editor.getByLabel('Mission-wide', { exact: true }).uncheck();
    await editor.getByLabel('JMAC', { exact: true }).check();
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'markings-03-inspector-editor-en.png') });
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => own.getAttribute('data-inherited')).toBe('false');
    expect(await own.getByTestId('marking-badge').textContent()).toBe('STRICTLY CONFIDENTIAL');
    expect(await own.textContent()).toContain('releasable to Protection cluster, JMAC');
    const stored = await s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.selectedFeature()?.properties);
    expect(stored).toMatchObject({ classification: 'STRICTLY CONFIDENTIAL', originator: 'joc', releasableTo: ['new_group', 'jmac'] });
    // The layer keeps its own marking; the legend takes the highest shown.
    expect(await inspector().getByTestId('layer-marking').getByTestId('marking-badge').textContent()).toBe('CONFIDENTIAL');
    await expect.poll(() => legendMarking().textContent()).toBe('STRICTLY CONFIDENTIAL');
    await mapIdle(s.page);
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'markings-04-inspector-legend-en.png') });
  });

  it('defaults the export banner to the highest marking shown and warns below it', async () => {
    await s.page.getByRole('button', { name: 'Export map…' }).click();
    const d = exportDialog();
    await d.waitFor();
    expect(await d.getByLabel('Classification').inputValue()).toBe('STRICTLY CONFIDENTIAL');
    expect(await d.getByTestId('marking-below').count()).toBe(0);
    await d.getByLabel('Classification').selectOption('CONFIDENTIAL');
    await d.getByTestId('marking-below').waitFor();
    expect(await d.getByTestId('marking-below').textContent()).toBe('The map shows content marked STRICTLY CONFIDENTIAL: a CONFIDENTIAL banner is lower than that.');
    await d.locator('[data-testid="export-preview"][data-state="ready"]').waitFor({ timeout: 90_000 });
    await d.screenshot({ path: join(SCREENSHOT_DIR, 'markings-05-export-warning-en.png') });
    await d.getByRole('button', { name: 'Cancel' }).click();

    // Hiding the layer leaves nothing marked on the map: the banner defaults to the lowest level.
    await row().getByRole('checkbox', { name: /Show/ }).uncheck();
    await expect.poll(() => s.page.getByTestId('legend-marking').count()).toBe(0);
    await s.page.getByRole('button', { name: 'Export map…' }).click();
    await d.waitFor();
    expect(await d.getByLabel('Classification').inputValue()).toBe('UNCLASSIFIED');
    await d.getByRole('button', { name: 'Cancel' }).click();
    await row().getByRole('checkbox', { name: /Show/ }).check();
  });

  it('says it all in French', async () => {
    await s.page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
    await s.page.getByRole('button', { name: 'Importer…' }).first().waitFor();
    const badge = row().getByTestId('marking-badge');
    await expect.poll(() => badge.textContent()).toBe('CONFIDENTIEL');
    await expect.poll(() => legendMarking().textContent()).toBe('STRICTEMENT CONFIDENTIEL');
    const own = inspector().getByTestId('feature-marking');
    expect(await own.textContent()).toContain('communicable à Protection cluster, JMAC');
    await inspector().getByRole('button', { name: 'Modifier le marquage de la couche incidents-mali-car' }).click();
    await inspector().getByRole('form', { name: 'Marquage de incidents-mali-car' }).waitFor();
    await mapIdle(s.page);
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'markings-06-inspector-fr.png') });
    await inspector().getByRole('button', { name: 'Annuler' }).click();

    await s.page.getByRole('button', { name: 'Exporter la carte…' }).click();
    const d = exportDialog();
    await d.waitFor();
    await d.getByLabel('Classification').selectOption('UNCLASSIFIED');
    expect(await d.getByTestId('marking-below').textContent()).toBe('La carte montre des données marquées STRICTEMENT CONFIDENTIEL : un bandeau NON CLASSIFIÉ est inférieur.');
    await d.locator('[data-testid="export-preview"][data-state="ready"]').waitFor({ timeout: 90_000 });
    await d.screenshot({ path: join(SCREENSHOT_DIR, 'markings-07-export-warning-fr.png') });
    await d.getByRole('button', { name: 'Annuler' }).click();

    await s.page.getByRole('button', { name: 'Paramètres' }).click();
    await s.page.getByRole('button', { name: 'Annuaire de partage…' }).click();
    const dir = s.page.getByRole('dialog', { name: 'Annuaire de partage' });
    await dir.waitFor();
    await dir.screenshot({ path: join(SCREENSHOT_DIR, 'markings-08-directory-fr.png') });
    await dir.getByRole('button', { name: 'Annuler' }).click();
    await s.page.getByRole('dialog', { name: 'Paramètres' }).getByRole('button', { name: 'Annuler' }).click();
    await s.page.getByRole('combobox', { name: 'Langue' }).selectOption('en');
  });

  it('made no request that left the machine and hit no page error', () => {
    expect(s.external).toEqual([]);
    expect(s.errors.filter((e) => !/WebGL|GPU stall/i.test(e))).toEqual([]);
  });
});
