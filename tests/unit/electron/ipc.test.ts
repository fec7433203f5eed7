import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AtomicFs } from '../../../electron/main/atomic-write';
import type { FileDeps } from '../../../electron/main/ipc/files';
import {
  createHandle,
  registerIpcHandlers,
  type InvokeEvent,
  type InvokeListener,
  type IpcDeps,
  type Sender,
} from '../../../electron/main/ipc/register';
import { channels, type Channel, type Res } from '../../../shared/ipc/contract';

const OWN: Sender = { id: 7 };
const ownEvent: InvokeEvent = { senderFrame: { url: 'app://bundle/index.html' }, sender: OWN };
const MiB = 1024 * 1024;

function setup(options: { maxOpenBytes?: number; fs?: AtomicFs } = {}) {
  const handlers = new Map<string, InvokeListener>();
  const showOpenDialog = vi.fn<FileDeps['showOpenDialog']>();
  const showSaveDialog = vi.fn<FileDeps['showSaveDialog']>();
  const openExternal = vi.fn((_url: string) => Promise.resolve());
  const getName = vi.fn(() => 'Common Ground');
  const setOnlineOrigins = vi.fn((origins: string[]) => Promise.resolve([...origins].sort()));
  const setHubOrigin = vi.fn((origin: string | null) => Promise.resolve(origin));
  const deps: IpcDeps = {
    isOwnSender: (sender) => sender.id === OWN.id,
    files: { showOpenDialog, showSaveDialog, ...options },
    appInfo: {
      getName,
      getVersion: () => '0.1.0',
      versions: { electron: '45.4.1', chrome: '142.0.0.0', node: '22.20.0' },
      platform: 'linux',
    },
    shell: { openExternal },
    basemaps: { setOnlineOrigins },
    hub: { setHubOrigin },
  };
  registerIpcHandlers({ handle: (channel, listener) => void handlers.set(channel, listener) }, deps);
  const invoke = (channel: Channel, args: unknown[], event: InvokeEvent = ownEvent): Promise<unknown> => {
    const listener = handlers.get(channel);
    if (!listener) throw new Error(`no handler for ${channel}`);
    return listener(event, ...args);
  };
  const nothingCalled = (): void => {
    expect(showOpenDialog).not.toHaveBeenCalled();
    expect(showSaveDialog).not.toHaveBeenCalled();
    expect(openExternal).not.toHaveBeenCalled();
    expect(getName).not.toHaveBeenCalled();
    expect(setOnlineOrigins).not.toHaveBeenCalled();
    expect(setHubOrigin).not.toHaveBeenCalled();
  };
  return { handlers, invoke, showOpenDialog, showSaveDialog, openExternal, setOnlineOrigins, nothingCalled };
}

