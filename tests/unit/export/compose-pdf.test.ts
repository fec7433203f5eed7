import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { composePdf, layoutPage, pageGeometry, pointsToPixels, type MapImage } from '../../../shared/export';
import { sampleContent } from './sample-content';
import { hasPoppler, pdfInfo, pdfRaster, pdfText, shareNear } from './poppler';
import { syntheticPng } from './synthetic-png';

const SEA: [number, number, number] = [170, 211, 223];
const LAND: [number, number, number] = [242, 239, 233];
const ROAD: [number, number, number] = [200, 40, 40];

/** A "map": sea on the left third, land elsewhere, a red road across the middle. */
const fakeMap = (w: number, h: number): Uint8Array =>
  syntheticPng(w, h, (x, y) => (Math.abs(y - h / 2) < h / 60 ? ROAD : x < w / 3 ? SEA : LAND));

const dir = mkdtempSync(join(tmpdir(), 'cg-export-'));
const meta = { title: 'Situation Bamako', subject: 'CONFIDENTIAL', author: 'Capt. Dupont, JOC Bamako', keywords: ['CONFIDENTIAL'] };

// Skipped, and named so in the output, where poppler-utils is not installed; .ci/run installs it.
describe.skipIf(!hasPoppler)('PDF export checked with poppler (pdfinfo, pdftotext, pdftoppm)', () => {
  const g = pageGeometry('A4', 'landscape');
  const dpi = 150;
  const px = { w: pointsToPixels(g.frame.width, dpi), h: pointsToPixels(g.frame.height, dpi) };
  let pngPath = '';
  let jpegPath = '';
  let pngMap: MapImage;

  beforeAll(async () => {
    pngMap = { bytes: fakeMap(px.w, px.h), format: 'png' };
    const content = sampleContent({ title: 'Opération Sécurité – Bamako', subtitle: 'Incidents and patrols, Sector West (Ségou, Mopti) – Мали' });
    const ops = layoutPage(g, content);
    pngPath = join(dir, 'a4-png.pdf');
    writeFileSync(pngPath, await composePdf(g.page, ops, pngMap, meta));
    // A JPEG of the same map, encoded by GDAL (node has no JPEG encoder).
    writeFileSync(join(dir, 'map.png'), pngMap.bytes);
    execFileSync('gdal_translate', ['-q', '-of', 'JPEG', '-co', 'QUALITY=88', join(dir, 'map.png'), join(dir, 'map.jpg')]);
    jpegPath = join(dir, 'a4-jpeg.pdf');
    writeFileSync(jpegPath, await composePdf(g.page, ops, { bytes: new Uint8Array(readFileSync(join(dir, 'map.jpg'))), format: 'jpeg' }, meta));
  });

  it('has the paper size and the metadata', () => {
    const info = pdfInfo(jpegPath);
    expect(info['Pages']).toBe('1');
    expect(info['Page size']).toMatch(/^842 x 595 pts \(A4\)/);
    expect(info['Title']).toBe('Situation Bamako');
    expect(info['Author']).toBe('Capt. Dupont, JOC Bamako');
    expect(info['Subject']).toBe('CONFIDENTIAL');
  });

  it('carries title, DTG, marking, legend and furniture as real text', () => {
    const text = pdfText(jpegPath);
    expect(text).toContain('Opération Sécurité – Bamako');
    expect(text).toContain('221430Z NOV 26');
    expect(text.match(/CONFIDENTIAL/g)).toHaveLength(2);
    expect(text).toContain('Legend');
    expect(text).toContain('Incidents (ACLED)');
    expect(text).toContain('Battles');
    expect(text).toMatch(/Scale 1:\d/);
    expect(text).toContain('Sources: ACLED; Natural Earth; MINUSMA JOC');
    expect(text).toContain('Prepared by Capt. Dupont, JOC Bamako');
    // Cyrillic is outside the standard fonts' encoding: replaced, not a crash.
    expect(text).toContain('(Ségou, Mopti) – ????');
  });

  it('renders a page that is not blank, with the map image in the frame and the banners in their colour', () => {
    const r = pdfRaster(jpegPath, 72);
    expect([r.width, r.height]).toEqual([842, 595]);
    const f = g.frame;
    const sea = shareNear(r, { x: f.x + 4, y: f.y + 4, w: f.width / 3 - 8, h: f.height / 3 }, SEA, 30);
    const land = shareNear(r, { x: f.x + f.width / 2, y: f.y + 4, w: f.width / 3, h: f.height / 3 }, LAND, 30);
    const road = shareNear(r, { x: f.x + 10, y: f.y + f.height / 2 - 1, w: f.width - 20, h: 2 }, ROAD, 80);
    expect(sea).toBeGreaterThan(0.95);
    expect(land).toBeGreaterThan(0.95);
    expect(road).toBeGreaterThan(0.9);
    // CONFIDENTIAL blue (#0055a4) along the top banner, away from its text.
    const b = g.topBanner;
    expect(shareNear(r, { x: b.x + 2, y: b.y + 2, w: 60, h: b.height - 4 }, [0, 85, 164], 30)).toBeGreaterThan(0.95);
    // Outside the frame the page is mostly white paper.
    expect(shareNear(r, { x: 0, y: 0, w: r.width, h: g.margin - 2 }, [255, 255, 255], 5)).toBeGreaterThan(0.99);
  });

  it('keeps the map at full resolution, JPEG-compressed, and the file small', () => {
    const list = execFileSync('pdfimages', ['-list', jpegPath], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(list).toHaveLength(1);
    const cols = list[0]!.trim().split(/\s+/);
    expect([Number(cols[3]), Number(cols[4])]).toEqual([px.w, px.h]);
    expect(cols[8]).toBe('jpeg');
    expect(statSync(jpegPath).size).toBeLessThan(600_000);
    // The same page with a PNG map is valid too (flate), for maps of flat colour.
    expect(execFileSync('pdfimages', ['-list', pngPath], { encoding: 'utf8' })).toMatch(/image\s+\d+\s+\d+\s+rgb\s+3\s+8\s+image/);
  });

  it('lays out every paper and orientation with the right page size', async () => {
    for (const [paper, orientation, expected] of [
      ['A3', 'landscape', /^1191 x 842 pts \(A3\)/],
      ['Letter', 'portrait', /^612 x 792 pts \(letter\)/],
      ['Tabloid', 'portrait', /^792 x 1224 pts/],
      ['A4', 'portrait', /^595 x 842 pts \(A4\)/],
    ] as const) {
      const geo = pageGeometry(paper, orientation);
      const path = join(dir, `${paper}-${orientation}.pdf`);
      writeFileSync(path, await composePdf(geo.page, layoutPage(geo, sampleContent({ grid: 'latlon' })), pngMap, meta));
      expect(pdfInfo(path)['Page size']).toMatch(expected);
      expect(pdfText(path)).toContain('221430Z NOV 26');
    }
  });
});
