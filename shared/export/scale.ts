/**
 * Map scale on paper. Web Mercator (MapLibre's 512 px tiles) has a scale that depends on latitude,
 * so it is taken at the centre of the map frame, the convention for small-area briefing maps.
 */

const EARTH_CIRCUMFERENCE_M = 40_075_016.686;
const METRES_PER_POINT_OF_PAPER = 0.0254 / 72;

/** Ground metres per CSS pixel at a zoom and latitude (MapLibre, 512 px tiles). */
export function metresPerCssPixel(zoom: number, latitude: number): number {
  return (EARTH_CIRCUMFERENCE_M * Math.cos((latitude * Math.PI) / 180)) / (512 * 2 ** zoom);
}

/** Ground metres per point of paper when one CSS px is printed as 0.75 pt (96 dpi → 72 pt/in). */
export const metresPerPoint = (metresPerCssPx: number): number => metresPerCssPx / 0.75;

/** The representative fraction's denominator (1 : n). */
export const scaleDenominator = (metresPerPt: number): number => metresPerPt / METRES_PER_POINT_OF_PAPER;

/** "1:250 000": the denominator rounded to 2–3 significant digits and grouped by thousands. */
export function formatScale(denominator: number): string {
  if (!Number.isFinite(denominator) || denominator <= 0) return '';
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(denominator)) - 2);
  const rounded = Math.round(denominator / magnitude) * magnitude;
  return `1:${String(rounded).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')}`;
}

export interface ScaleBar {
  /** Total ground length in metres. */
  metres: number;
  /** Length on paper in points. */
  length: number;
  /** Number of alternating segments. */
  segments: number;
  /** Unit for the labels. */
  unit: 'm' | 'km';
}

const NICE = [1, 2, 5] as const;

/**
 * The longest "nice" ground length (1, 2 or 5 × 10ⁿ metres) whose bar fits in `maxLength` points,
 * preferring one at least half that long; null when the scale is unusable.
 */
export function chooseScaleBar(metresPerPt: number, maxLength: number): ScaleBar | null {
  if (!(metresPerPt > 0) || !(maxLength > 0) || !Number.isFinite(metresPerPt)) return null;
  const maxMetres = metresPerPt * maxLength;
  let best = 0;
  for (let exp = Math.floor(Math.log10(maxMetres)) - 1; exp <= Math.floor(Math.log10(maxMetres)); exp++)
    for (const n of NICE) {
      const m = n * 10 ** exp;
      if (m <= maxMetres && m > best) best = m;
    }
  if (best <= 0) return null;
  const first = Number(String(best)[0]);
  return { metres: best, length: best / metresPerPt, segments: first === 2 ? 4 : first === 5 ? 5 : 4, unit: best >= 1000 ? 'km' : 'm' };
}

/** A scale bar tick label in the bar's unit ("0", "2.5", "10 km" for the last). */
export function scaleLabel(metres: number, unit: 'm' | 'km'): string {
  const v = unit === 'km' ? metres / 1000 : metres;
  return String(Math.round(v * 1000) / 1000);
}
