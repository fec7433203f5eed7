import { currentScheme } from '../state/settings';
import i18next from 'i18next';
import type { BBox } from '../../shared/io/types';
import { composePdf } from '../../shared/export/compose-pdf';
import { markingWithColor, type Marking } from '../../shared/export/classification';
import { levelOf, lowestLevel } from '../../shared/domain/marking';
import { levelLabel } from '../panels/marking-labels';
import { layoutPage, pageGeometry, type PageContent, type PageGeometry } from '../../shared/export/layout';
import { CSS_PX_PER_INCH, POINTS_PER_INCH, pointsToPixels } from '../../shared/export/paper';
import { metresPerPoint } from '../../shared/export/scale';
import { legendFor, type LegendLabel, type LegendLayerInput } from '../../shared/layers/legend';
import { BASEMAP_ATTRIBUTION } from '../../shared/layers/basemap-style';
import type { DisplayMode } from '../../shared/layers/layer-style';
import type { MapController } from '../map/map-controller';
import type { OffscreenRender } from '../map/offscreen-render';
import type { Platform } from '../platform';
import type { ExportLayout } from '../state/export-presets';
import { paintPage } from './paint-page';
import { encodeCanvas } from '../workers/encode-client';

/**
 * A map export from the dialog's choices: the map drawn off screen at the paper's resolution
 * (MapController.renderForExport), the page laid out by shared/export, then written as a PDF
 * (pdf-lib, the map as a JPEG) or painted on a canvas as a PNG. The preview runs the same path at
 * screen resolution.
 */

export interface ExportRequest {
  layout: ExportLayout;
  dtg: string;
  author: string;
  organisation: string;
  /** Null: what is on screen. */
  bounds: BBox | null;
}

/** A layer as the legend reads it (its style included), with its stacking order. */
export type LegendLayer = Omit<LegendLayerInput, 'display'> & { order: number };

/** JPEG quality of the map image in a PDF (see compose-pdf.ts for why JPEG). */
export const MAP_JPEG_QUALITY = 0.88;

const ns = 'exportMap';
const tr = (key: string): string => i18next.t(key, { ns });

function contentFor(req: ExportRequest, layers: readonly LegendLayer[], display: Record<string, DisplayMode>, render: OffscreenRender): PageContent {
  const label = (l: LegendLabel): string => ('text' in l ? l.text : i18next.t(l.key));
  const sections = legendFor([...layers].sort((a, b) => b.order - a.order).map((l) => ({ ...l, display: display[l.id] ?? 'points' })));
  const sources = [req.layout.sources.trim(), BASEMAP_ATTRIBUTION].filter(Boolean).join('; ');
  return {
    title: req.layout.title.trim() || tr('defaultTitle'),
    subtitle: req.layout.subtitle.trim(),
    dtg: req.dtg.trim(),
    marking: bannerMarking(req.layout.marking || lowestLevel(currentScheme()).code, req.layout.markingColor),
    legend: sections.map((s) => ({ title: label(s.title), entries: s.entries.map((e) => ({ label: label(e.label), swatch: e.swatch, ...(e.group ? { group: label(e.group) } : {}) })) })),
    bounds: render.bounds,
    metresPerPt: metresPerPoint(render.metresPerCssPx),
    grid: req.layout.grid,
    sources,
    author: req.author,
    organisation: req.organisation,
    labels: {
      legend: tr('page.legend'),
      scale: tr('page.scale'),
      north: tr('page.north'),
      sources: tr('page.sources'),
      preparedBy: tr('page.preparedBy'),
      more: tr('page.more'),
      projection: tr('page.projection'),
      mgrsTooWide: tr('page.mgrsTooWide'),
    },
  };
}

/** The banner in the scheme's colours, its text in the reader's language when it is a level of the scheme. */
function bannerMarking(text: string, color: string): Marking {
  const banner = markingWithColor(text, color);
  const scheme = currentScheme();
  const level = levelOf(scheme, banner.text);
  return level ? { ...banner, text: levelLabel(i18next.t, i18next.language, scheme, level.code) } : banner;
}

const renderMap = (map: MapController, g: PageGeometry, dpi: number, bounds: BBox | null, output: Parameters<MapController['renderForExport']>[0]['output']) =>
  map.renderForExport({
    widthCss: (g.frame.width / POINTS_PER_INCH) * CSS_PX_PER_INCH,
    heightCss: (g.frame.height / POINTS_PER_INCH) * CSS_PX_PER_INCH,
    pixelRatio: dpi / CSS_PX_PER_INCH,
    ...(bounds ? { bounds } : {}),
    output,
  });

