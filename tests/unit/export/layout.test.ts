import { describe, expect, it } from 'vitest';
import {
  chooseScaleBar,
  fitText,
  formatScale,
  latLonTicks,
  layoutPage,
  markingFor,
  metresPerCssPixel,
  metresPerPoint,
  mgrsTicks,
  pageGeometry,
  pageSize,
  pointsToPixels,
  scaleDenominator,
  textWidth,
  toWinAnsi,
  wrapText,
  PAPERS,
  ORIENTATIONS,
  type FrameRect,
} from '../../../shared/export';
import { sampleContent } from './sample-content';

const inside = (a: FrameRect, b: FrameRect): boolean => a.x >= b.x - 1e-6 && a.y >= b.y - 1e-6 && a.x + a.width <= b.x + b.width + 1e-6 && a.y + a.height <= b.y + b.height + 1e-6;
const overlap = (a: FrameRect, b: FrameRect): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('paper sizes', () => {
  it('gives the ISO and US sizes in points, swapped for landscape', () => {
    expect(pageSize('A4', 'portrait')).toEqual({ width: 595, height: 842 });
    expect(pageSize('A3', 'landscape')).toEqual({ width: 1191, height: 842 });
    expect(pageSize('Letter', 'portrait')).toEqual({ width: 612, height: 792 });
    expect(pageSize('Tabloid', 'landscape')).toEqual({ width: 1224, height: 792 });
  });
  it('converts to pixels at print resolution (A3 at 300 dpi is 4961 × 3508)', () => {
    expect(pointsToPixels(1191, 300)).toBe(4963);
    expect(pointsToPixels(842, 300)).toBe(3508);
    expect(pointsToPixels(595, 150)).toBe(1240);
  });
});

describe('page geometry', () => {
  for (const paper of PAPERS)
    for (const orientation of ORIENTATIONS)
      it(`${paper} ${orientation}: every block is on the page and none overlaps another`, () => {
        const g = pageGeometry(paper, orientation);
        const page = { x: 0, y: 0, width: g.page.width, height: g.page.height };
        const blocks = [g.topBanner, g.titleBlock, g.frame, g.panel, g.footer, g.bottomBanner];
        for (const b of blocks) expect(inside(b, page)).toBe(true);
        for (let i = 0; i < blocks.length; i++) for (let j = i + 1; j < blocks.length; j++) expect(overlap(blocks[i]!, blocks[j]!), `${i} vs ${j}`).toBe(false);
        // The map takes most of the page: at least 45 % of it.
        expect((g.frame.width * g.frame.height) / (g.page.width * g.page.height)).toBeGreaterThan(0.45);
        // Banners at the very top and bottom of the printable area.
        expect(g.topBanner.y).toBe(g.margin);
        expect(g.bottomBanner.y + g.bottomBanner.height).toBeCloseTo(g.page.height - g.margin);
      });
  it('puts the panel beside the map in landscape and under it in portrait', () => {
    const l = pageGeometry('A4', 'landscape');
    expect(l.panel.x).toBeGreaterThan(l.frame.x + l.frame.width);
    const p = pageGeometry('A4', 'portrait');
    expect(p.panel.y).toBeGreaterThan(p.frame.y + p.frame.height);
  });
});

