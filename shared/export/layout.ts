import type { LegendSwatch } from '../layers/legend';
import { BADGE_PATHS, GLYPH_SCALE, ICON_BOX, ICON_OUTLINE_COLOR, ICON_OUTLINE_WIDTH, GLYPH_COLOR, ICONS } from '../layers/icons';
import type { DrawOp } from './draw-ops';
import type { Marking } from './classification';
import { latLonTicks, mgrsTicks, type FrameRect, type GeoBounds, type GridTicks } from './grid-ticks';
import { pageSize, type Orientation, type PaperId, type PageSize } from './paper';
import { chooseScaleBar, formatScale, scaleDenominator, scaleLabel } from './scale';
import { fitText, textWidth, toWinAnsi, wrapText, type FontWeight } from './text';

/**
 * The briefing page: classification banners at the top and bottom, a title block (title,
 * subtitle, DTG), the map frame with grid ticks, a side panel (a bottom panel on portrait paper)
 * with the legend, north arrow, scale bar and scale, and a footer with sources and author.
 * Sizes grow a little with the paper (A3 is read from further away) but never below what reads
 * on A4.
 */

export interface PageGeometry {
  page: PageSize;
  /** Furniture scale: 1 on A4/Letter, about 1.19 on A3. */
  f: number;
  margin: number;
  topBanner: FrameRect;
  bottomBanner: FrameRect;
  titleBlock: FrameRect;
  /** The map image's rectangle; the grid tick labels go in a gutter around it. */
  frame: FrameRect;
  panel: FrameRect;
  footer: FrameRect;
  orientation: Orientation;
}

const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));

export function pageGeometry(paper: PaperId, orientation: Orientation): PageGeometry {
  const page = pageSize(paper, orientation);
  const short = Math.min(page.width, page.height);
  const f = clamp(Math.sqrt(short / 595), 1, 1.4);
  const margin = Math.round(short * 0.032);
  const inner = { x: margin, y: margin, width: page.width - 2 * margin, height: page.height - 2 * margin };
  const bannerH = 15 * f;
  const topBanner = { x: inner.x, y: inner.y, width: inner.width, height: bannerH };
  const bottomBanner = { x: inner.x, y: inner.y + inner.height - bannerH, width: inner.width, height: bannerH };
  const titleBlock = { x: inner.x, y: topBanner.y + bannerH + 6 * f, width: inner.width, height: 34 * f };
  const footerH = 13 * f;
  const footer = { x: inner.x, y: bottomBanner.y - 3 * f - footerH, width: inner.width, height: footerH };
  const bodyTop = titleBlock.y + titleBlock.height + 4 * f;
  const body = { x: inner.x, y: bodyTop, width: inner.width, height: footer.y - 3 * f - bodyTop };
  const gutter = 14 * f;
  const gap = 8 * f;
  let outer: FrameRect;
  let panel: FrameRect;
  if (orientation === 'landscape') {
    const pw = clamp(body.width * 0.24, 160 * f, 240 * f);
    panel = { x: body.x + body.width - pw, y: body.y, width: pw, height: body.height };
    outer = { x: body.x, y: body.y, width: body.width - pw - gap, height: body.height };
  } else {
    const ph = clamp(body.height * 0.27, 150 * f, 280 * f);
    panel = { x: body.x, y: body.y + body.height - ph, width: body.width, height: ph };
    outer = { x: body.x, y: body.y, width: body.width, height: body.height - ph - gap };
  }
  const frame = { x: outer.x + gutter, y: outer.y + gutter, width: outer.width - 2 * gutter, height: outer.height - 2 * gutter };
  return { page, f, margin, topBanner, bottomBanner, titleBlock, frame, panel, footer, orientation };
}

export interface LegendEntryText {
  label: string;
  swatch: LegendSwatch;
  group?: string;
}

export interface LegendSectionText {
  title: string;
  entries: LegendEntryText[];
}

/** Everything on the page but the map image, in the user's language. */
export interface PageContent {
  title: string;
  subtitle: string;
  dtg: string;
  marking: Marking;
  legend: LegendSectionText[];
  /** What the map frame shows (north up) and at which scale. */
  bounds: GeoBounds;
  metresPerPt: number;
  grid: 'none' | 'latlon' | 'mgrs';
  sources: string;
  author: string;
  organisation: string;
  labels: {
    legend: string;
    scale: string;
    north: string;
    sources: string;
    preparedBy: string;
    /** "+{n} more" with {n} in it. */
    more: string;
    /** Datum, projection and where the scale holds, with {lat} in it. */
    projection: string;
    /** Why a frame asked to have MGRS ticks has latitude/longitude ones. */
    mgrsTooWide: string;
  };
}

