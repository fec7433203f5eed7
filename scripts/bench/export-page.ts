/**
 * The export benchmark's baseline, run in the app's page (bundled by esbuild at bench time and
 * loaded as a same-origin script): a bare MapLibre map off screen at the same canvas size and
 * pixel ratio as the app's A3 export, with the same basemap and the same 100,000 incidents as
 * plain circles, encoded as JPEG at the same quality and embedded on one page with pdf-lib.
 * No layout, no legend, no grid, no icons: what any MapLibre + pdf-lib export has to spend.
 * The JPEG is encoded in a worker as the app does (a canvas's own toBlob waits for the page's idle
 * time and would make the baseline look slow for the wrong reason).
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

const ENCODER = `onmessage = async (e) => {
  const { bitmap, quality } = e.data;
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  canvas.getContext('2d').drawImage(bitmap, 0, 0);
  bitmap.close();
  postMessage(await canvas.convertToBlob({ type: 'image/jpeg', quality }));
};`;

function encodeInWorker(bitmap: ImageBitmap, quality: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([ENCODER], { type: 'text/javascript' }));
  const worker = new Worker(url);
  return new Promise<Blob>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<Blob>) => resolve(e.data);
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage({ bitmap, quality }, [bitmap]);
  }).finally(() => {
    worker.terminate();
    URL.revokeObjectURL(url);
  });
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
    // Loaded at pixel ratio 1 and drawn once at print size, as the app does (offscreen-render.ts):
    // otherwise every tile's arrival redraws a print-size frame on the software GPU.
    pixelRatio: 1,
    interactive: false,
    attributionControl: false,
    fadeDuration: 0,
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: false },
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the baseline map did not load in 120 s')), 120_000);
    map.on('error', (e) => console.error('baseline map error', e.error?.message ?? e));
    map.once('load', () => {
      map.once('idle', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  });
  map.setPixelRatio(req.pixelRatio);
  await new Promise<void>((resolve) => map.once('idle', () => resolve()));
  const canvas = map.getCanvas();
  // As the app does: wait until the GPU has run the draw calls before timing the encoding.
  const gl = map.painter.context.gl;
  gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
  const t1 = performance.now();
  const blob = await encodeInWorker(await createImageBitmap(canvas), req.jpegQuality);
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
