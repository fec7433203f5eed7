import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
// no-inline: a data: URL would be imported through a blob:, which the app's CSP (script-src 'self') refuses.
import featureProtocolUrl from './feature-ids-protocol.mjs?url&no-inline';
import { FEATURE_ID_PROPERTY, FEATURE_PROTOCOL, loadFeatureJson } from './feature-ids-protocol.mjs';
import type { LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { BASEMAP_ATTRIBUTION, BASEMAP_LOCALISED_LAYERS, BASEMAP_SOURCE_PREFIX, basemapStyle, countryLabelField, type BasemapLanguage } from '../../shared/layers/basemap-style';
import { sidcFromImageId } from '../../shared/layers/icons';
import { MAP_FEATURE_ID, OPERATIONAL_LAYER_PREFIX, OPERATIONAL_SOURCE_PREFIX, layerIdFromSourceId, selectionLayerIds } from '../../shared/layers/layer-style';
import type { MapScene, SceneLayer } from '../../shared/layers/map-scene';
import { sceneChanges, type StyleCommand } from '../../shared/layers/scene-diff';
import { addIconImages, addMissingImage } from './icon-images';
import { DrawController } from './draw-controller';
import { BasemapController } from './basemap-controller';
import { AnalysisOverlay } from './analysis-overlay';
import { SelectionTool, type SelectionHandlers, type SelectionMode } from './selection-tool';
import { GridOverlay } from './grid-overlay';
import { LayerImages, sourceFor, startTileIndex, type LayerSource, type SourceHost, type TileIndex } from './layer-sources';
import { MapProbe } from './map-probe';
import { featureIdOf } from './rendered-features';
import { renderOffscreen, type OffscreenRender, type OffscreenRenderRequest } from './offscreen-render';
import { dropTiles, startTilesWorker } from './tile-protocol';

/**
 * The map on screen. It is given whole scenes (shared/layers/map-scene.ts, built by
 * renderer/app/map-sync.ts) and applies the difference from the last one: layer sources through
 * one class per kind of source (layer-sources.ts), operational style layers through MapLibre's
 * style diff, the grid, the basemap and the analysis highlights. It reports back through the
 * callbacks given to the constructor. Tests read it through probe() (map-probe.ts).
 *
 * Feature ids: MapLibre keeps only integer feature ids (a string id goes through parseInt, so a
 * UUID becomes a wrong number or nothing), and ours are UUID strings. Every source is created with
 * `promoteId: MAP_FEATURE_ID` ('cg:id'), and the id is copied into that property on the way in by
 * the `cgjson://` protocol (feature-ids-protocol.mjs), which MapLibre's workers load with
 * importScriptInWorkers, so the fetch and the JSON parse stay off the main thread; the tiles carry
 * it already. The store's GeoJSON needs no change.
 */

import type { BBox, LngLatPoint as LngLat } from '../../shared/base/types';

export type { BBox, LngLat };
export type FeatureRef = { layerId: string; featureId: string };

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

/** Where the map reads layer data: GeoJSON Blobs by version, and a port to the store worker for the tiles worker. */
export interface MapDataSource {
  layerBlob(layerId: string, version: number): Promise<Blob>;
  storePort: MessagePort;
}

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

/** Pixels around the pointer in which a feature counts as hit. */
const HIT_TOLERANCE = 4;

/** Ours: the operational style layers and the layers' image rasters (`layer:…::image:i:raster`). */
const isOurs = (styleLayerId: string): boolean => styleLayerId.startsWith(OPERATIONAL_LAYER_PREFIX) || styleLayerId.startsWith(OPERATIONAL_SOURCE_PREFIX);

interface DrawnLayer {
  scene: SceneLayer;
  source: LayerSource;
  images: LayerImages;
}

export class MapController {
  private readonly map: maplibregl.Map;
  private readonly opts: MapControllerOptions;
  private styleReady = false;
  private destroyed = false;
  private readonly pending = new Set<Promise<unknown>>();
  private hoverFrame = 0;
  private lastPointer: maplibregl.Point | null = null;
  /** The scene last given, and the one drawn (null until the style has loaded). */
  private wanted: MapScene | null = null;
  private shown: MapScene | null = null;
  private readonly drawn = new Map<string, DrawnLayer>();
  /** Tile indexes started before the style loaded, by layer; a tiled source takes its own over. */
  private readonly earlyTiles = new Map<string, TileIndex>();
  private data: MapDataSource | null = null;
  private readonly host: SourceHost;
  /** Sketching, shape editing and the measurement overlay (terra-draw); DrawFlow's controller. */
  readonly draw: DrawController;
  private readonly basemaps: BasemapController;
  private readonly analysis: AnalysisOverlay;
  private readonly selectionTool: SelectionTool;
  private readonly grid: GridOverlay;

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
    this.analysis = new AnalysisOverlay(this.map);
    this.grid = new GridOverlay(this.map);
    this.selectionTool = new SelectionTool(this.map, this.analysis, (p) => this.featureAt(p), () => this.draw.active);
    this.host = {
      map: this.map,
      track: (work) => this.track(work),
      sourceLoaded: (id) => this.sourceLoaded(id),
      destroyed: () => this.destroyed,
      layerBlob: (layerId, version) => (this.data ? this.data.layerBlob(layerId, version) : Promise.reject(new Error('no layer data attached'))),
    };

    // Icons first: a symbol layer added before its image would log a missing image and redraw.
    this.map.on('load', () => {
      performance.mark('cg:map:style-loaded');
      addIconImages(this.map);
      this.styleReady = true;
      this.basemaps.styleReady();
      this.analysis.install();
      this.apply();
    });
    this.map.on('moveend', () => {
      if (this.styleReady && !this.destroyed && this.grid.update()) this.raiseOverlays();
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

  /**
   * Where layer data comes from. The tiles worker starts with the port to the store worker (whose
   * other end the caller gave the store), so big layers are read without crossing the page.
   */
  attachData(data: MapDataSource): void {
    this.data = data;
    startTilesWorker(data.storePort);
  }

  /** Brings the map in line with `scene`: only what differs from the scene drawn is touched. */
  setScene(scene: MapScene): void {
    this.wanted = scene;
    if (this.styleReady) this.apply();
    // A big layer's tiles take seconds to index: start now rather than when the style has loaded.
    else for (const layer of scene.layers) if (layer.data.type === 'tiled') this.startTilesEarly(layer.id, layer.data.load);
  }

  /** Click, box and lasso selection for the analyses (selection-tool.ts). */
  setSelectionHandlers(handlers: SelectionHandlers | null): void {
    this.selectionTool.setHandlers(handlers);
  }

  setSelectionMode(mode: SelectionMode): void {
    this.selectionTool.setMode(mode);
  }

  /** Drops a box or lasso being drawn. */
  cancelSelection(): void {
    this.selectionTool.cancel();
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

  /** What the end-to-end tests read of the map (map-probe.ts). */
  probe(): MapProbe {
    return new MapProbe({ map: this.map, shown: (id) => this.drawn.get(id)?.scene, basemaps: this.basemaps, analysis: this.analysis, grid: this.grid });
  }

  /** The map drawn again off screen at print size, of `bounds` or of what is on screen (offscreen-render.ts). */
  async renderForExport(req: Omit<OffscreenRenderRequest, 'grid' | 'bounds'> & { bounds?: BBox }): Promise<OffscreenRender> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    const b = this.map.getBounds();
    return renderOffscreen(this.map, { ...req, grid: this.grid.current, bounds: req.bounds ?? [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] });
  }

  destroy(): void {
    this.destroyed = true;
    this.draw.destroy();
    this.selectionTool.destroy();
    if (this.hoverFrame) cancelAnimationFrame(this.hoverFrame);
    for (const layer of this.drawn.values()) {
      layer.source.remove();
      layer.images.remove();
    }
    this.drawn.clear();
    for (const early of this.earlyTiles.values()) dropTiles(early.key);
    this.earlyTiles.clear();
    this.map.remove();
  }

  // -------------------------------------------------------------------------------------------

  private apply(): void {
    const next = this.wanted;
    if (!next || this.destroyed || next === this.shown) return;
    const changes = sceneChanges(this.shown, next);
    for (const id of changes.rebuiltStyleLayers) if (this.map.getLayer(id)) this.map.removeLayer(id);
    for (const layer of changes.rebuildSources) this.removeSources(layer.id);
    for (const layer of [...changes.rebuildSources, ...changes.addSources]) this.addSources(layer);
    // Ours stay beneath the grid, the analysis highlights and the sketch (the first layer above them).
    const above = this.map.getLayersOrder().find((id) => !id.startsWith(BASEMAP_SOURCE_PREFIX) && !isOurs(id));
    for (const command of changes.style) this.run(command, above);
    for (const id of changes.removeSources) this.removeSources(id);
    for (const layer of next.layers) {
      const drawn = this.drawn.get(layer.id);
      if (drawn) drawn.scene = layer;
    }
    for (const layer of changes.reloadSources) this.drawn.get(layer.id)?.source.update(layer.data);
    if (changes.grid && this.grid.setMode(next.grid)) this.raiseOverlays();
    if (changes.basemap) {
      this.basemaps.setRasterOpacity(next.basemap.rasterOpacity);
      this.basemaps.show(next.basemap.view);
    }
    if (changes.highlight) {
      this.analysis.setResult(next.highlight.result, next.highlight.resultMax);
      this.analysis.setSelection(next.highlight.selection);
    }
    this.shown = next;
    for (const early of this.earlyTiles.values()) dropTiles(early.key);
    this.earlyTiles.clear();
  }

  /** One of MapLibre's style diff commands, on our operational style layers. */
  private run(command: StyleCommand, above: string | undefined): void {
    const m = this.map;
    switch (command.command) {
      case 'addLayer':
        m.addLayer(command.args[0], command.args[1] ?? above);
        break;
      case 'removeLayer':
        if (m.getLayer(command.args[0])) m.removeLayer(command.args[0]);
        break;
      case 'setFilter':
        m.setFilter(command.args[0], command.args[1] ?? null);
        break;
      case 'setPaintProperty':
        m.setPaintProperty(command.args[0], command.args[1], command.args[2]);
        break;
      case 'setLayoutProperty':
        m.setLayoutProperty(command.args[0], command.args[1], command.args[2]);
        break;
      case 'setLayerZoomRange':
        // The diff gives undefined for a range the new layer does not set; MapLibre would keep the old one.
        m.setLayerZoomRange(command.args[0], command.args[1] ?? 0, command.args[2] ?? 24);
        break;
      default:
        // Nothing else changes between scenes' style layers; say so rather than draw a stale map.
        console.warn(`Map: style change '${command.command}' not applied`);
    }
  }

  private addSources(layer: SceneLayer): void {
    const early = this.earlyTiles.get(layer.id) ?? null;
    this.earlyTiles.delete(layer.id);
    const drawn: DrawnLayer = { scene: layer, source: sourceFor(this.host, layer.id, layer.data, early), images: new LayerImages(this.map, layer.id, layer.images) };
    this.drawn.set(layer.id, drawn);
    drawn.images.add();
    drawn.source.add();
  }

  private removeSources(layerId: string): void {
    const drawn = this.drawn.get(layerId);
    if (!drawn) return;
    for (const spec of drawn.scene.styleLayers) if (this.map.getLayer(spec.id)) this.map.removeLayer(spec.id);
    drawn.source.remove();
    drawn.images.remove();
    this.drawn.delete(layerId);
  }

  private startTilesEarly(layerId: string, load: Parameters<typeof startTileIndex>[1]): void {
    const early = this.earlyTiles.get(layerId);
    if (early?.load === JSON.stringify(load)) return;
    if (early) dropTiles(early.key);
    this.earlyTiles.set(layerId, startTileIndex(this.host, load));
  }

  /** The analysis highlights and the sketch stay above the grid when it is first added. */
  private raiseOverlays(): void {
    this.analysis.raise();
    this.draw.raise();
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
      if (!this.map.getSource(sourceId) || this.map.isSourceLoaded(sourceId)) return resolve();
      this.map.on('sourcedata', check);
      this.map.on('error', check);
    });
  }

  private track(promise: Promise<unknown>): void {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise));
  }

  private interactiveStyleLayers(): string[] {
    const ids: string[] = [];
    for (const [id, { scene }] of this.drawn) {
      if (!scene.visible) continue;
      const selection = selectionLayerIds(id);
      // Icons are symbol layers but stand for the feature, so they are clickable; labels and the
      // heatmap (which cannot be queried) are not.
      for (const spec of scene.styleLayers) if (isInteractive(spec) && !selection.includes(spec.id)) ids.push(spec.id);
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
    const source = layerId ? this.drawn.get(layerId)?.source : undefined;
    if (!source || typeof clusterId !== 'number') return false;
    const center = hit.geometry.coordinates as [number, number];
    void source.clusterExpansionZoom(clusterId).then((zoom) => {
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

function isInteractive(spec: LayerSpecification): boolean {
  if (spec.type === 'heatmap' || spec.type === 'raster') return false;
  if (spec.type !== 'symbol') return true;
  return Boolean(spec.layout && 'icon-image' in spec.layout);
}
