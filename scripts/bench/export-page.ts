/**
 * The export benchmark's baseline, run in the app's page (bundled by esbuild at bench time and
 * loaded as a same-origin script): a bare MapLibre map off screen at the same canvas size and
 * pixel ratio as the app's A3 export, with the same basemap and the same 100,000 incidents as
 * plain circles, encoded as JPEG at the same quality and embedded on one page with pdf-lib.
 * No layout, no legend, no grid, no icons: what any MapLibre + pdf-lib export has to spend.
 */
import * as maplibregl from 'maplibre-gl';
import { PDFDocument } from 'pdf-lib';
import { basemapStyle } from '../../shared/layers/basemap-style';
import { INCIDENT_COLORS } from '../../shared/layers/layer-style';

export interface ExportBaselineRequest {
  dataUrl: string;
  workerUrl: string;
  widthCss: number;
  heightCss: number;
  pixelRatio: number;
  bounds: [number, number, number, number];
  pageWidthPt: number;
  pageHeightPt: number;
  jpegQuality: number;
}

export interface ExportBaselineResult {
  drawMs: number;
  encodeMs: number;
  pdfMs: number;
  totalMs: number;
  widthPx: number;
  heightPx: number;
  pdfBytes: number;
}

async function run(req: ExportBaselineRequest): Promise<ExportBaselineResult> {
  maplibregl.setWorkerUrl(req.workerUrl);
  const t0 = performance.now();
  const container = document.createElement('div');
  Object.assign(container.style, { position: 'fixed', left: '-100000px', top: '0', width: `${req.widthCss}px`, height: `${req.heightCss}px` });
  document.body.append(container);
  const style = basemapStyle(location.href);
  style.sources.incidents = { type: 'geojson', data: req.dataUrl };
  const match = ['match', ['get', 'event_type'], ...Object.entries(INCIDENT_COLORS).flat(), '#616161'] as unknown as maplibregl.ExpressionSpecification;
  style.layers.push({ id: 'incidents', type: 'circle', source: 'incidents', paint: { 'circle-color': match, 'circle-radius': 4, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1 } });
  const map = new maplibregl.Map({
    container,
    style,
    bounds: req.bounds,
    fitBoundsOptions: { padding: 0 },
    pixelRatio: req.pixelRatio,
    interactive: false,
    attributionControl: false,
    fadeDuration: 0,
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
  });
  await new Promise<void>((resolve) => map.once('load', () => resolve()));
  await new Promise<void>((resolve) => map.once('idle', () => resolve()));
  const t1 = performance.now();
  const canvas = map.getCanvas();
  const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob failed'))), 'image/jpeg', req.jpegQuality));
  const jpeg = new Uint8Array(await blob.arrayBuffer());
  const t2 = performance.now();
  const doc = await PDFDocument.create();
  const page = doc.addPage([req.pageWidthPt, req.pageHeightPt]);
  const image = await doc.embedJpg(jpeg);
  page.drawImage(image, { x: 36, y: 36, width: req.pageWidthPt - 72, height: req.pageHeightPt - 72 });
  const pdf = await doc.save({ useObjectStreams: true });
  const t3 = performance.now();
  const out = { drawMs: t1 - t0, encodeMs: t2 - t1, pdfMs: t3 - t2, totalMs: t3 - t0, widthPx: canvas.width, heightPx: canvas.height, pdfBytes: pdf.byteLength };
  map.remove();
  container.remove();
  return out;
}

(window as unknown as { __benchExport: { run: typeof run } }).__benchExport = { run };
