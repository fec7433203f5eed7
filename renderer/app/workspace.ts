import { changeSummary, historyText } from '../../shared/domain/changeset';
import type { Changeset } from '../../shared/domain/changeset';
import type { Author, CgFeature, FeatureProperties } from '../../shared/domain/feature';
import {
  deleteFeaturesChangeset,
  deleteLayerChangeset,
  editFeatureChangeset,
  featureMarkingChangeset,
  reorderLayerChangeset,
  updateLayerChangeset,
} from '../../shared/domain/edits';
import type { LayerPatch, LayerStyle } from '../../shared/domain/layer';
import type { Marking } from '../../shared/domain/marking';
import { mergeLayerStyle } from '../../shared/layers/style-override';
import type { Platform } from '../platform';
import { useSettings } from '../state/settings';
import { useUi, type FeatureRef, type Notice } from '../state/ui-store';
import type { StoreClient } from '../workers/store-client';
import type { ApplySummary } from '../workers/store.worker';
import { ImportFlow } from './import-flow';
import { FilterSync } from './filter-sync';
import { DataExportFlow } from './data-export';
import type { GoToTarget, NameMatch } from '../../shared/geo/goto';
import type { MapController } from '../map/map-controller';
import { featuresBBox } from '../../shared/geo/bbox';
import type { BBox } from '../../shared/io/types';
import type i18next from 'i18next';
import { DrawFlow } from './draw-flow';
import { ConflictsFlow } from './conflicts-flow';
import { PackageFlow } from './package-flow';
import { HubFlow } from './hub-flow';
import { MapSync } from './map-sync';
import { CoalescedRefresh, type RefreshAsk } from './coalesced-refresh';
import { useSelection } from '../state/selection-store';
import { AnalysisService } from './analysis-service';
import { BasemapFlow } from './basemap-flow';

type T = (typeof i18next)['t'];

/**
 * Everything the UI does to data goes through here: it talks to the store worker and the
 * import worker and keeps the UI store current; its MapSync turns the stores into the map's
 * scene. React components call its methods and read the UI store; they never touch workers or
 * the map directly.
 */
export class Workspace {
  readonly imports: ImportFlow;
  readonly dataExport: DataExportFlow;
  readonly conflicts: ConflictsFlow;
  readonly packages: PackageFlow;
  readonly hub: HubFlow;
  /** The analyses, their highlights on the map and the map's box and lasso selection. */
  readonly analyses: AnalysisService;
  /** The basemap switcher: which basemap the scene shows, opening and forgetting basemap files. */
  readonly basemaps: BasemapFlow;
  private readonly filters: FilterSync;
  private readonly mapSync: MapSync;
  private readonly refreshes = new CoalescedRefresh((ask) => this.refreshNow(ask));
  private map: MapController | null = null;
  private nextNoticeId = 1;
  private detachMap: (() => void) | null = null;

  constructor(
    private readonly store: StoreClient,
    readonly platform: Platform,
    private readonly t: T,
  ) {
    this.filters = new FilterSync(store);
    this.analyses = new AnalysisService({
      layerBlob: (id) => this.mapSync.layerBlob(id),
      select: (ref) => this.select(ref),
      applyChangeset: (cs) => this.applyChangeset(cs),
      currentAuthor: () => this.author(),
      frame: (bbox, options) => this.map?.fitBounds(bbox, options),
    });
    this.basemaps = new BasemapFlow({
      platform,
      notify: (tone, text) => this.notify(tone, text),
      t,
      frame: (bbox, options) => this.map?.fitBounds(bbox, options),
    });
    this.mapSync = new MapSync({
      store,
      basemap: this.basemaps,
      highlight: this.analyses,
      onDataError: (reason) => this.notify('error', () => this.t('errors.mapData', { reason })),
    });
    this.dataExport = new DataExportFlow(store, platform);
    this.imports = new ImportFlow({
      store,
      platform,
      t: (key, options) => t(key, options),
      author: () => this.author(),
      notify: (tone, text, action) => this.notify(tone, text, action),
      refresh: (change) => this.refresh(change),
      // No flight after an import: on a software-rendered map each animation frame of a big layer costs seconds.
      zoomTo: (bbox) => this.map?.fitBounds(bbox, { animate: false }),
      openConflicts: () => this.conflicts.open(),
      openPackage: (fileName, bytes) => this.packages.open(fileName, bytes),
    });
    this.packages = new PackageFlow({
      store,
      platform,
      t: (key, options) => t(key, options),
      author: () => this.author(),
      notify: (tone, text, action) => this.notify(tone, text, action),
      refresh: (change) => this.refresh(change),
      openConflicts: () => this.conflicts.open(),
    });
    this.hub = new HubFlow({
      store,
      platform,
      t: (key, options) => t(key, options),
      author: () => this.author(),
      notify: (tone, text) => this.notify(tone, text),
      refresh: (change) => this.refresh(change),
    });
    this.conflicts = new ConflictsFlow({ store, author: () => this.author(), apply: async (cs) => (await this.apply(cs)) !== null });
  }

