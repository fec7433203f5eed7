import * as maplibregl from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import { GRID_LABELS_SOURCE, GRID_LINES_SOURCE, type GridMode } from '../../shared/layers/grid-style';
import { mgrsGrid } from '../../shared/geo/mgrs-grid';
import { graticule } from '../../shared/geo/graticule';
import { sidcFromImageId } from '../../shared/layers/icons';
import { metresPerCssPixel } from '../../shared/export/scale';
import { addIconImages, addMissingImage } from './icon-images';
import { encodeCanvas } from '../workers/encode-client';

/**
 * Renders the live map again, off screen, at print size: a hidden container of the map frame's
 * size in CSS pixels (96 per inch) and `pixelRatio = dpi / 96`, so labels, icons and line widths
 * come out at the size they have on screen, measured on paper, and the image has the print
 * resolution (not an upscaled screenshot). The style is the live map's own (`getStyle()`: its
 * sources point at the same blob URLs through the `cgjson://` protocol, which is registered for
 * every map of the page); images added with addImage are not part of a style, so the icons and the
 * missing-image resolver are set up again here. North up, whatever the live map's bearing.
 *
 * The GPU's limit (MAX_RENDERBUFFER_SIZE, 8192 px with SwiftShader here) is larger than any frame
 * the layouts produce (A3 or Tabloid at 300 dpi is under 5000 px); a bigger request is rendered at
 * the largest pixel ratio that fits, and the answer says so (`pixelRatio` is then lower).
 */

export type GeoBox = [west: number, south: number, east: number, north: number];

export interface OffscreenRenderRequest {
  widthCss: number;
  heightCss: number;
  pixelRatio: number;
  /** What the frame must show (it is fitted inside, the other axis gets more). */
  bounds: GeoBox;
  /** The reference grid drawn on the live map, recomputed for this extent. */
  grid: GridMode;
  /** JPEG quality for `jpeg`; with `bitmap` the pixels are returned as an ImageBitmap. */
  output: { type: 'jpeg'; quality: number } | { type: 'png' } | { type: 'bitmap' };
}

export interface OffscreenRender {
  blob: Blob | null;
  bitmap: ImageBitmap | null;
  /** What the frame shows, north up. */
  bounds: { west: number; south: number; east: number; north: number };
  zoom: number;
  metresPerCssPx: number;
  widthPx: number;
  heightPx: number;
  /** The pixel ratio actually used (lower than asked when the GPU could not take the size). */
  pixelRatio: number;
}

let maxSizeCache = 0;

/** The largest canvas side this GPU renders to (both the renderbuffer and the viewport must take it). */
export function maxRenderSize(): number {
  if (maxSizeCache) return maxSizeCache;
  const canvas = document.createElement('canvas');
  const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  if (!gl) return 4096;
  const dims = gl.getParameter(gl.MAX_VIEWPORT_DIMS) as Int32Array;
  maxSizeCache = Math.min(gl.getParameter(gl.MAX_RENDERBUFFER_SIZE) as number, gl.getParameter(gl.MAX_TEXTURE_SIZE) as number, dims[0] ?? 4096, dims[1] ?? 4096);
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return maxSizeCache;
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

export async function renderOffscreen(source: maplibregl.Map, req: OffscreenRenderRequest): Promise<OffscreenRender> {
  const limit = maxRenderSize();
  const widthCss = Math.max(1, Math.round(req.widthCss));
  const heightCss = Math.max(1, Math.round(req.heightCss));
  const pixelRatio = Math.min(req.pixelRatio, limit / widthCss, limit / heightCss);
  const container = document.createElement('div');
  // In the layout (a detached or display:none element has no size) but out of sight.
  Object.assign(container.style, { position: 'fixed', left: '-100000px', top: '0', width: `${widthCss}px`, height: `${heightCss}px`, pointerEvents: 'none' });
  container.setAttribute('aria-hidden', 'true');
  document.body.append(container);
  const map = new maplibregl.Map({
    container,
    style: source.getStyle(),
    bounds: req.bounds,
    fitBoundsOptions: { padding: 0 },
    bearing: 0,
    // Loaded at screen resolution: MapLibre draws a frame each time a tile arrives, and on the
    // software GPU every print-size frame costs seconds. The print-size frame is drawn once, below.
    pixelRatio: Math.min(pixelRatio, 1),
    maxCanvasSize: [limit, limit],
    interactive: false,
    attributionControl: false,
    fadeDuration: 0,
    // Multisampling only for the screen-resolution preview: at print resolution a pixel is a
    // tenth of a millimetre, and 4× MSAA of a 10-megapixel frame costs the software GPU seconds.
    canvasContextAttributes: { preserveDrawingBuffer: true, antialias: pixelRatio < 2 },
  });
  try {
    map.setMissingStyleImageResolver((id) => {
      addMissingImage(map, id, sidcFromImageId(id));
    });
    // An 'error' event is not fatal (one tile or image may fail): only a map that never loads is.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('The map could not be drawn for the export (it did not load in 60 s)')), 60_000);
      map.once('load', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    performance.mark('cg:export:map-loaded');
    addIconImages(map);
    const b = map.getBounds();
    const bounds = { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() };
    const zoom = map.getZoom();
    if (map.getSource(GRID_LINES_SOURCE)) {
      const bbox: GeoBox = [bounds.west, Math.max(-85, bounds.south), bounds.east, Math.min(85, bounds.north)];
      const data = req.grid === 'mgrs' ? mgrsGrid(bbox, zoom) : req.grid === 'graticule' ? graticule(bbox, zoom) : { lines: null, labels: null };
      map.getSource<maplibregl.GeoJSONSource>(GRID_LINES_SOURCE)?.setData((data.lines as FeatureCollection | null) ?? EMPTY);
      map.getSource<maplibregl.GeoJSONSource>(GRID_LABELS_SOURCE)?.setData((data.labels as FeatureCollection | null) ?? EMPTY);
    }
    await whenDrawn(map);
    if (pixelRatio > 1) {
      map.setPixelRatio(pixelRatio);
      await whenDrawn(map);
    }
    performance.mark('cg:export:map-idle');
    const canvas = map.getCanvas();
    // 'idle' means the draw calls are issued; reading one pixel waits until the GPU has run them,
    // so the benchmark's marks split drawing from encoding truthfully.
    const gl = map.painter.context.gl;
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
    performance.mark('cg:export:map-drawn');
    const out: OffscreenRender = {
      blob: null,
      bitmap: null,
      bounds,
      zoom,
      metresPerCssPx: metresPerCssPixel(zoom, map.getCenter().lat),
      widthPx: canvas.width,
      heightPx: canvas.height,
      pixelRatio,
    };
    if (req.output.type === 'bitmap') out.bitmap = await createImageBitmap(canvas);
    else out.blob = await encodeCanvas(canvas, req.output.type === 'jpeg' ? 'image/jpeg' : 'image/png', req.output.type === 'jpeg' ? req.output.quality : undefined);
    return out;
  } finally {
    // Frees the WebGL context at once (browsers allow only a few).
    map.remove();
    container.remove();
  }
}

/** Resolves when every source and image is loaded and the frame is drawn. */
async function whenDrawn(map: maplibregl.Map): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise<void>((resolve) => {
      map.once('idle', () => resolve());
      map.triggerRepaint();
    });
    if (map.loaded() && map.areTilesLoaded()) return;
  }
}
