import sqlWasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import type { TFunction } from 'i18next';
import type { BasemapScene, BasemapView } from '../../shared/layers/map-scene';
import type { ScenePart } from './map-sync';
import { closeArchive, openArchive } from '../map/basemap-archives';
import { useBasemaps, BUNDLED_ID, selectedEntry, type BasemapEntry, type BasemapsState } from '../state/basemaps-store';
import { basemapFile, forgetBasemapFile, keepBasemapFile } from '../state/basemap-files';
import type { Platform } from '../platform';
import { ALLOWED_ONLINE_ORIGINS } from './csp-boot';
import type { Notice } from '../state/ui-store';

type Notify = (tone: Notice['tone'], text: Notice['text']) => void;

const reason = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Whether this page load's policy lets the map reach the source's origin (see csp-boot.ts). */
export function onlineOriginAllowed(origin: string): boolean {
  return ALLOWED_ONLINE_ORIGINS.includes(origin);
}

async function viewFor(entry: BasemapEntry): Promise<BasemapView | 'missing'> {
  if (entry.type === 'online')
    return {
      kind: 'raster',
      id: entry.id,
      source: { type: 'raster', tiles: [entry.tiles], tileSize: 256, ...(entry.attribution ? { attribution: entry.attribution } : {}) },
    };
  const blob = await basemapFile(entry.id);
  if (!blob) return 'missing';
  const opened = await openArchive(entry.id, blob, sqlWasmUrl);
  return opened.info.kind === 'vector'
    ? { kind: 'vector', id: entry.id, source: opened.source, vectorLayers: opened.info.vectorLayers }
    : { kind: 'raster', id: entry.id, source: opened.source };
}

export interface BasemapFlowDeps {
  platform: Platform;
  notify: Notify;
  t: TFunction;
  /** Frames an opened file's extent on the map. */
  frame(bbox: [number, number, number, number], options: { padding: number; maxZoom?: number }): void;
}

/**
 * The basemap switcher's side of the Workspace: resolves the basemaps store's choice to what the
 * map draws (an opened archive's source, an online source the page's policy allows, or the
 * bundled map), which map-sync puts in the scene; opens and forgets basemap files. An online
 * source whose origin this page's policy does not allow yet reloads the page (the choice is
 * already saved, so it comes back selected and allowed).
 */
export class BasemapFlow implements ScenePart<BasemapScene> {
  private view: BasemapView = { kind: 'bundled' };
  private readonly listeners = new Set<() => void>();
  private generation = 0;
  private hostOrigins: Promise<void> = Promise.resolve();
  private off: (() => void) | null = null;

  constructor(private readonly deps: BasemapFlowDeps) {}

  /** Follows the basemaps store from now on: the current choice at once, then every change. */
  start(): void {
    if (this.off) return;
    void this.resolve(useBasemaps.getState(), null);
    this.off = useBasemaps.subscribe((s, prev) => void this.resolve(s, prev));
  }

  stop(): void {
    this.off?.();
    this.off = null;
  }

  current(): BasemapScene {
    return { view: this.view, rasterOpacity: useBasemaps.getState().rasterOpacity };
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private show(view: BasemapView): void {
    this.view = view;
    this.changed();
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  private async resolve(state: BasemapsState, previous: BasemapsState | null): Promise<void> {
    const { platform, notify, t } = this.deps;
    if (previous && previous.rasterOpacity !== state.rasterOpacity) this.changed();
    if (previous && previous.selectedId === state.selectedId && previous.entries === state.entries) return;
    // The host's list follows the user's sources, removals included (Electron serves the policy).
    const origins = onlineOrigins(state);
    if (!previous || origins.join(' ') !== onlineOrigins(previous).join(' '))
      this.hostOrigins = platform.allowOnlineOrigins(origins).catch((e: unknown) => console.warn('Could not update the allowed basemap origins', e));
    const mine = ++this.generation;
    const entry = selectedEntry(state);
    if (!entry) {
      this.show({ kind: 'bundled' });
      return;
    }
    if (entry.type === 'online' && !onlineOriginAllowed(entry.origin)) {
      // Only on the user's choice: at start-up the policy was built from the same storage, so a
      // refusal then means it could not be read, and reloading would loop.
      if (previous) {
        notify('info', () => t('basemaps:reloading', { origin: entry.origin }));
        await this.hostOrigins;
        location.reload();
      } else {
        notify('error', () => t('basemaps:originBlocked', { origin: entry.origin }));
        this.show({ kind: 'bundled' });
      }
      return;
    }
    try {
      const view = await viewFor(entry);
      if (mine !== this.generation) return;
      if (view === 'missing') {
        notify('error', () => t('basemaps:fileMissing', { name: entry.name }));
        useBasemaps.getState().select(BUNDLED_ID);
        return;
      }
      this.show(view);
    } catch (e) {
      if (mine !== this.generation) return;
      notify('error', () => t('basemaps:openError', { file: entry.name, reason: reason(e) }));
      useBasemaps.getState().select(BUNDLED_ID);
    }
  }

  /** Asks for a PMTiles or MBTiles file, checks it, remembers it and shows it; errors become notices. */
  async openFile(): Promise<void> {
    const { platform, notify, t } = this.deps;
    let picked: { name: string; blob: Blob } | null;
    try {
      picked = await platform.openBlob({ title: t('basemaps:openTitle'), filters: [{ name: t('basemaps:fileFilter'), extensions: ['pmtiles', 'mbtiles'] }] });
    } catch (e) {
      notify('error', () => t('basemaps:openError', { file: '', reason: reason(e) }));
      return;
    }
    if (!picked) return;
    const id = `file-${crypto.randomUUID()}`;
    try {
      const opened = await openArchive(id, picked.blob, sqlWasmUrl);
      const kept = await keepBasemapFile(id, picked.blob);
      const name = opened.info.name ?? picked.name.replace(/\.(pmtiles|mbtiles)$/i, '');
      useBasemaps.getState().add({ id, type: 'file', name, fileName: picked.name, format: opened.format, kind: opened.info.kind, size: picked.blob.size, kept });
      useBasemaps.getState().select(id);
      if (!kept) notify('info', () => t('basemaps:notKept', { name }));
      const b = opened.info.bounds;
      if (b && !(b[0] <= -179 && b[2] >= 179)) this.deps.frame(b, { padding: 20, maxZoom: opened.info.maxzoom });
    } catch (e) {
      closeArchive(id);
      notify('error', () => t('basemaps:openError', { file: picked.name, reason: reason(e) }));
    }
  }

  async remove(id: string): Promise<void> {
    useBasemaps.getState().remove(id);
    closeArchive(id);
    await forgetBasemapFile(id).catch(() => undefined);
  }
}

function onlineOrigins(state: BasemapsState): string[] {
  return [...new Set(state.entries.flatMap((e) => (e.type === 'online' ? [e.origin] : [])))].sort();
}
