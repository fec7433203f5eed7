/**
 * Classification markings for the banners at the top and bottom of an export. The presets are
 * the levels of the marking scheme (UN_SCHEME, ST/SGB/2007/6, by default) with the scheme's
 * banner colours. A typed marking gets neutral colours unless the user picks others.
 */
import { orderedLevels, UN_SCHEME, type MarkingScheme } from '../domain/marking';

export interface Marking {
  text: string;
  /** Banner colour, #rrggbb. */
  background: string;
  /** Text colour on the banner, #rrggbb. */
  color: string;
}

/** The banner presets of a scheme, least restrictive first. */
export function markingPresets(scheme: MarkingScheme): Marking[] {
  return orderedLevels(scheme).map((l) => ({ text: l.code, background: l.background, color: l.color }));
}

export const MARKING_PRESETS: readonly Marking[] = markingPresets(UN_SCHEME);

export const CUSTOM_MARKING_COLORS = { background: '#4d4d4d', color: '#ffffff' } as const;

const HEX = /^#[0-9a-f]{6}$/i;

/** The marking for a typed text: a preset's colours when it names one, neutral colours otherwise. */
export function markingFor(text: string): Marking {
  const clean = text.trim().replace(/\s+/g, ' ').toUpperCase();
  const preset = MARKING_PRESETS.find((m) => m.text === clean);
  return preset ?? { text: clean, ...CUSTOM_MARKING_COLORS };
}

export const isHexColor = (value: string): boolean => HEX.test(value);

/** Black or white, whichever reads better on `background` (WCAG relative luminance). */
export function contrastingText(background: string): '#000000' | '#ffffff' {
  const lin = (c: number): number => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const [r, g, b] = hexToRgb01(background).map(lin) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white (1.05 / (L + 0.05)) against contrast with black ((L + 0.05) / 0.05).
  return 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 ? '#ffffff' : '#000000';
}

/** The marking for `text` with the banner in `background` when the user chose one (#rrggbb). */
export function markingWithColor(text: string, background: string): Marking {
  const m = markingFor(text);
  return isHexColor(background) ? { text: m.text, background: background.toLowerCase(), color: contrastingText(background) } : m;
}

/** [r, g, b] in 0…1 from #rrggbb (black for anything else). */
export function hexToRgb01(hex: string): [number, number, number] {
  if (!HEX.test(hex)) return [0, 0, 0];
  const n = Number.parseInt(hex.slice(1), 16);
  return [((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255];
}