const INK = '#1a1a1a';
const MUTED = '#555555';
const RULE = '#9e9e9e';

type Text = (x: number, y: number, s: string, size: number, weight?: FontWeight, color?: string) => DrawOp;
const text: Text = (x, y, s, size, weight = 'regular', color = INK) => ({ op: 'text', x, y, text: toWinAnsi(s), size, weight, color });

function aligned(align: 'left' | 'center' | 'right', x: number, y: number, s: string, size: number, weight: FontWeight = 'regular', color = INK): DrawOp {
  const w = textWidth(s, size, weight);
  return text(align === 'left' ? x : align === 'center' ? x - w / 2 : x - w, y, s, size, weight, color);
}

/** The whole page. Pure: the same content always gives the same operations. */
export function layoutPage(g: PageGeometry, c: PageContent): DrawOp[] {
  const { f } = g;
  const ops: DrawOp[] = [];
  ops.push({ op: 'rect', x: 0, y: 0, w: g.page.width, h: g.page.height, fill: '#ffffff' });
  for (const b of [g.topBanner, g.bottomBanner]) {
    ops.push({ op: 'rect', x: b.x, y: b.y, w: b.width, h: b.height, fill: c.marking.background });
    const size = 9.5 * f;
    ops.push(aligned('center', b.x + b.width / 2, b.y + b.height / 2 + size * 0.36, fitText(c.marking.text, size, b.width - 8, 'bold'), size, 'bold', c.marking.color));
  }
  titleBlock(ops, g, c);
  ops.push({ op: 'map', x: g.frame.x, y: g.frame.y, w: g.frame.width, h: g.frame.height });
  ops.push({ op: 'rect', x: g.frame.x, y: g.frame.y, w: g.frame.width, h: g.frame.height, stroke: INK, lineWidth: 0.8 });
  const ticks = c.grid === 'latlon' ? latLonTicks(g.frame, c.bounds) : c.grid === 'mgrs' ? mgrsTicks(g.frame, c.bounds, c.metresPerPt) : { ticks: [], note: '' };
  gridTicks(ops, g, ticks);
  panel(ops, g, c, ticks.substituted ? c.labels.mgrsTooWide : ticks.note);
  footer(ops, g, c);
  return ops;
}

function titleBlock(ops: DrawOp[], g: PageGeometry, c: PageContent): void {
  const { f } = g;
  const b = g.titleBlock;
  const dtgSize = 11 * f;
  const dtgW = c.dtg ? textWidth(c.dtg, dtgSize, 'bold') + 12 * f : 0;
  const titleSize = 16 * f;
  ops.push(text(b.x, b.y + titleSize * 0.9, fitText(c.title, titleSize, b.width - dtgW, 'bold'), titleSize, 'bold'));
  if (c.subtitle) ops.push(text(b.x, b.y + titleSize * 0.9 + 13 * f, fitText(c.subtitle, 9.5 * f, b.width - dtgW), 9.5 * f, 'regular', MUTED));
  if (c.dtg) ops.push(aligned('right', b.x + b.width, b.y + titleSize * 0.9, c.dtg, dtgSize, 'bold'));
  ops.push({ op: 'line', x1: b.x, y1: b.y + b.height, x2: b.x + b.width, y2: b.y + b.height, color: RULE, width: 0.6 });
}

