import type { Polygon } from 'geojson';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AUTHOR, installMemoryStorage } from './fakes';

// Before the renderer's modules load: the persisted stores read localStorage when created.
installMemoryStorage();

/** The analysis worker in-process: the real shared analyses over the layers the workspace hands over as Blobs. */
vi.mock('../../../renderer/workers/analysis-client', async () => {
  const { runAnalysis, planAlerts } = await import('../../../shared/analysis/run');
  const { featuresInArea } = await import('../../../shared/analysis/select');
  type Meta = { id: string; name: string; kind: import('../../../shared/domain/common').Kind; version: number };
  type Feature = import('../../../shared/domain/feature').CgFeature;
  class AnalysisClient {
    constructor(private readonly blobOf: (id: string) => Promise<Blob>) {}
    async ready(metas: readonly Meta[]) {
      const layers = await Promise.all(metas.map(async (m) => ({ ...m, features: (JSON.parse(await (await this.blobOf(m.id)).text()) as { features: Feature[] }).features })));
      return {
        run: async (r: Parameters<typeof runAnalysis>[1]) => runAnalysis(layers, r),
        planAlerts: async (plan: Feature) => planAlerts(layers, plan),
        select: async (ids: string[], area: Polygon) => featuresInArea(layers.filter((l) => ids.includes(l.id)).map((l) => ({ layerId: l.id, features: l.features })), area),
        features: async (refs: { layerId: string; featureId: string }[]) =>
          refs.flatMap((r) => layers.find((l) => l.id === r.layerId)?.features.filter((f) => f.id === r.featureId).map((feature) => ({ layerId: r.layerId, feature })) ?? []),
      };
    }
  }
  return { AnalysisClient };
});

const { AnalysisService } = await import('../../../renderer/app/analysis-service');
const { useAnalysis } = await import('../../../renderer/state/analysis-store');
const { useSelection } = await import('../../../renderer/state/selection-store');
const { useUi, initialUiState } = await import('../../../renderer/state/ui-store');
type Changeset = import('../../../shared/domain/changeset').Changeset;
type CgFeature = import('../../../shared/domain/feature').CgFeature;

const feature = (id: string, geometry: CgFeature['geometry'], properties: CgFeature['properties']): CgFeature => ({ type: 'Feature', id, geometry, properties: { version: 1, ...properties } });

const SITE = feature('site-1', { type: 'Point', coordinates: [20.0, 5.0] }, { name: 'Bria IDP site', notified: true, protectionRadiusM: 2000 });
const FAR_SITE = feature('site-2', { type: 'Point', coordinates: [22.0, 7.0] }, { name: 'Far site', notified: true, protectionRadiusM: 2000 });
const THROUGH = feature('plan-1', { type: 'LineString', coordinates: [[19.9, 5.0], [20.1, 5.0]] }, { name: 'Route through the site', status: 'draft' });
const CLEAR = feature('plan-2', { type: 'LineString', coordinates: [[19.0, 4.0], [19.1, 4.0]] }, { name: 'Clear route', status: 'draft' });

function setup() {
  const data: Record<string, CgFeature[]> = { sites: [SITE, FAR_SITE], plans: [THROUGH, CLEAR] };
  const applied: Changeset[] = [];
  const workspace = {
    layerBlob: async (id: string) => new Blob([JSON.stringify({ type: 'FeatureCollection', features: data[id] ?? [] })]),
    select: vi.fn(async () => {}),
    currentAuthor: () => AUTHOR,
    applyChangeset: async (cs: Changeset) => (applied.push(cs), true),
  };
  useUi.setState({
    layers: [
      { id: 'sites', name: 'Sites', kind: 'humanitarian', order: 1, visible: true, featureCount: 2 },
      { id: 'plans', name: 'Plans', kind: 'patrol', order: 2, visible: true, featureCount: 2 },
    ] as never,
    dataVersions: { sites: 1, plans: 1 },
  });
  const service = new AnalysisService(workspace as never);
  return { service, applied, workspace };
}

