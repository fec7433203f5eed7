import type { MapController } from '../map/map-controller';
import { useUi } from '../state/ui-store';
import { useHub } from '../state/hub-settings';
import { useSelection } from '../state/selection-store';
import { renderCounts, resetRenderCounts } from './render-profile';

/**
 * What the end-to-end tests read from the page, installed only when the URL carries `?e2e`:
 * readiness, map idle, rendered features and screen positions (the map's probe, map-probe.ts).
 * It exposes no way to change data.
 */
export function installTestHook(map: MapController, settled: () => Promise<void>): () => void {
  const probe = map.probe();
  const hook = {
    ready: () => useUi.getState().ready,
    /** The scene waits for nothing more, its pending layer loads are done and the map has drawn. */
    whenIdle: async () => {
      await settled();
      await map.whenIdle();
    },
    renderedFeatures: (layerId: string) => probe.queryFeatures(layerId),
    /** Features drawn per style layer of one layer (a heatmap, which cannot be queried, shows -1). */
    renderedStyleLayers: (layerId: string) => probe.renderedStyleLayers(layerId),
    featureIdsAt: (layerId: string, lng: number, lat: number) => probe.featureIdsAt(layerId, lng, lat),
    /** The hub log position this workstation has applied up to (0 when not connected). */
    hubCursor: () => useHub.getState().state?.cursor ?? 0,
    screenPoint: (lng: number, lat: number) => probe.screenPoint(lng, lat),
    /** 'vector' for a big layer drawn from our tiles, 'geojson' otherwise. */
    sourceType: (layerId: string) => probe.sourceType(layerId),
    view: () => probe.view(),
    gridLevels: () => probe.renderedGridLevels(),
    /** The feature shown in the inspector, as stored (geometry included). */
    selectedFeature: () => useUi.getState().selectedFeature,
    /** A paint or layout property of a style layer as the map holds it (undefined when there is no such layer). */
    styleProperty: (styleLayerId: string, kind: 'paint' | 'layout', name: string) => probe.styleProperty(styleLayerId, kind, name),
    basemapFeatures: () => probe.basemapFeatures(),
    /** Analysis result features drawn on screen, by role (hit, target, where, area, origin). */
    analysisRoles: () => probe.analysisRoles(),
    /** Multi-selected features drawn on screen, and the selection itself. */
    selectionRendered: () => probe.selectionRendered(),
    selection: () => useSelection.getState().refs,
    /** React commits per profiled part of the tree since the last reset (see render-profile.tsx). */
    renderCounts,
    resetRenderCounts,
    layers: () => useUi.getState().layers.map((l) => ({ id: l.id, name: l.name, kind: l.kind, featureCount: l.featureCount, visible: l.visible })),
  };
  Object.defineProperty(window, '__cg', { value: hook, configurable: true });
  return () => {
    delete (window as unknown as { __cg?: unknown }).__cg;
  };
}
