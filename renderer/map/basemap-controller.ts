import type * as maplibregl from 'maplibre-gl';
import type { LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { BASEMAP_SOURCE_PREFIX, type BasemapLanguage } from '../../shared/layers/basemap-style';
import { vectorBasemapLayers } from '../../shared/layers/vector-basemap-style';
import type { BasemapView } from '../../shared/layers/map-scene';

/**
 * Which basemap the map draws, beneath the operational layers. Created and owned by MapController, which shows the scene's basemap;
 * swapping basemaps touches only the basemap's own source and style layers, so operational sources
 * are never reloaded.
 *
 * The bundled Natural Earth layers stay in the style: a vector basemap hides them (it draws its
 * own land), a raster basemap (imagery, scanned maps, an online service) is drawn over them, so
 * the world map still shows outside the imagery's extent, with the imagery opacity the user chose.
 */

export type { BasemapView };

/** Prefix of the swapped-in basemap's source and style layers (also a bundled-basemap prefix, so operational code treats them alike). */
export const SWAPPED_PREFIX = `${BASEMAP_SOURCE_PREFIX}x-`;
const SOURCE_ID = `${SWAPPED_PREFIX}source`;
const RASTER_LAYER = `${SWAPPED_PREFIX}raster`;

export interface RenderedBasemapFeature {
  sourceLayer: string;
  layer: string;
  properties: Record<string, unknown>;
}

export class BasemapController {
  private view: BasemapView = { kind: 'bundled' };
  private ready = false;
  private opacity = 1;
  private addedLayers: string[] = [];
  /** The bundled layers' own visibility, kept to restore them. */
  private bundled: string[] = [];

  constructor(
    private readonly map: maplibregl.Map,
    private lang: BasemapLanguage,
  ) {}

  /** Called once the style has loaded. */
  styleReady(): void {
    this.ready = true;
    this.bundled = this.map.getStyle().layers.map((l) => l.id).filter((id) => id.startsWith(BASEMAP_SOURCE_PREFIX) && !id.startsWith(SWAPPED_PREFIX));
    this.apply();
  }

  show(view: BasemapView): void {
    if (sameView(view, this.view)) return;
    this.view = view;
    if (this.ready) this.apply();
  }

  /** Opacity of raster basemaps, 0–1. */
  setRasterOpacity(opacity: number): void {
    this.opacity = Math.min(1, Math.max(0, opacity));
    if (this.ready && this.map.getLayer(RASTER_LAYER)) this.map.setPaintProperty(RASTER_LAYER, 'raster-opacity', this.opacity);
  }

  setLanguage(lang: BasemapLanguage): void {
    if (lang === this.lang) return;
    this.lang = lang;
    if (this.ready && this.view.kind === 'vector') this.apply();
  }

  /** Features of the swapped-in basemap drawn on screen now (for tests). */
  renderedFeatures(): RenderedBasemapFeature[] {
    const layers = this.addedLayers.filter((id) => this.map.getLayer(id));
    if (!layers.length) return [];
    return this.map.queryRenderedFeatures({ layers }).map((f) => ({ sourceLayer: f.sourceLayer ?? '', layer: f.layer.id, properties: { ...f.properties } }));
  }

  private apply(): void {
    for (const id of this.addedLayers) if (this.map.getLayer(id)) this.map.removeLayer(id);
    this.addedLayers = [];
    if (this.map.getSource(SOURCE_ID)) this.map.removeSource(SOURCE_ID);

    const view = this.view;
    const hideBundled = view.kind === 'vector';
    for (const id of this.bundled) if (this.map.getLayer(id)) this.map.setLayoutProperty(id, 'visibility', hideBundled ? 'none' : 'visible');
    if (view.kind === 'bundled') return;

    this.map.addSource(SOURCE_ID, view.source);
    const specs: LayerSpecification[] =
      view.kind === 'vector'
        ? vectorBasemapLayers(view.vectorLayers, { sourceId: SOURCE_ID, layerPrefix: SWAPPED_PREFIX, lang: this.lang })
        : [{ id: RASTER_LAYER, type: 'raster', source: SOURCE_ID, paint: { 'raster-opacity': this.opacity, 'raster-fade-duration': 0 } }];
    // Beneath everything that is not a basemap layer: operational layers, selection, grid.
    const before = this.map.getStyle().layers.find((l) => !l.id.startsWith(BASEMAP_SOURCE_PREFIX))?.id;
    for (const spec of specs) {
      this.map.addLayer(spec, before);
      this.addedLayers.push(spec.id);
    }
  }
}

function sameView(a: BasemapView, b: BasemapView): boolean {
  if (a.kind === 'bundled' || b.kind === 'bundled') return a.kind === b.kind;
  return a.kind === b.kind && a.id === b.id;
}