function gridTicks(ops: DrawOp[], g: PageGeometry, t: GridTicks): void {
  const { f, frame } = g;
  const len = 4 * f;
  const size = 6.3 * f;
  const minGap = 4 * f;
  const last: Record<string, number> = {};
  const ordered = [...t.ticks].sort((a, b) => a.at - b.at);
  for (const tick of ordered) {
    const horizontal = tick.edge === 'top' || tick.edge === 'bottom';
    const lo = horizontal ? frame.x : frame.y;
    const hi = lo + (horizontal ? frame.width : frame.height);
    if (tick.at < lo + 0.5 || tick.at > hi - 0.5) continue;
    const w = textWidth(tick.label, size);
    let x1: number, y1: number, x2: number, y2: number;
    if (tick.edge === 'top') [x1, y1, x2, y2] = [tick.at, frame.y, tick.at, frame.y - len];
    else if (tick.edge === 'bottom') [x1, y1, x2, y2] = [tick.at, frame.y + frame.height, tick.at, frame.y + frame.height + len];
    else if (tick.edge === 'left') [x1, y1, x2, y2] = [frame.x, tick.at, frame.x - len, tick.at];
    else [x1, y1, x2, y2] = [frame.x + frame.width, tick.at, frame.x + frame.width + len, tick.at];
    ops.push({ op: 'line', x1, y1, x2, y2, color: INK, width: 0.6 });
    // Labels that would overlap the previous one on the same edge, or run past the frame, are left out.
    const start = tick.at - w / 2;
    if (start < lo - 2 || start + w > hi + 2 || start < (last[tick.edge] ?? -Infinity) + minGap) continue;
    last[tick.edge] = start + w;
    if (tick.edge === 'top') ops.push(text(start, frame.y - len - 2 * f, tick.label, size));
    else if (tick.edge === 'bottom') ops.push(text(start, frame.y + frame.height + len + size + 1 * f, tick.label, size));
    // Side labels read upwards, like latitude on a printed map sheet.
    else if (tick.edge === 'left') ops.push({ ...(text(frame.x - len - 2 * f, tick.at + w / 2, tick.label, size) as Extract<DrawOp, { op: 'text' }>), rotate: 90 });
    else ops.push({ ...(text(frame.x + frame.width + len + 2 * f + size * 0.75, tick.at + w / 2, tick.label, size) as Extract<DrawOp, { op: 'text' }>), rotate: 90 });
  }
}

/** North arrow, scale bar, scale and grid note: the block at the foot (or right) of the panel. */
const FURNITURE_H = 78;

function panel(ops: DrawOp[], g: PageGeometry, c: PageContent, gridNote: string): void {
  const { f } = g;
  const p = g.panel;
  ops.push({ op: 'rect', x: p.x, y: p.y, w: p.width, h: p.height, stroke: RULE, lineWidth: 0.6, fill: '#ffffff' });
  const pad = 7 * f;
  let furniture: FrameRect;
  let legendArea: FrameRect;
  if (g.orientation === 'landscape') {
    const h = FURNITURE_H * f;
    furniture = { x: p.x + pad, y: p.y + p.height - h - pad, width: p.width - 2 * pad, height: h };
    legendArea = { x: p.x + pad, y: p.y + pad, width: p.width - 2 * pad, height: furniture.y - p.y - 2 * pad };
    ops.push({ op: 'line', x1: p.x, y1: furniture.y - pad / 2, x2: p.x + p.width, y2: furniture.y - pad / 2, color: RULE, width: 0.5 });
  } else {
    const w = 175 * f;
    furniture = { x: p.x + p.width - w - pad, y: p.y + pad, width: w, height: p.height - 2 * pad };
    legendArea = { x: p.x + pad, y: p.y + pad, width: furniture.x - p.x - 2 * pad, height: p.height - 2 * pad };
    ops.push({ op: 'line', x1: furniture.x - pad / 2, y1: p.y, x2: furniture.x - pad / 2, y2: p.y + p.height, color: RULE, width: 0.5 });
  }
  legend(ops, f, legendArea, c);
  furnitureBlock(ops, f, furniture, c, gridNote);
}

