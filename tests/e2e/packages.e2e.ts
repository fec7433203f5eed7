import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseFile, clickMapAt, FIXTURES, mapIdle, openApp, SCREENSHOT_DIR, type Session } from './harness';

type Hook = { layers(): { id: string; name: string; featureCount: number }[] };

/** Mopti clash, the first incident of the fixture, away from the others. */
const MOPTI: [number, number] = [-4.1976, 14.4843];
/** Kidal shelling, the northernmost incident. */
const KIDAL: [number, number] = [1.4078, 18.4411];

/**
 * Two agencies on two workstations exchange the same layer by file: the JOC (A) shares its
 * incidents with OCHA (B); B edits one and shares it back while A edits the same one; A opens
 * B's package, sees the conflict, settles it, and the history says who did what.
 */
describe('data packages between two agencies, with a conflict settled', () => {
  let a: Session;
  let b: Session;
  const layersOf = (s: Session) => s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.layers());

  async function identify(s: Session, org: string, name: string): Promise<void> {
    await s.page.getByRole('button', { name: 'Settings' }).click();
    const settings = s.page.getByRole('dialog', { name: 'Settings' });
    await settings.getByLabel('Your name').fill(name);
    await settings.getByLabel('Your organisation (sharing directory)').selectOption(org);
    await settings.getByRole('button', { name: 'Save' }).click();
    await settings.waitFor({ state: 'hidden' });
  }

  async function share(s: Session, recipient: string, file: string, screenshot: string): Promise<string> {
    await s.page.getByRole('button', { name: 'Share package…' }).click();
    const d = s.page.getByRole('dialog', { name: 'Share a data package' });
    await d.getByRole('combobox', { name: /^Recipient/ }).selectOption(recipient);
    await d.getByTestId('share-marking').waitFor();
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, screenshot) });
    const download = s.page.waitForEvent('download');
    await d.getByRole('button', { name: /^Save the package/ }).click();
    const path = join(SCREENSHOT_DIR, file);
    await (await download).saveAs(path);
    await d.waitFor({ state: 'hidden' });
    return path;
  }

  /** Zooms to the incidents layer and clicks the map at `at`. */
  async function clickIncident(s: Session, at: [number, number]): Promise<void> {
    await s.page.locator('.layer-row').first().getByRole('button', { name: 'Zoom to layer' }).click();
    await mapIdle(s.page);
    await s.page.waitForTimeout(600);
    await clickMapAt(s.page, ...at);
  }

  async function editFatalities(s: Session, value: string): Promise<void> {
    await clickIncident(s, MOPTI);
    const inspector = s.page.getByRole('complementary', { name: 'Feature' });
    await inspector.getByRole('heading', { name: 'Mopti clash' }).waitFor();
    await inspector.getByRole('button', { name: 'Edit', exact: true }).click();
    await inspector.getByLabel('Fatalities').fill(value);
    await inspector.getByRole('button', { name: 'Save' }).click();
    await inspector.getByRole('row', { name: new RegExp(`Fatalities ${value}`) }).waitFor();
    await inspector.getByRole('button', { name: 'Close' }).click();
  }

  beforeAll(async () => {
    [a, b] = await Promise.all([openApp(inject('baseUrl')), openApp(inject('baseUrl'))]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  let toOcha = '';
  let jocKey = '';
  let toJoc = '';

  it('A (JOC) marks its incidents releasable to OCHA and shares a signed package; what goes and what stays is previewed', async () => {
    await identify(a, 'joc', 'Capt. Diallo');
    await chooseFile(a.page, join(FIXTURES, 'incidents-mali-car.geojson'));
    const d = a.page.getByRole('dialog');
    await d.getByTestId('features-found').waitFor();
    await d.getByRole('button', { name: 'Import 12 features' }).click();
    await d.waitFor({ state: 'hidden' });
    const row = a.page.locator('.layer-row').first();
    await row.getByTestId('marking-badge').click();
    const editor = row.getByRole('form', { name: /^Marking of/ });
    await editor.getByLabel('OCHA', { exact: true }).check();
    await editor.getByRole('button', { name: 'Save' }).click();

    await a.page.getByRole('button', { name: 'Share package…' }).click();
    const dialog = a.page.getByRole('dialog', { name: 'Share a data package' });
    await dialog.getByRole('button', { name: 'Create a signing key' }).click();
    await dialog.getByLabel(/Sign with my organisation's key/).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const keyDownload = a.page.waitForEvent('download');
    await a.page.getByRole('button', { name: 'Share package…' }).click();
    await dialog.getByRole('button', { name: 'Save my public key for partners…' }).click();
    jocKey = join(SCREENSHOT_DIR, 'packages-joc-key.json');
    await (await keyDownload).saveAs(jocKey);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    toOcha = await share(a, 'ocha', 'packages-joc-to-ocha.cgpkg', 'packages-01-share-en.png');
    const names = Object.keys(unzipSync(new Uint8Array(readFileSync(toOcha))));
    expect(names).toEqual(expect.arrayContaining(['manifest.json', 'signature.json', 'layers.json']));
  });

  it('B (OCHA) refuses a tampered copy with the reason and keeps its store, warns of the unknown signer, trusts its key file and opens the real one', async () => {
    await identify(b, 'ocha', 'M. Laurent');
    const files = unzipSync(new Uint8Array(readFileSync(toOcha)));
    const layerFile = Object.keys(files).find((n) => n.endsWith('.geojson'))!;
    files[layerFile] = new TextEncoder().encode(new TextDecoder().decode(files[layerFile]).replace('Mopti clash', 'Mopti clasH'));
    const tampered = join(SCREENSHOT_DIR, 'packages-tampered.cgpkg');
    writeFileSync(tampered, zipSync(files));
    await chooseFile(b.page, tampered);
    await b.page.getByText(/Could not open packages-tampered\.cgpkg; nothing was stored: .*does not match its SHA-256/).waitFor();
    expect(await layersOf(b)).toEqual([]);

    await chooseFile(b.page, toOcha);
    const d = b.page.getByRole('dialog', { name: 'Open package packages-joc-to-ocha.cgpkg' });
    await d.getByTestId('package-signature').waitFor();
    expect(await d.getByTestId('package-signature').textContent()).toMatch(/signed by an unknown key/);
    expect(await d.getByTestId('package-added').textContent()).toBe('12');
    const importButton = d.getByRole('button', { name: 'Import', exact: true });
    expect(await importButton.isDisabled()).toBe(true);
    await b.page.screenshot({ path: join(SCREENSHOT_DIR, 'packages-02-open-en.png') });
    // B trusts the JOC's key from the file the JOC handed over: the signature is then valid.
    const chooser = b.page.waitForEvent('filechooser');
    await d.getByRole('button', { name: /Trust JOC's key from its key file/ }).click();
    await (await chooser).setFiles(jocKey);
    await expect.poll(() => d.getByTestId('package-signature').textContent()).toMatch(/^valid, key .* of JOC$/);
    expect(await importButton.isDisabled()).toBe(false);
    await importButton.click();
    await d.waitFor({ state: 'hidden' });
    const [layer] = await layersOf(b);
    const [sent] = await layersOf(a);
    expect(layer).toMatchObject({ id: sent!.id, featureCount: 12 });
  });

  it('B edits a feature and shares back; meanwhile A edits the same feature', async () => {
    await editFatalities(b, '7');
    toJoc = await share(b, 'joc', 'packages-ocha-to-joc.cgpkg', 'packages-03-share-back-en.png');
    await editFatalities(a, '9');
  });

  it('A opens B’s package: the conflict is shown, settled, and the history says who did what', async () => {
    await chooseFile(a.page, toJoc);
    const d = a.page.getByRole('dialog', { name: 'Open package packages-ocha-to-joc.cgpkg' });
    await d.getByTestId('package-conflict').waitFor();
    expect(await d.getByTestId('package-conflict').textContent()).toBe('1');
    expect(await d.getByTestId('package-unchanged').textContent()).toBe('11');
    await d.getByLabel(/I understand that nothing proves/).check();
    await d.getByRole('button', { name: 'Import', exact: true }).click();
    await d.waitFor({ state: 'hidden' });

    await a.page.getByRole('button', { name: 'Review conflicts' }).click();
    const panel = a.page.getByRole('complementary', { name: 'Conflicts' });
    const fatalities = panel.locator('table.conflict-fields').getByRole('row', { name: /Fatalities/ });
    expect(await fatalities.innerText()).toMatch(/9\s+7/);
    expect(await panel.getByTestId('conflict-theirs-by').textContent()).toContain('M. Laurent');
    await a.page.screenshot({ path: join(SCREENSHOT_DIR, 'packages-04-conflict-en.png') });
    await panel.getByRole('button', { name: 'Take theirs' }).click();
    await panel.getByText(/No open conflicts/).waitFor();
    await panel.getByRole('button', { name: 'Close' }).click();

    await clickIncident(a, MOPTI);
    const inspector = a.page.getByRole('complementary', { name: 'Feature' });
    await inspector.getByRole('row', { name: /Fatalities 7/ }).waitFor();
    const history = await inspector.getByRole('region', { name: 'History' }).innerText();
    expect(history).toMatch(/Resolve conflict on Mopti clash[\s\S]*Capt\. Diallo/);
    expect(history).toMatch(/Open package packages-ocha-to-joc\.cgpkg/);
    expect(history).toMatch(/Edit Mopti clash[\s\S]*Fatalities: 4 → 9/);
    expect(history).not.toMatch(/exchangedVersion/);
    expect(await inspector.locator('table.attributes').innerText()).not.toMatch(/exchangedVersion/);
  });

  it('A deletes an incident and shares again: B’s copy of it is withdrawn, and B can undo that', async () => {
    await clickIncident(a, KIDAL);
    const inspector = a.page.getByRole('complementary', { name: 'Feature' });
    await inspector.getByRole('heading', { name: 'Kidal shelling' }).waitFor();
    await inspector.getByRole('button', { name: 'Delete', exact: true }).click();
    await a.page.getByText('Deleted Kidal shelling.').waitFor();

    await a.page.getByRole('button', { name: 'Share package…' }).click();
    const share = a.page.getByRole('dialog', { name: 'Share a data package' });
    await share.getByRole('combobox', { name: /^Recipient/ }).selectOption('ocha');
    await share.getByTestId('share-marking').waitFor();
    await expect.poll(() => share.getByTestId('share-withdrawn').textContent()).toBe('1');
    const download = a.page.waitForEvent('download');
    await share.getByRole('button', { name: /^Save the package/ }).click();
    const withdrawal = join(SCREENSHOT_DIR, 'packages-joc-withdrawal.cgpkg');
    await (await download).saveAs(withdrawal);
    await share.waitFor({ state: 'hidden' });
    const zipped = unzipSync(new Uint8Array(readFileSync(withdrawal)));
    const tombstones = JSON.parse(new TextDecoder().decode(zipped['tombstones.json'])) as { id: string }[];
    expect(tombstones).toHaveLength(1);
    for (const [name, data] of Object.entries(zipped)) {
      if (name.endsWith('.geojson')) expect(new TextDecoder().decode(data)).not.toContain('Kidal shelling');
    }

    await chooseFile(b.page, withdrawal);
    const d = b.page.getByRole('dialog', { name: 'Open package packages-joc-withdrawal.cgpkg' });
    await d.getByTestId('package-withdrawn').waitFor();
    expect(await d.getByTestId('package-withdrawn').textContent()).toBe('1');
    expect(await d.getByTestId('package-conflict').textContent()).toBe('0');
    await b.page.screenshot({ path: join(SCREENSHOT_DIR, 'packages-06-withdrawal-en.png') });
    await d.getByRole('button', { name: 'Import', exact: true }).click();
    await d.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await layersOf(b))[0]?.featureCount).toBe(11);

    await clickIncident(b, KIDAL);
    await b.page.waitForTimeout(400);
    expect(await b.page.getByRole('complementary', { name: 'Feature' }).count()).toBe(0);

    await b.page.getByRole('navigation').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await layersOf(b))[0]?.featureCount).toBe(12);
  });

  it('says it in French', async () => {
    await a.page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
    await a.page.getByRole('button', { name: 'Partager un paquet…' }).click();
    const d = a.page.getByRole('dialog', { name: 'Partager un paquet de données' });
    await d.getByRole('combobox', { name: /^Destinataire/ }).selectOption('unhcr');
    await d.getByTestId('share-marking').waitFor();
    await a.page.screenshot({ path: join(SCREENSHOT_DIR, 'packages-05-share-fr.png') });
    // Not released to UNHCR: nothing goes, and the dialog says why.
    await d.getByText(/Retenues/).first().waitFor();
    await d.getByRole('button', { name: 'Annuler' }).click();
  });
});