export interface ExportResult {
  bytes: Uint8Array<ArrayBuffer>;
  mimeType: string;
  fileName: string;
  /** The resolution the map was drawn at (lower than asked only when the GPU could not take it). */
  mapDpi: number;
  widthPx: number;
  heightPx: number;
}

export class MapExporter {
  constructor(
    private readonly map: MapController,
    private readonly layers: () => readonly LegendLayer[],
    private readonly display: () => Record<string, DisplayMode>,
  ) {}

  async export(req: ExportRequest): Promise<ExportResult> {
    const g = pageGeometry(req.layout.paper, req.layout.orientation);
    const dpi = req.layout.dpi;
    const fileName = `${fileStem(req)}.${req.layout.format}`;
    // Marks for the export benchmark (scripts/bench/export.ts).
    performance.mark('cg:export:start');
    if (req.layout.format === 'pdf') {
      const render = await renderMap(this.map, g, dpi, req.bounds, { type: 'jpeg', quality: MAP_JPEG_QUALITY });
      performance.mark('cg:export:map-encoded');
      const jpeg = new Uint8Array(await (render.blob as Blob).arrayBuffer());
      const content = contentFor(req, this.layers(), this.display(), render);
      const pdf = await composePdf(g.page, layoutPage(g, content), { bytes: jpeg, format: 'jpeg' }, {
        title: content.title,
        subject: content.marking.text,
        author: [req.author, req.organisation].filter(Boolean).join(', '),
        keywords: [content.marking.text, content.dtg].filter(Boolean),
      });
      performance.mark('cg:export:end');
      return { bytes: new Uint8Array(pdf), mimeType: 'application/pdf', fileName, mapDpi: render.pixelRatio * CSS_PX_PER_INCH, widthPx: render.widthPx, heightPx: render.heightPx };
    }
    const render = await renderMap(this.map, g, dpi, req.bounds, { type: 'bitmap' });
    const canvas = document.createElement('canvas');
    canvas.width = pointsToPixels(g.page.width, dpi);
    canvas.height = pointsToPixels(g.page.height, dpi);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('No 2D canvas for the PNG export');
    paintPage(ctx, layoutPage(g, contentFor(req, this.layers(), this.display(), render)), canvas.width / g.page.width, render.bitmap);
    render.bitmap?.close();
    const blob = await encodeCanvas(canvas, 'image/png');
    return { bytes: new Uint8Array(await blob.arrayBuffer()), mimeType: 'image/png', fileName, mapDpi: render.pixelRatio * CSS_PX_PER_INCH, widthPx: canvas.width, heightPx: canvas.height };
  }

  /** The page at `widthPx` wide on `canvas`, the map drawn at that resolution (same layout, same map). */
  async preview(req: ExportRequest, canvas: HTMLCanvasElement, widthPx: number): Promise<void> {
    const g = pageGeometry(req.layout.paper, req.layout.orientation);
    const scale = widthPx / g.page.width;
    const render = await renderMap(this.map, g, Math.max(24, scale * POINTS_PER_INCH * (window.devicePixelRatio || 1)), req.bounds, { type: 'bitmap' });
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(widthPx * dpr);
    canvas.height = Math.round(g.page.height * scale * dpr);
    canvas.style.width = `${widthPx}px`;
    canvas.style.height = `${Math.round(g.page.height * scale)}px`;
    const ctx = canvas.getContext('2d');
    if (ctx) paintPage(ctx, layoutPage(g, contentFor(req, this.layers(), this.display(), render)), scale * dpr, render.bitmap);
    render.bitmap?.close();
  }

  async save(platform: Platform, result: ExportResult): Promise<boolean> {
    const isPdf = result.mimeType === 'application/pdf';
    return platform.saveFile({
      suggestedName: result.fileName,
      filters: [isPdf ? { name: 'PDF', extensions: ['pdf'] } : { name: 'PNG', extensions: ['png'] }],
      data: result.bytes,
      mimeType: result.mimeType,
    });
  }
}

/** "situation-bamako-221430Z-NOV-26": the title and DTG, safe in any file system. */
function fileStem(req: ExportRequest): string {
  const slug = (s: string): string =>
    s
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60);
  return [slug(req.layout.title) || 'map', slug(req.dtg)].filter(Boolean).join('-');
}
