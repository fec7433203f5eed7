import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LAYER, LOGIN } from '../../server/hub/demo-mission';
import { PASSWORDS, startMissionHub, type MissionHub } from '../server/hub-mission';
import { cutOffFromHub, importFixture, mapIdle, openApp, renameInInspector, saveHubAddress, SCREENSHOT_DIR, syncNow, waitForApp, waitForLayer as waitForLayerOn, type Session } from './harness';

type Hook = { layers(): { id: string; name: string; featureCount: number }[] };

/**
 * Two workstations on one real JOC hub (a throwaway PostgreSQL with the demo mission): a Force
 * planner (A) and a humanitarian liaison (B), each logging in through Settings → JOC hub. What
 * the Force keeps to itself never reaches B's IndexedDB; a layer A shares releasable mission-wide
 * appears at B by itself; the connection states and the logout confirmation are shown.
 */
describe('two workstations on one JOC hub', () => {
  let hub: MissionHub;
  let a: Session;
  let b: Session;
  const layersOf = (s: Session) => s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.layers());

  const waitForLayer = (s: Session, name: string, count: number) => waitForLayerOn(s.page, name, count);

  async function connect(s: Session, login: string, password: string, shot: string): Promise<void> {
    await saveHubAddress(s.page, hub.hub.url);
    await s.page.getByTestId('hub-status').click();
    const dialog = s.page.getByRole('dialog', { name: 'JOC hub' });
    await dialog.getByLabel('User').fill(login);
    await dialog.getByLabel('Password').fill('wrong');
    await dialog.getByRole('button', { name: 'Log in' }).click();
    await dialog.getByTestId('hub-login-error').waitFor();
    expect(await dialog.getByTestId('hub-login-error').textContent()).toBe('wrong user name or password');
    await dialog.getByLabel('Password').fill(password);
    await dialog.getByRole('button', { name: 'Log in' }).click();
    await dialog.getByTestId('hub-details').waitFor();
    await s.page.locator('[data-testid="hub-status"][data-status="connected"]').waitFor({ timeout: 30_000 });
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, shot) });
    await dialog.getByRole('button', { name: 'Close' }).click();
  }

  beforeAll(async () => {
    const baseUrl = inject('baseUrl');
    hub = await startMissionHub({ allowedOrigins: [new URL(baseUrl).origin] });
    [a, b] = await Promise.all([openApp(baseUrl, [hub.hub.url]), openApp(baseUrl, [hub.hub.url])]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await hub?.stop();
  });

  it('each logs in as its organisation and gets the layers it may see, grouped by owner; the password is not kept', async () => {
    await connect(a, LOGIN.force, PASSWORDS.force, 'hub-01-connected-en.png');
    await connect(b, LOGIN.ocha, PASSWORDS.ocha, 'hub-02-connected-ocha-en.png');
    await waitForLayer(a, 'Patrol plans', 1);
    await waitForLayer(a, 'Incidents', 2);
    await waitForLayer(b, 'Incidents', 1);
    expect((await layersOf(b)).map((l) => l.name).sort()).toEqual(['Humanitarian sites', 'Incidents']);
    expect(await a.page.locator('[data-group="hub:ocha"]').getByText('Humanitarian sites').count()).toBe(1);
    // The Force may read OCHA's sites but not write to them: it says so; OCHA contributes to the Force's incidents.
    const sitesAtA = a.page.locator('[data-group="hub:ocha"] .layer-row', { hasText: 'Humanitarian sites' });
    expect(await sitesAtA.getByTestId('read-only').count()).toBe(1);
    const incidentsAtB = b.page.locator('[data-group="hub:force"] .layer-row', { hasText: 'Incidents' });
    expect(await incidentsAtB.getByTestId('read-only').count()).toBe(0);
    const stored = await b.page.evaluate(() => JSON.stringify(localStorage));
    expect(stored).not.toContain(PASSWORDS.ocha);
    // The hub's accounts are kept to name who changed a feature, also when starting offline.
    await expect.poll(() => b.page.evaluate(() => localStorage.getItem('common-ground:hub-people') ?? '')).toContain('force.ops');
  });

  /** Every table of the workstation's IndexedDB that can hold a feature, as text. */
  const storedText = (s: Session) =>
    s.page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('common-ground');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const all = (store: string) =>
        new Promise<unknown[]>((resolve, reject) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => resolve(r.result as unknown[]);
          r.onerror = () => reject(r.error);
        });
      const text = JSON.stringify(await Promise.all(['layers', 'chunks', 'changes', 'conflicts', 'outbox', 'tombstones'].map(all)));
      db.close();
      return text;
    });

  it("a Force-only feature and the Force's own layer never reach B's IndexedDB", async () => {
    const dump = await storedText(b);
    expect(dump).toContain(hub.mission.features.sharedIncident);
    expect(dump).not.toContain(hub.mission.features.forceOnlyIncident);
    expect(dump).not.toContain(hub.mission.features.forcePatrol);
    expect(dump).not.toContain('Source report');
  });

  it('a patrol layer A shares mission-wide appears at B by itself', async () => {
    await importFixture(a.page, 'analysis-patrols-car.geojson', 3);
    const row = a.page.locator('.layer-row', { hasText: 'analysis-patrols-car' });
    await row.getByTestId('share-on-hub-button').click();
    const share = a.page.getByTestId('share-on-hub');
    await share.getByLabel('Mission-wide', { exact: true }).check();
    await a.page.screenshot({ path: join(SCREENSHOT_DIR, 'hub-03-share-en.png') });
    const started = Date.now();
    await share.getByRole('button', { name: 'Save' }).click();
    await waitForLayer(b, 'analysis-patrols-car', 3);
    // Reported, not asserted: these machines are shared and noisy.
    console.info(`shared layer seen at B after ${Date.now() - started} ms`);
    await a.page.locator('[data-group="hub:force"]').getByText('analysis-patrols-car').waitFor();
    await a.page.locator('[data-testid="hub-status"][data-status="connected"]').waitFor();
    expect(await a.page.getByTestId('hub-pending').count()).toBe(0);
  });

  it('shows offline when the network drops and connected again when it is back; in French too', async () => {
    await b.context.setOffline(true);
    await b.page.evaluate(() => undefined);
    // The live channel is cut only by the hub going away; asking to sync now finds the network gone.
    await b.page.getByTestId('hub-status').click();
    const dialog = b.page.getByRole('dialog', { name: 'JOC hub' });
    await dialog.getByRole('button', { name: 'Sync now' }).click();
    await b.page.locator('[data-testid="hub-status"][data-status="offline"]').waitFor({ timeout: 30_000 });
    await b.page.screenshot({ path: join(SCREENSHOT_DIR, 'hub-04-offline-en.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await b.page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
    await b.page.getByTestId('hub-status').click();
    await b.page.screenshot({ path: join(SCREENSHOT_DIR, 'hub-05-offline-fr.png') });
    await b.page.getByRole('dialog', { name: 'Hub du JOC' }).getByRole('button', { name: 'Fermer' }).click();
    await b.context.setOffline(false);
    await b.page.locator('[data-testid="hub-status"][data-status="connected"]').waitFor({ timeout: 60_000 });
    await b.page.getByRole('combobox', { name: 'Langue' }).selectOption('en');
  });

  it('B edits while the hub is unreachable, restarts the app, and the edit reaches the hub once when it is back', async () => {
    const reconnect = await cutOffFromHub(b.context, hub.hub.url);
    await renameInInspector(b.page, 'Humanitarian sites', [29.28, -1.57], 'Kanyaruchinya IDP site', 'Kanyaruchinya IDP site (north)');
    await b.page.getByTestId('hub-pending').waitFor({ timeout: 30_000 });
    await b.page.screenshot({ path: join(SCREENSHOT_DIR, 'hub-07-waiting-en.png') });
    // The outbox is in IndexedDB: a restart keeps the edit waiting.
    await b.page.reload();
    await waitForApp(b.page);
    await b.page.getByTestId('hub-pending').waitFor({ timeout: 30_000 });
    await reconnect();
    await syncNow(b.page);
    expect(await b.page.getByTestId('hub-pending').count()).toBe(0);
    const written = await hub.admin.query<{ n: string }>("select count(*) n from changeset_features where feature_id = $1 and props->>'name' = $2", [hub.mission.features.site, 'Kanyaruchinya IDP site (north)']);
    expect(Number(written.rows[0]?.n)).toBe(1);
    await a.page.locator('.layer-row', { hasText: 'Humanitarian sites' }).getByRole('button', { name: 'Zoom to layer' }).click();
    await expect
      .poll(async () => {
        await mapIdle(a.page);
        return a.page.evaluate((id) => (window as unknown as { __cg: { renderedFeatures(l: string): { properties: Record<string, unknown> }[] } }).__cg.renderedFeatures(id).map((f) => f.properties.name), LAYER.sites);
      }, { timeout: 30_000 })
      .toContain('Kanyaruchinya IDP site (north)');
  });

  it('a feature the Force re-marks for itself leaves B: the map, the history and IndexedDB, and B is told', async () => {
    const id = hub.mission.features.sharedIncident;
    expect(await storedText(b)).toContain(id);
    const snap = await hub.force.snapshot(LAYER.incidents);
    const current = snap.ok ? snap.body.features.find((f) => f.id === id) : undefined;
    if (!current) throw new Error('the shared incident is not on the hub');
    const pushed = await hub.force.push({
      id: crypto.randomUUID(),
      layerId: LAYER.incidents,
      label: 'Re-mark the roadblock',
      at: new Date().toISOString(),
      ops: [{ op: 'putFeatures', features: [{ feature: { id, geometry: current.geometry, properties: { ...current.properties, name: 'Roadblock (source: informant 7)' }, marking: { classification: 'CONFIDENTIAL', caveats: [], releasableTo: ['force'] } }, baseVersion: current.version }] }],
    });
    expect(pushed).toMatchObject({ ok: true, body: { status: 'applied' } });
    await waitForLayer(b, 'Incidents', 0);
    await b.page.getByText('1 feature of Incidents is no longer shared with your organisation', { exact: false }).waitFor();
    await b.page.screenshot({ path: join(SCREENSHOT_DIR, 'hub-09-feature-withdrawn-en.png') });
    const dump = await storedText(b);
    expect(dump).not.toContain(id);
    expect(dump).not.toContain('Roadblock');
    expect(dump).not.toContain('informant');
    // A still has it, re-marked.
    await waitForLayer(a, 'Incidents', 2);
  });

  it("logging out asks first, then removes every hub layer from the workstation, the one A shared included", async () => {
    await a.page.getByTestId('hub-status').click();
    const dialog = a.page.getByRole('dialog', { name: 'JOC hub' });
    await dialog.getByRole('button', { name: 'Log out…' }).click();
    await dialog.getByText('Every change has reached the hub.').waitFor();
    await a.page.screenshot({ path: join(SCREENSHOT_DIR, 'hub-06-logout-en.png') });
    await dialog.getByRole('button', { name: "Log out and remove the hub's layers" }).click();
    await a.page.locator('[data-testid="hub-status"][data-status="loggedOut"]').waitFor();
    await a.page.waitForFunction(() => (window as unknown as { __cg: Hook }).__cg.layers().length === 0);
    expect(await layersOf(a)).toEqual([]);
    // Nor does its history keep copies of what it showed (OCHA's site, the Force's roadblock).
    const dump = await storedText(a);
    expect(dump).not.toContain('Kanyaruchinya');
    expect(dump).not.toContain('Roadblock');
    expect(await a.page.evaluate(() => localStorage.getItem('common-ground:hub-people') ?? '')).not.toContain('ocha.liaison');
  });
});
