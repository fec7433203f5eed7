import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { chooseFile, FIXTURES, mapIdle, openApp, type Session } from './harness';

type Hook = { renderCounts(): Record<string, number>; resetRenderCounts(): void; layers(): unknown[] };
const hook = (s: Session) => ({
  counts: () => s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.renderCounts()),
  reset: () => s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.resetRenderCounts()),
});

describe('re-renders', () => {
  let s: Session;

  beforeAll(async () => {
    s = await openApp(inject('baseUrl'));
    await chooseFile(s.page, join(FIXTURES, 'incidents-mali-car.geojson'));
    await s.page.getByRole('dialog').getByRole('button', { name: /^Import \d+ feature/ }).click();
    await s.page.getByRole('dialog').waitFor({ state: 'hidden' });
    await s.page.waitForFunction(() => (window as unknown as { __cg: Hook }).__cg.layers().length === 1);
    await mapIdle(s.page);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('50 mouse moves over the map commit the coordinate readout and nothing else', async () => {
    const box = (await s.page.getByTestId('map').boundingBox())!;
    const readout = s.page.getByTestId('cursor-position');
    await s.page.mouse.move(box.x + box.width / 3, box.y + box.height / 3);
    await expect.poll(() => readout.textContent()).toMatch(/°/);
    // Let anything the first move started (and the import's last updates) settle before counting.
    await s.page.waitForTimeout(500);
    await hook(s).reset();
    const before = await readout.textContent();
    for (let i = 1; i <= 50; i++) await s.page.mouse.move(box.x + box.width / 3 + i * 4, box.y + box.height / 3 + i * 2);
    await expect.poll(() => readout.textContent()).not.toBe(before);
    await s.page.waitForTimeout(300);
    const counts = await hook(s).counts();
    const { app = 0, readout: readoutCommits = 0, ...others } = counts;
    expect(readoutCommits).toBeGreaterThanOrEqual(10);
    // Every commit of the tree was the readout's: no other profiled part rendered.
    expect(others).toEqual({});
    expect(app).toBe(readoutCommits);
  });
});