const VALID: Record<Channel, unknown[]> = {
  'file:open': [{ filters: [], multiple: false }],
  'file:save': [{ suggestedName: 'plan.geojson', data: '{}' }],
  'app:info': [],
  'shell:open-external': [{ url: 'https://example.org/' }],
  'basemaps:set-online-origins': [{ origins: ['https://tiles.example.org'] }],
  'hub:set-origin': [{ origin: 'https://hub.mission.example:8443' }],
};
const CHANNELS = Object.keys(channels) as Channel[];

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cg-ipc-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('handler registration', () => {
  it('registers exactly one handler per contract channel', () => {
    expect([...setup().handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });
});

describe('sender checks', () => {
  const foreign: [string, InvokeEvent][] = [
    ['a frame of another origin', { senderFrame: { url: 'https://evil.example/' }, sender: OWN }],
    ['a look-alike host', { senderFrame: { url: 'app://bundle.evil/index.html' }, sender: OWN }],
    ['a file: page', { senderFrame: { url: 'file:///tmp/index.html' }, sender: OWN }],
    ['a destroyed frame', { senderFrame: null, sender: OWN }],
    ['a webContents that is not ours', { senderFrame: { url: 'app://bundle/index.html' }, sender: { id: 99 } }],
  ];
  for (const channel of CHANNELS) {
    it.each(foreign)(`${channel} rejects %s without acting`, async (_label, event) => {
      const ctx = setup();
      await expect(ctx.invoke(channel, VALID[channel], event)).rejects.toThrow('rejected: unknown sender');
      ctx.nothingCalled();
    });
  }
});

describe('request validation', () => {
  const malformed: [Channel, unknown[]][] = [
    ['file:open', [{ multiple: 'yes' }]],
    ['file:open', [{ filters: 'all' }]],
    ['file:open', [{ filters: [{ name: 'x', extensions: ['../x'] }] }]],
    ['file:open', [{ properties: ['openDirectory'] }]],
    ['file:open', ['C:/']],
    ['file:open', [{}, 'extra argument']],
    ['file:save', [{ suggestedName: '../../.bashrc', data: 'x' }]],
    ['file:save', [{ suggestedName: '/etc/passwd', data: 'x' }]],
    ['file:save', [{ suggestedName: 'C:\\Windows\\win.ini', data: 'x' }]],
    ['file:save', [{ suggestedName: '..', data: 'x' }]],
    ['file:save', [{ suggestedName: 'a.txt', data: 42 }]],
    ['file:save', [{ suggestedName: 'a.txt' }]],
    ['file:save', [{ suggestedName: 'a.txt', data: 'x', defaultPath: '/etc' }]],
    ['app:info', [{}]],
    ['app:info', ['please']],
    ['shell:open-external', [{ url: 'javascript:alert(1)' }]],
    ['shell:open-external', [{ url: 'file:///etc/passwd' }]],
    ['shell:open-external', [{ url: 'not a url' }]],
    ['shell:open-external', [{ url: 42 }]],
    ['shell:open-external', [{ url: 'https://example.org/', activate: true }]],
    ['shell:open-external', ['https://example.org/']],
    ['basemaps:set-online-origins', [{ origins: ["https://a.org; script-src 'unsafe-inline'"] }]],
    ['basemaps:set-online-origins', [{ origins: ['*'] }]],
    ['basemaps:set-online-origins', [{ origins: ['https://a.org/path'] }]],
    ['basemaps:set-online-origins', [{ origins: ["'unsafe-eval'"] }]],
    ['basemaps:set-online-origins', [{ origins: 'https://a.org' }]],
    ['basemaps:set-online-origins', [{ origins: [], extra: 1 }]],
  ];
  it.each(malformed)('%s rejects %j without acting', async (channel, args) => {
    const ctx = setup();
    await expect(ctx.invoke(channel, args)).rejects.toThrow(`invalid request for ${channel}: `);
    ctx.nothingCalled();
  });

  it('names the offending field', async () => {
    await expect(setup().invoke('file:open', [{ multiple: 'yes' }])).rejects.toThrow(/multiple: /);
  });
});

describe('response validation', () => {
  it('refuses to return what the contract does not promise', async () => {
    const handlers = new Map<string, InvokeListener>();
    const handle = createHandle({ handle: (channel, listener) => void handlers.set(channel, listener) }, () => true);
    handle('app:info', async () => ({ name: 'x' }) as unknown as Res<'app:info'>);
    await expect(handlers.get('app:info')?.(ownEvent)).rejects.toThrow('invalid response for app:info');
  });
});

describe('file:open', () => {
  it('returns the chosen files by base name with their bytes', async () => {
    const ctx = setup();
    const a = path.join(dir, 'incidents.csv');
    const b = path.join(dir, 'sites.geojson');
    fs.writeFileSync(a, 'id,name\n1,Kidal\n');
    fs.writeFileSync(b, Buffer.from([0, 1, 2, 255]));
    ctx.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [a, b] });
    const filters = [{ name: 'Data', extensions: ['csv', 'geojson'] }];
    const result = (await ctx.invoke('file:open', [{ title: 'Import', filters, multiple: true }])) as Res<'file:open'>;

    expect(ctx.showOpenDialog).toHaveBeenCalledWith(OWN, {
      title: 'Import',
      filters,
      properties: ['openFile', 'multiSelections'],
    });
    expect(result.errors).toEqual([]);
    expect(result.files.map((f) => f.name)).toEqual(['incidents.csv', 'sites.geojson']);
    expect(result.files[0]?.bytes).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(result.files[0]?.bytes)).toBe('id,name\n1,Kidal\n');
    expect([...(result.files[1]?.bytes ?? [])]).toEqual([0, 1, 2, 255]);
  });

  it('reports too-large and unreadable files by name and still returns the others', async () => {
    const ctx = setup({ maxOpenBytes: MiB });
    const big = path.join(dir, 'huge.gpkg');
    const ok = path.join(dir, 'small.kml');
    fs.writeFileSync(ok, '<kml/>');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, MiB + 1);
    const missing = path.join(dir, 'gone.csv');
    ctx.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [big, ok, missing, dir] });

    const result = (await ctx.invoke('file:open', [{ multiple: true }])) as Res<'file:open'>;
    expect(result.files.map((f) => f.name)).toEqual(['small.kml']);
    expect(result.errors[0]).toEqual({ name: 'huge.gpkg', message: 'file is larger than 1 MB' });
    expect(result.errors[1]?.name).toBe('gone.csv');
    expect(result.errors[1]?.message).toMatch(/ENOENT/);
    expect(result.errors[2]).toEqual({ name: path.basename(dir), message: 'not a regular file' });
  });

  it('accepts a file exactly at the limit', async () => {
    const ctx = setup({ maxOpenBytes: 1024 });
    const edge = path.join(dir, 'edge.bin');
    fs.writeFileSync(edge, Buffer.alloc(1024, 7));
    ctx.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [edge] });
    const result = (await ctx.invoke('file:open', [{}])) as Res<'file:open'>;
    expect(result.files[0]?.bytes.byteLength).toBe(1024);
    expect(ctx.showOpenDialog.mock.calls[0]?.[1].properties).toEqual(['openFile']);
  });

  it('returns nothing when the dialog is cancelled', async () => {
    const ctx = setup();
    ctx.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] });
    await expect(ctx.invoke('file:open', [{}])).resolves.toEqual({ files: [], errors: [] });
  });
});