function legend(ops: DrawOp[], f: number, area: FrameRect, c: PageContent): void {
  const headSize = 9 * f;
  ops.push(text(area.x, area.y + headSize, c.labels.legend, headSize, 'bold'));
  const top = area.y + headSize + 5 * f;
  const bottom = area.y + area.height;
  const colGap = 10 * f;
  const columns = Math.max(1, Math.floor((area.width + colGap) / (140 * f + colGap)));
  const colW = (area.width - colGap * (columns - 1)) / columns;
  const row = 11 * f;
  const sectionSize = 7.6 * f;
  const entrySize = 7 * f;
  const sw = 9 * f;
  type Line = { kind: 'section' | 'group' | 'entry'; label: string; swatch?: LegendSwatch };
  const lines: Line[] = [];
  for (const s of c.legend) {
    lines.push({ kind: 'section', label: s.title });
    let group: string | undefined;
    for (const e of s.entries) {
      if (e.group && e.group !== group) lines.push({ kind: 'group', label: e.group });
      group = e.group;
      lines.push({ kind: 'entry', label: e.label, swatch: e.swatch });
    }
  }
  const perColumn = Math.max(1, Math.floor((bottom - top) / row));
  // Placed in order, column by column; a layer's title never ends a column without its entries.
  const slots: { col: number; row: number }[] = [];
  let col = 0;
  let r = 0;
  let placed = 0;
  for (const line of lines) {
    if (r >= perColumn || (line.kind === 'section' && r > 0 && r >= perColumn - 1)) {
      col++;
      r = 0;
    }
    if (col >= columns) break;
    slots.push({ col, row: r++ });
    placed++;
  }
  if (placed < lines.length) {
    // Keep the last slot for the "+n more" line.
    slots.pop();
    placed = slots.length;
  }
  lines.slice(0, placed).forEach((line, i) => {
    const slot = slots[i] as { col: number; row: number };
    const x = area.x + slot.col * (colW + colGap);
    const y = top + slot.row * row;
    const base = y + row * 0.72;
    if (line.kind === 'section') ops.push(text(x, base, fitText(line.label, sectionSize, colW, 'bold'), sectionSize, 'bold'));
    else if (line.kind === 'group') ops.push(text(x + 2 * f, base, fitText(line.label, entrySize * 0.95, colW - 2 * f), entrySize * 0.95, 'regular', MUTED));
    else {
      if (line.swatch) swatch(ops, line.swatch, x + 2 * f, y + (row - sw) / 2, sw);
      ops.push(text(x + sw + 6 * f, base, fitText(line.label, entrySize, colW - sw - 6 * f), entrySize));
    }
  });
  if (placed < lines.length) {
    const lastSlot = slots.at(-1);
    const next = lastSlot ? (lastSlot.row + 1 < perColumn ? { col: lastSlot.col, row: lastSlot.row + 1 } : { col: lastSlot.col + 1, row: 0 }) : { col: 0, row: 0 };
    const x = area.x + Math.min(next.col, columns - 1) * (colW + colGap);
    ops.push(text(x, top + next.row * row + row * 0.72, c.labels.more.replace('{n}', String(lines.length - placed)), entrySize, 'regular', MUTED));
  }
}

/** A legend swatch in a `size` box at (x, y), as the map panel's legend draws it. */
export function swatch(ops: DrawOp[], s: LegendSwatch, x: number, y: number, size: number): void {
  const cx = x + size / 2;
  const cy = y + size / 2;
  switch (s.type) {
    case 'icon': {
      const spec = ICONS.get(s.icon);
      if (!spec) {
        ops.push({ op: 'circle', cx, cy, r: size / 3, fill: '#37474f' });
        return;
      }
      const k = size / ICON_BOX;
      ops.push({ op: 'path', d: BADGE_PATHS[spec.shape], x, y, scale: k, stroke: ICON_OUTLINE_COLOR, lineWidth: ICON_OUTLINE_WIDTH * k });
      ops.push({ op: 'path', d: BADGE_PATHS[spec.shape], x, y, scale: k, fill: spec.color, stroke: 'rgba(0,0,0,0.35)', lineWidth: 0.3 });
      // The glyph is scaled about the icon's centre (icon-images.ts does the same on the map).
      const off = (ICON_BOX / 2) * (1 - GLYPH_SCALE) * k;
      for (const path of spec.glyph) ops.push({ op: 'path', d: path.d, x: x + off, y: y + off, scale: k * GLYPH_SCALE, fill: path.fill === 'glyph' ? GLYPH_COLOR : spec.color });
      return;
    }
    case 'circle':
      ops.push({ op: 'circle', cx, cy, r: size / 3, fill: s.color, stroke: '#ffffff', lineWidth: size / 12 });
      ops.push({ op: 'circle', cx, cy, r: size / 3 + size / 24, stroke: '#8a8a8a', lineWidth: size / 24 });
      return;
    case 'line':
      ops.push({ op: 'line', x1: x, y1: cy, x2: x + size, y2: cy, color: s.color, width: size / 5, ...(s.dashed ? { dash: [size / 4, size / 6] } : {}) });
      return;
    case 'fill':
      ops.push({ op: 'rect', x: x + size * 0.05, y: y + size * 0.15, w: size * 0.9, h: size * 0.7, fill: s.color, opacity: 0.35 });
      ops.push({ op: 'rect', x: x + size * 0.05, y: y + size * 0.15, w: size * 0.9, h: size * 0.7, stroke: s.color, lineWidth: size / 12 });
      return;
    case 'heatmap': {
      const w = size / s.colors.length;
      s.colors.forEach((color, i) => ops.push({ op: 'rect', x: x + i * w, y: y + size * 0.2, w: w + 0.05, h: size * 0.6, fill: color }));
      ops.push({ op: 'rect', x, y: y + size * 0.2, w: size, h: size * 0.6, stroke: '#8a8a8a', lineWidth: 0.3 });
      return;
    }
  }
}

