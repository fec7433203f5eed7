import { changeSummary } from '../../shared/domain/changeset';
import type { Polygon, Feature, FeatureCollection } from 'geojson';
import { acknowledgedEditChangeset, type AcknowledgedAlert } from '../../shared/domain/acknowledgement';
import type { CgFeature, FeatureProperties } from '../../shared/domain/feature';
import { newId } from '../../shared/domain/feature';
import type { Kind } from '../../shared/domain/common';
import { newLayerChangeset } from '../../shared/domain/new-layer';
import { newLayerMarking } from '../state/settings';
import type { AnalysisRequest, AnalysisResult } from '../../shared/analysis/run';
import { mergeSelection, toggleInSelection, type SelectedRef } from '../../shared/analysis/select';
import type { Alert } from '../../shared/analysis/types';
import type { MapController } from '../map/map-controller';
import type { SelectionMode } from '../map/selection-tool';
import { useAnalysis } from '../state/analysis-store';
import { useSelection } from '../state/selection-store';
import { useUi } from '../state/ui-store';
import { AnalysisClient, type LayerMeta } from '../workers/analysis-client';
import type { ScenePart } from './map-sync';
import { EMPTY_COLLECTION, type HighlightScene } from '../../shared/layers/map-scene';
import type { Changeset } from '../../shared/domain/changeset';
import type { Author } from '../../shared/domain/feature';

/** What the analyses need of the Workspace: layer data, the inspector, changesets. */
export interface AnalysisHost {
  layerBlob(layerId: string): Promise<Blob>;
  select(ref: SelectedRef | null): Promise<void>;
  applyChangeset(changeset: Changeset): Promise<boolean>;
  currentAuthor(): Author;
  frame(bbox: [number, number, number, number], options: { maxZoom: number }): void;
}

/**
 * The analyses' part of the Workspace, what the analysis panel, the plan alerts and the map
 * selection ask for: runs analyses in the analysis worker, gives the scene its highlights (the
 * result and the multi-selection's shapes, read by map-sync), and turns results into changesets
 * (save as layer, acknowledged approval) applied through the Workspace, so they are undoable and
 * in the history. The worker starts on first use.
 */
export class AnalysisService implements ScenePart<HighlightScene> {
  /** Made on first use: its worker starts then. */
  private client: AnalysisClient | null = null;
  private map: MapController | null = null;
  private selectionSeq = 0;
  private selectionShapes: FeatureCollection = EMPTY_COLLECTION;
  private readonly listeners = new Set<() => void>();
  private readonly offStores: () => void;

  constructor(private readonly workspace: AnalysisHost) {
    const offSelection = useSelection.subscribe((s, prev) => {
      if (s.refs !== prev.refs) void this.showSelection(s.refs);
    });
    const offResult = useAnalysis.subscribe((s, prev) => {
      if (s.result !== prev.result) this.changed();
    });
    this.offStores = () => {
      offSelection();
      offResult();
    };
  }