describe('file:save', () => {
  const leftovers = (): string[] => fs.readdirSync(dir).filter((name) => name.includes('.tmp-'));

  it('writes text atomically to the chosen path', async () => {
    const ctx = setup();
    const target = path.join(dir, 'plan.geojson');
    ctx.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    const filters = [{ name: 'GeoJSON', extensions: ['geojson'] }];
    const result = await ctx.invoke('file:save', [{ suggestedName: 'plan.geojson', filters, data: '{"type":"FeatureCollection"}' }]);

    expect(result).toEqual({ saved: true, path: target });
    expect(ctx.showSaveDialog).toHaveBeenCalledWith(OWN, { defaultPath: 'plan.geojson', filters });
    expect(fs.readFileSync(target, 'utf8')).toBe('{"type":"FeatureCollection"}');
    expect(leftovers()).toEqual([]);
  });

  it('replaces an existing file with binary data', async () => {
    const ctx = setup();
    const target = path.join(dir, 'map.png');
    fs.writeFileSync(target, 'old');
    ctx.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    await ctx.invoke('file:save', [{ suggestedName: 'map.png', data: new Uint8Array([137, 80, 78, 71]) }]);
    expect([...fs.readFileSync(target)]).toEqual([137, 80, 78, 71]);
    expect(leftovers()).toEqual([]);
  });

  it('leaves the previous file intact and no temp file when the rename fails', async () => {
    const failingRename: AtomicFs = { ...fsp, rename: () => Promise.reject(new Error('EXDEV: simulated')) };
    const ctx = setup({ fs: failingRename });
    const target = path.join(dir, 'briefing.pdf');
    fs.writeFileSync(target, 'previous version');
    ctx.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });

    await expect(ctx.invoke('file:save', [{ suggestedName: 'briefing.pdf', data: 'new version' }])).rejects.toThrow('EXDEV');
    expect(fs.readFileSync(target, 'utf8')).toBe('previous version');
    expect(leftovers()).toEqual([]);
  });

  it('leaves the previous file intact when writing fails half-way', async () => {
    const failingWrite: AtomicFs = {
      ...fsp,
      open: async (file, flags) => {
        const handle = await fsp.open(file, flags);
        return Object.assign(handle, {
          writeFile: async () => {
            await handle.write('partial');
            throw new Error('ENOSPC: simulated');
          },
        });
      },
    };
    const ctx = setup({ fs: failingWrite });
    const target = path.join(dir, 'export.csv');
    fs.writeFileSync(target, 'previous version');
    ctx.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });

    await expect(ctx.invoke('file:save', [{ suggestedName: 'export.csv', data: 'a,b\n' }])).rejects.toThrow('ENOSPC');
    expect(fs.readFileSync(target, 'utf8')).toBe('previous version');
    expect(leftovers()).toEqual([]);
  });

  it('writes nothing when the dialog is cancelled', async () => {
    const ctx = setup();
    ctx.showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' });
    await expect(ctx.invoke('file:save', [{ suggestedName: 'x.csv', data: 'x' }])).resolves.toEqual({ saved: false });
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('app:info', () => {
  it('reports names and versions', async () => {
    await expect(setup().invoke('app:info', [])).resolves.toEqual({
      name: 'Common Ground',
      version: '0.1.0',
      electron: '45.4.1',
      chrome: '142.0.0.0',
      node: '22.20.0',
      platform: 'linux',
    });
  });
});

describe('shell:open-external', () => {
  it('opens http and https links', async () => {
    const ctx = setup();
    await expect(ctx.invoke('shell:open-external', [{ url: 'https://acleddata.com/' }])).resolves.toEqual({ opened: true });
    await ctx.invoke('shell:open-external', [{ url: 'http://example.org/a?b=c' }]);
    expect(ctx.openExternal.mock.calls).toEqual([['https://acleddata.com/'], ['http://example.org/a?b=c']]);
  });
});

describe('basemaps:set-online-origins', () => {
  it('hands exact origins to the main process and returns the list in force', async () => {
    const ctx = setup();
    await expect(ctx.invoke('basemaps:set-online-origins', [{ origins: ['https://tiles.example.org', 'http://10.0.0.5:8080'] }])).resolves.toEqual({
      origins: ['http://10.0.0.5:8080', 'https://tiles.example.org'],
    });
    await ctx.invoke('basemaps:set-online-origins', [{ origins: [] }]);
    expect(ctx.setOnlineOrigins.mock.calls).toEqual([[['https://tiles.example.org', 'http://10.0.0.5:8080']], [[]]]);
  });
});
