import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Route } from 'playwright-core';
import { LAYER, LOGIN } from '../../server/hub/demo-mission';
import { PASSWORDS, startMissionHub, type MissionHub } from '../server/hub-mission';
import { clickMapAt, cutOffFromHub, logInToHub, mapIdle, openApp, renameInInspector, SCREENSHOT_DIR, syncNow, waitForLayer, type Session } from './harness';

const ROADBLOCK: [number, number] = [29.25, -1.58];

/** The feature's properties as this workstation keeps them in IndexedDB. */
async function storedProperties(s: Session, layerId: string, featureId: string): Promise<Record<string, unknown> | undefined> {
  return s.page.evaluate(
    async ([layerId, featureId]) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const r = indexedDB.open('common-ground');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const chunks = await new Promise<{ layerId: string; json: string }[]>((resolve, reject) => {
        const r = db.transaction('chunks').objectStore('chunks').getAll();
        r.onsuccess = () => resolve(r.result as { layerId: string; json: string }[]);
        r.onerror = () => reject(r.error);
      });
      db.close();
      for (const c of chunks) {
        if (c.layerId !== layerId) continue;
        const f = (JSON.parse(c.json) as { id: string; properties: Record<string, unknown> }[]).find((x) => x.id === featureId);
        if (f) return f.properties;
      }
      return undefined;
    },
    [layerId, featureId] as const,
  );
}

/** Opens the feature at `at` in the inspector and gives its History region's entries, newest first. */
async function historyOf(s: Session, at: [number, number]): Promise<string> {
  await mapIdle(s.page);
  await clickMapAt(s.page, at[0], at[1]);
  const region = s.page.getByRole('complementary', { name: 'Feature' }).getByRole('region', { name: 'History' });
  await region.waitFor();
  return (await region.innerText()).replace(/\s+/g, ' ');
}

/**
 * Two workstations on one real JOC hub edit the same incident while both are cut off: the first
 * back lands its edit, the second gets the conflict in its Conflicts panel, settles it there, and
 * the settlement reaches the first. Then the hub is stopped and started again on its database
 * while a push is in flight: the edit is written once.
 */