  private author(): Author {
    const s = useSettings.getState();
    return { name: s.authorName, org: s.authorOrg };
  }

  async start(): Promise<void> {
    await this.store.open(undefined, { defaultOriginator: useSettings.getState().organisationId });
    await this.refresh(null);
    useUi.setState({ ready: true });
    void this.hub.resume().catch((e: unknown) => console.warn('Could not resume the hub session', e));
    performance.mark('cg:app:ready');
  }

  /** Connects the map (null: the map went away): its scene from now on, the analyses' selection tool, the basemap. */
  attachMap(map: MapController | null): void {
    this.detachMap?.();
    this.detachMap = null;
    this.map = map;
    this.mapSync.attach(map);
    if (!map) return;
    const offAnalyses = this.analyses.attachMap(map);
    this.basemaps.start();
    const offFilters = this.filters.start();
    this.detachMap = () => {
      offAnalyses();
      offFilters();
      this.basemaps.stop();
      this.mapSync.attach(null);
    };
  }

  /** Resolves once the scene waits for nothing more (for the test hook's whenIdle). */
  mapSettled(): Promise<void> {
    return this.mapSync.settled();
  }

  /** Features of every layer whose name contains `query`, for the go-to box. */
  searchNames(query: string): Promise<NameMatch[]> {
    return this.store.searchNames(query, 8);
  }

  goTo(target: GoToTarget): void {
    this.map?.goTo(target);
  }

  notify(tone: Notice['tone'], text: Notice['text'], action?: Notice['action']): void {
    const id = this.nextNoticeId++;
    useUi.setState((s) => ({ notices: [...s.notices.slice(-4), { id, tone, text, action }] }));
    setTimeout(() => this.dismiss(id), tone === 'error' ? 15_000 : 8_000);
  }

  dismiss(id: number): void {
    useUi.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
  }

  /** Re-reads layers and undo state; bumps data versions of the layers a change touched. Changes arriving meanwhile share the next refresh. */
  private refresh(change: ApplySummary | null): Promise<void> {
    return this.refreshes.request(change);
  }

  private async refreshNow(ask: RefreshAsk): Promise<void> {
    const [layers, undo] = await Promise.all([this.store.listLayers(), this.store.undoState()]);
    useUi.setState((s) => {
      const dataVersions = { ...s.dataVersions };
      for (const l of layers) if (dataVersions[l.id] === undefined) dataVersions[l.id] = 1;
      for (const id of ask.changedLayerIds) dataVersions[id] = (dataVersions[id] ?? 0) + 1;
      for (const id of ask.deletedLayerIds) delete dataVersions[id];
      return { layers, undo, dataVersions };
    });
    // A picked feature of a layer that is gone (deleted, undone, withdrawn by the hub) is no pick:
    // left in, the map would go on highlighting it.
    const present = new Set(layers.map((l) => l.id));
    const picked = useSelection.getState().refs;
    if (picked.some((r) => !present.has(r.layerId))) useSelection.getState().set(picked.filter((r) => present.has(r.layerId)));
    if (ask.reloadConflicts) await this.conflicts.reload();
    const sel = useUi.getState().selection;
    if (sel) await this.loadSelection(sel);
  }

  private async apply(changeset: Changeset): Promise<ApplySummary | null> {
    try {
      const summary = await this.store.apply(changeset);
      await this.refresh(summary);
      return summary;
    } catch (e) {
      this.notify('error', () => this.t('errors.changeFailed', { label: historyText(this.t, changeset), reason: message(e) }));
      return null;
    }
  }

  // ---- selection and inspector ----

  async select(ref: FeatureRef | null): Promise<void> {
    useUi.setState({ selection: ref, selectedFeature: null, selectedHistory: [] });
    if (ref) await this.loadSelection(ref);
  }

  private async loadSelection(ref: FeatureRef): Promise<void> {
    const [feature, history] = await Promise.all([
      this.store.getFeature(ref.layerId, ref.featureId),
      this.store.history(ref.featureId),
    ]);
    const current = useUi.getState().selection;
    if (current?.featureId !== ref.featureId) return;
    if (!feature) {
      useUi.setState({ selection: null, selectedFeature: null, selectedHistory: [] });
      return;
    }
    useUi.setState({ selectedFeature: feature, selectedHistory: history });
  }

  async editFeature(layerId: string, feature: CgFeature, patch: FeatureProperties): Promise<boolean> {
    const cs = editFeatureChangeset(layerId, feature, patch, this.author(), new Date().toISOString());
    return (await this.apply(cs)) !== null;
  }

