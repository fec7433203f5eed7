import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channels, MENU_CHANNEL } from '../../../shared/ipc/contract';

vi.mock('electron', () => import('./fake-electron'));

type Fake = typeof import('./fake-electron');

/** Loads the entry module afresh against a clean fake, as a new process would. */
async function start(prepare: (fake: Fake) => void = () => undefined): Promise<Fake> {
  vi.resetModules();
  // The instance the mocked 'electron' resolves to (the mock registry outlives resetModules).
  const fake = (await import('electron')) as unknown as Fake;
  fake.resetFakeElectron();
  prepare(fake);
  await import('../../../electron/main/index');
  return fake;
}

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

describe('main entry', () => {
  it('registers the privileged app:// scheme before ready and does nothing else until then', async () => {
    const fake = await start();
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true } },
    ]);
    expect(fake.app.enableSandbox).toHaveBeenCalled();
    expect(fake.protocol.handle).not.toHaveBeenCalled();
    expect(fake.FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('on ready serves dist/ over app://, registers every channel, sets the menu and loads the bundle', async () => {
    const fake = await start();
    await fake.app.becomeReady();

    expect(fake.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(fake.ipcMain.handle.mock.calls.map(([channel]) => channel).sort()).toEqual(Object.keys(channels).sort());
    expect(fake.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    expect(fake.session.defaultSession.requestHandler).not.toBeNull();

    const [win] = fake.FakeBrowserWindow.instances;
    expect(win?.loadedUrl).toBe('app://bundle/index.html');
    expect(path.basename(String((win?.options.webPreferences as { preload?: string }).preload))).toBe('preload.cjs');
  });

  it('sends menu commands to the focused window on MENU_CHANNEL', async () => {
    const fake = await start();
    await fake.app.becomeReady();
    const [win] = fake.FakeBrowserWindow.instances;
    if (!win) throw new Error('no window');
    fake.FakeBrowserWindow.focused = win;

    const template = fake.Menu.buildFromTemplate.mock.calls[0]?.[0] as { submenu?: { label?: string; click?: () => void }[] }[];
    template[0]?.submenu?.find((item) => item.label === 'Import…')?.click?.();
    expect(win.webContents.sent).toEqual([[MENU_CHANNEL, 'import']]);
    fake.FakeBrowserWindow.focused = null;
  });

  it('quits at once when another instance holds the lock', async () => {
    const fake = await start((f) => f.app.requestSingleInstanceLock.mockReturnValueOnce(false));
    expect(fake.app.quit).toHaveBeenCalled();
    expect(fake.app.whenReady).not.toHaveBeenCalled();
  });

  it('brings the existing window forward when a second instance starts', async () => {
    const fake = await start();
    await fake.app.becomeReady();
    const [win] = fake.FakeBrowserWindow.instances;
    if (!win) throw new Error('no window');
    win.minimized = true;
    fake.app.emit('second-instance', {}, [], '/');
    expect(win.minimized).toBe(false);
    expect(win.visible).toBe(true);
    expect(win.focusCount).toBe(1);
    expect(fake.FakeBrowserWindow.instances).toHaveLength(1);
  });

  it('accepts IPC only from its own window', async () => {
    const fake = await start();
    await fake.app.becomeReady();
    const [win] = fake.FakeBrowserWindow.instances;
    const listener = fake.ipcMain.handle.mock.calls.find(([channel]) => channel === 'app:info')?.[1] as
      | ((event: unknown, ...args: unknown[]) => Promise<unknown>)
      | undefined;
    if (!win || !listener) throw new Error('not set up');
    const frame = { url: 'app://bundle/index.html' };
    await expect(listener({ senderFrame: frame, sender: win.webContents })).resolves.toMatchObject({ name: 'Common Ground' });
    await expect(listener({ senderFrame: frame, sender: { id: -1 } })).rejects.toThrow('rejected: unknown sender');
  });
});
