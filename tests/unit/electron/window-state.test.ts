import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow } from './fake-electron';
import {
  DEFAULT_WINDOW_STATE,
  fitToWorkAreas,
  loadWindowState,
  readWindowState,
  saveWindowState,
  trackWindowState,
  type WindowState,
} from '../../../electron/main/window-state';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-state-'));
  file = path.join(dir, 'userData', 'window-state.json');
});
afterEach(() => {
  vi.useRealTimers();
  fs.rmSync(dir, { recursive: true, force: true });
});

const laptop = { x: 0, y: 0, width: 1920, height: 1080 };
const rightMonitor = { x: 1920, y: 0, width: 2560, height: 1440 };

describe('window state file', () => {
  it('round-trips through an atomic write', () => {
    const state: WindowState = { width: 1400, height: 900, x: 100, y: 50, maximized: true };
    saveWindowState(file, state);
    expect(readWindowState(file)).toEqual(state);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['window-state.json']);
  });

  it('falls back to defaults when the file is missing', () => {
    expect(readWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it.each([
    ['truncated JSON', '{"width": 1400, "hei'],
    ['not JSON at all', '\u0000\u0001garbage'],
    ['wrong types', '{"width":"wide","height":900,"maximized":false}'],
    ['absurd sizes', '{"width":10,"height":900000,"maximized":false}'],
    ['an array', '[1,2,3]'],
  ])('recovers from %s', (_label, content) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    expect(readWindowState(file)).toEqual(DEFAULT_WINDOW_STATE);
  });

  it('refuses to save an invalid state', () => {
    expect(() => saveWindowState(file, { width: Number.NaN, height: 900, maximized: false })).toThrow();
    expect(fs.existsSync(file)).toBe(false);
  });
});

describe('fitToWorkAreas', () => {
  it('keeps a position that is visible on some display', () => {
    const onRight: WindowState = { width: 1200, height: 800, x: 2500, y: 200, maximized: false };
    expect(fitToWorkAreas(onRight, [laptop, rightMonitor])).toEqual(onRight);
  });

  it('re-centres a window whose monitor has gone', () => {
    const lost: WindowState = { width: 1200, height: 800, x: 2500, y: 200, maximized: false };
    expect(fitToWorkAreas(lost, [laptop])).toEqual({ width: 1200, height: 800, x: 360, y: 140, maximized: false });
  });

  it('re-centres a window whose title bar is above the screen, shrinking it to fit', () => {
    const above: WindowState = { width: 2400, height: 1400, x: 0, y: -1390, maximized: false };
    expect(fitToWorkAreas(above, [{ x: 0, y: 40, width: 1366, height: 728 }])).toEqual({
      width: 1366,
      height: 728,
      x: 0,
      y: 40,
      maximized: false,
    });
  });

  it('leaves placement to Electron when no position was saved', () => {
    expect(fitToWorkAreas(DEFAULT_WINDOW_STATE, [laptop])).toMatchObject({ x: undefined, y: undefined });
  });

  it('loads and fits in one step', () => {
    saveWindowState(file, { width: 1000, height: 700, x: -5000, y: -5000, maximized: false });
    expect(loadWindowState(file, [laptop])).toMatchObject({ x: 460, y: 190 });
  });
});

describe('trackWindowState', () => {
  it('saves normal bounds and maximised state on close, and after moves', () => {
    vi.useFakeTimers();
    const win = new FakeBrowserWindow({ width: 1280, height: 800 });
    trackWindowState(win, file);

    win.normalBounds = { x: 30, y: 40, width: 1500, height: 950 };
    win.emit('move');
    expect(fs.existsSync(file)).toBe(false);
    vi.advanceTimersByTime(1500);
    expect(readWindowState(file)).toEqual({ x: 30, y: 40, width: 1500, height: 950, maximized: false });

    win.maximized = true;
    win.emit('close');
    expect(readWindowState(file)).toEqual({ x: 30, y: 40, width: 1500, height: 950, maximized: true });
  });
});
