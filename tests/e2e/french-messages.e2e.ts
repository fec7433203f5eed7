import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { clickMapAt, mapIdle, openApp, SCREENSHOT_DIR, type Session } from './harness';

/**
 * Issue 15: with the interface in French, every word the user reads is French, including what
 * shared code says (refused rows, an unreadable coordinate, a bad typed vertex, the history after
 * an edit and its undo). The page text is scanned for the English catalogue's sentences.
 */

const LOCALES = 'renderer/i18n/locales';
const CSV = 'tests/fixtures/csv/in/missing-coordinates.csv';

type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : flatten(v, `${prefix}${k}.`)));
}

function catalogue(lang: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readdirSync(join(LOCALES, lang))) {
    const ns = f.replace(/\.json$/, '');
    for (const [k, v] of flatten(JSON.parse(readFileSync(join(LOCALES, lang, f), 'utf8')) as Tree)) out.set(`${ns}:${k}`, v);
  }
  return out;
}

/**
 * The English words that must not show: the literal parts (between {{…}} values) of every English
 * entry that differs from its French one, longer than a few characters and absent from the French.
 */
function englishFragments(): string[] {
  const en = catalogue('en');
  const fr = catalogue('fr');
  const out = new Set<string>();
  for (const [key, text] of en) {
    const french = fr.get(key) ?? '';
    if (french === text) continue;
    for (const part of text.split(/\{\{[^}]*\}\}/)) {
      const p = part.trim();
      if (p.length >= 8 && !french.includes(p)) out.add(p);
    }
  }
  return [...out];
}

const FRAGMENTS = englishFragments();

async function englishOnPage(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  return FRAGMENTS.filter((f) => text.includes(f));
}

const shot = (s: Session, name: string) => s.page.screenshot({ path: join(SCREENSHOT_DIR, `french-${name}.png`) });

describe('the interface in French says everything in French', () => {
  let s: Session;

  beforeAll(async () => {
    s = await openApp(inject('baseUrl'));
    await s.page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
    await s.page.getByRole('button', { name: 'Importer…' }).first().waitFor();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('has English sentences to look for', () => {
    expect(FRAGMENTS.length).toBeGreaterThan(200);
    expect(FRAGMENTS).toContain('is beyond 90°');
  });

  it('lists the refused rows of an import in French', async () => {
    const chooser = s.page.waitForEvent('filechooser');
    await s.page.getByRole('button', { name: 'Importer…' }).first().click();
    await (await chooser).setFiles(CSV);
    const dialog = s.page.getByRole('dialog');
    await dialog.getByText('pas de coordonnées : la cellule de latitude est vide', { exact: false }).waitFor();
    await dialog.getByText('latitude « abc » : pas une latitude', { exact: false }).waitFor();
    await shot(s, '01-import');
    expect(await englishOnPage(s.page)).toEqual([]);
    await dialog.getByRole('button', { name: /^Importer \d+ entités?$/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await mapIdle(s.page);
  });

  it('explains an unreadable coordinate in the go-to box in French', async () => {
    const search = s.page.getByRole('search');
    const box = search.getByRole('combobox').or(search.getByRole('textbox')).first();
    await box.fill("12°61'N 8°W");
    await box.press('Enter');
    await search.getByRole('alert').getByText('les minutes doivent être inférieures à 60', { exact: false }).waitFor();
    await shot(s, '02-goto');
    expect(await englishOnPage(s.page)).toEqual([]);
    await box.fill('');
    await box.press('Escape');
  });

  it('explains a bad typed vertex while drawing in French', async () => {
    await s.page.getByRole('toolbar', { name: 'Dessin et mesure' }).getByRole('button', { name: 'Itinéraire' }).click();
    const vertex = s.page.getByLabel(/^Sommet suivant/);
    await vertex.fill('95, 10');
    await vertex.press('Enter');
    await s.page.getByRole('alert').getByText('la latitude 95 dépasse 90°', { exact: false }).waitFor();
    await shot(s, '03-draw');
    expect(await englishOnPage(s.page)).toEqual([]);
    await s.page.keyboard.press('Escape');
  });

  it('shows an edit and its undo in the history in French', async () => {
    await clickMapAt(s.page, 18.1, 4.1);
    const inspector = s.page.getByRole('complementary', { name: 'Entité' });
    await inspector.getByRole('heading', { name: 'One' }).waitFor();
    await inspector.getByRole('button', { name: 'Modifier', exact: true }).click();
    await inspector.getByLabel('Nom').fill('Un');
    await inspector.getByRole('button', { name: 'Enregistrer' }).click();
    await inspector.getByRole('heading', { name: 'Un' }).waitFor();
    await s.page.getByRole('navigation').getByRole('button', { name: 'Annuler' }).click();
    await inspector.getByRole('heading', { name: 'One' }).waitFor();
    const history = inspector.getByRole('region', { name: 'Historique' });
    await expect.poll(() => history.innerText()).toMatch(/Annulation : Modification de One[\s\S]*Modification de One[\s\S]*Import de missing-coordinates\.csv/);
    await shot(s, '04-history');
    expect(await englishOnPage(s.page)).toEqual([]);
  });

  it('reads a notice still on screen in the language chosen after it was shown', async () => {
    await s.page.getByRole('combobox', { name: 'Langue' }).selectOption('en');
    await s.page.getByRole('button', { name: 'Delete layer missing-coordinates' }).click();
    await s.page.getByRole('dialog', { name: 'Delete layer?' }).getByRole('button', { name: 'Delete', exact: true }).click();
    const notice = s.page.getByRole('status').filter({ hasText: 'Deleted layer missing-coordinates.' });
    await notice.waitFor();
    await s.page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
    const french = s.page.getByRole('status').filter({ hasText: 'Couche missing-coordinates supprimée.' });
    await french.waitFor();
    await mapIdle(s.page);
    // Nothing of the deleted layer stays on the map, not even the highlight of the feature picked in it.
    expect(await s.page.evaluate(() => (window as unknown as { __cg: { selectionRendered(): number } }).__cg.selectionRendered())).toBe(0);
    await shot(s, '05-notice');
    expect(await englishOnPage(s.page)).toEqual([]);
    await french.getByRole('button', { name: 'Annuler' }).click();
    await s.page.locator('.layer-row').filter({ hasText: 'missing-coordinates' }).waitFor();
  });

  it('made no request that left the machine and hit no page error', () => {
    expect(s.external).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
