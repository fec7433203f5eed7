import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FIXTURES, SCREENSHOT_DIR, canvasStats, chooseFile, mapIdle, openApp, type Session } from './harness';

type Hook = {
  layers(): { id: string; name: string; kind: string }[];
  styleProperty(styleLayerId: string, kind: 'paint' | 'layout', name: string): unknown;
  renderedStyleLayers(id: string): Record<string, number>;
};

describe('the per-layer style editor', () => {
  let s: Session;
  let layerId = '';
  const prop = (part: string, kind: 'paint' | 'layout', name: string) =>
    s.page.evaluate(({ id, kind, name }) => (window as unknown as { __cg: Hook }).__cg.styleProperty(id, kind, name), { id: `op:${layerId}:${part}`, kind, name });
  const rendered = () => s.page.evaluate((id) => (window as unknown as { __cg: Hook }).__cg.renderedStyleLayers(id), layerId);
  const editor = () => s.page.getByRole('region', { name: 'Style of incidents-mali-car' });
  const legend = () => s.page.getByRole('region', { name: 'Legend' }).getByRole('region', { name: 'incidents-mali-car' });
  const undo = async () => {
    await s.page.getByRole('button', { name: 'Undo', exact: true }).click();
    await mapIdle(s.page);
  };

  beforeAll(async () => {
    s = await openApp(inject('baseUrl'));
    await chooseFile(s.page, join(FIXTURES, 'incidents-mali-car.geojson'));
    const dialog = s.page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Import 12 features' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await s.page.waitForFunction(() => (window as unknown as { __cg: Hook }).__cg.layers().length === 1);
    layerId = (await s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.layers()))[0]!.id;
    await mapIdle(s.page);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('changes colour, size and label field, and the map draws them', async () => {
    expect(await prop('points', 'layout', 'icon-image')).toBeTruthy();
    await s.page.getByRole('button', { name: 'Style of incidents-mali-car' }).click();
    // Incidents are coloured by type: the colour choice waits for "One colour".
    await expect.poll(() => editor().getByRole('button', { name: 'Use colour #00897b' }).isDisabled()).toBe(true);

    await editor().getByRole('combobox', { name: 'Colour by' }).selectOption('single');
    await editor().getByRole('button', { name: 'Use colour #00897b' }).click();
    await mapIdle(s.page);
    await expect.poll(() => prop('markers', 'paint', 'circle-color')).toBe('#00897b');
    await expect.poll(async () => (await rendered())[`op:${layerId}:markers`]).toBe(12);
    const radiusBefore = (await prop('markers', 'paint', 'circle-radius')) as number[];

    const size = editor().getByRole('slider', { name: 'Size of incidents-mali-car' });
    await size.focus();
    await size.press('ArrowRight');
    await size.press('ArrowRight');
    await mapIdle(s.page);
    await expect.poll(() => prop('markers', 'paint', 'circle-radius')).toEqual(radiusBefore.map((v, i) => (i >= 3 && i % 2 === 0 ? v * 1.5 : v)));

    await editor().getByRole('combobox', { name: 'Label' }).selectOption('locationName');
    await mapIdle(s.page);
    await expect.poll(() => prop('labels', 'layout', 'text-field')).toEqual(['to-string', ['coalesce', ['get', 'locationName'], '']]);

    // The legend follows: one colour for the points.
    await expect.poll(() => legend().getByText('Point', { exact: true }).count()).toBe(1);
    expect((await canvasStats(s.page, [0x00, 0x89, 0x7b], 30)).matching).toBeGreaterThan(50);
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'style-editor-01-single-colour.png') });
  });

  it('colours incidents by severity with the classes in the legend', async () => {
    await editor().getByRole('combobox', { name: 'Colour by' }).selectOption('severity');
    await mapIdle(s.page);
    await expect.poll(async () => ((await prop('markers', 'paint', 'circle-color')) as unknown[])[0]).toBe('step');
    for (const label of ['No fatalities', '1–4 fatalities', '5–24 fatalities', '25 or more fatalities']) await legend().getByText(label, { exact: true }).waitFor();
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'style-editor-02-severity.png') });
  });

  it('undo takes each change back, down to the default icons', async () => {
    await undo();
    await expect.poll(() => prop('markers', 'paint', 'circle-color')).toBe('#00897b');
    await undo();
    await expect.poll(() => prop('labels', 'layout', 'text-field')).toEqual(['coalesce', ['get', 'name'], ['get', 'locationName'], '']);
    const radiusLarge = (await prop('markers', 'paint', 'circle-radius')) as number[];
    await undo();
    await undo();
    await expect.poll(async () => ((await prop('markers', 'paint', 'circle-radius')) as number[])[4]).toBeCloseTo((radiusLarge[4] as number) / 1.5, 3);
    await undo();
    // Still one colour, now the kind's default.
    await expect.poll(() => prop('markers', 'paint', 'circle-color')).toBe('#c62828');
    await undo();
    await expect.poll(() => prop('points', 'layout', 'icon-image')).toBeTruthy();
    expect(await prop('markers', 'paint', 'circle-color')).toBeUndefined();
    await expect.poll(async () => (await rendered())[`op:${layerId}:points`]).toBe(12);
    await legend().getByText('Battles', { exact: true }).waitFor();
    await expect.poll(() => editor().getByRole('button', { name: 'Reset to default' }).isDisabled()).toBe(true);
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'style-editor-03-undone.png') });
    expect(s.external).toEqual([]);
    expect(s.errors.join("\n---\n")).toBe("");
  });
});
