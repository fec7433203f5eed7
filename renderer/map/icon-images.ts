import ms from 'milsymbol';
import { BADGE_PATHS, GLYPH_COLOR, GLYPH_SCALE, ICON_BOX, ICON_OUTLINE_COLOR, ICON_OUTLINE_WIDTH, ICONS, MARKER_ICON, type IconSpec } from '../../shared/layers/icons';

/**
 * Turns the icon data of shared/layers/icons.ts (and SIDCs, through milsymbol) into images for
 * the map. Drawn at twice the CSS size so they stay sharp on high-density screens; the map is
 * told the pixel ratio, so they take their design size on screen.
 */

export const ICON_PIXEL_RATIO = 2;

/** Anything that can take icon images: the controller passes its maplibregl.Map. */
export interface ImageSink {
  hasImage(id: string): boolean;
  addImage(id: string, image: ImageData, options: { pixelRatio: number }): void;
}

type Ctx2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

function context(width: number, height: number): Ctx2D {
  // OffscreenCanvas where there is one (no DOM node); a detached canvas otherwise.
  if (typeof OffscreenCanvas !== 'undefined') {
    const ctx = new OffscreenCanvas(width, height).getContext('2d');
    if (ctx) return ctx;
  }
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2D canvas context for map icons');
  return ctx;
}

/** One icon as pixels: badge with its white outline, then the glyph paths in their colour slots. */
export function rasteriseIcon(spec: IconSpec, pixelRatio = ICON_PIXEL_RATIO): ImageData {
  const size = Math.round(ICON_BOX * pixelRatio);
  const ctx = context(size, size);
  ctx.scale(pixelRatio, pixelRatio);
  const badge = new Path2D(BADGE_PATHS[spec.shape]);
  // The outline is stroked first and the badge filled over it, so only its outer half shows.
  ctx.lineJoin = 'round';
  ctx.strokeStyle = 'rgba(0,0,0,0.35)';
  ctx.lineWidth = ICON_OUTLINE_WIDTH + 1.2;
  ctx.stroke(badge);
  ctx.strokeStyle = ICON_OUTLINE_COLOR;
  ctx.lineWidth = ICON_OUTLINE_WIDTH;
  ctx.stroke(badge);
  ctx.fillStyle = spec.color;
  ctx.fill(badge);
  ctx.translate(ICON_BOX / 2, ICON_BOX / 2);
  ctx.scale(GLYPH_SCALE, GLYPH_SCALE);
  ctx.translate(-ICON_BOX / 2, -ICON_BOX / 2);
  for (const path of spec.glyph) {
    ctx.fillStyle = path.fill === 'glyph' ? GLYPH_COLOR : spec.color;
    ctx.fill(new Path2D(path.d));
  }
  return ctx.getImageData(0, 0, size, size);
}

/** Adds every icon of the set that the map does not have yet (on style load, before our layers). */
export function addIconImages(map: ImageSink): void {
  for (const spec of ICONS.values()) if (!map.hasImage(spec.name)) map.addImage(spec.name, rasteriseIcon(spec), { pixelRatio: ICON_PIXEL_RATIO });
}

/** CSS size of a military symbol's icon (milsymbol's `size` is the frame's height, roughly). */
const SIDC_SIZE = 22;

/**
 * The military symbol for a SIDC, or null when milsymbol does not recognise the code (the caller
 * then shows the generic marker: a bad code in one feature must not break the map).
 */
export function rasteriseSidc(sidc: string, pixelRatio = ICON_PIXEL_RATIO): ImageData | null {
  try {
    const symbol = new ms.Symbol(sidc, { size: SIDC_SIZE });
    if (symbol.isValid() !== true) return null;
    const canvas = symbol.asCanvas(pixelRatio);
    const ctx = canvas.getContext('2d');
    if (!ctx || canvas.width === 0 || canvas.height === 0) return null;
    return ctx.getImageData(0, 0, canvas.width, canvas.height);
  } catch {
    return null;
  }
}

/**
 * Answers MapLibre's missing-image request (Map.setMissingStyleImageResolver) for an image id: `sidc:<code>` is drawn with milsymbol,
 * an unknown `cg-` name gets the generic marker. Returns false for ids that are not ours.
 */
export function addMissingImage(map: ImageSink, id: string, sidc: string | null): boolean {
  if (map.hasImage(id)) return true;
  const marker = (): ImageData => rasteriseIcon(ICONS.get(MARKER_ICON) as IconSpec);
  if (sidc !== null) {
    map.addImage(id, rasteriseSidc(sidc) ?? marker(), { pixelRatio: ICON_PIXEL_RATIO });
    return true;
  }
  if (!id.startsWith('cg-')) return false;
  const spec = ICONS.get(id);
  map.addImage(id, spec ? rasteriseIcon(spec) : marker(), { pixelRatio: ICON_PIXEL_RATIO });
  return true;
}