  /** Gives the feature its own marking, or (undefined) lets it carry its layer's again. */
  async setFeatureMarking(layerId: string, feature: CgFeature, marking: Marking | undefined): Promise<boolean> {
    return (await this.apply(featureMarkingChangeset(layerId, feature, marking, this.author(), new Date().toISOString()))) !== null;
  }

  async deleteFeature(layerId: string, feature: CgFeature): Promise<void> {
    const name = String(feature.properties.name ?? feature.id);
    const cs = deleteFeaturesChangeset(layerId, [feature.id], changeSummary('delete', { name }), this.author(), new Date().toISOString());
    if (await this.apply(cs)) {
      await this.select(null);
      this.notify('info', () => this.t('notices.featureDeleted', { name }), { label: () => this.t('actions.undo'), run: () => void this.undo() });
    }
  }

  // ---- layers ----

  async updateLayer(layerId: string, patch: LayerPatch): Promise<void> {
    const layer = useUi.getState().layers.find((l) => l.id === layerId);
    if (!layer) return;
    // Show the change at once; the refresh after the store answers confirms it or puts it back.
    useUi.setState((s) => ({ layers: s.layers.map((l) => (l.id === layerId ? { ...l, ...patch } : l)) }));
    const applied = await this.apply(updateLayerChangeset(layer, patch, this.author(), new Date().toISOString()));
    if (!applied) await this.refresh(null);
  }

  async moveLayer(layerId: string, direction: 'up' | 'down'): Promise<void> {
    // Layers move among those of their own kind, as the panel groups them.
    const kind = useUi.getState().layers.find((l) => l.id === layerId)?.kind;
    const peers = useUi.getState().layers.filter((l) => l.kind === kind).sort((a, b) => a.order - b.order);
    const cs = reorderLayerChangeset(peers, layerId, direction, this.author(), new Date().toISOString());
    if (cs) await this.apply(cs);
  }

  async deleteLayer(layerId: string): Promise<void> {
    const layer = useUi.getState().layers.find((l) => l.id === layerId);
    if (!layer) return;
    if (useUi.getState().selection?.layerId === layerId) await this.select(null);
    const open = (await this.store.listConflicts(layerId)).map((c) => c.featureId);
    if (await this.apply(deleteLayerChangeset(layer, this.author(), new Date().toISOString(), open))) {
      this.notify('info', () => this.t('notices.layerDeleted', { name: layer.name }), { label: () => this.t('actions.undo'), run: () => void this.undo() });
    }
  }

  /** Changes part of a layer's style (undefined puts a field back to the default): one undo step. */
  async setLayerStyle(layerId: string, change: Partial<Record<keyof LayerStyle, unknown>>): Promise<void> {
    const layer = useUi.getState().layers.find((l) => l.id === layerId);
    if (!layer) return;
    try {
      await this.updateLayer(layerId, { style: mergeLayerStyle(layer.style, change) });
    } catch (e) {
      this.notify('error', () => this.t('errors.changeFailed', { label: layer.name, reason: message(e) }));
      await this.refresh(null);
    }
  }

  zoomToLayer(layerId: string): void {
    const bbox = useUi.getState().layers.find((l) => l.id === layerId)?.bbox;
    if (bbox) this.map?.fitBounds(bbox);
  }

  // ---- undo ----

  async undo(): Promise<void> {
    const summary = await this.store.undo(this.author());
    if (summary) await this.refresh(summary);
  }

  async redo(): Promise<void> {
    const summary = await this.store.redo(this.author());
    if (summary) await this.refresh(summary);
  }

  // ---- drawing, shape editing and measuring (draw-flow.ts): changesets applied here ----

  readonly draw = new DrawFlow({
    controller: () => this.map?.draw ?? null,
    author: () => this.author(),
    apply: (cs) => this.apply(cs),
    select: (ref) => this.select(ref),
    getFeature: (layerId, featureId) => this.store.getFeature(layerId, featureId),
    lang: () => document.documentElement.lang || 'en',
  });
  // ---- for the analyses (renderer/app/analysis-service.ts) ----

  /** Applies a changeset built elsewhere (analysis results, acknowledged approvals); false on failure. */
  async applyChangeset(changeset: Changeset): Promise<boolean> {
    return (await this.apply(changeset)) !== null;
  }

  currentAuthor(): Author {
    return this.author();
  }

  /** The box around some features (a multi-selection, for the map export's extent); null when none has a geometry. */
  async featuresBounds(refs: readonly FeatureRef[]): Promise<BBox | null> {
    const features = await Promise.all(refs.map((r) => this.store.getFeature(r.layerId, r.featureId)));
    return featuresBBox(features.flatMap((f) => (f ? [f] : [])));
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
