import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { App, Session, WebContents } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeBrowserWindow, FakeWebContents, app, navigationEvent, shell } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const { createMainWindow, installWebContentsGuard, lockDownSession } = await import('../../../electron/main/window');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-window-'));
  FakeBrowserWindow.instances = [];
  shell.openExternal.mockClear();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function openWindow(maximized = false): FakeBrowserWindow {
  createMainWindow({
    preloadPath: '/app/dist-electron/preload.cjs',
    state: { width: 1300, height: 900, x: 10, y: 20, maximized },
    stateFile: path.join(dir, 'window-state.json'),
  });
  const win = FakeBrowserWindow.instances.at(-1);
  if (!win) throw new Error('no window created');
  return win;
}

describe('createMainWindow', () => {
  it('creates the window with exactly the hardened webPreferences', () => {
    const win = openWindow();
    expect(win.options.webPreferences).toStrictEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      preload: '/app/dist-electron/preload.cjs',
    });
    expect(win.options).toMatchObject({ width: 1300, height: 900, x: 10, y: 20, show: false });
  });

  it('shows the window when ready, maximised if it was', () => {
    const win = openWindow(true);
    expect(win.visible).toBe(false);
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
    expect(win.maximized).toBe(true);
  });

  it('blocks navigation away from app://bundle and allows it within', () => {
    const contents = openWindow().webContents;
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://bundle.evil/index.html', 'app://other/x', 'javascript:alert(1)']) {
      const event = navigationEvent(url);
      contents.emit('will-navigate', event);
      expect(event.preventDefault, url).toHaveBeenCalled();
    }
    const inside = navigationEvent('app://bundle/index.html#/layers');
    contents.emit('will-navigate', inside);
    expect(inside.preventDefault).not.toHaveBeenCalled();
  });

  it('denies every window.open and hands only http(s) links to the system browser', () => {
    const handler = openWindow().webContents.windowOpenHandler;
    if (!handler) throw new Error('no window open handler');
    expect(handler({ url: 'https://reliefweb.int/report' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'http://example.org/' })).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls).toEqual([['https://reliefweb.int/report'], ['http://example.org/']]);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'app://bundle/index.html', 'smb://host/share', 'nonsense']) {
      expect(handler({ url })).toEqual({ action: 'deny' });
    }
    expect(shell.openExternal).toHaveBeenCalledTimes(2);
  });

  it('prevents attaching webviews', () => {
    const contents = openWindow().webContents;
    const event = navigationEvent('');
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('denies every permission request and check on the window session', () => {
    const { session } = openWindow().webContents;
    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      session.requestHandler?.(null, permission, (granted) => answers.push(granted), {});
      expect(session.checkHandler?.(null, permission, 'app://bundle', {})).toBe(false);
    }
    expect(answers).toEqual([false, false, false, false, false]);
  });
});

describe('lockDownSession', () => {
  it('installs refusing handlers on any session', () => {
    const session = new FakeWebContents().session;
    lockDownSession(session as unknown as Session);
    const callback = vi.fn();
    session.requestHandler?.(null, 'midi', callback, {});
    expect(callback).toHaveBeenCalledWith(false);
    expect(session.checkHandler?.(null, 'midi', 'https://x', {})).toBe(false);
  });
});

describe('installWebContentsGuard', () => {
  it('guards webContents created anywhere in the app', () => {
    installWebContentsGuard(app as unknown as App);
    const other = new FakeWebContents();
    app.emit('web-contents-created', {}, other as unknown as WebContents);

    const navigation = navigationEvent('https://evil.example/');
    other.emit('will-navigate', navigation);
    expect(navigation.preventDefault).toHaveBeenCalled();

    const attach = navigationEvent('');
    other.emit('will-attach-webview', attach, {}, {});
    expect(attach.preventDefault).toHaveBeenCalled();

    expect(other.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(shell.openExternal).not.toHaveBeenCalled();
  });

  it('does not stack a second set of listeners on the main window', () => {
    installWebContentsGuard(app as unknown as App);
    const win = openWindow();
    app.emit('web-contents-created', {}, win.webContents as unknown as WebContents);
    expect(win.webContents.listenerCount('will-navigate')).toBe(1);
  });
});
