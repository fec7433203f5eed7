import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomicSync } from './atomic-write';

export const WINDOW_STATE_FILE = 'window-state.json';
export const MIN_WINDOW_WIDTH = 800;
export const MIN_WINDOW_HEIGHT = 560;

const WindowStateSchema = z.object({
  width: z.number().int().min(MIN_WINDOW_WIDTH).max(32_000),
  height: z.number().int().min(MIN_WINDOW_HEIGHT).max(32_000),
  x: z.number().int().min(-64_000).max(64_000).optional(),
  y: z.number().int().min(-64_000).max(64_000).optional(),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1280, height: 800, maximized: false };

export type Rect = { x: number; y: number; width: number; height: number };

/** A hand-edited, truncated or old-format file must never stop the app from opening. */
export function readWindowState(file: string): WindowState {
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : { ...DEFAULT_WINDOW_STATE };
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
}

/** How much of the title-bar strip must be on some display for the user to grab the window. */
const GRAB_WIDTH = 100;
const GRAB_HEIGHT = 30;

function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

/**
 * Keeps a remembered position only if the window can still be grabbed on one of the current
 * displays (a monitor may have been unplugged since); otherwise centres it on the first work
 * area, which callers pass as the primary display's.
 */
export function fitToWorkAreas(state: WindowState, workAreas: readonly Rect[]): WindowState {
  const { x, y } = state;
  if (x === undefined || y === undefined) return { ...state, x: undefined, y: undefined };
  const grabbable = workAreas.some(
    (area) =>
      overlap(x, x + state.width, area.x, area.x + area.width) >= Math.min(GRAB_WIDTH, state.width) &&
      overlap(y, y + GRAB_HEIGHT, area.y, area.y + area.height) >= GRAB_HEIGHT,
  );
  if (grabbable) return state;
  const primary = workAreas[0];
  if (!primary) return { ...state, x: undefined, y: undefined };
  const width = Math.min(state.width, primary.width);
  const height = Math.min(state.height, primary.height);
  return {
    ...state,
    width,
    height,
    x: primary.x + Math.round((primary.width - width) / 2),
    y: primary.y + Math.round((primary.height - height) / 2),
  };
}

export function loadWindowState(file: string, workAreas: readonly Rect[]): WindowState {
  return fitToWorkAreas(readWindowState(file), workAreas);
}

export function saveWindowState(file: string, state: WindowState): void {
  const valid = WindowStateSchema.parse(state);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomicSync(file, `${JSON.stringify(valid, null, 2)}\n`);
}

/** The slice of BrowserWindow the tracker needs; structural so tests can pass a stand-in. */
export interface TrackedWindow {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isDestroyed(): boolean;
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
}

function snapshot(win: TrackedWindow): WindowState {
  // Normal bounds, not current ones, so a maximised window restores to its previous size.
  const bounds = win.getNormalBounds();
  return {
    width: Math.max(MIN_WINDOW_WIDTH, Math.round(bounds.width)),
    height: Math.max(MIN_WINDOW_HEIGHT, Math.round(bounds.height)),
    x: Math.round(bounds.x),
    y: Math.round(bounds.y),
    maximized: win.isMaximized(),
  };
}

const SAVE_DELAY_MS = 1000;

/** Saves shortly after moves and resizes (so a crash keeps them) and once more on close. */
export function trackWindowState(win: TrackedWindow, file: string): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const save = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (win.isDestroyed()) return;
    try {
      saveWindowState(file, snapshot(win));
    } catch (error) {
      // Losing the window position is not worth interrupting the user for.
      console.warn('could not save window state', error);
    }
  };
  const later = (): void => {
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', later);
  win.on('unmaximize', later);
  win.on('close', save);
}
