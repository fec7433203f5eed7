import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, screen, session, shell } from 'electron';
import { MENU_CHANNEL, type MenuCommand } from '../../shared/ipc/contract';
import { APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { registerIpcHandlers, type Sender } from './ipc/register';
import { buildMenuTemplate } from './menu';
import { APP_ENTRY_URL, APP_SCHEME } from './urls';
import { createMainWindow, installWebContentsGuard, lockDownSession } from './window';
import { loadWindowState, WINDOW_STATE_FILE } from './window-state';
import { appContentSecurityPolicy } from './csp';
import { OnlineOrigins } from './online-origins';

/** dist-electron/ once bundled: the preload is built next to this file. */
const buildDir = path.dirname(fileURLToPath(import.meta.url));

// Privileges can only be granted before `ready`; without `standard` the scheme would get
// no origin, and without `secure` its pages would not count as a secure context.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;

/** The sender's window if it is one of ours; anything else is not trusted over IPC. */
function ownWindowFor(sender: Sender): BrowserWindow | undefined {
  return BrowserWindow.getAllWindows().find((win) => !win.isDestroyed() && win.webContents.id === sender.id);
}

function openMainWindow(): void {
  const stateFile = path.join(app.getPath('userData'), WINDOW_STATE_FILE);
  const workAreas = [screen.getPrimaryDisplay().workArea, ...screen.getAllDisplays().map((d) => d.workArea)];
  const win = createMainWindow({
    preloadPath: path.join(buildDir, 'preload.cjs'),
    state: loadWindowState(stateFile, workAreas),
    stateFile,
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  win.loadURL(APP_ENTRY_URL).catch((error: unknown) => console.error('could not load the app', error));
  mainWindow = win;
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function sendMenuCommand(command: MenuCommand): void {
  BrowserWindow.getFocusedWindow()?.webContents.send(MENU_CHANNEL, command);
}

function onReady(): void {
  lockDownSession(session.defaultSession);
  const onlineOrigins = new OnlineOrigins(path.join(app.getPath('userData'), 'online-basemap-origins.json'));
  // The hub's origin is kept like the basemap origins, in a file of its own, and only connected to.
  const hubOrigin = new OnlineOrigins(path.join(app.getPath('userData'), 'hub-origin.json'));
  protocol.handle(APP_SCHEME, createAppProtocolHandler(path.join(app.getAppPath(), 'dist'), undefined, () => appContentSecurityPolicy(onlineOrigins.list(), hubOrigin.list())));
  registerIpcHandlers(ipcMain, {
    isOwnSender: (sender) => ownWindowFor(sender) !== undefined,
    files: {
      showOpenDialog: (owner, options) => {
        const win = ownWindowFor(owner);
        return win ? dialog.showOpenDialog(win, options) : dialog.showOpenDialog(options);
      },
      showSaveDialog: (owner, options) => {
        const win = ownWindowFor(owner);
        return win ? dialog.showSaveDialog(win, options) : dialog.showSaveDialog(options);
      },
    },
    appInfo: {
      getName: () => app.getName(),
      getVersion: () => app.getVersion(),
      versions: process.versions,
      platform: process.platform,
    },
    shell: { openExternal: (url) => shell.openExternal(url) },
    basemaps: { setOnlineOrigins: (origins) => onlineOrigins.set(origins) },
    hub: { setHubOrigin: async (origin) => (await hubOrigin.set(origin ? [origin] : []))[0] ?? null },
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        locale: app.getLocale(),
        isPackaged: app.isPackaged,
        platform: process.platform,
        send: sendMenuCommand,
      }),
    ),
  );
  openMainWindow();
}

// One instance owns the window-state file and the user's attention; a second launch only
// brings the first to the front.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  installWebContentsGuard(app);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
  });
  app
    .whenReady()
    .then(onReady)
    .catch((error: unknown) => {
      console.error('startup failed', error);
      app.exit(1);
    });
}
