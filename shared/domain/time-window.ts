import type { Kind } from './common';
import { formatDtg } from './dtg';
import { boundKey, timeFieldsOf, type TimeWindow } from './filters';

/**
 * The arithmetic behind the time slider, below React so it can be tested with a fixed `now`:
 * quick ranges, the extent of a layer's dates, dragging and the steps of "play".
 * Windows are ISO 8601 UTC instants; the slider works in epoch milliseconds.
 */

export type Window = NonNullable<TimeWindow>;

export interface Extent {
  /** ISO 8601 UTC instants, min ≤ max. */
  min: string;
  max: string;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export const QUICK_RANGES = { '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': 30 * DAY_MS } as const;
export type QuickRange = keyof typeof QUICK_RANGES;

/** Steps per window length when playing: each frame moves a tenth of the window. */
export const DEFAULT_PLAY_STEPS = 10;

const iso = (ms: number): string => new Date(ms).toISOString();
const ms = (isoString: string): number => Date.parse(isoString);

/** The window ending at `now` and reaching back the quick range's length. */
export function quickRange(range: QuickRange, now: Date | string | number): Window {
  const end = new Date(now).getTime();
  if (Number.isNaN(end)) throw new Error(`quickRange: not a time: ${String(now)}`);
  return { start: iso(end - QUICK_RANGES[range]), end: iso(end) };
}

/** The quick range a window is (within a minute), so the slider can show it as pressed. */
export function matchingQuickRange(window: TimeWindow, now: Date | string | number): QuickRange | null {
  if (!window) return null;
  const end = new Date(now).getTime();
  for (const range of Object.keys(QUICK_RANGES) as QuickRange[]) {
    const q = quickRange(range, end);
    if (Math.abs(ms(q.start) - ms(window.start)) < 60_000 && Math.abs(ms(q.end) - ms(window.end)) < 60_000) return range;
  }
  return null;
}

/**
 * Earliest and latest of a list of stored dates (bare days or date-times; anything else is
 * skipped). A bare day reaches to its last minute, so a window up to the extent's max includes it.
 * Null when there is no date.
 */
export function dateExtent(dates: Iterable<unknown>): Extent | null {
  let min = Infinity;
  let max = -Infinity;
  for (const d of dates) {
    if (typeof d !== 'string') continue;
    const start = boundKey(d, 'start');
    const end = boundKey(d, 'end');
    if (start === null || end === null) continue;
    min = Math.min(min, ms(`${start}Z`));
    // The last minute of a bare day, to its last millisecond, so the whole day lies in the extent.
    max = Math.max(max, ms(`${end}Z`) + (end === start ? 0 : 59_999));
  }
  return Number.isFinite(min) ? { min: iso(min), max: iso(max) } : null;
}

/** The extent of a layer's dates from its features' properties; null for kinds without dates. */
export function layerDateExtent(kind: Kind, properties: Iterable<Readonly<Record<string, unknown>> | null | undefined>): Extent | null {
  const time = timeFieldsOf(kind);
  if (!time) return null;
  const fields = time.type === 'instant' ? [time.field] : [time.start, time.end];
  function* dates(): Generator<unknown> {
    for (const p of properties) for (const f of fields) yield p?.[f];
  }
  return dateExtent(dates());
}

export const windowLengthMs = (w: Window): number => ms(w.end) - ms(w.start);

/** Keeps the window's length and moves it inside the extent (shrinking it if it is longer). */
export function clampWindow(w: Window, extent: Extent): Window {
  const lo = ms(extent.min);
  const hi = ms(extent.max);
  const length = Math.min(windowLengthMs(w), hi - lo);
  const start = Math.min(Math.max(ms(w.start), lo), hi - length);
  return { start: iso(start), end: iso(start + length) };
}

/** The window moved by `deltaMs`, same length, kept inside the extent: dragging the whole window. */
export function moveWindow(w: Window, deltaMs: number, extent: Extent): Window {
  return clampWindow({ start: iso(ms(w.start) + deltaMs), end: iso(ms(w.end) + deltaMs) }, extent);
}

/** One handle moved to `atMs`; it stops at the other handle and at the extent. */
export function setBound(w: Window, side: 'start' | 'end', atMs: number, extent: Extent): Window {
  const lo = ms(extent.min);
  const hi = ms(extent.max);
  if (side === 'start') return { start: iso(Math.min(Math.max(atMs, lo), ms(w.end))), end: w.end };
  return { start: w.start, end: iso(Math.max(Math.min(atMs, hi), ms(w.start))) };
}

/** How far one play frame moves the window: its length divided by `steps` (at least a minute). */
export function playStepMs(w: Window, steps = DEFAULT_PLAY_STEPS): number {
  return Math.max(60_000, Math.round(windowLengthMs(w) / Math.max(1, steps)));
}

/**
 * Where play starts: the window itself, or, when it already touches the end of the extent, the
 * same length at the extent's start (pressing play at the end replays from the beginning).
 */
export function playStart(w: Window, extent: Extent): Window {
  if (ms(w.end) < ms(extent.max)) return w;
  return clampWindow({ start: extent.min, end: iso(ms(extent.min) + windowLengthMs(w)) }, extent);
}

/**
 * The next frame of play: the window moved by one step. `done` once its end reaches the extent's
 * end; the last frame ends exactly there (the window keeps its length), and play stops.
 */
export function playNext(w: Window, extent: Extent, steps = DEFAULT_PLAY_STEPS): { window: Window; done: boolean } {
  const length = windowLengthMs(w);
  const hi = ms(extent.max);
  const end = Math.min(ms(w.end) + playStepMs(w, steps), hi);
  return { window: { start: iso(end - length), end: iso(end) }, done: end >= hi };
}

/** "221430Z NOV 26", or '' when not a date. */
export function dtgLabel(value: string | number | Date): string {
  return formatDtg(value) ?? '';
}

/** Both ends of a window as DTGs: "211430Z NOV 26 – 221430Z NOV 26". */
export function windowLabel(w: Window): string {
  return `${dtgLabel(w.start)} – ${dtgLabel(w.end)}`;
}
