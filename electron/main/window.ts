import { BrowserWindow, shell, type App, type Session, type WebContents, type WebPreferences } from 'electron';
import { isAppUrl, isExternalWebUrl } from './urls';
import { MIN_WINDOW_HEIGHT, MIN_WINDOW_WIDTH, trackWindowState, type WindowState } from './window-state';

/**
 * The renderer shows imported, untrusted data; it gets no Node, no privileged bridge beyond
 * the preload's contract, and Chromium's sandbox.
 */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
} as const satisfies WebPreferences;

export interface MainWindowOptions {
  /** Absolute path of the bundled dist-electron/preload.cjs. */
  preloadPath: string;
  state: WindowState;
  /** Where window-state changes are saved. */
  stateFile: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { state } = options;
  const win = new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: MIN_WINDOW_WIDTH,
    minHeight: MIN_WINDOW_HEIGHT,
    title: 'Common Ground',
    backgroundColor: '#1e1e1e',
    // Shown on ready-to-show so the user never sees an empty white frame.
    show: false,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: options.preloadPath },
  });
  lockDownSession(win.webContents.session);
  guardWebContents(win.webContents);
  trackWindowState(win, options.stateFile);
  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize();
    win.show();
  });
  return win;
}

const guarded = new WeakSet<WebContents>();

/**
 * No webContents may navigate away from the bundle, open windows or embed webviews: a link
 * in an imported feature's description must not turn into a page with the preload's bridge.
 */
export function guardWebContents(contents: WebContents): void {
  if (guarded.has(contents)) return;
  guarded.add(contents);
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) {
      shell.openExternal(url).catch((error: unknown) => console.warn('could not open link', error));
    }
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Covers webContents we did not create ourselves (devtools extensions, future windows). */
export function installWebContentsGuard(app: Pick<App, 'on'>): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
}

/** The app needs no camera, location, notifications or the like: every request is refused. */
export function lockDownSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
