/**
 * A hand-made stand-in for the parts of `electron` the shell uses, for `vi.mock('electron')`.
 * The real binary cannot be downloaded on the build machines, so these fakes record what the
 * code under test asks of Electron and let tests fire the events Electron would.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, origin: string, details: unknown) => boolean;
type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class FakeSession {
  requestHandler: PermissionRequestHandler | null = null;
  checkHandler: PermissionCheckHandler | null = null;
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.checkHandler = handler;
  }
}

let nextContentsId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextContentsId++;
  readonly session = new FakeSession();
  windowOpenHandler: WindowOpenHandler | null = null;
  readonly sent: unknown[][] = [];
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, ...args]);
  }
}

/** What Electron passes to `will-navigate` and `will-attach-webview` listeners. */
export function navigationEvent(url: string): { url: string; preventDefault: ReturnType<typeof vi.fn> } {
  return { url, preventDefault: vi.fn() };
}

export type Bounds = { x: number; y: number; width: number; height: number };

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  static focused: FakeBrowserWindow | null = null;
  static getAllWindows(): FakeBrowserWindow[] {
    return [...FakeBrowserWindow.instances];
  }
  static getFocusedWindow(): FakeBrowserWindow | null {
    return FakeBrowserWindow.focused;
  }

  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  destroyed = false;
  maximized = false;
  minimized = false;
  visible = false;
  focusCount = 0;
  normalBounds: Bounds;

  constructor(readonly options: Record<string, unknown>) {
    super();
    const num = (key: string, fallback: number): number => {
      const value = options[key];
      return typeof value === 'number' ? value : fallback;
    };
    this.normalBounds = { x: num('x', 0), y: num('y', 0), width: num('width', 800), height: num('height', 600) };
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focusCount += 1;
  }
  getNormalBounds(): Bounds {
    return { ...this.normalBounds };
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  private markReady: () => void = () => undefined;
  private readyPromise: Promise<void> = this.freshReady();
  readonly requestSingleInstanceLock = vi.fn(() => true);
  readonly quit = vi.fn();
  readonly exit = vi.fn();
  readonly enableSandbox = vi.fn();
  readonly getPath = vi.fn((name: string) => `/fake/${name}`);
  readonly getAppPath = vi.fn(() => '/fake/app');
  readonly getName = vi.fn(() => 'Common Ground');
  readonly getVersion = vi.fn(() => '0.1.0');
  readonly getLocale = vi.fn(() => 'en-US');
  readonly whenReady = vi.fn(() => this.readyPromise);

  private freshReady(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.markReady = resolve;
    });
  }
  /** Forgets listeners and readiness, as if the process had restarted. */
  reset(): void {
    this.removeAllListeners();
    this.readyPromise = this.freshReady();
    this.isPackaged = false;
  }
  /** Resolves whenReady() and lets queued `.then` callbacks run. */
  async becomeReady(): Promise<void> {
    this.markReady();
    await this.readyPromise;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
}

export const app = new FakeApp();

export const BrowserWindow = FakeBrowserWindow;

export const protocol = {
  registerSchemesAsPrivileged: vi.fn(),
  handle: vi.fn(),
};

export const ipcMain = {
  handle: vi.fn(),
};

export const dialog = {
  showOpenDialog: vi.fn(),
  showSaveDialog: vi.fn(),
};

export const shell = {
  openExternal: vi.fn((_url: string) => Promise.resolve()),
};

export const session = {
  defaultSession: new FakeSession(),
};

export const Menu = {
  buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
  setApplicationMenu: vi.fn(),
};

export const screen = {
  getPrimaryDisplay: vi.fn(() => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } })),
  getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]),
};

export const contextBridge = {
  exposeInMainWorld: vi.fn(),
};

class FakeIpcRenderer extends EventEmitter {
  readonly invoke = vi.fn((_channel: string, ..._args: unknown[]) => Promise.resolve<unknown>({ ok: true }));
}
export const ipcRenderer = new FakeIpcRenderer();

/**
 * vi.resetModules() keeps the mock registry, so this module survives between fresh imports
 * of the code under test; tests that need a clean slate call this instead.
 */
export function resetFakeElectron(): void {
  vi.clearAllMocks();
  app.reset();
  FakeBrowserWindow.instances = [];
  FakeBrowserWindow.focused = null;
  session.defaultSession = new FakeSession();
  ipcRenderer.removeAllListeners();
}
