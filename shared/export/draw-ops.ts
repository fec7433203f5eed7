import type { FontWeight } from './text';

/**
 * A page as a list of drawing operations, in points with the origin at the top-left corner
 * (y down, as on screen). The layout produces it once; the PDF writer (pdf-lib) and the canvas
 * painter (PNG export and the dialog's preview) both replay it, so the three cannot differ.
 * Text is already positioned (left end of the baseline) and already WinAnsi-safe.
 */
export type DrawOp =
  | { op: 'rect'; x: number; y: number; w: number; h: number; fill?: string; stroke?: string; lineWidth?: number; opacity?: number }
  | { op: 'line'; x1: number; y1: number; x2: number; y2: number; color: string; width: number; dash?: number[] }
  | { op: 'text'; x: number; y: number; text: string; size: number; weight: FontWeight; color: string; /** Degrees, counter-clockwise. */ rotate?: number }
  /** An SVG path drawn with its origin at (x, y) and its units scaled by `scale`. */
  | { op: 'path'; d: string; x: number; y: number; scale: number; fill?: string; stroke?: string; lineWidth?: number }
  | { op: 'circle'; cx: number; cy: number; r: number; fill?: string; stroke?: string; lineWidth?: number; opacity?: number }
  /** Where the rendered map image goes. */
  | { op: 'map'; x: number; y: number; w: number; h: number };

export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** #rgb, #rrggbb or rgb()/rgba() as 0…1 channels; opaque black for anything else. */
export function parseColor(value: string): Rgba {
  const v = value.trim();
  let m = /^#([0-9a-f]{3})$/i.exec(v);
  if (m) {
    const [r, g, b] = [...(m[1] as string)].map((c) => Number.parseInt(c + c, 16) / 255) as [number, number, number];
    return { r, g, b, a: 1 };
  }
  m = /^#([0-9a-f]{6})$/i.exec(v);
  if (m) {
    const n = Number.parseInt(m[1] as string, 16);
    return { r: ((n >> 16) & 255) / 255, g: ((n >> 8) & 255) / 255, b: (n & 255) / 255, a: 1 };
  }
  m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/i.exec(v);
  if (m) return { r: Number(m[1]) / 255, g: Number(m[2]) / 255, b: Number(m[3]) / 255, a: m[4] === undefined ? 1 : Number(m[4]) };
  return { r: 0, g: 0, b: 0, a: 1 };
}