  current(): HighlightScene {
    const r = useAnalysis.getState().result;
    return { result: r?.overlay ?? null, resultMax: maxValue(r), selection: this.selectionShapes };
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  private metas(): LayerMeta[] {
    const { layers, dataVersions } = useUi.getState();
    return layers.map((l) => ({ id: l.id, name: l.name, kind: l.kind, version: dataVersions[l.id] ?? 0 }));
  }

  private worker() {
    this.client ??= new AnalysisClient((id) => this.workspace.layerBlob(id));
    return this.client.ready(this.metas());
  }

  attachMap(map: MapController | null): () => void {
    this.map = map;
    if (!map) return () => undefined;
    map.setSelectionHandlers({
      onClick: (ref) => useSelection.getState().set(ref ? [ref] : []),
      onToggle: (ref) => useSelection.getState().set(toggleInSelection(useSelection.getState().refs, ref)),
      onArea: (area, additive) => void this.selectArea(area, additive),
    });
    map.setSelectionMode(useAnalysis.getState().tool);
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || isEditable(e.target)) return;
      map.cancelSelection();
      useSelection.getState().clear();
      this.setTool('pointer');
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      map.setSelectionHandlers(null);
      if (this.map === map) this.map = null;
    };
  }

  setTool(tool: SelectionMode): void {
    useAnalysis.setState({ tool });
    this.map?.setSelectionMode(tool);
  }

  /** Features of the visible layers inside `area`, replacing the selection or added to it. */
  async selectArea(area: Polygon, additive: boolean): Promise<void> {
    const visible = useUi.getState().layers.filter((l) => l.visible).map((l) => l.id);
    const found = await (await this.worker()).select(visible, area);
    const current = useSelection.getState().refs;
    useSelection.getState().set(additive ? mergeSelection(current, found) : found);
  }

  private async showSelection(refs: readonly SelectedRef[]): Promise<void> {
    const seq = ++this.selectionSeq;
    const features = refs.length ? await (await this.worker()).features([...refs]) : [];
    if (seq !== this.selectionSeq) return;
    const fc: FeatureCollection = {
      type: 'FeatureCollection',
      features: features.flatMap(({ layerId, feature }) => (feature.geometry ? [{ type: 'Feature', geometry: feature.geometry, properties: { layerId, featureId: feature.id } } as Feature] : [])),
    };
    this.selectionShapes = fc;
    this.changed();
  }

  async run(request: AnalysisRequest): Promise<void> {
    useAnalysis.setState({ running: true, error: null, request });
    try {
      const result = await (await this.worker()).run(request);
      useAnalysis.setState((st) => ({ running: false, result, runs: st.runs + 1 }));
    } catch (e) {
      useAnalysis.setState({ running: false, error: e instanceof Error ? e.message : String(e) });
    }
  }

  clearResult(): void {
    useAnalysis.setState({ result: null, request: null, error: null });
  }

  /** Opens a result's feature in the inspector and frames it. */
  async focus(ref: SelectedRef, bbox: [number, number, number, number] | null): Promise<void> {
    await this.workspace.select(ref);
    if (bbox) this.workspace.frame(bbox, { maxZoom: 12 });
  }

  /** Deconfliction alerts of one plan against every site and no-go zone in the workspace. */
  async planAlerts(plan: CgFeature): Promise<Alert[]> {
    return (await this.worker()).planAlerts(plan);
  }

  /** Applies an edit that approves a plan with open alerts, with their acknowledgement in the history. */
  async approveAcknowledged(layerId: string, feature: CgFeature, patch: FeatureProperties, alerts: readonly Alert[], reason: string): Promise<boolean> {
    const cs = acknowledgedEditChangeset(layerId, feature, patch, alerts.map(toAcknowledged), reason, this.workspace.currentAuthor(), new Date().toISOString());
    return this.workspace.applyChangeset(cs);
  }

  /**
   * Saves the features a result points at as a new layer, one undoable change. The features are
   * copies with new ids and the result's figures added; the layer keeps their kind when they are
   * all of one kind (so they draw as before), else it is a reference layer.
   */
  async saveResult(result: AnalysisResult, name: string): Promise<boolean> {
    const refs = uniqueRefs(result.items);
    const found = await (await this.worker()).features(refs);
    if (found.length === 0) return false;
    const layers = useUi.getState().layers;
    const kinds = new Set(found.map((f) => layers.find((l) => l.id === f.layerId)?.kind));
    const kind: Kind = kinds.size === 1 ? ([...kinds][0] ?? 'reference') : 'reference';
    const figures = new Map<string, FeatureProperties>();
    for (const row of result.density ?? []) figures.set(row.areaId, { incidents: row.count, previousIncidents: row.previousCount, change: row.change, perKm2: Math.round(row.perKm2 * 1000) / 1000 });
    const now = new Date().toISOString();
    const author = this.workspace.currentAuthor();
    const features: CgFeature[] = found.map(({ feature }) => ({
      ...feature,
      id: newId(),
      properties: { ...feature.properties, ...figures.get(feature.id), sourceFeatureId: feature.id, createdAt: now, createdBy: author.name, updatedAt: now, updatedBy: author.name, version: 1 },
    }));
    const order = Math.max(0, ...layers.map((l) => l.order)) + 1;
    const cs = newLayerChangeset({ name, kind, owner: author.org, features, author, now, order, marking: newLayerMarking(), summary: changeSummary('saveAnalysis', { name }) });
    return this.workspace.applyChangeset(cs);
  }

  destroy(): void {
    this.offStores();
  }
}

function toAcknowledged(a: Alert): AcknowledgedAlert {
  return a.kind === 'site'
    ? { kind: 'site', targetId: a.siteId, ...(a.siteName !== undefined && { targetName: a.siteName }), distanceM: Math.round(a.distanceM), radiusM: a.radiusM }
    : { kind: 'no-go', targetId: a.zoneId, ...(a.zoneName !== undefined && { targetName: a.zoneName }), distanceM: Math.round(a.distanceM) };
}

function uniqueRefs(items: AnalysisResult['items']): SelectedRef[] {
  const seen = new Set<string>();
  const out: SelectedRef[] = [];
  for (const i of items) {
    if (seen.has(i.featureId)) continue;
    seen.add(i.featureId);
    out.push({ layerId: i.layerId, featureId: i.featureId });
  }
  return out;
}

function maxValue(r: AnalysisResult | null): number {
  return Math.max(1, ...(r?.density ?? []).map((d) => d.count));
}

function isEditable(t: EventTarget | null): boolean {
  return t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));
}