describe('scale', () => {
  it('metres per pixel at the equator and at 60°', () => {
    expect(metresPerCssPixel(0, 0)).toBeCloseTo(78271.5, 0);
    expect(metresPerCssPixel(10, 60)).toBeCloseTo(78271.5 / 1024 / 2, 1);
  });
  it('picks a round bar length that fits and is at least half the room', () => {
    // 100 m per point, 150 pt of room: 15 km fits, the round length is 10 km.
    const bar = chooseScaleBar(100, 150);
    expect(bar).toMatchObject({ metres: 10_000, unit: 'km' });
    expect(bar!.length).toBeCloseTo(100);
    expect(chooseScaleBar(3, 150)).toMatchObject({ metres: 200, unit: 'm', length: 200 / 3 });
    expect(chooseScaleBar(0.9, 150)).toMatchObject({ metres: 100 });
    for (const mpp of [0.37, 7.3, 55, 820, 12_345]) {
      const b = chooseScaleBar(mpp, 140)!;
      expect(b.length).toBeLessThanOrEqual(140);
      expect(b.length).toBeGreaterThanOrEqual(140 / 2.5);
      expect(String(b.metres)).toMatch(/^[125]0*$|^0\.\d+$/);
    }
    expect(chooseScaleBar(Number.NaN, 100)).toBeNull();
  });
  it('states the representative fraction in round figures', () => {
    // 1 pt = 0.3528 mm; 88.19 m per point is 1:250 000.
    expect(formatScale(scaleDenominator(88.194))).toBe('1:250\u00a0000');
    expect(formatScale(12_345)).toBe('1:12\u00a0300');
    expect(metresPerPoint(3)).toBe(4);
  });
});

describe('grid ticks', () => {
  const frame = { x: 100, y: 50, width: 600, height: 400 };
  it('puts meridians and parallels at round intervals where they cross the frame', () => {
    const t = latLonTicks(frame, { west: -2, south: 12, east: 4, north: 16 });
    const top = t.ticks.filter((k) => k.edge === 'top');
    // 6° over 600 pt: 1° every 100 pt.
    expect(top.map((k) => k.label)).toEqual(['2°W', '1°W', '0°', '1°E', '2°E', '3°E', '4°E']);
    expect(top.map((k) => Math.round(k.at))).toEqual([100, 200, 300, 400, 500, 600, 700]);
    const left = t.ticks.filter((k) => k.edge === 'left');
    expect(left.map((k) => k.label)).toEqual(['12°N', '13°N', '14°N', '15°N', '16°N']);
    // Mercator: the parallels are further apart towards the north, and the north is at the top.
    expect(left[0]!.at).toBeCloseTo(450);
    expect(left.at(-1)!.at).toBeCloseTo(50);
    const gaps = left.slice(1).map((k, i) => left[i]!.at - k.at);
    expect(gaps[3]!).toBeGreaterThan(gaps[0]!);
  });
  it('labels MGRS eastings and northings with their kilometre digits in the zone of the centre', () => {
    // Around Bamako (29P). 0.5° over 600 pt: about 91 m per point, so 5 km ticks (55 pt apart).
    const b = { west: -8.25, south: 12.5, east: -7.75, north: 12.8 };
    const t = mgrsTicks(frame, b, (0.5 * 108_600) / 600);
    expect(t.note).toBe('MGRS 29P · 5 km');
    const bottom = t.ticks.filter((k) => k.edge === 'bottom');
    expect(bottom.length).toBeGreaterThanOrEqual(4);
    for (const k of bottom) expect(k.label).toMatch(/^\d[05]$/);
    for (const k of t.ticks) expect(k.at).toBeGreaterThanOrEqual(k.edge === 'top' || k.edge === 'bottom' ? 100 : 50);
    const left = t.ticks.filter((k) => k.edge === 'left').map((k) => k.label);
    // Northings about 1 382 000 … 1 415 000 m: the labels run 85, 90, 95, 00, 05, 10 upwards.
    expect(left).toContain('90');
    expect(left).toContain('00');
  });
  it('gives meridians and parallels instead of MGRS ticks for a view across several UTM zones', () => {
    // Mali to the Central African Republic: 33° of longitude, eight zones.
    const b = { west: -9.5, south: 0, east: 23.5, north: 22 };
    const t = mgrsTicks(frame, b, 6000);
    expect(t.substituted).toBe(true);
    expect(t.ticks).toEqual(latLonTicks(frame, b).ticks);
    // One zone and a little over its edge still gets the grid.
    expect(mgrsTicks(frame, { west: -12.5, south: 12, east: -5.5, north: 16 }, 1200).substituted).toBeUndefined();
  });
  it('returns nothing for a degenerate frame or view', () => {
    expect(latLonTicks(frame, { west: 4, south: 12, east: 4, north: 16 }).ticks).toEqual([]);
    expect(mgrsTicks(frame, { west: 0, south: 86, east: 1, north: 88 }, 10).ticks).toEqual([]);
  });
});

