import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AUTHOR, installMemoryStorage } from './fakes';

// Before the renderer's modules load: the persisted stores read localStorage when created.
installMemoryStorage();

const { DataExportFlow, exportScope, safeFileName, selectedIdsIn } = await import('../../../renderer/app/data-export');
const { featuresInScope } = await import('../../../renderer/db/export-scope');
const { exportLayer } = await import('../../../shared/io/export-layer');
const { newLayerChangeset } = await import('../../../shared/domain/new-layer');
const { changeSummary } = await import('../../../shared/domain/changeset');
const { newLayerMarking } = await import('../../../renderer/state/settings');
const { useFilters } = await import('../../../renderer/state/filters-store');
const { useSelection } = await import('../../../renderer/state/selection-store');
const { useUi, initialUiState } = await import('../../../renderer/state/ui-store');
type CgFeature = import('../../../shared/domain/feature').CgFeature;
type ExportScope = import('../../../renderer/db/export-scope').ExportScope;

const incident = (id: string, eventType: string, lng: number): CgFeature => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: [lng, 6.5] },
  properties: { eventDate: '2026-11-20', timePrecision: 'day', eventType, fatalities: 0, verification: 'unverified', name: id, version: 1 },
});
const FEATURES = [incident('a', 'Battles', 20), incident('b', 'Riots', 21), incident('c', 'Battles', 22)];
const cs = newLayerChangeset({ name: 'Incidents', kind: 'incident', owner: 'joc', features: FEATURES, author: AUTHOR, now: '2026-11-21T00:00:00Z', order: 1, marking: newLayerMarking(), summary: changeSummary('import', { file: 'x' }) });
const put = cs.ops[0];
if (put?.op !== 'putLayer') throw new Error('no layer');
const LAYER = put.layer;

/** The store worker's export, in-process: the real scope and the real serialisers over the features above. */
function setup(save: (o: { suggestedName: string; data: string | Uint8Array }) => Promise<boolean> = async () => true) {
  const scopes: ExportScope[] = [];
  const store = {
    exportLayer: async (layerId: string, scope: ExportScope, formatId: string) => {
      if (layerId !== LAYER.id) throw new Error('the layer no longer exists');
      scopes.push(scope);
      const cached = { features: new Map(FEATURES.map((f) => [f.id, { feature: f }])) };
      return exportLayer(LAYER, featuresInScope(cached as never, scope), formatId);
    },
  };
  const saved: { suggestedName: string; data: string | Uint8Array; mimeType: string }[] = [];
  const platform = { saveFile: vi.fn(async (o: { suggestedName: string; data: string | Uint8Array; mimeType: string }) => (saved.push(o), save(o))) };
  return { flow: new DataExportFlow(store as never, platform as never), scopes, saved };
}

describe('the data export flow', () => {
  beforeEach(() => {
    useUi.setState({ ...initialUiState, layers: [{ ...LAYER, featureCount: 3 }] as never });
    useFilters.setState({ byLayer: {}, window: null });
    useSelection.getState().clear();
  });

  it('writes the whole layer as GeoJSON and saves it under a safe name', async () => {
    const { flow, saved } = setup();
    const out = await flow.run({ layerId: LAYER.id, scope: 'layer', formatId: 'geojson', fileName: 'Incidents: Sector/East' });
    expect(out).toMatchObject({ status: 'saved', summary: { fileName: 'Incidents_ Sector_East.geojson', inScope: 3, written: 3, refused: [] } });
    expect(saved[0]?.suggestedName).toBe('Incidents_ Sector_East.geojson');
    const written = JSON.parse(String(saved[0]?.data)) as { features: { id: string }[] };
    expect(written.features.map((f) => f.id)).toEqual(['a', 'b', 'c']);
  });

  it('exports the filtered view with the same filter model as the map: only the Battles', async () => {
    useFilters.getState().setLayerFilter(LAYER.id, { conditions: [{ field: 'eventType', op: 'in', value: ['Battles'] }] });
    const { flow, scopes, saved } = setup();
    const out = await flow.run({ layerId: LAYER.id, scope: 'filtered', formatId: 'csv', fileName: 'battles' });
    expect(scopes[0]).toMatchObject({ type: 'filtered', query: { kind: 'incident', window: null } });
    expect(out).toMatchObject({ status: 'saved', summary: { fileName: 'battles.csv', inScope: 2, written: 2 } });
    const rows = String(saved[0]?.data).trim().split(/\r?\n/);
    expect(rows).toHaveLength(3);
    expect(rows.slice(1).every((r) => r.includes('Battles'))).toBe(true);
  });

  it('a filtered export without a filter on the layer is the whole layer', () => {
    expect(exportScope(LAYER.id, 'filtered')).toEqual({ type: 'layer' });
  });

  it('exports the multi-selection, or else the feature open in the inspector', async () => {
    useUi.setState({ selection: { layerId: LAYER.id, featureId: 'c' } });
    expect(selectedIdsIn(LAYER.id)).toEqual(['c']);
    expect(selectedIdsIn('other')).toEqual([]);
    useSelection.getState().set([{ layerId: LAYER.id, featureId: 'a' }, { layerId: 'other', featureId: 'z' }, { layerId: LAYER.id, featureId: 'b' }]);
    expect(selectedIdsIn(LAYER.id)).toEqual(['a', 'b']);
    const { flow } = setup();
    const out = await flow.run({ layerId: LAYER.id, scope: 'selection', formatId: 'geojson', fileName: 'picked' });
    expect(out).toMatchObject({ status: 'saved', summary: { inScope: 2, written: 2 } });
  });

  it('reports a cancelled save, an unknown format and a layer that went away without saving anything', async () => {
    const cancelled = setup(async () => false);
    expect(await cancelled.flow.run({ layerId: LAYER.id, scope: 'layer', formatId: 'kml', fileName: 'x' })).toMatchObject({ status: 'cancelled', summary: { fileName: 'x.kml' } });
    const { flow, saved } = setup();
    expect(await flow.run({ layerId: LAYER.id, scope: 'layer', formatId: 'dxf', fileName: 'x' })).toEqual({ status: 'failed', error: 'unknown format dxf' });
    expect(await flow.run({ layerId: 'gone', scope: 'layer', formatId: 'csv', fileName: 'x' })).toEqual({ status: 'failed', error: 'the layer no longer exists' });
    expect(saved).toEqual([]);
  });

  it('makes file names the save dialog accepts', () => {
    expect(safeFileName('..\\brief<1>.csv', '.csv')).toBe('_brief_1_.csv');
    expect(safeFileName('   ', '.gpx')).toBe('export.gpx');
  });
});
