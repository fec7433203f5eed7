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
import type { Workspace } from './workspace';

/**
 * What the analysis panel, the plan alerts and the map selection ask for: runs analyses in the
 * analysis worker, keeps the map's highlights in step with the result and the multi-selection,
 * and turns results into changesets (save as layer, acknowledged approval) applied through the
 * Workspace, so they are undoable and in the history.
 */
export class AnalysisService {
  private readonly client: AnalysisClient;
  private map: MapController | null = null;
  private selectionSeq = 0;
  private readonly offSelection: () => void;

  constructor(private readonly workspace: Workspace) {
    this.client = new AnalysisClient((id) => workspace.layerBlob(id));
    this.offSelection = useSelection.subscribe((s, prev) => {
      if (s.refs !== prev.refs) void this.showSelection(s.refs);
    });
  }

  private metas(): LayerMeta[] {
    const { layers, dataVersions } = useUi.getState();
    return layers.map((l) => ({ id: l.id, name: l.name, kind: l.kind, version: dataVersions[l.id] ?? 0 }));
  }

  private worker() {
    return this.client.ready(this.metas());
  }

  attachMap(map: MapController | null): () => void {
    this.map = map;
    if (!map) return () => undefined;
    map.selectionTool.setHandlers({
      onClick: (ref) => useSelection.getState().set(ref ? [ref] : []),
      onToggle: (ref) => useSelection.getState().set(toggleInSelection(useSelection.getState().refs, ref)),
      onArea: (area, additive) => void this.selectArea(area, additive),
    });
    map.selectionTool.setMode(useAnalysis.getState().tool);
    const r = useAnalysis.getState().result;
    map.analysisOverlay.setResult(r?.overlay ?? null, maxValue(r));
    void this.showSelection(useSelection.getState().refs);
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || isEditable(e.target)) return;
      map.selectionTool.cancel();
      useSelection.getState().clear();
      this.setTool('pointer');
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      map.selectionTool.setHandlers(null);
      if (this.map === map) this.map = null;
    };
  }

  setTool(tool: SelectionMode): void {
    useAnalysis.setState({ tool });
    this.map?.selectionTool.setMode(tool);
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
    this.map?.analysisOverlay.setSelection(fc);
  }

  async run(request: AnalysisRequest): Promise<void> {
    useAnalysis.setState({ running: true, error: null, request });
    try {
      const result = await (await this.worker()).run(request);
      useAnalysis.setState((st) => ({ running: false, result, runs: st.runs + 1 }));
      this.map?.analysisOverlay.setResult(result.overlay, maxValue(result));
    } catch (e) {
      useAnalysis.setState({ running: false, error: e instanceof Error ? e.message : String(e) });
    }
  }

  clearResult(): void {
    useAnalysis.setState({ result: null, request: null, error: null });
    this.map?.analysisOverlay.setResult(null);
  }

  /** Opens a result's feature in the inspector and frames it. */
  async focus(ref: SelectedRef, bbox: [number, number, number, number] | null): Promise<void> {
    await this.workspace.select(ref);
    if (bbox) this.map?.fitBounds(bbox, { maxZoom: 12 });
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
    this.offSelection();
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

const services = new WeakMap<Workspace, AnalysisService>();

/** The one AnalysisService of a workspace, made on first use (its worker starts then). */
export function analysisFor(workspace: Workspace): AnalysisService {
  let s = services.get(workspace);
  if (!s) services.set(workspace, (s = new AnalysisService(workspace)));
  return s;
}
