import * as maplibregl from 'maplibre-gl';
import type { FilterSpecification } from '@maplibre/maplibre-gl-style-spec';
import { GRID_LABELS_SOURCE, GRID_LAYERS, GRID_LINES_SOURCE, type GridMode } from '../../shared/layers/grid-style';
import { mgrsGrid } from '../../shared/geo/mgrs-grid';
import { graticule } from '../../shared/geo/graticule';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
// no-inline: a data: URL would be imported through a blob:, which the app's CSP (script-src 'self') refuses.
import featureProtocolUrl from './feature-ids-protocol.mjs?url&no-inline';
import { FEATURE_ID_PROPERTY, FEATURE_PROTOCOL, loadFeatureJson } from './feature-ids-protocol.mjs';
import type { FeatureCollection } from 'geojson';
import type { AllLayoutProperties, AllPaintProperties, LayerSpecification, RasterLayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { Kind } from '../../shared/domain/common';
import type { LayerStyle } from '../../shared/domain/layer';
import {
  BASEMAP_ATTRIBUTION,
  BASEMAP_LOCALISED_LAYERS,
  basemapStyle,
  countryLabelField,
  type BasemapLanguage,
} from '../../shared/layers/basemap-style';
import { sidcFromImageId } from '../../shared/layers/icons';
import { addIconImages, addMissingImage } from './icon-images';
import { DrawController } from './draw-controller';
import { BasemapController } from './basemap-controller';
import { AnalysisOverlay } from './analysis-overlay';
import { SelectionTool } from './selection-tool';
import { renderOffscreen, type OffscreenRender, type OffscreenRenderRequest } from './offscreen-render';
import {
  MAP_FEATURE_ID,
  displayModesFor,
  type DisplayMode,
  layerIdFromSourceId,
  opacityPaint,
  operationalLayers,
  operationalSource,
  selectionLayerFilter,
  selectionLayerIds,
  sourceIdFor,
  clusterLayerIds,
  tiledOperationalSource,
  toMapFeatureCollection,
} from '../../shared/layers/layer-style';
import { clusterExpansionZoom, dropTiles, loadTiles, startTilesWorker, tileUrlTemplate } from './tile-protocol';
import type { TileLoad } from '../../shared/tiles/layer-tiles';
import { propertiesRead } from '../../shared/layers/properties-read';

/**
 * The only code that touches MapLibre. React mounts it (MapView) and calls its methods; it reports
 * back through the callbacks given to the constructor.
 *
 * Feature ids: MapLibre keeps only integer feature ids (a string id goes through parseInt, so a
 * UUID becomes a wrong number or nothing), and ours are UUID strings. Every source is created with
 * `promoteId: MAP_FEATURE_ID` ('cg:id'), and the id is copied into that property on the way in:
 * for an in-memory FeatureCollection by toMapFeatureCollection; for a Blob or URL by the
 * `cgjson://` protocol (feature-ids-protocol.mjs), which MapLibre's workers load with
 * importScriptInWorkers, so the fetch and the JSON parse stay off the main thread. The store's
 * GeoJSON needs no change.
 */

import type { BBox, LngLatPoint as LngLat } from '../../shared/base/types';

export type { BBox, LngLat };
export type FeatureRef = { layerId: string; featureId: string };

export interface MapLayer {
  id: string;
  kind: Kind;
  visible: boolean;
  opacity: number;
  /** Higher is drawn above lower. */
  order: number;
  /** Bumped by the caller whenever `data` changed; the source is reloaded only when this changes. */
  dataVersion: number;
  /**
   * A Blob of GeoJSON (parsed in MapLibre's worker), a URL to GeoJSON, a FeatureCollection, or a
   * big layer that the tiles worker reads from the store and cuts into vector tiles (TiledData).
   */
  data: Blob | string | FeatureCollection | TiledData;
  /** Georeferenced images drawn beneath the layer's features (KMZ ground overlays); see Layer.images. */
  images?: readonly { blob: Blob; corners: [[number, number], [number, number], [number, number], [number, number]] }[];
  /** Cluster the points at low zoom (only for all-point layers; see shouldCluster). */
  cluster?: boolean;
  /** How points are drawn; setDisplayMode overrides it (see effectiveDisplay). */
  display?: DisplayMode;
  /** The user's changes to the kind's default style; a change rebuilds the layer's style layers. */
  style?: LayerStyle;
}

/** A big layer, drawn from vector tiles that the tiles worker cuts from the stored layer (tile-protocol.ts). */
export interface TiledData {
  storedLayer: string;
}

const isTiled = (data: MapLayer['data']): data is TiledData => typeof data === 'object' && !(data instanceof Blob) && 'storedLayer' in data;

export interface MapControllerOptions {
  /** The page's base URL (document.baseURI): data/ files are resolved against it. */
  baseUrl: string;
  lang: BasemapLanguage;
  onCursor(lngLat: LngLat | null): void;
  onFeatureClick(ref: FeatureRef | null): void;
  onIdle?(): void;
  /** Initial view; defaults to the whole world. */
  initialBounds?: BBox;
  /** Where the user last left the map; wins over initialBounds. */
  initialView?: SavedView;
  /** Called after each move, so the view can be remembered. */
  onViewChange?(view: SavedView): void;
}

/** A map position worth restoring: centre, zoom and rotation. */
export interface SavedView {
  center: [number, number];
  zoom: number;
  bearing: number;
}

export interface QueriedFeature {
  featureId: string | null;
  geometryType: string;
  properties: Record<string, unknown>;
}

interface LayerState {
  kind: Kind;
  visible: boolean;
  opacity: number;
  order: number;
  dataVersion: number;
  cluster: boolean;
  display: DisplayMode;
  /** JSON of the style the specs were built with. */
  styleKey: string;
  specs: LayerSpecification[];
  /** Object URLs handed to the source, oldest first; all but the last are revoked once a newer one loaded. */
  objectUrls: string[];
  /** The tiles worker's key for the data now drawn, when the layer is tiled (see TiledData). */
  tileKey: string | null;
  /** A new index is being built for the layer (new data or, for clusters, a new filter). */
  tileBuilding: boolean;
  /** Data or filter moved again while it was being built: build once more when it is done. */
  tileStale: boolean;
  /** JSON of the properties the current tiles carry (what the style layers and the filter read). */
  tileProperties: string;
  /** Raster layers of the layer's images, beneath its own style layers, each on its own image source. */
  imageSpecs: RasterLayerSpecification[];
  /** Object URLs of the images, revoked when the layer is removed. */
  imageUrls: string[];
}

let tileKeys = 0;
/** A key per load, never reused, so a tile request can never be answered from another load's index. */
const nextTileKey = (layerId: string): string => `${layerId}~${++tileKeys}`;

let workerSetUp = false;

/** Once per page: the worker script, and the protocol that copies feature ids (see above). */
function setUpWorkers(): void {
  if (workerSetUp) return;
  workerSetUp = true;
  maplibregl.setWorkerUrl(workerUrl);
  // Main-thread fallback, used by a worker only until (or unless) the script below is loaded in it.
  maplibregl.addProtocol(FEATURE_PROTOCOL, loadFeatureJson as Parameters<typeof maplibregl.addProtocol>[1]);
  maplibregl.importScriptInWorkers(new URL(featureProtocolUrl, document.baseURI).href).catch((error: unknown) => {
    console.warn('Map workers could not load the feature-id protocol; GeoJSON will be parsed on the main thread', error);
  });
}

/** The protocol and the style must agree on the property (checked by the compiler). */
const _sameIdProperty: typeof MAP_FEATURE_ID = FEATURE_ID_PROPERTY;

/** URL of a layer's GeoJSON through the id-copying protocol. */
const viaFeatureProtocol = (url: string): string => `${FEATURE_PROTOCOL}://${url}`;

/** Pixels around the pointer in which a feature counts as hit. */
const HIT_TOLERANCE = 4;

export class MapController {
  private readonly map: maplibregl.Map;
  private readonly opts: MapControllerOptions;
  private readonly layers = new Map<string, LayerState>();
  private desired: MapLayer[] | null = null;
  private styleReady = false;
  private selected: FeatureRef | null = null;
  private readonly pending = new Set<Promise<unknown>>();
  private hoverFrame = 0;
  private lastPointer: maplibregl.Point | null = null;
  private destroyed = false;
  /** Per layer, the user's attribute/time filter, combined with each style layer's own filter. */
  private readonly userFilters = new Map<string, FilterSpecification | null>();
  private grid: GridMode = 'none';
  /** Per layer, the display mode chosen with setDisplayMode (the display store's, via display-sync). */
  private readonly displayModes = new Map<string, DisplayMode>();
  /** Sketching, shape editing and the measurement overlay (terra-draw); see draw-controller.ts. */
  readonly draw: DrawController;
  /** Which basemap is drawn beneath the operational layers (bundled, an opened file, an online source). */
  readonly basemaps: BasemapController;
  /** Analysis results, the multi-selection and the box/lasso being drawn (analysis-overlay.ts). */
  readonly analysisOverlay: AnalysisOverlay;
  /** Click, box and lasso selection (selection-tool.ts). */
  readonly selectionTool: SelectionTool;
  /** Tile indexes started before the style loaded (setLayers), by layer; addLayer takes them over. */
  private readonly earlyTiles = new Map<string, { load: string; key: string }>();
  /** Per layer, the filter model behind userFilters: the tiles worker applies it to clusters. */
  private readonly tileQueries = new Map<string, TileLoad['query']>();

  constructor(container: HTMLElement, opts: MapControllerOptions) {
    setUpWorkers();
    this.opts = opts;
    this.map = new maplibregl.Map({
      container,
      style: basemapStyle(opts.baseUrl, { lang: opts.lang }),
      ...(opts.initialView
        ? { center: opts.initialView.center, zoom: opts.initialView.zoom, bearing: opts.initialView.bearing }
        : { bounds: opts.initialBounds ?? [-170, -58, 190, 75] }),
      maxPitch: 0,
      pitchWithRotate: false,
      touchPitch: false,
      attributionControl: { compact: false, customAttribution: BASEMAP_ATTRIBUTION },
      // Screenshots and exports read the canvas after it was drawn.
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    this.map.addControl(new maplibregl.NavigationControl({ showZoom: true, showCompass: true, visualizePitch: false }), 'top-right');
    this.map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    this.draw = new DrawController(this.map);
    this.basemaps = new BasemapController(this.map, opts.lang);
    this.analysisOverlay = new AnalysisOverlay(this.map);
    this.selectionTool = new SelectionTool(this.map, this.analysisOverlay, (p) => this.featureAt(p), () => this.draw.active);

    // Icons first: a symbol layer added before its image would log a missing image and redraw.
    this.map.on('load', () => {
      performance.mark('cg:map:style-loaded');
      addIconImages(this.map);
      this.styleReady = true;
      this.basemaps.styleReady();
      this.analysisOverlay.install();
      this.apply();
      this.updateGrid();
    });
    this.map.on('moveend', () => {
      this.updateGrid();
      const c = this.map.getCenter();
      this.opts.onViewChange?.({ center: [c.lng, c.lat], zoom: this.map.getZoom(), bearing: this.map.getBearing() });
    });
    // Military symbols are drawn only for the SIDCs the data actually uses, when first needed.
    // maplibre-gl 6 resolves missing images through this resolver: a `styleimagemissing` listener
    // can no longer supply the image for the request that fired it.
    this.map.setMissingStyleImageResolver((id) => {
      addMissingImage(this.map, id, sidcFromImageId(id));
    });
    this.map.on('mousemove', (e) => {
      this.opts.onCursor({ lng: e.lngLat.lng, lat: e.lngLat.lat });
      this.lastPointer = e.point;
      if (!this.hoverFrame) this.hoverFrame = requestAnimationFrame(() => this.updateHoverCursor());
    });
    this.map.on('mouseout', () => {
      this.opts.onCursor(null);
      this.lastPointer = null;
      this.map.getCanvas().style.cursor = '';
    });
    this.map.on('click', (e) => {
      // While drawing or editing a shape, clicks place vertices: they select nothing.
      if (this.draw.active) return;
      if (this.zoomIntoCluster(e.point)) return;
      if (this.selectionTool.handleClick(e)) return;
      this.opts.onFeatureClick(this.featureAt(e.point));
    });
    if (opts.onIdle) this.map.on('idle', () => opts.onIdle?.());
  }

  /** Brings the map's sources and style layers in line with `layers` (see MapLayer). */
  setLayers(layers: MapLayer[]): void {
    this.desired = layers;
    if (this.styleReady) this.apply();
    // A big layer's tiles take seconds to index: start now rather than when the style has loaded.
    else for (const layer of layers) if (isTiled(layer.data)) this.startTilesEarly(layer, layer.data);
  }

  /**
   * Starts the tiles worker with a port to the store worker (whose other end the caller gave the
   * store), so that big layers are read by the tiles worker without crossing the page.
   */
  attachTileStore(storePort: MessagePort): void {
    startTilesWorker(storePort);
  }

  /**
   * Shows only the features of a layer that pass `filter` (null shows all). It is added to each
   * style layer's own filter (geometry type, status…), never replacing it. `query` is the model
   * the filter was made from: a cluster has no attributes to filter on, so a clustered big layer's
   * clusters are made again in the tiles worker from the features passing it.
   */
  setFilter(layerId: string, filter: FilterSpecification | null, query: TileLoad['query'] = null): void {
    if (JSON.stringify(this.userFilters.get(layerId) ?? null) === JSON.stringify(filter)) return;
    this.userFilters.set(layerId, filter);
    this.tileQueries.set(layerId, filter ? query : null);
    if (!this.styleReady) return;
    this.applyUserFilter(layerId);
    const state = this.layers.get(layerId);
    if (state?.tileKey && (state.cluster || this.tilePropertiesMoved(layerId, state))) this.rebuildTiles(layerId);
  }

  /**
   * Draws a layer's points as icons or as a heatmap. Kept per layer id, so it also applies to a
   * layer added later; only the layer's own style layers are rebuilt (filters, selection and
   * opacity are reapplied, the source is rebuilt only when clustering changes with it).
   */
  setDisplayMode(layerId: string, mode: DisplayMode): void {
    if (this.displayModes.get(layerId) === mode) return;
    this.displayModes.set(layerId, mode);
    if (this.styleReady) this.apply();
  }

  /** The reference grid drawn over the map: none, MGRS, or a latitude/longitude graticule. */
  setGrid(mode: GridMode): void {
    this.grid = mode;
    if (this.styleReady) this.updateGrid();
  }

  /** Centres on a position (at `zoom`, or closer in when far out), or frames `bbox` when given. */
  goTo(target: { lng: number; lat: number; zoom?: number; bbox?: BBox }): void {
    if (target.bbox) this.fitBounds(target.bbox, { maxZoom: target.zoom ?? 16 });
    else this.map.flyTo({ center: [target.lng, target.lat], zoom: target.zoom ?? Math.max(this.map.getZoom(), 12) });
  }

  /** Frames `bbox`, clear of the panels laid over the map (see overlayPadding). */
  fitBounds(bbox: BBox, options: { padding?: number; maxZoom?: number; animate?: boolean } = {}): void {
    this.map.fitBounds(bbox, { padding: overlayPadding(this.map.getContainer(), options.padding ?? 40), maxZoom: options.maxZoom ?? 14, animate: options.animate ?? true });
  }

  zoomIn(): void {
    this.map.zoomIn();
  }

  zoomOut(): void {
    this.map.zoomOut();
  }

  resetNorth(): void {
    this.map.resetNorth();
  }

  setSelected(ref: FeatureRef | null): void {
    this.selected = ref;
    if (this.styleReady) for (const id of this.layers.keys()) this.applySelection(id);
  }

  /** Switches country names to `lang`; nothing else on the map is rebuilt. */
  setLanguage(lang: BasemapLanguage): void {
    const apply = (): void => {
      for (const id of BASEMAP_LOCALISED_LAYERS) if (this.map.getLayer(id)) this.map.setLayoutProperty(id, 'text-field', countryLabelField(lang));
    };
    if (this.styleReady) apply();
    else this.map.once('load', apply);
    this.basemaps.setLanguage(lang);
  }

  /** Resolves once pending layer updates have loaded and the map has drawn everything. */
  async whenIdle(): Promise<void> {
    if (!this.styleReady) await new Promise<void>((resolve) => this.map.once('load', () => resolve()));
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    if (this.destroyed) return;
    await new Promise<void>((resolve) => {
      this.map.once('idle', () => resolve());
      this.map.triggerRepaint();
    });
  }

  /** Features of one of our layers currently drawn on screen (for tests). */
  queryFeatures(layerId: string): QueriedFeature[] {
    const state = this.layers.get(layerId);
    if (!state) return [];
    const styleLayers = state.specs
      .filter((s) => s.type !== 'heatmap')
      .map((s) => s.id)
      .filter((id) => !selectionLayerIds(layerId).includes(id) && this.map.getLayer(id));
    const seen = new Set<string>();
    const out: QueriedFeature[] = [];
    for (const f of this.map.queryRenderedFeatures({ layers: styleLayers })) {
      const featureId = featureIdOf(f);
      const key = featureId ?? `${out.length}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ featureId, geometryType: f.geometry.type, properties: { ...f.properties } });
    }
    return out;
  }

  /**
   * How many features each style layer of one of our layers draws on screen now (for tests). A
   * heatmap cannot be queried: it is listed with -1 when it is part of the layer.
   */
  renderedStyleLayers(layerId: string): Record<string, number> {
    const state = this.layers.get(layerId);
    if (!state) return {};
    const ids = state.specs.filter((s) => s.type !== 'heatmap' && this.map.getLayer(s.id)).map((s) => s.id);
    const out: Record<string, number> = {};
    for (const f of ids.length ? this.map.queryRenderedFeatures({ layers: ids }) : []) out[f.layer.id] = (out[f.layer.id] ?? 0) + 1;
    for (const s of state.specs) if (s.type === 'heatmap' && this.map.getLayer(s.id)) out[s.id] = -1;
    return out;
  }

  /** How many grid lines of each level are drawn now (for tests). */
  renderedGridLevels(): Record<string, number> {
    const ids = GRID_LAYERS.filter((l) => l.type === 'line').map((l) => l.id).filter((id) => this.map.getLayer(id));
    const out: Record<string, number> = {};
    for (const f of ids.length ? this.map.queryRenderedFeatures({ layers: ids }) : []) {
      const level = String((f.properties as Record<string, unknown>).level);
      out[level] = (out[level] ?? 0) + 1;
    }
    return out;
  }

  /** The type of a layer's source ('geojson', or 'vector' when tiled), or null (for tests). */
  sourceType(layerId: string): string | null {
    return this.map.getSource(sourceIdFor(layerId))?.type ?? null;
  }

  /** Where the map is now: centre, zoom and rotation. */
  view(): SavedView {
    const c = this.map.getCenter();
    return { center: [c.lng, c.lat], zoom: this.map.getZoom(), bearing: this.map.getBearing() };
  }

  /** A paint or layout property of one of our style layers as the map holds it now (for tests). */
  styleProperty(styleLayerId: string, kind: 'paint' | 'layout', name: string): unknown {
    if (!this.map.getLayer(styleLayerId)) return undefined;
    return kind === 'paint' ? this.map.getPaintProperty(styleLayerId, name as keyof AllPaintProperties) : this.map.getLayoutProperty(styleLayerId, name as keyof AllLayoutProperties);
  }

  /** Where a position is drawn, in CSS pixels from the map container's top-left corner. */
  screenPoint(lng: number, lat: number): { x: number; y: number } {
    const p = this.map.project([lng, lat]);
    return { x: p.x, y: p.y };
  }

  /** The MapLibre canvas, e.g. for screenshots. */
  getCanvas(): HTMLCanvasElement {
    return this.map.getCanvas();
  }

  /** The map drawn again off screen at print size, of `bounds` or of what is on screen (offscreen-render.ts). */
  async renderForExport(req: Omit<OffscreenRenderRequest, 'grid' | 'bounds'> & { bounds?: BBox }): Promise<OffscreenRender> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    const b = this.map.getBounds();
    return renderOffscreen(this.map, { ...req, grid: this.grid, bounds: req.bounds ?? [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] });
  }

  destroy(): void {
    this.destroyed = true;
    this.draw.destroy();
    this.selectionTool.destroy();
    if (this.hoverFrame) cancelAnimationFrame(this.hoverFrame);
    for (const state of this.layers.values()) {
      for (const url of state.objectUrls) URL.revokeObjectURL(url);
      if (state.tileKey) dropTiles(state.tileKey);
    }
    this.layers.clear();
    this.map.remove();
  }

  // -------------------------------------------------------------------------------------------

  private apply(): void {
    const desired = this.desired;
    if (!desired || this.destroyed) return;
    const wanted = new Map(desired.map((l) => [l.id, l]));

    for (const id of [...this.layers.keys()]) if (!wanted.has(id)) this.removeLayer(id);

    let orderChanged = false;
    for (const layer of desired) {
      const state = this.layers.get(layer.id);
      const display = this.effectiveDisplay(layer);
      if (!state || state.cluster !== effectiveCluster(layer, display) || (state.tileKey !== null) !== isTiled(layer.data)) {
        // Clustering and tiling are properties of the source: switching them means rebuilding the source.
        if (state) this.removeLayer(layer.id);
        this.addLayer(layer);
        orderChanged = true;
        continue;
      }
      if (state.kind !== layer.kind || state.display !== display || state.styleKey !== styleKeyOf(layer)) {
        for (const spec of state.specs) if (this.map.getLayer(spec.id)) this.map.removeLayer(spec.id);
        state.specs = this.specsFor(layer);
        for (const spec of state.specs) this.map.addLayer(spec);
        Object.assign(state, { kind: layer.kind, display, styleKey: styleKeyOf(layer), visible: layer.visible, opacity: layer.opacity });
        this.applyUserFilter(layer.id);
        if (state.tileKey && this.tilePropertiesMoved(layer.id, state)) this.rebuildTiles(layer.id);
        orderChanged = true;
      }
      if (state.visible !== layer.visible) {
        for (const spec of [...state.imageSpecs, ...state.specs]) this.map.setLayoutProperty(spec.id, 'visibility', layer.visible ? 'visible' : 'none');
        state.visible = layer.visible;
      }
      if (state.opacity !== layer.opacity) {
        for (const spec of state.specs)
          for (const [prop, value] of Object.entries(opacityPaint(spec, layer.opacity))) this.map.setPaintProperty(spec.id, prop as keyof AllPaintProperties, value);
        for (const spec of state.imageSpecs) this.map.setPaintProperty(spec.id, 'raster-opacity', layer.opacity);
        state.opacity = layer.opacity;
      }
      if (state.order !== layer.order) {
        state.order = layer.order;
        orderChanged = true;
      }
      if (state.dataVersion !== layer.dataVersion) {
        state.dataVersion = layer.dataVersion;
        this.updateData(layer.id, layer.data);
      }
    }
    if (orderChanged) this.restack(desired);
    for (const early of this.earlyTiles.values()) dropTiles(early.key);
    this.earlyTiles.clear();
  }

  /** The mode a layer is drawn in: the one set with setDisplayMode, else the layer's, if its kind has it. */
  private effectiveDisplay(layer: MapLayer): DisplayMode {
    const wanted = this.displayModes.get(layer.id) ?? layer.display ?? 'points';
    return displayModesFor(layer.kind).includes(wanted) ? wanted : 'points';
  }

  private specsFor(layer: MapLayer): LayerSpecification[] {
    const display = this.effectiveDisplay(layer);
    return operationalLayers({ ...layer, display, cluster: effectiveCluster(layer, display), tiled: isTiled(layer.data) });
  }

  private addLayer(layer: MapLayer): void {
    const display = this.effectiveDisplay(layer);
    const state: LayerState = {
      kind: layer.kind,
      visible: layer.visible,
      opacity: layer.opacity,
      order: layer.order,
      dataVersion: layer.dataVersion,
      cluster: effectiveCluster(layer, display),
      display,
      styleKey: styleKeyOf(layer),
      specs: this.specsFor(layer),
      objectUrls: [],
      tileKey: null,
      tileBuilding: false,
      tileStale: false,
      tileProperties: '',
      imageSpecs: [],
      imageUrls: [],
    };
    this.layers.set(layer.id, state);
    const sourceId = sourceIdFor(layer.id);
    this.addImages(layer, state);
    if (isTiled(layer.data)) {
      const load = this.tileLoad(layer, layer.data, state.cluster, state.specs);
      state.tileKey = this.loadTiled(load).key;
      state.tileProperties = JSON.stringify(load.properties);
      this.map.addSource(sourceId, tiledOperationalSource(tileUrlTemplate(state.tileKey)));
    } else {
      this.map.addSource(sourceId, operationalSource(this.toSourceData(state, layer.data), state.cluster));
    }
    this.track(this.sourceLoaded(sourceId));
    for (const spec of state.specs) this.map.addLayer(spec);
    this.applyUserFilter(layer.id);
  }

  /**
   * A MapLibre image source per image, from an object URL of its Blob (revoked in removeLayer),
   * with a raster layer drawn beneath the layer's features.
   */
  private addImages(layer: MapLayer, state: LayerState): void {
    for (const [i, image] of (layer.images ?? []).entries()) {
      const url = URL.createObjectURL(image.blob);
      state.imageUrls.push(url);
      const source = `${sourceIdFor(layer.id)}::image:${i}`;
      this.map.addSource(source, { type: 'image', url, coordinates: image.corners });
      const spec: RasterLayerSpecification = {
        id: `${source}:raster`,
        type: 'raster',
        source,
        layout: { visibility: layer.visible ? 'visible' : 'none' },
        paint: { 'raster-opacity': layer.opacity, 'raster-fade-duration': 0 },
      };
      state.imageSpecs.push(spec);
      this.map.addLayer(spec);
    }
  }

  private removeLayer(id: string): void {
    const state = this.layers.get(id);
    if (!state) return;
    for (const spec of state.imageSpecs) {
      if (this.map.getLayer(spec.id)) this.map.removeLayer(spec.id);
      if (this.map.getSource(spec.source)) this.map.removeSource(spec.source);
    }
    for (const url of state.imageUrls) URL.revokeObjectURL(url);
    for (const spec of state.specs) if (this.map.getLayer(spec.id)) this.map.removeLayer(spec.id);
    const sourceId = sourceIdFor(id);
    if (this.map.getSource(sourceId)) this.map.removeSource(sourceId);
    for (const url of state.objectUrls) URL.revokeObjectURL(url);
    if (state.tileKey) dropTiles(state.tileKey);
    this.layers.delete(id);
  }

  /** What the tiles worker indexes for a layer: its data version, and the filter when it is clustered. */
  private tileLoad(layer: Pick<MapLayer, 'id' | 'kind' | 'dataVersion'>, data: TiledData, cluster: boolean, specs: readonly LayerSpecification[]): TileLoad {
    return {
      layerId: data.storedLayer,
      version: layer.dataVersion,
      kind: layer.kind,
      cluster,
      query: cluster ? (this.tileQueries.get(layer.id) ?? null) : null,
      properties: this.tilePropertiesFor(layer.id, specs),
    };
  }

  /** What a tiled layer's tiles must carry: the properties its style layers and its filter read. */
  private tilePropertiesFor(layerId: string, specs: readonly LayerSpecification[]): string[] {
    return propertiesRead(specs, [this.userFilters.get(layerId)]);
  }

  private tilePropertiesMoved(layerId: string, state: LayerState): boolean {
    return JSON.stringify(this.tilePropertiesFor(layerId, state.specs)) !== state.tileProperties;
  }

  /**
   * Starts indexing a layer in the tiles worker under a new key (or takes over the one started
   * early for the same load). A source may use the key at once: the worker holds tile requests
   * until the index is built. `built` says whether it was.
   */
  private loadTiled(load: TileLoad): { key: string; built: Promise<boolean> } {
    const early = this.earlyTiles.get(load.layerId);
    if (early) {
      this.earlyTiles.delete(load.layerId);
      if (early.load === JSON.stringify(load)) return { key: early.key, built: Promise.resolve(true) };
      dropTiles(early.key);
    }
    const key = nextTileKey(load.layerId);
    const built = loadTiles(key, load).then(
      () => {
        performance.mark('cg:map:tiles-indexed');
        return true;
      },
      (error: unknown) => {
        if (!this.destroyed) console.warn(`Map layer ${load.layerId}: data did not load`, error);
        return false;
      },
    );
    this.track(built);
    return { key, built };
  }

  private startTilesEarly(layer: MapLayer, data: TiledData): void {
    const load = this.tileLoad(layer, data, effectiveCluster(layer, this.effectiveDisplay(layer)), this.specsFor(layer));
    if (this.earlyTiles.get(layer.id)?.load === JSON.stringify(load)) return;
    const { key } = this.loadTiled(load);
    this.earlyTiles.set(layer.id, { load: JSON.stringify(load), key });
  }

  private updateData(id: string, data: MapLayer['data']): void {
    const state = this.layers.get(id);
    if (isTiled(data)) {
      this.rebuildTiles(id);
      return;
    }
    const source = this.map.getSource<maplibregl.GeoJSONSource>(sourceIdFor(id));
    if (!state || !source) return;
    const sourceData = this.toSourceData(state, data);
    const done = source.setData(sourceData).then(
      () => {
        // The worker has fetched the new data: the older object URLs are no longer needed.
        if (typeof sourceData !== 'string') return;
        const at = state.objectUrls.findIndex((url) => sourceData.endsWith(url));
        for (const old of state.objectUrls.splice(0, Math.max(0, at))) URL.revokeObjectURL(old);
      },
      (error: unknown) => {
        if (!this.destroyed) console.warn(`Map layer ${id}: data did not load`, error);
      },
    );
    this.track(done);
  }

  /**
   * A new index for a tiled layer, for its current data and filter; the source is pointed at it
   * once it is built, so the old tiles stay on screen meanwhile. One build at a time per layer:
   * changes that come in the while (the time slider playing) are folded into one more build.
   */
  private rebuildTiles(id: string): void {
    const state = this.layers.get(id);
    const data = this.desired?.find((l) => l.id === id)?.data;
    if (!state?.tileKey || !data || !isTiled(data)) return;
    if (state.tileBuilding) {
      state.tileStale = true;
      return;
    }
    state.tileBuilding = true;
    const load = this.tileLoad({ id, kind: state.kind, dataVersion: state.dataVersion }, data, state.cluster, state.specs);
    const { key, built } = this.loadTiled(load);
    // Tracked as a whole, so whenIdle also waits for the swap to the new tiles.
    this.track(built.then((ok) => {
      state.tileBuilding = false;
      const source = this.map.getSource<maplibregl.VectorTileSource>(sourceIdFor(id));
      if (this.layers.get(id) !== state || this.destroyed || !ok || !source) {
        dropTiles(key);
      } else {
        const old = state.tileKey;
        state.tileKey = key;
        state.tileProperties = JSON.stringify(load.properties);
        source.setTiles([tileUrlTemplate(key)]);
        // Requests already sent hold the old index; later ones name the new key.
        if (old) dropTiles(old);
        this.track(this.sourceLoaded(sourceIdFor(id)));
      }
      if (state.tileStale && this.layers.get(id) === state) {
        state.tileStale = false;
        this.rebuildTiles(id);
      }
    }));
  }

  /** What MapLibre gets for a layer's data: a URL (fetched and parsed in the worker) or an object. */
  private toSourceData(state: LayerState, data: Exclude<MapLayer['data'], TiledData>): string | FeatureCollection {
    if (typeof data === 'string') return viaFeatureProtocol(new URL(data, this.opts.baseUrl).href);
    if (data instanceof Blob) {
      const url = URL.createObjectURL(data);
      state.objectUrls.push(url);
      return viaFeatureProtocol(url);
    }
    return toMapFeatureCollection(data) as FeatureCollection;
  }

  /** Resolves when a newly added source has loaded its data (or failed to). */
  private sourceLoaded(sourceId: string): Promise<void> {
    return new Promise<void>((resolve) => {
      const check = (e: maplibregl.MapSourceDataEvent | maplibregl.ErrorEvent): void => {
        const eventSource = 'sourceId' in e ? e.sourceId : undefined;
        if (eventSource !== sourceId) return;
        if (e.type === 'error' || this.map.isSourceLoaded(sourceId)) finish();
      };
      const finish = (): void => {
        performance.mark('cg:map:source-loaded');
        this.map.off('sourcedata', check);
        this.map.off('error', check);
        resolve();
      };
      if (this.map.getSource(sourceId) && this.map.isSourceLoaded(sourceId)) return resolve();
      this.map.on('sourcedata', check);
      this.map.on('error', check);
    });
  }

  private track(promise: Promise<unknown>): void {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }

  /** Moves style layers so that higher `order` draws above; all ours stay above the basemap. */
  private restack(desired: MapLayer[]): void {
    const sorted = desired.map((l, index) => ({ l, index })).sort((a, b) => a.l.order - b.l.order || a.index - b.index);
    for (const { l } of sorted) {
      const state = this.layers.get(l.id);
      for (const spec of [...(state?.imageSpecs ?? []), ...(state?.specs ?? [])]) this.map.moveLayer(spec.id);
    }
    // The reference grid stays above the data, as on a printed map.
    for (const spec of GRID_LAYERS) if (this.map.getLayer(spec.id)) this.map.moveLayer(spec.id);
    // The sketch being drawn stays above analysis results.
    this.analysisOverlay.raise();
    this.draw.raise();
  }

  private applySelection(layerId: string): void {
    const featureId = this.selected?.layerId === layerId ? this.selected.featureId : null;
    const user = this.userFilters.get(layerId) ?? null;
    for (const styleLayerId of selectionLayerIds(layerId)) {
      if (!this.map.getLayer(styleLayerId)) continue;
      const own = selectionLayerFilter(styleLayerId, featureId);
      // A feature the user filtered out must not keep its highlight ring.
      this.map.setFilter(styleLayerId, user ? (['all', own, user] as FilterSpecification) : own);
    }
  }

  private applyUserFilter(layerId: string): void {
    const state = this.layers.get(layerId);
    if (!state) return;
    const user = this.userFilters.get(layerId) ?? null;
    const selection = selectionLayerIds(layerId);
    // A tiled layer's clusters are made from the features passing the filter (rebuildTiles).
    const skip = state.tileKey && state.cluster ? [...selection, ...clusterLayerIds(layerId)] : selection;
    for (const spec of state.specs) {
      if (skip.includes(spec.id) || spec.type === 'background' || !this.map.getLayer(spec.id)) continue;
      const own = 'filter' in spec ? spec.filter : undefined;
      this.map.setFilter(spec.id, user ? (own ? (['all', own, user] as FilterSpecification) : user) : (own ?? null));
    }
    this.applySelection(layerId);
  }

  /**
   * Recomputes the grid for the view after each move. Generating it takes tens of milliseconds
   * at wide views, once per move, so it runs here rather than in a worker for now.
   */
  private updateGrid(): void {
    if (!this.styleReady || this.destroyed) return;
    if (!this.map.getSource(GRID_LINES_SOURCE)) {
      if (this.grid === 'none') return;
      const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
      this.map.addSource(GRID_LINES_SOURCE, { type: 'geojson', data: empty });
      this.map.addSource(GRID_LABELS_SOURCE, { type: 'geojson', data: empty });
      for (const spec of GRID_LAYERS) this.map.addLayer(spec);
    }
    const b = this.map.getBounds();
    const bbox: [number, number, number, number] = [b.getWest(), Math.max(-85, b.getSouth()), b.getEast(), Math.min(85, b.getNorth())];
    const zoom = this.map.getZoom();
    const data =
      this.grid === 'mgrs' ? mgrsGrid(bbox, zoom) : this.grid === 'graticule' ? graticule(bbox, zoom) : { lines: null, labels: null };
    const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
    this.map.getSource<maplibregl.GeoJSONSource>(GRID_LINES_SOURCE)?.setData((data.lines as FeatureCollection | null) ?? empty);
    this.map.getSource<maplibregl.GeoJSONSource>(GRID_LABELS_SOURCE)?.setData((data.labels as FeatureCollection | null) ?? empty);
  }

  private interactiveStyleLayers(): string[] {
    const ids: string[] = [];
    for (const [id, state] of this.layers) {
      if (!state.visible) continue;
      const selection = selectionLayerIds(id);
      // Icons are symbol layers but stand for the feature, so they are clickable; labels and the
      // heatmap (which cannot be queried) are not.
      for (const spec of state.specs) if (isInteractive(spec) && !selection.includes(spec.id)) ids.push(spec.id);
    }
    return ids;
  }

  private hits(point: maplibregl.Point): maplibregl.MapGeoJSONFeature[] {
    const layers = this.interactiveStyleLayers();
    if (!this.styleReady || layers.length === 0) return [];
    const box: [maplibregl.PointLike, maplibregl.PointLike] = [
      [point.x - HIT_TOLERANCE, point.y - HIT_TOLERANCE],
      [point.x + HIT_TOLERANCE, point.y + HIT_TOLERANCE],
    ];
    return this.map.queryRenderedFeatures(box, { layers });
  }

  /** A click on a cluster zooms to where it breaks apart; true when it was one. */
  private zoomIntoCluster(point: maplibregl.Point): boolean {
    const hit = this.hits(point).find((f) => (f.properties as Record<string, unknown>).cluster === true);
    if (!hit || hit.geometry.type !== 'Point') return false;
    const clusterId = (hit.properties as Record<string, unknown>).cluster_id;
    const layerId = layerIdFromSourceId(hit.source);
    const tileKey = layerId ? this.layers.get(layerId)?.tileKey : null;
    const source = this.map.getSource(hit.source);
    if (!source || typeof clusterId !== 'number') return false;
    const center = hit.geometry.coordinates as [number, number];
    const expansion = tileKey ? clusterExpansionZoom(tileKey, clusterId) : (source as maplibregl.GeoJSONSource).getClusterExpansionZoom(clusterId);
    void expansion.then((zoom) => {
      if (zoom !== null) this.map.easeTo({ center, zoom });
    });
    return true;
  }

  private featureAt(point: maplibregl.Point): FeatureRef | null {
    // Icons are bigger than the old dots and overlap where incidents cluster: the click means
    // the point drawn nearest to it, not whichever overlapping icon happens to be on top.
    const distance = (f: maplibregl.MapGeoJSONFeature): number => {
      if (f.geometry.type !== 'Point') return Number.POSITIVE_INFINITY;
      const p = this.map.project(f.geometry.coordinates as [number, number]);
      return Math.hypot(p.x - point.x, p.y - point.y);
    };
    const hits = this.hits(point)
      .map((f, index) => ({ f, index, d: distance(f) }))
      .sort((a, b) => a.d - b.d || a.index - b.index)
      .map((h) => h.f);
    for (const f of hits) {
      const layerId = layerIdFromSourceId(f.source);
      const featureId = featureIdOf(f);
      if (layerId && featureId) return { layerId, featureId };
    }
    return null;
  }

  private updateHoverCursor(): void {
    this.hoverFrame = 0;
    if (this.destroyed || !this.lastPointer || this.draw.active) return;
    this.map.getCanvas().style.cursor = this.hits(this.lastPointer).length > 0 ? 'pointer' : '';
  }
}

/**
 * Padding that keeps a framed extent out from under the panels drawn over the map (the draw
 * toolbar, the legend): each marks the side it stands against with `data-map-overlay`, and that
 * side is padded to its far edge. A side is never padded past 40 % of the map, so a small window
 * still shows the data.
 */
function overlayPadding(container: HTMLElement, base: number): { top: number; bottom: number; left: number; right: number } {
  const pad = { top: base, bottom: base, left: base, right: base };
  const area = container.parentElement ?? container;
  const map = container.getBoundingClientRect();
  for (const el of area.querySelectorAll<HTMLElement>('[data-map-overlay]')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const side = el.dataset.mapOverlay;
    if (side !== 'left' && side !== 'right' && side !== 'top' && side !== 'bottom') continue;
    const reach = side === 'left' ? r.right - map.left : side === 'right' ? map.right - r.left : side === 'top' ? r.bottom - map.top : map.bottom - r.top;
    const limit = (side === 'left' || side === 'right' ? map.width : map.height) * 0.4;
    pad[side] = Math.max(pad[side], Math.min(limit, reach + base / 2));
  }
  return pad;
}

const styleKeyOf = (layer: MapLayer): string => JSON.stringify(layer.style ?? null);

/** Clustering applies to icons only: a heatmap needs every point (see operationalLayers). */
function effectiveCluster(layer: MapLayer, display: DisplayMode): boolean {
  return (layer.cluster ?? false) && display === 'points';
}

function isInteractive(spec: LayerSpecification): boolean {
  if (spec.type === 'heatmap') return false;
  if (spec.type !== 'symbol') return true;
  return Boolean(spec.layout && 'icon-image' in spec.layout);
}

function featureIdOf(f: maplibregl.MapGeoJSONFeature): string | null {
  if (typeof f.id === 'string' && f.id !== '') return f.id;
  const props = f.properties as Record<string, unknown>;
  const promoted = props[MAP_FEATURE_ID];
  if (typeof promoted === 'string' && promoted !== '') return promoted;
  return typeof props.id === 'string' && props.id !== '' ? props.id : null;
}
