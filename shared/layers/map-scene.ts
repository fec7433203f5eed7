import type { FeatureCollection } from 'geojson';
import type { FilterSpecification, LayerSpecification, RasterLayerSpecification, SourceSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { Kind } from '../domain/common';
import type { LayerStyle } from '../domain/layer';
import { toMapLibreFilter, type LayerFilter, type TimeWindow } from '../domain/filters';
import type { VectorLayerInfo } from '../basemaps/tile-archive';
import type { TileLoad } from './tile-grid';
import type { GridMode } from './grid-style';
import {
  CLUSTER_MIN_FEATURES,
  clusterLayerIds,
  displayModesFor,
  operationalLayers,
  selectionLayerFilter,
  selectionLayerIds,
  sourceIdFor,
  type DisplayMode,
} from './layer-style';
import { propertiesRead } from './properties-read';

/**
 * What the map shows, as one piece of plain data built from the stores (`mapScene`): the
 * operational layers in drawing order, each with a reference to its data, its style layers with
 * the user's filter and the selection already merged in, and the grid, the basemap and the
 * analysis highlights. The map controller applies the difference between two scenes
 * (scene-diff.ts); nothing else decides what the map draws.
 *
 * The cluster-or-tile decision is made here and only here: a layer of TILED_MIN_FEATURES
 * features or more is drawn from vector tiles that the tiles worker cuts from the store (MapLibre
 * would copy a GeoJSON source's whole parsed data back to the page), and a big layer of points
 * drawn as icons is clustered in those tiles.
 */

/** Layers this big are drawn from vector tiles cut in the tiles worker (shared/tiles/layer-tiles.ts). */
export const TILED_MIN_FEATURES = CLUSTER_MIN_FEATURES;

export interface SceneLayerInput {
  id: string;
  kind: Kind;
  visible: boolean;
  opacity: number;
  /** Higher is drawn above lower. */
  order: number;
  featureCount: number;
  style?: LayerStyle;
  images?: readonly SceneImage[];
}

/** A georeferenced image drawn beneath a layer's features (KMZ ground overlays). */
export interface SceneImage {
  blob: Blob;
  corners: [[number, number], [number, number], [number, number], [number, number]];
}

/** Which basemap is drawn, as the basemap switcher resolved it (an opened archive's source, an online one). */
export type BasemapView =
  | { kind: 'bundled' }
  | { kind: 'vector'; id: string; source: SourceSpecification; vectorLayers: VectorLayerInfo[] }
  | { kind: 'raster'; id: string; source: SourceSpecification };

export interface BasemapScene {
  view: BasemapView;
  /** Opacity of a raster basemap, 0–1. */
  rasterOpacity: number;
}

/** Analysis results and the multi-selection, drawn above the operational layers. */
export interface HighlightScene {
  result: FeatureCollection | null;
  /** The highest value of the result's choropleth (1 at least). */
  resultMax: number;
  selection: FeatureCollection;
}

export interface MapSceneInput {
  layers: readonly SceneLayerInput[];
  dataVersions: Readonly<Record<string, number>>;
  /**
   * Whether a layer holds points only, for the layers needsPointsOnly names (read from the store);
   * such a layer is left out of the scene until it is known, so its source is built once.
   */
  pointsOnly: Readonly<Record<string, boolean>>;
  filters: { byLayer: Readonly<Record<string, LayerFilter | undefined>>; window: TimeWindow };
  display: Readonly<Record<string, DisplayMode>>;
  selection: { layerId: string; featureId: string } | null;
  grid: GridMode;
  basemap: BasemapScene;
  highlight: HighlightScene;
  /** The time incidents coloured by recency are aged against (ms since 1970). */
  now: number;
}

/** A layer's data: its GeoJSON from the store, or tiles the tiles worker cuts for this load. */
export type SceneData = { type: 'geojson'; layerId: string; version: number } | { type: 'tiled'; load: TileLoad };

export interface SceneLayer {
  id: string;
  kind: Kind;
  visible: boolean;
  opacity: number;
  order: number;
  data: SceneData;
  display: DisplayMode;
  /** The user's attribute and time filter as a MapLibre filter (already merged into styleLayers). */
  filter: FilterSpecification | null;
  /** The selected feature of this layer (highlighted by its selection style layers). */
  selected: string | null;
  images: readonly SceneImage[];
  /** Bottom to top: the images, the kind's layers, the selection highlight; filters merged in. */
  styleLayers: LayerSpecification[];
}

export interface MapScene {
  /** Bottom to top. */
  layers: SceneLayer[];
  grid: GridMode;
  basemap: BasemapScene;
  highlight: HighlightScene;
}

export const EMPTY_COLLECTION: FeatureCollection = { type: 'FeatureCollection', features: [] };

export function shouldTile(featureCount: number): boolean {
  return featureCount >= TILED_MIN_FEATURES;
}

/** Whether the scene needs to know if a layer holds points only: only big layers may cluster, and incidents always are points. */
/** A tiled layer of points drawn as icons is clustered; a heatmap needs every point, not cluster markers. */
export function shouldCluster(pointsOnly: boolean, display: DisplayMode = 'points'): boolean {
  return pointsOnly && display === 'points';
}

export function needsPointsOnly(layer: Pick<SceneLayerInput, 'kind' | 'featureCount'>): boolean {
  return shouldTile(layer.featureCount) && layer.kind !== 'incident';
}

/** The mode a layer is drawn in: the chosen one when its kind has it, else points. */
function displayOf(kind: Kind, chosen: DisplayMode | undefined): DisplayMode {
  return chosen && displayModesFor(kind).includes(chosen) ? chosen : 'points';
}

const both = (own: FilterSpecification | undefined, user: FilterSpecification | null): FilterSpecification | undefined =>
  user ? (own ? (['all', own, user] as FilterSpecification) : user) : own;

/**
 * Adds the user's filter to each style layer's own filter (geometry type, status…) and gives the
 * selection highlight its feature. A clustered layer's clusters have no attributes to filter: the
 * tiles worker makes them from the features that pass (the tile load's query).
 */
function withFilters(layerId: string, specs: LayerSpecification[], user: FilterSpecification | null, selected: string | null, cluster: boolean): LayerSpecification[] {
  const selection = selectionLayerIds(layerId);
  const clusters = cluster ? clusterLayerIds(layerId) : [];
  return specs.map((spec) => {
    // A feature the user filtered out must not keep its highlight ring.
    if (selection.includes(spec.id)) return { ...spec, filter: both(selectionLayerFilter(spec.id, selected), user) } as LayerSpecification;
    if (clusters.includes(spec.id)) return spec;
    const filter = both('filter' in spec ? spec.filter : undefined, user);
    return (filter ? { ...spec, filter } : spec) as LayerSpecification;
  });
}

function imageLayers(layerId: string, images: readonly SceneImage[], visible: boolean, opacity: number): RasterLayerSpecification[] {
  return images.map((_, i) => ({
    id: `${imageSourceId(layerId, i)}:raster`,
    type: 'raster',
    source: imageSourceId(layerId, i),
    layout: { visibility: visible ? 'visible' : 'none' },
    paint: { 'raster-opacity': opacity, 'raster-fade-duration': 0 },
  }));
}

/** The image source of a layer's `index`th image. */
export const imageSourceId = (layerId: string, index: number): string => `${sourceIdFor(layerId)}::image:${index}`;

function sceneLayer(layer: SceneLayerInput, input: MapSceneInput): SceneLayer | null {
  const tiled = shouldTile(layer.featureCount);
  const pointsOnly = layer.kind === 'incident' || input.pointsOnly[layer.id];
  if (pointsOnly === undefined && needsPointsOnly(layer)) return null;
  const display = displayOf(layer.kind, input.display[layer.id]);
  const cluster = tiled && shouldCluster(pointsOnly === true, display);
  const version = input.dataVersions[layer.id] ?? 0;
  const userFilter = toMapLibreFilter(layer.kind, input.filters.byLayer[layer.id], input.filters.window);
  const selected = input.selection?.layerId === layer.id ? input.selection.featureId : null;
  const own = operationalLayers({ id: layer.id, kind: layer.kind, visible: layer.visible, opacity: layer.opacity, style: layer.style, display, cluster, tiled, now: input.now });
  const images = layer.images ?? [];
  const data: SceneData = tiled
    ? {
        type: 'tiled',
        load: {
          layerId: layer.id,
          version,
          kind: layer.kind,
          cluster,
          query: cluster && userFilter ? { filter: input.filters.byLayer[layer.id] ?? null, window: input.filters.window } : null,
          // The tiles carry only what the style layers and the filter read.
          properties: propertiesRead(own, [userFilter]),
        },
      }
    : { type: 'geojson', layerId: layer.id, version };
  return {
    id: layer.id,
    kind: layer.kind,
    visible: layer.visible,
    opacity: layer.opacity,
    order: layer.order,
    data,
    display,
    filter: userFilter,
    selected,
    images,
    styleLayers: [...imageLayers(layer.id, images, layer.visible, layer.opacity), ...withFilters(layer.id, own, userFilter, selected, cluster)],
  };
}

/** The one description of what the map shows, from the stores' plain data. Pure. */
export function mapScene(input: MapSceneInput): MapScene {
  const layers = [...input.layers]
    .map((layer, index) => ({ layer, index }))
    .sort((a, b) => a.layer.order - b.layer.order || a.index - b.index)
    .flatMap(({ layer }) => {
      const built = sceneLayer(layer, input);
      return built ? [built] : [];
    });
  return { layers, grid: input.grid, basemap: input.basemap, highlight: input.highlight };
}
