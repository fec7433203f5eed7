import { beforeAll, describe, expect, it, vi } from 'vitest';
import { BRIDGE_FUNCTIONS, BRIDGE_GLOBAL, MENU_CHANNEL, type BridgeApi } from '../../../shared/ipc/contract';
import { contextBridge, ipcRenderer } from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

let api: BridgeApi;
beforeAll(async () => {
  await import('../../../electron/preload/index');
  expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [name, exposed] = contextBridge.exposeInMainWorld.mock.calls[0] ?? [];
  expect(name).toBe(BRIDGE_GLOBAL);
  api = exposed as BridgeApi;
});

describe('preload bridge', () => {
  it('exposes exactly one function per contract entry plus onMenuCommand', () => {
    expect(Object.keys(api).sort()).toEqual([...Object.keys(BRIDGE_FUNCTIONS), 'onMenuCommand'].sort());
    for (const value of Object.values(api)) {
      expect(typeof value).toBe('function');
      expect(value).not.toBe(ipcRenderer.invoke);
    }
  });

  it('invokes each function’s channel with exactly the one request argument', async () => {
    ipcRenderer.invoke.mockClear();
    await api.openFiles({ multiple: true });
    await api.saveFile({ suggestedName: 'a.csv', data: 'x' });
    await api.appInfo(undefined);
    await api.openExternal({ url: 'https://example.org/' });
    await api.setOnlineOrigins({ origins: ['https://tiles.example.org'] });
    expect(ipcRenderer.invoke.mock.calls).toEqual([
      ['file:open', { multiple: true }],
      ['file:save', { suggestedName: 'a.csv', data: 'x' }],
      ['app:info', undefined],
      ['shell:open-external', { url: 'https://example.org/' }],
      ['basemaps:set-online-origins', { origins: ['https://tiles.example.org'] }],
    ]);
  });

  it('passes menu commands without the IPC event and drops unknown ones', () => {
    const received: unknown[][] = [];
    const unsubscribe = api.onMenuCommand((...args: unknown[]) => received.push(args));
    const event = { sender: ipcRenderer, ports: [] };
    ipcRenderer.emit(MENU_CHANNEL, event, 'import');
    ipcRenderer.emit(MENU_CHANNEL, event, 'rm -rf /');
    ipcRenderer.emit(MENU_CHANNEL, event, { command: 'import' });
    ipcRenderer.emit(MENU_CHANNEL, event, 'toString');
    ipcRenderer.emit(MENU_CHANNEL, event, 'redo');
    expect(received).toEqual([['import'], ['redo']]);

    unsubscribe();
    ipcRenderer.emit(MENU_CHANNEL, event, 'undo');
    expect(received).toHaveLength(2);
    expect(ipcRenderer.listenerCount(MENU_CHANNEL)).toBe(0);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => api.onMenuCommand('alert(1)' as unknown as () => void)).toThrow(TypeError);
  });
});
