import type { MapController } from '../map/map-controller';
import { useUi } from '../state/ui-store';
import { useSelection } from '../state/selection-store';
import { renderCounts, resetRenderCounts } from './render-profile';

/**
 * What the end-to-end tests read from the page, installed only when the URL carries `?e2e`:
 * readiness, map idle, rendered features and screen positions. It exposes no way to change data.
 */
export function installTestHook(map: MapController): () => void {
  const hook = {
    ready: () => useUi.getState().ready,
    whenIdle: () => map.whenIdle(),
    renderedFeatures: (layerId: string) => map.queryFeatures(layerId),
    /** Features drawn per style layer of one layer (a heatmap, which cannot be queried, shows -1). */
    renderedStyleLayers: (layerId: string) => map.renderedStyleLayers(layerId),
    screenPoint: (lng: number, lat: number) => map.screenPoint(lng, lat),
    /** 'vector' for a big layer drawn from our tiles, 'geojson' otherwise. */
    sourceType: (layerId: string) => map.sourceType(layerId),
    view: () => map.view(),
    gridLevels: () => map.renderedGridLevels(),
    /** The feature shown in the inspector, as stored (geometry included). */
    selectedFeature: () => useUi.getState().selectedFeature,
    /** A paint or layout property of a style layer as the map holds it (undefined when there is no such layer). */
    styleProperty: (styleLayerId: string, kind: 'paint' | 'layout', name: string) => map.styleProperty(styleLayerId, kind, name),
    basemapFeatures: () => map.basemaps.renderedFeatures(),
    /** Analysis result features drawn on screen, by role (hit, target, where, area, origin). */
    analysisRoles: () => map.analysisOverlay.renderedRoles(),
    /** Multi-selected features drawn on screen, and the selection itself. */
    selectionRendered: () => map.analysisOverlay.renderedSelection(),
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