/** A north arrow: a split arrowhead (dark left half, light right half) under an "N". */
const NORTH_ARROW_LEFT = 'M 10 0 L 0 26 L 10 20 Z';
const NORTH_ARROW_RIGHT = 'M 10 0 L 20 26 L 10 20 Z';

function furnitureBlock(ops: DrawOp[], f: number, b: FrameRect, c: PageContent, gridNote: string): void {
  const arrowScale = 1.1 * f;
  const arrowW = 20 * arrowScale;
  const nSize = 9 * f;
  const ax = b.x + b.width - arrowW - 2 * f;
  const ay = b.y + nSize + 3 * f;
  ops.push(aligned('center', ax + arrowW / 2, b.y + nSize, c.labels.north, nSize, 'bold'));
  ops.push({ op: 'path', d: NORTH_ARROW_LEFT, x: ax, y: ay, scale: arrowScale, fill: INK, stroke: INK, lineWidth: 0.6 });
  ops.push({ op: 'path', d: NORTH_ARROW_RIGHT, x: ax, y: ay, scale: arrowScale, fill: '#ffffff', stroke: INK, lineWidth: 0.6 });

  const labelSize = 6.5 * f;
  const barH = 4 * f;
  const maxBar = b.width - arrowW - 22 * f;
  const bar = chooseScaleBar(c.metresPerPt, maxBar);
  const rfSize = 8 * f;
  const rf = formatScale(scaleDenominator(c.metresPerPt));
  ops.push(text(b.x, b.y + rfSize, rf ? `${c.labels.scale} ${rf}` : c.labels.scale, rfSize, 'bold'));
  if (bar) {
    const bx = b.x + 2 * f;
    const by = b.y + rfSize + 16 * f;
    const segW = bar.length / bar.segments;
    for (let i = 0; i < bar.segments; i++) ops.push({ op: 'rect', x: bx + i * segW, y: by, w: segW, h: barH, fill: i % 2 === 0 ? INK : '#ffffff' });
    ops.push({ op: 'rect', x: bx, y: by, w: bar.length, h: barH, stroke: INK, lineWidth: 0.5 });
    const labelY = by - 2.5 * f;
    ops.push(aligned('center', bx, labelY, '0', labelSize));
    ops.push(aligned('center', bx + bar.length / 2, labelY, scaleLabel(bar.metres / 2, bar.unit), labelSize));
    ops.push(aligned('center', bx + bar.length, labelY, `${scaleLabel(bar.metres, bar.unit)} ${bar.unit}`, labelSize));
  }
  const noteY = b.y + rfSize + 16 * f + barH + 12 * f;
  if (gridNote) ops.push(text(b.x, noteY, fitText(gridNote, labelSize, b.width - arrowW - 6 * f), labelSize, 'regular', MUTED));
  const latNote = `${Math.abs((c.bounds.south + c.bounds.north) / 2).toFixed(1)}°${(c.bounds.south + c.bounds.north) / 2 < 0 ? 'S' : 'N'}`;
  ops.push(text(b.x, noteY + 9 * f, fitText(c.labels.projection.replace('{lat}', latNote), labelSize * 0.95, b.width), labelSize * 0.95, 'regular', MUTED));
}

function footer(ops: DrawOp[], g: PageGeometry, c: PageContent): void {
  const { f } = g;
  const b = g.footer;
  const size = 6.8 * f;
  const y = b.y + b.height / 2 + size * 0.36;
  const who = [c.author, c.organisation].map((s) => s.trim()).filter(Boolean).join(', ');
  const right = who ? `${c.labels.preparedBy} ${who}` : '';
  const rightW = Math.min(textWidth(right, size), b.width * 0.4);
  const left = c.sources.trim() ? `${c.labels.sources} ${c.sources.trim()}` : '';
  if (left) ops.push(text(b.x, y, wrapText(left, size, b.width - rightW - 12 * f, 1)[0] ?? '', size, 'regular', MUTED));
  if (right) ops.push(aligned('right', b.x + b.width, y, fitText(right, size, b.width * 0.4), size, 'regular', MUTED));
}
