import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { syntheticPng } from '../unit/export/synthetic-png';
import { canvasStats, mapIdle, SCREENSHOT_DIR, type Session, openApp } from './harness';

/**
 * A KMZ with a ground overlay whose image is inside the archive: the image is drawn on the map
 * where its LatLonBox puts it, beneath its footprint polygon; undo takes both away, redo brings
 * them back (the image travels in the layer record as a Blob).
 */

interface HookLayer {
  id: string;
  name: string;
  featureCount: number;
}
type Hook = { layers(): HookLayer[] };

const MAGENTA: [number, number, number] = [255, 0, 255];
/** The footprint's translucent fill lies over the image and tints it. */
const TOLERANCE = 120;

function sketchKmz(): Uint8Array {
  // Magenta with a yellow cross: a colour nothing else on the map uses.
  const png = syntheticPng(128, 96, (x, y) => (Math.abs(x - 64) < 4 || Math.abs(y - 48) < 4 ? [255, 220, 0] : MAGENTA));
  const kml = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>PK5 sketch</name>
  <GroundOverlay><name>PK5 sketch map</name><Icon><href>files/sketch.png</href></Icon>
    <LatLonBox><north>4.42</north><south>4.32</south><east>18.62</east><west>18.48</west><rotation>12</rotation></LatLonBox>
  </GroundOverlay>
</Document></kml>`;
  return zipSync({ 'doc.kml': new TextEncoder().encode(kml), 'files/sketch.png': png });
}

describe('a KMZ ground overlay is placed on the map as an image', () => {
  let s: Session;
  const layers = () => s.page.evaluate(() => (window as unknown as { __cg: Hook }).__cg.layers());
  const dialog = () => s.page.getByRole('dialog');

  beforeAll(async () => {
    s = await openApp(inject('baseUrl'));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('previews one footprint and one image, imports them, and draws the image where the box puts it', async () => {
    const before = await canvasStats(s.page, MAGENTA, TOLERANCE);
    expect(before.matching).toBe(0);
    await s.page.evaluate((bytes) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], 'pk5-sketch.kmz'));
      for (const type of ['dragenter', 'dragover', 'drop']) window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, [...sketchKmz()]);
    await dialog().getByTestId('features-found').waitFor();
    expect(await dialog().getByTestId('features-found').textContent()).toBe('1');
    expect(await dialog().getByTestId('overlay-images').textContent()).toBe('1');
    await dialog().getByRole('button', { name: 'Import 1 feature' }).click();
    await dialog().waitFor({ state: 'hidden' });
    expect((await layers()).map((l) => [l.name, l.featureCount])).toEqual([['PK5 sketch', 1]]);
    await mapIdle(s.page);
    await s.page.screenshot({ path: join(SCREENSHOT_DIR, 'import-overlay-01-on-map.png') });
    await expect.poll(async () => (await canvasStats(s.page, MAGENTA, TOLERANCE)).matching, { timeout: 10_000 }).toBeGreaterThan(2000);
  });

  it('undo removes the image with its layer, redo brings it back', async () => {
    await s.page.getByRole('navigation').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await layers()).length).toBe(0);
    await mapIdle(s.page);
    await expect.poll(async () => (await canvasStats(s.page, MAGENTA, TOLERANCE)).matching).toBe(0);
    await s.page.getByRole('navigation').getByRole('button', { name: 'Redo' }).click();
    await expect.poll(async () => (await layers()).length).toBe(1);
    await mapIdle(s.page);
    await expect.poll(async () => (await canvasStats(s.page, MAGENTA, TOLERANCE)).matching, { timeout: 10_000 }).toBeGreaterThan(2000);
  });

  it('made no request that left the machine and hit no page error', () => {
    expect(s.external).toEqual([]);
    expect(s.errors).toEqual([]);
  });
});