describe('AnalysisService', () => {
  beforeEach(() => {
    useUi.setState(initialUiState);
    useSelection.getState().clear();
    useAnalysis.setState({ running: false, request: null, result: null, error: null, runs: 0 });
  });

  it('runs a deconfliction and keeps the result: the plan through the notified site, not the clear one', async () => {
    const { service } = setup();
    await service.run({ kind: 'deconflict', planLayerIds: ['plans'], siteLayerIds: ['sites'], noGoLayerIds: [] });
    const s = useAnalysis.getState();
    expect(s).toMatchObject({ running: false, error: null, runs: 1 });
    expect(s.result?.items.map((i) => [i.layerId, i.featureId, i.detail.key])).toEqual([['plans', 'plan-1', 'detail.siteAlert']]);
    expect(s.result?.items[0]?.detail.values).toMatchObject({ target: 'Bria IDP site' });
    service.destroy();
  });

  it('saves a result as a new layer of copies that point back at their source, in one changeset', async () => {
    const { service, applied } = setup();
    await service.run({ kind: 'deconflict', planLayerIds: ['plans'], siteLayerIds: ['sites'], noGoLayerIds: [] });
    const result = useAnalysis.getState().result;
    if (!result) throw new Error('no result');
    expect(await service.saveResult(result, 'Conflicting routes')).toBe(true);
    expect(applied).toHaveLength(1);
    const cs = applied[0] as Changeset;
    expect(cs.summary).toEqual({ key: 'saveAnalysis', params: { name: 'Conflicting routes' } });
    const put = cs.ops.find((o) => o.op === 'putLayer');
    expect(put?.op === 'putLayer' && put.layer).toMatchObject({ name: 'Conflicting routes', kind: 'patrol', order: 3, owner: 'joc' });
    const copies = cs.ops.flatMap((o) => (o.op === 'putFeatures' ? o.features : []));
    expect(copies).toHaveLength(1);
    expect(copies[0]?.id).not.toBe('plan-1');
    expect(copies[0]?.properties).toMatchObject({ name: 'Route through the site', sourceFeatureId: 'plan-1', createdBy: 'Duty Officer', version: 1 });
    service.destroy();
  });

  it('approves a plan with its open alerts acknowledged, the reason kept in the changeset', async () => {
    const { service, applied } = setup();
    const alerts = await service.planAlerts(THROUGH);
    expect(alerts).toHaveLength(1);
    expect(await service.approveAcknowledged('plans', THROUGH, { status: 'approved' }, alerts, '  Escort agreed with OCHA  ')).toBe(true);
    const cs = applied[0] as Changeset;
    expect(cs.summary).toEqual({ key: 'approveAcknowledged', params: { name: 'Route through the site', count: 1 } });
    expect(cs.acknowledgement).toMatchObject({ reason: 'Escort agreed with OCHA', alerts: [{ kind: 'site', targetId: 'site-1', targetName: 'Bria IDP site', radiusM: 2000 }] });
    const updated = cs.ops.flatMap((o) => (o.op === 'putFeatures' ? o.features : []));
    expect(updated[0]?.properties.status).toBe('approved');
    service.destroy();
  });

  it('selects the features of the visible layers inside an area, and adds to the selection when asked', async () => {
    const { service } = setup();
    const around = (lng: number, lat: number): Polygon => ({ type: 'Polygon', coordinates: [[[lng - 0.5, lat - 0.5], [lng + 0.5, lat - 0.5], [lng + 0.5, lat + 0.5], [lng - 0.5, lat + 0.5], [lng - 0.5, lat - 0.5]]] });
    await service.selectArea(around(20, 5), false);
    expect(useSelection.getState().refs.map((r) => r.featureId).sort()).toEqual(['plan-1', 'site-1']);
    await service.selectArea(around(22, 7), true);
    expect(useSelection.getState().refs.map((r) => r.featureId).sort()).toEqual(['plan-1', 'site-1', 'site-2']);
    await service.selectArea(around(22, 7), false);
    expect(useSelection.getState().refs.map((r) => r.featureId)).toEqual(['site-2']);
    service.destroy();
  });
});
