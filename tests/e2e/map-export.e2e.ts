import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { pageGeometry } from '../../shared/export/layout';
import { INCIDENT_COLORS } from '../../shared/layers/layer-style';
import { pdfInfo, pdfRaster, pdfText, shareNear, type Raster } from '../unit/export/poppler';
import { chooseFile, FIXTURES, mapIdle, openApp, SCREENSHOT_DIR, waitForApp, type Session } from './harness';

type Hook = { layers(): { id: string; name: string }[] };

const hex = (h: string): [number, number, number] => {
  const n = Number.parseInt(h.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};

/** Width and height from a PNG's IHDR chunk. */
const pngSize = (bytes: Buffer): [number, number] => [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];

describe('map export: briefing PDF and PNG from the layout dialog', () => {
  let s: Session;
  let dir: string;
  const dialog = () => s.page.getByRole('dialog', { name: 'Export map' });
  const previewReady = () => dialog().locator('[data-testid="export-preview"][data-state="ready"]').waitFor({ timeout: 90_000 });

  async function download(button: string, file: string): Promise<string> {
    const done = s.page.waitForEvent('download', { timeout: 120_000 });
    await dialog().getByRole('button', { name: button }).click();
    const d = await done;
    const path = join(dir, file);
    await d.saveAs(path);
    await dialog().waitFor({ state: 'hidden' });
    return path;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cg-map-export-'));
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
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports a briefing PDF with real text, the marking and the layer drawn in the map frame', async () => {
    await s.page.getByRole('button', { name: 'Export map…' }).click();
    const d = dialog();
    await d.waitFor();
    await d.getByLabel('Paper').selectOption('A4');
    await d.getByLabel('Orientation').selectOption('landscape');
    await d.getByLabel('Resolution').selectOption('150');
    await d.getByLabel('Format').selectOption('pdf');
    await d.getByLabel('Map extent').selectOption({ label: 'Fit layer: incidents-mali-car' });
    await d.getByLabel('Grid ticks on the frame').selectOption('latlon');
    await d.getByLabel('Title', { exact: true }).fill('Incidents Mali and CAR — weekly brief');
    await d.getByLabel('Subtitle').fill('Battles, explosions and violence against civilians, 14–20 Nov');
    await d.getByLabel('Date-time group').fill('201800Z NOV 26');
    await d.getByLabel('Classification').selectOption('STRICTLY CONFIDENTIAL');
    await d.getByLabel('Sources', { exact: true }).fill('JOC incident database');
    await d.getByLabel('Author').fill('Capt. A. Diallo');
    await d.getByLabel('Organisation').fill('MINUSMA JOC');
    await previewReady();
    await d.screenshot({ path: join(SCREENSHOT_DIR, 'map-export-01-dialog.png') });
    // The preview is the page, drawn: not blank white.
    const previewColours = await d.getByTestId('export-preview').evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const set = new Set<number>();
      for (let i = 0; i < data.length; i += 16) set.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      return set.size;
    });
    expect(previewColours).toBeGreaterThan(50);

    const pdf = await download('Export PDF', 'brief.pdf');
    expect(pdfInfo(pdf)['Page size']).toMatch(/^842 x 595 pts \(A4\)/);
    expect(pdfInfo(pdf)['Title']).toBe('Incidents Mali and CAR — weekly brief');
    const text = pdfText(pdf);
    expect(text).toContain('Incidents Mali and CAR — weekly brief');
    expect(text).toContain('201800Z NOV 26');
    expect(text.match(/STRICTLY CONFIDENTIAL/g)).toHaveLength(2);
    expect(text).toContain('Prepared by Capt. A. Diallo, MINUSMA JOC');
    expect(text).toContain('JOC incident database');
    expect(text).toContain('Battles');

    execFileSync('pdftoppm', ['-png', '-r', '110', '-singlefile', pdf, join(SCREENSHOT_DIR, 'map-export-02-pdf-page')]);
    const r: Raster = pdfRaster(pdf, 72);
    expect([r.width, r.height]).toEqual([842, 595]);
    const g = pageGeometry('A4', 'landscape');
    const frame = { x: g.frame.x + 2, y: g.frame.y + 2, w: g.frame.width - 4, h: g.frame.height - 4 };
    // The banners are STRICTLY CONFIDENTIAL red.
    expect(shareNear(r, { x: g.topBanner.x + 2, y: g.topBanner.y + 2, w: 40, h: g.topBanner.height - 4 }, hex('#c8102e'))).toBeGreaterThan(0.9);
    // The map frame shows the basemap and the incident icons in their event-type colours.
    const battles = shareNear(r, frame, hex(INCIDENT_COLORS.Battles), 50);
    const civilians = shareNear(r, frame, hex(INCIDENT_COLORS['Violence against civilians']), 50);
    expect(battles * frame.w * frame.h).toBeGreaterThan(10);
    expect(civilians * frame.w * frame.h).toBeGreaterThan(10);
    expect(shareNear(r, frame, [255, 255, 255], 6)).toBeLessThan(0.5);
  });

  it('saves a preset, remembers the last layout across a reload, and exports a PNG of the requested pixel size', async () => {
    await s.page.getByRole('button', { name: 'Export map…' }).click();
    const d = dialog();
    await d.waitFor();
    // The last layout used comes back.
    expect(await d.getByLabel('Title', { exact: true }).inputValue()).toBe('Incidents Mali and CAR — weekly brief');
    // The banner does not come back with it: it starts at what the map shows (an unmarked layer).
    expect(await d.getByLabel('Classification').inputValue()).toBe('UNCLASSIFIED');
    await d.getByLabel('Classification').selectOption('STRICTLY CONFIDENTIAL');
    await d.getByLabel('Preset name').fill('Weekly brief A4');
    await d.getByRole('button', { name: 'Save preset' }).click();
    await d.getByRole('button', { name: 'Cancel' }).click();

    await s.page.reload();
    await waitForApp(s.page);
    await mapIdle(s.page);
    await s.page.keyboard.press('Control+e');
    await d.waitFor();
    expect(await d.getByLabel('Title', { exact: true }).inputValue()).toBe('Incidents Mali and CAR — weekly brief');
    expect(await d.getByLabel('Classification').inputValue()).toBe('UNCLASSIFIED');
    await d.getByLabel('Title', { exact: true }).fill('Something else');
    await d.getByLabel('Load a preset').selectOption('Weekly brief A4');
    expect(await d.getByLabel('Title', { exact: true }).inputValue()).toBe('Incidents Mali and CAR — weekly brief');
    // A preset brings its own banner back; above what the map shows, so no warning.
    expect(await d.getByLabel('Classification').inputValue()).toBe('STRICTLY CONFIDENTIAL');
    expect(await d.getByTestId('marking-below').count()).toBe(0);

    await d.getByLabel('Format').selectOption('png');
    await d.getByLabel('Orientation').selectOption('portrait');
    await d.getByLabel('Resolution').selectOption('150');
    await d.getByLabel('Map extent').selectOption({ label: 'Fit layer: incidents-mali-car' });
    await d.getByLabel('Grid ticks on the frame').selectOption('mgrs');
    await d.getByLabel('Classification').selectOption('__custom__');
    await d.getByLabel('Marking text').fill('Exercise only');
    await previewReady();
    await d.getByText('1240 × 1754 px').waitFor();
    await d.screenshot({ path: join(SCREENSHOT_DIR, 'map-export-03-dialog-png.png') });
    const png = await download('Export PNG', 'brief.png');
    const bytes = readFileSync(png);
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    // A4 portrait at 150 dpi: 8.27 × 11.69 in.
    expect(pngSize(bytes)).toEqual([1240, 1754]);
    execFileSync('cp', [png, join(SCREENSHOT_DIR, 'map-export-04-png-export.png')]);
    expect(s.external).toEqual([]);
    expect(s.errors.filter((e) => !/WebGL|GPU stall/i.test(e))).toEqual([]);
  });
});