describe('text for the standard fonts', () => {
  it('keeps French accents and replaces what WinAnsi lacks, never throwing', () => {
    expect(toWinAnsi('Opération « Sécurité » à Bangui, œuvre')).toBe('Opération « Sécurité » à Bangui, œuvre');
    expect(toWinAnsi('12°30′15″N − Łódź')).toBe('12°30\'15"N - Lódz');
    expect(toWinAnsi('مالي Мали 🚁')).toBe('???? ???? ?');
    expect(() => textWidth('Мали', 10)).not.toThrow();
  });
  it('fits and wraps text to a width', () => {
    const cut = fitText('A very long title that will not fit in a narrow box at all', 12, 100);
    expect(cut.endsWith('…')).toBe(true);
    expect(textWidth(cut, 12)).toBeLessThanOrEqual(100);
    const lines = wrapText('one two three four five six seven eight nine ten', 10, 60, 2);
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(textWidth(l, 10)).toBeLessThanOrEqual(60);
  });
});

describe('page layout', () => {
  it('draws the marking twice, the title, DTG, legend of the visible layers, scale and grid labels', () => {
    const g = pageGeometry('A4', 'landscape');
    const ops = layoutPage(g, sampleContent());
    const texts = ops.flatMap((o) => (o.op === 'text' ? [o.text] : []));
    expect(texts.filter((t) => t === 'CONFIDENTIAL')).toHaveLength(2);
    expect(texts).toContain('Situation Bamako — 24 h');
    expect(texts).toContain('221430Z NOV 26');
    expect(texts).toContain('Incidents (ACLED)');
    expect(texts).toContain('Patrols');
    expect(texts).not.toContain('Hidden');
    expect(texts.some((t) => /^Scale 1:\d/.test(t))).toBe(true);
    expect(texts).toContain('MGRS 29P · 5 km');
    expect(ops.filter((o) => o.op === 'map')).toEqual([{ op: 'map', x: g.frame.x, y: g.frame.y, w: g.frame.width, h: g.frame.height }]);
    // Every text stays on the page.
    for (const o of ops) if (o.op === 'text' && !o.rotate) expect(o.x + textWidth(o.text, o.size, o.weight)).toBeLessThanOrEqual(g.page.width);
  });
  it('says how many legend entries did not fit instead of running off the panel', () => {
    const many = sampleContent();
    many.legend = Array.from({ length: 12 }, (_, i) => ({ title: `Layer ${i}`, entries: many.legend[0]!.entries }));
    const g = pageGeometry('A4', 'landscape');
    const ops = layoutPage(g, many);
    const more = ops.find((o) => o.op === 'text' && /^\+\d+ more$/.test(o.text));
    expect(more).toBeDefined();
    for (const o of ops) if (o.op === 'text' && o.x >= g.panel.x && o.y < g.footer.y) expect(o.y).toBeLessThanOrEqual(g.panel.y + g.panel.height);
  });
});

describe('classification markings', () => {
  it('gives presets their colours and typed markings neutral ones', () => {
    expect(markingFor(' strictly  confidential ')).toEqual({ text: 'STRICTLY CONFIDENTIAL', background: '#c8102e', color: '#ffffff' });
    expect(markingFor('UNCLASSIFIED').background).toBe('#007a33');
    // An old value typed by hand is not one of the scheme's levels any more: neutral colours, text as typed.
    expect(markingFor('un restricted')).toEqual({ text: 'UN RESTRICTED', background: '#4d4d4d', color: '#ffffff' });
    expect(markingFor('Releasable to TCCs')).toEqual({ text: 'RELEASABLE TO TCCS', background: '#4d4d4d', color: '#ffffff' });
  });
});