describe('conflicts and restarts on one JOC hub', () => {
  let hub: MissionHub;
  let a: Session;
  let b: Session;
  const incident = () => hub.mission.features.sharedIncident;
  const hubNames = async (featureId: string, name: string): Promise<number> => {
    const r = await hub.admin.query<{ n: string }>("select count(*) n from changeset_features where feature_id = $1 and props->>'name' = $2", [featureId, name]);
    return Number(r.rows[0]?.n);
  };

  beforeAll(async () => {
    const baseUrl = inject('baseUrl');
    hub = await startMissionHub({ allowedOrigins: [new URL(baseUrl).origin] });
    [a, b] = await Promise.all([openApp(baseUrl, [hub.hub.url]), openApp(baseUrl, [hub.hub.url])]);
    await logInToHub(a.page, hub.hub.url, LOGIN.force, PASSWORDS.force);
    await logInToHub(b.page, hub.hub.url, LOGIN.ocha, PASSWORDS.ocha);
    await waitForLayer(a.page, 'Incidents', 2);
    await waitForLayer(b.page, 'Incidents', 1);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await hub?.stop();
  });

  it('both edit the same incident offline: the second back settles the conflict in its panel, and both end the same', async () => {
    const [reconnectA, reconnectB] = await Promise.all([cutOffFromHub(a.context, hub.hub.url), cutOffFromHub(b.context, hub.hub.url)]);
    await renameInInspector(a.page, 'Incidents', ROADBLOCK, 'Roadblock', 'Roadblock (cleared)');
    await renameInInspector(b.page, 'Incidents', ROADBLOCK, 'Roadblock', 'Roadblock (manned)');
    await Promise.all([a.page.getByTestId('hub-pending').waitFor({ timeout: 30_000 }), b.page.getByTestId('hub-pending').waitFor({ timeout: 30_000 })]);

    await reconnectA();
    await syncNow(a.page);
    expect(await hubNames(incident(), 'Roadblock (cleared)')).toBe(1);

    await reconnectB();
    await syncNow(b.page);
    expect(await hubNames(incident(), 'Roadblock (manned)')).toBe(0);
    const nav = b.page.getByRole('navigation');
    await expect.poll(() => nav.getByTestId('conflict-count').textContent(), { timeout: 30_000 }).toBe('1');
    // Until it is settled, B's own version is the one on B's map.
    expect((await storedProperties(b, LAYER.incidents, incident()))?.name).toBe('Roadblock (manned)');

    await nav.getByRole('button', { name: /^Conflicts/ }).click();
    const panel = b.page.getByRole('complementary', { name: 'Conflicts' });
    await panel.locator('table.conflict-fields').waitFor();
    expect(await panel.getByRole('row', { name: /Name/ }).innerText()).toMatch(/^Name\s+Roadblock\s+Roadblock \(manned\)\s+Roadblock \(cleared\)/);
    expect(await panel.getByTestId('conflict-theirs-by').textContent()).toContain('from the JOC hub');
    // The hub's account id named as its login and organisation, from the hub's directory.
    expect(await panel.getByTestId('conflict-theirs-by').textContent()).toMatch(/^force\.ops \(Force HQ\), /);
    await b.page.screenshot({ path: join(SCREENSHOT_DIR, 'hub-conflict-en.png') });
    await b.page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
    await b.page.getByRole('complementary', { name: 'Conflits' }).locator('table.conflict-fields').waitFor();
    await b.page.screenshot({ path: join(SCREENSHOT_DIR, 'hub-conflict-fr.png') });
    await b.page.getByRole('combobox', { name: 'Langue' }).selectOption('en');

    await panel.getByRole('button', { name: 'Keep ours' }).click();
    await panel.getByText(/No open conflicts/).waitFor();
    await syncNow(b.page);
    expect(await b.page.getByTestId('hub-pending').count()).toBe(0);
    expect(await hubNames(incident(), 'Roadblock (manned)')).toBe(1);

    await expect.poll(async () => (await storedProperties(a, LAYER.incidents, incident()))?.name, { timeout: 30_000 }).toBe('Roadblock (manned)');
    const [atA, atB] = await Promise.all([storedProperties(a, LAYER.incidents, incident()), storedProperties(b, LAYER.incidents, incident())]);
    // Who saved it last and when is the workstation's own bookkeeping; the hub keeps its own.
    const content = (p: Record<string, unknown> | undefined) => Object.fromEntries(Object.entries(p ?? {}).filter(([k]) => k !== 'updatedAt' && k !== 'updatedBy'));
    expect(content(atA)).toEqual(content(atB));

    const historyA = await historyOf(a, ROADBLOCK);
    expect(historyA).toContain('Edit Roadblock');
    expect(historyA).toContain('Change from the JOC hub');
    expect(historyA).toContain('Name: Roadblock (cleared) → Roadblock (manned)');
    const historyB = await historyOf(b, ROADBLOCK);
    expect(historyB).toContain('Edit Roadblock');
    expect(historyB).toContain('1 conflict with the JOC hub');
    expect(historyB).toContain('Resolve conflict on Roadblock');
    await b.page.screenshot({ path: join(SCREENSHOT_DIR, 'hub-conflict-history-en.png') });
  });

  it('a hub stopped while a push is in flight, its answer lost, and started again writes the edit once; B sees it', async () => {
    // The push reaches the hub and is written; the hub stops before A hears the answer.
    let held: (() => Promise<void>) | null = null;
    const pushed = new Promise<void>((resolve) => {
      void a.context.route(`${hub.hub.url}/push`, async (route: Route) => {
        if (held) return route.continue();
        await route.fetch();
        held = () => route.abort('connectionreset');
        resolve();
      });
    });
    await renameInInspector(a.page, 'Incidents', ROADBLOCK, 'Roadblock (manned)', 'Roadblock (reopened)');
    await pushed;
    expect(await hubNames(incident(), 'Roadblock (reopened)')).toBe(1);
    await hub.restartHub(async () => {
      await held?.();
      await a.page.locator('[data-testid="hub-status"][data-status="offline"]').waitFor({ timeout: 30_000 });
      expect(await a.page.getByTestId('hub-pending').count()).toBe(1);
    });
    await syncNow(a.page);
    expect(await a.page.getByTestId('hub-pending').count()).toBe(0);
    expect(await hubNames(incident(), 'Roadblock (reopened)')).toBe(1);
    await expect.poll(async () => (await storedProperties(b, LAYER.incidents, incident()))?.name, { timeout: 60_000 }).toBe('Roadblock (reopened)');
  });
});
