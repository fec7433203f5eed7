import type * as maplibregl from 'maplibre-gl';
import type { AllLayoutProperties, AllPaintProperties } from '@maplibre/maplibre-gl-style-spec';
import type { SceneLayer } from '../../shared/layers/map-scene';
import { selectionLayerIds, sourceIdFor } from '../../shared/layers/layer-style';
import type { AnalysisOverlay } from './analysis-overlay';
import type { BasemapController, RenderedBasemapFeature } from './basemap-controller';
import type { GridOverlay } from './grid-overlay';
import { featureIdOf } from './rendered-features';

export interface QueriedFeature {
  featureId: string | null;
  geometryType: string;
  properties: Record<string, unknown>;
}

export interface MapParts {
  map: maplibregl.Map;
  /** The scene layer of one of our layers as the map draws it now. */
  shown(layerId: string): SceneLayer | undefined;
  basemaps: BasemapController;
  analysis: AnalysisOverlay;
  grid: GridOverlay;
}

/**
 * What the end-to-end tests ask of the map and nothing else does: features drawn on screen per
 * layer and style layer, the grid's levels, source types, style properties as the map holds them,
 * screen positions. Made by MapController.probe() for renderer/app/test-hook.ts.
 */
export class MapProbe {
  constructor(private readonly parts: MapParts) {}

  /** Features of one of our layers currently drawn on screen. */
  queryFeatures(layerId: string): QueriedFeature[] {
    const { map } = this.parts;
    const layer = this.parts.shown(layerId);
    if (!layer) return [];
    const selection = selectionLayerIds(layerId);
    const styleLayers = layer.styleLayers.filter((s) => s.type !== 'heatmap' && s.type !== 'raster' && !selection.includes(s.id) && map.getLayer(s.id)).map((s) => s.id);
    const seen = new Set<string>();
    const out: QueriedFeature[] = [];
    for (const f of styleLayers.length ? map.queryRenderedFeatures({ layers: styleLayers }) : []) {
      const featureId = featureIdOf(f);
      const key = featureId ?? `${out.length}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ featureId, geometryType: f.geometry.type, properties: { ...f.properties } });
    }
    return out;
  }

  /** How many features each style layer of one of our layers draws; a heatmap cannot be queried and shows -1. */
  renderedStyleLayers(layerId: string): Record<string, number> {
    const { map } = this.parts;
    const specs = (this.parts.shown(layerId)?.styleLayers ?? []).filter((s) => s.type !== 'raster');
    const ids = specs.filter((s) => s.type !== 'heatmap' && map.getLayer(s.id)).map((s) => s.id);
    const out: Record<string, number> = {};
    for (const f of ids.length ? map.queryRenderedFeatures({ layers: ids }) : []) out[f.layer.id] = (out[f.layer.id] ?? 0) + 1;
    for (const s of specs) if (s.type === 'heatmap' && map.getLayer(s.id)) out[s.id] = -1;
    return out;
  }

  renderedGridLevels(): Record<string, number> {
    return this.parts.grid.renderedLevels();
  }

  /** 'vector' for a big layer drawn from our tiles, 'geojson' otherwise, null when absent. */
  sourceType(layerId: string): string | null {
    return this.parts.map.getSource(sourceIdFor(layerId))?.type ?? null;
  }

  /** A paint or layout property of a style layer as the map holds it (undefined when there is no such layer). */
  styleProperty(styleLayerId: string, kind: 'paint' | 'layout', name: string): unknown {
    const { map } = this.parts;
    if (!map.getLayer(styleLayerId)) return undefined;
    return kind === 'paint' ? map.getPaintProperty(styleLayerId, name as keyof AllPaintProperties) : map.getLayoutProperty(styleLayerId, name as keyof AllLayoutProperties);
  }

  /** Ids of one layer's features drawn within `radius` pixels of a position: cheap where the whole viewport is not. */
  featureIdsAt(layerId: string, lng: number, lat: number, radius = 4): string[] {
    const { map } = this.parts;
    const layer = this.parts.shown(layerId);
    if (!layer) return [];
    const selection = selectionLayerIds(layerId);
    const styleLayers = layer.styleLayers.filter((s) => s.type !== 'heatmap' && s.type !== 'raster' && !selection.includes(s.id) && map.getLayer(s.id)).map((s) => s.id);
    if (!styleLayers.length) return [];
    const p = map.project([lng, lat]);
    const box: [[number, number], [number, number]] = [[p.x - radius, p.y - radius], [p.x + radius, p.y + radius]];
    return map.queryRenderedFeatures(box, { layers: styleLayers }).flatMap((f) => featureIdOf(f) ?? []);
  }

  /** Where a position is drawn, in CSS pixels from the map container's top-left corner. */
  screenPoint(lng: number, lat: number): { x: number; y: number } {
    const p = this.parts.map.project([lng, lat]);
    return { x: p.x, y: p.y };
  }

  view(): { center: [number, number]; zoom: number; bearing: number } {
    const { map } = this.parts;
    const c = map.getCenter();
    return { center: [c.lng, c.lat], zoom: map.getZoom(), bearing: map.getBearing() };
  }

  basemapFeatures(): RenderedBasemapFeature[] {
    return this.parts.basemaps.renderedFeatures();
  }

  /** Analysis result features drawn on screen, by role. */
  analysisRoles(): Record<string, number> {
    return this.parts.analysis.renderedRoles();
  }

  selectionRendered(): number {
    return this.parts.analysis.renderedSelection();
  }
}
