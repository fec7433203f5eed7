import * as Comlink from 'comlink';
import { mapScene, needsPointsOnly, shouldTile, type BasemapScene, type HighlightScene, type MapScene } from '../../shared/layers/map-scene';
import type { MapController } from '../map/map-controller';
import { useDisplay } from '../state/display-store';
import { useFilters } from '../state/filters-store';
import { useSettings } from '../state/settings';
import { useUi } from '../state/ui-store';
import type { StoreClient } from '../workers/store-client';

/** A part of the scene kept outside the stores (the resolved basemap, the analysis highlights). */
export interface ScenePart<T> {
  current(): T;
  subscribe(listener: () => void): () => void;
}

export interface MapSyncDeps {
  store: StoreClient;
  basemap: ScenePart<BasemapScene>;
  highlight: ScenePart<HighlightScene>;
  onDataError(reason: string): void;
}

/** Recency colours are aged against a time rounded to the minute, so a new scene does not repaint them each time. */
const sceneNow = (): number => Math.floor(Date.now() / 60_000) * 60_000;

/**
 * The one road from the stores to the map: it subscribes to every store the map shows (layers
 * and data versions, selection, filters and time window, display modes, grid) and to the
 * workspace's basemap and analysis parts, builds the scene (shared/layers/map-scene.ts) and hands
 * each new one to the MapController, which applies the difference. It also answers the map's
 * requests for a layer's GeoJSON, kept per data version (the analyses read the same Blob).
 */
export class MapSync {
  private map: MapController | null = null;
  private off: (() => void) | null = null;
  /** Per layer, points-only answers by data version (asked only for big layers that are not incidents). */
  private readonly pointsOnly = new Map<string, { version: number; value: boolean }>();
  private readonly asking = new Map<string, Promise<void>>();
  /** Per layer, the GeoJSON Blob of one data version. */
  private readonly blobs = new Map<string, { version: number; blob: Promise<Blob> }>();
  private lastData = '';

  constructor(private readonly deps: MapSyncDeps) {}

  attach(map: MapController | null): void {
    this.off?.();
    this.off = null;
    this.map = map;
    if (!map) return;
    const tilesToStore = new MessageChannel();
    void this.deps.store.attachPort(Comlink.transfer(tilesToStore.port1, [tilesToStore.port1]));
    map.attachData({ layerBlob: (id, version) => this.blob(id, version), storePort: tilesToStore.port2 });
    this.lastData = '';
    const push = (): void => this.push();
    const offs = [
      useUi.subscribe((s, prev) => {
        if (s.layers !== prev.layers || s.ready !== prev.ready) this.pruneDisplay();
        if (s.layers !== prev.layers || s.dataVersions !== prev.dataVersions || s.selection !== prev.selection) push();
      }),
      useFilters.subscribe((s, prev) => {
        if (s.window !== prev.window || s.byLayer !== prev.byLayer) push();
      }),
      useDisplay.subscribe((s, prev) => {
        if (s.byLayer !== prev.byLayer) push();
      }),
      useSettings.subscribe((s, prev) => {
        if (s.grid !== prev.grid) push();
      }),
      this.deps.basemap.subscribe(push),
      this.deps.highlight.subscribe(push),
    ];
    this.off = () => {
      for (const off of offs) off();
    };
    this.pruneDisplay();
    push();
  }

  /** A layer's GeoJSON at its current data version (what the map draws), for the analyses. */
  layerBlob(layerId: string): Promise<Blob> {
    const layer = useUi.getState().layers.find((l) => l.id === layerId);
    // A big layer's GeoJSON is not kept: the map reads it as tiles.
    if (!layer || shouldTile(layer.featureCount)) return this.deps.store.layerBlob(layerId);
    return this.blob(layerId, useUi.getState().dataVersions[layerId] ?? 0);
  }

  /** Resolves once the facts the scene waits for (points-only answers) are in and the last scene is given. */
  async settled(): Promise<void> {
    while (this.asking.size > 0) await Promise.allSettled([...this.asking.values()]);
  }

  /** The scene for the stores as they are now. */
  scene(): MapScene {
    const { layers, dataVersions, selection } = useUi.getState();
    const { byLayer, window } = useFilters.getState();
    const pointsOnly: Record<string, boolean> = {};
    for (const l of layers) {
      const known = this.pointsOnly.get(l.id);
      if (known && known.version === dataVersions[l.id]) pointsOnly[l.id] = known.value;
    }
    return mapScene({
      layers,
      dataVersions,
      pointsOnly,
      filters: { byLayer, window },
      display: useDisplay.getState().byLayer,
      selection,
      grid: useSettings.getState().grid,
      basemap: this.deps.basemap.current(),
      highlight: this.deps.highlight.current(),
      now: sceneNow(),
    });
  }

  private push(): void {
    const map = this.map;
    if (!map) return;
    this.askPointsOnly();
    const scene = this.scene();
    const data = scene.layers.map((l) => `${l.id}:${l.data.type === 'geojson' ? l.data.version : l.data.load.version}`).join('|');
    if (data !== this.lastData && scene.layers.length > 0) performance.mark('cg:map:data-set');
    this.lastData = data;
    map.setScene(scene);
  }

  /** Asks the store whether the big layers that may cluster hold points only; the scene waits for the answer. */
  private askPointsOnly(): void {
    const { layers, dataVersions } = useUi.getState();
    for (const l of layers) {
      const version = dataVersions[l.id] ?? 0;
      const key = `${l.id}:${version}`;
      if (!needsPointsOnly(l) || this.pointsOnly.get(l.id)?.version === version || this.asking.has(key)) continue;
      const asked = this.deps.store
        .pointsOnly(l.id)
        .then(
          (value) => {
            this.pointsOnly.set(l.id, { version, value });
          },
          (e: unknown) => this.deps.onDataError(e instanceof Error ? e.message : String(e)),
        )
        .finally(() => {
          this.asking.delete(key);
          this.push();
        });
      this.asking.set(key, asked);
    }
  }

  private blob(layerId: string, version: number): Promise<Blob> {
    const cached = this.blobs.get(layerId);
    if (cached?.version === version) return cached.blob;
    const blob = this.deps.store.layerBlob(layerId);
    this.blobs.set(layerId, { version, blob });
    blob.catch((e: unknown) => {
      if (this.blobs.get(layerId)?.blob === blob) this.blobs.delete(layerId);
      this.deps.onDataError(e instanceof Error ? e.message : String(e));
    });
    for (const id of this.blobs.keys()) if (!useUi.getState().layers.some((l) => l.id === id)) this.blobs.delete(id);
    return blob;
  }

  /** Display choices of deleted layers are dropped once the layer list is loaded (as the filters are). */
  private pruneDisplay(): void {
    const { ready, layers } = useUi.getState();
    if (ready) useDisplay.getState().pruneLayers(layers.map((l) => l.id));
  }
}
