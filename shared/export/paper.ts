/**
 * Paper sizes and print resolutions for map exports. Sizes in PostScript points (1/72 in), the
 * unit of PDF pages; ISO sizes are defined in millimetres and rounded to the nearest point as
 * every PDF producer does (A4 = 595 × 842).
 */

export const PAPERS = ['A4', 'A3', 'Letter', 'Tabloid'] as const;
export type PaperId = (typeof PAPERS)[number];
export const ORIENTATIONS = ['portrait', 'landscape'] as const;
export type Orientation = (typeof ORIENTATIONS)[number];
export const DPIS = [150, 300] as const;
export type Dpi = (typeof DPIS)[number];

const MM_PER_INCH = 25.4;
export const POINTS_PER_INCH = 72;
/** CSS pixels per inch: the map's labels and symbols are designed in CSS px. */
export const CSS_PX_PER_INCH = 96;

export const mmToPoints = (mm: number): number => (mm / MM_PER_INCH) * POINTS_PER_INCH;
export const pointsToMm = (pt: number): number => (pt / POINTS_PER_INCH) * MM_PER_INCH;

/** Portrait width and height in points. */
const PORTRAIT: Record<PaperId, [number, number]> = {
  A4: [Math.round(mmToPoints(210)), Math.round(mmToPoints(297))],
  A3: [Math.round(mmToPoints(297)), Math.round(mmToPoints(420))],
  Letter: [612, 792],
  Tabloid: [792, 1224],
};

export interface PageSize {
  width: number;
  height: number;
}

export function pageSize(paper: PaperId, orientation: Orientation): PageSize {
  const [w, h] = PORTRAIT[paper];
  return orientation === 'portrait' ? { width: w, height: h } : { width: h, height: w };
}

/** Pixels for a length in points at a resolution (rounded, at least 1). */
export const pointsToPixels = (pt: number, dpi: number): number => Math.max(1, Math.round((pt / POINTS_PER_INCH) * dpi));
