import type {
  CircleLayerSpecification,
  ExpressionSpecification,
  FillLayerSpecification,
  FilterSpecification,
  GeoJSONSourceSpecification,
  HeatmapLayerSpecification,
  LayerSpecification,
  LineLayerSpecification,
  SymbolLayerSpecification,
  VectorSourceSpecification,
} from '@maplibre/maplibre-gl-style-spec';
import type { Kind } from '../domain/common';
import type { LayerStyle } from '../domain/layer';
import { CLUSTERS, DDR_TYPES, EVENT_TYPES, PATROL_STATUS, SITE_TYPES } from '../domain/kinds';
import { FONT_BOLD, FONT_REGULAR } from './basemap-style';
import { DEFAULT_LAYER_COLORS, pointColor, resolveStyle, type ResolvedStyle } from './style-override';
import { TILE_MAX_ZOOM, TILE_SOURCE_LAYER } from './tile-grid';
import { DDR_ICON_PREFIX, GENERIC, INCIDENT_COLORS, INCIDENT_FALLBACK_COLOR, INCIDENT_ICON_PREFIX, SIDC_IMAGE_PREFIX, SITE_ICON_PREFIX } from './icons';

/**
 * Our layers as MapLibre style layers. Everything here is pure data: the map controller adds the
 * sources and layers, and tests validate them against the style specification.
 *
 * Naming: the GeoJSON source of layer `L` is `layer:L`; its style layers are `op:L:<part>`.
 *
 * Feature ids: MapLibre keeps only integer feature ids (a string id is passed through parseInt,
 * so a UUID such as "3f…" would become 3 and "a1…" would be lost). Our ids are UUID strings, so
 * the data handed to the map carries a copy of each feature's id in the property
 * {@link MAP_FEATURE_ID}, and the source promotes that property to the feature id
 * (`promoteId`). {@link toMapFeatureCollection} makes that copy; the controller applies it to
 * in-memory collections, and whoever serialises a layer to a Blob or a file for the map uses it
 * too.
 */

export interface OperationalLayerInput {
  id: string;
  kind: Kind;
  visible: boolean;
  opacity: number;
  /** Draw the points as clusters with counts at low zoom (decided by mapScene, map-scene.ts). */
  cluster?: boolean;
  /** The source is vector tiles cut in our worker (decided by mapScene): style layers name its source-layer. */
  tiled?: boolean;
  /** How the points are drawn: icons (the default) or, for incidents, a heatmap (see DISPLAY_MODES). */
  display?: DisplayMode;
  /** The user's changes to the kind's default style (see style-override.ts). */
  style?: LayerStyle;
  /** The time incidents coloured by recency are aged against (ms since 1970); defaults to the time of the call. */
  now?: number;
}

export const DISPLAY_MODES = ['points', 'heatmap'] as const;
export type DisplayMode = (typeof DISPLAY_MODES)[number];

/** Only incidents have a heatmap: density of events is what matters there, not each site. */
export function displayModesFor(kind: Kind): readonly DisplayMode[] {
  return kind === 'incident' ? DISPLAY_MODES : ['points'];
}

/** Above this zoom the heatmap has faded into the individual incident icons. */
export const HEATMAP_FADE_START = 9;
export const HEATMAP_FADE_END = 11.5;

/**
 * Point layers this big are clustered below CLUSTER_MAX_ZOOM: a few hundred counted circles
 * read better than 100,000 overlapping dots and cost a fraction to draw. Smaller layers show
 * every point at every zoom.
 */
export const CLUSTER_MIN_FEATURES = 5_000;
export const CLUSTER_MAX_ZOOM = 9;
/** Pixels within which points are merged into one cluster (the GeoJSON sources and the tiles alike). */
export const CLUSTER_RADIUS_PX = 45;

const NOT_CLUSTER: FilterSpecification = ['!', ['has', 'point_count']];

export interface OrderedLayerInput extends OperationalLayerInput {
  /** Higher is drawn above lower. */
  order: number;
}

export const OPERATIONAL_SOURCE_PREFIX = 'layer:';
export const OPERATIONAL_LAYER_PREFIX = 'op:';
/** Property that carries a feature's string id into the map. */
export const MAP_FEATURE_ID = 'cg:id';

export const sourceIdFor = (layerId: string): string => `${OPERATIONAL_SOURCE_PREFIX}${layerId}`;
export const styleLayerPrefix = (layerId: string): string => `${OPERATIONAL_LAYER_PREFIX}${layerId}:`;

/** Our layer id from a source id, or null when the source is not one of ours (the basemap). */
export function layerIdFromSourceId(sourceId: string): string | null {
  return sourceId.startsWith(OPERATIONAL_SOURCE_PREFIX) ? sourceId.slice(OPERATIONAL_SOURCE_PREFIX.length) : null;
}

export function isOperationalStyleLayer(styleLayerId: string): boolean {
  return styleLayerId.startsWith(OPERATIONAL_LAYER_PREFIX);
}

/** Whether a style layer belongs to our layer `layerId`. */
export function belongsTo(styleLayerId: string, layerId: string): boolean {
  return styleLayerId.startsWith(styleLayerPrefix(layerId));
}

/** The source specification for one of our layers; `data` is a URL or a FeatureCollection. */
export function operationalSource(data: GeoJSONSourceSpecification['data'], cluster = false): GeoJSONSourceSpecification {
  const base: GeoJSONSourceSpecification = { type: 'geojson', data, promoteId: MAP_FEATURE_ID, generateId: false };
  return cluster ? { ...base, cluster: true, clusterRadius: CLUSTER_RADIUS_PX, clusterMaxZoom: CLUSTER_MAX_ZOOM } : base;
}

/** The source of a tiled layer: MVT tiles from `tileUrl` (a `{z}/{x}/{y}` template), ids promoted as in GeoJSON. */
export function tiledOperationalSource(tileUrl: string): VectorSourceSpecification {
  return { type: 'vector', tiles: [tileUrl], maxzoom: TILE_MAX_ZOOM, promoteId: MAP_FEATURE_ID };
}

interface FeatureLike {
  id?: string | number;
  properties: Record<string, unknown> | null;
}

/** Copies each feature's id into {@link MAP_FEATURE_ID} (shallow copies; the input is untouched). */
export function toMapFeatureCollection<F extends FeatureLike>(collection: { type: 'FeatureCollection'; features: F[] }): {
  type: 'FeatureCollection';
  features: F[];
} {
  return {
    type: 'FeatureCollection',
    features: collection.features.map((f) =>
      f.id === undefined || f.properties?.[MAP_FEATURE_ID] === f.id ? f : { ...f, properties: { ...f.properties, [MAP_FEATURE_ID]: f.id } },
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Palettes (exported for the legend)
// ---------------------------------------------------------------------------------------------

export type EventType = (typeof EVENT_TYPES)[number];
export type PatrolStatus = (typeof PATROL_STATUS)[number];

/** One colour per ACLED event type: defined with the icons that carry them. */
export { INCIDENT_COLORS, INCIDENT_FALLBACK_COLOR };

export const HUMANITARIAN_COLOR = DEFAULT_LAYER_COLORS.humanitarian;
export const PROTECTION_RADIUS_COLOR = '#64b5f6';
export const DDR_COLOR = DEFAULT_LAYER_COLORS.ddr;
export const REFERENCE_COLOR = DEFAULT_LAYER_COLORS.reference;
export const SELECTION_COLOR = '#00e5ff';

export const PATROL_STATUS_STYLE: Record<PatrolStatus, { color: string; dashed: boolean }> = {
  draft: { color: '#8a8a8a', dashed: true },
  approved: { color: '#1565c0', dashed: false },
  active: { color: '#2e7d32', dashed: false },
  completed: { color: '#424242', dashed: false },
  cancelled: { color: '#c62828', dashed: true },
};

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

const isPoint: FilterSpecification = ['match', ['geometry-type'], ['Point', 'MultiPoint'], true, false];
const isLine: FilterSpecification = ['match', ['geometry-type'], ['LineString', 'MultiLineString'], true, false];
const isPolygon: FilterSpecification = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];

const patrolStatusColor: ExpressionSpecification = [
  'match',
  ['get', 'status'],
  ...Object.entries(PATROL_STATUS_STYLE).flatMap(([status, s]) => [status, s.color]),
  PATROL_STATUS_STYLE.draft.color,
] as unknown as ExpressionSpecification;

const dashedStatuses = PATROL_STATUS.filter((s) => PATROL_STATUS_STYLE[s].dashed);
/** Draft when missing, as the schema defaults it. */
const patrolStatus: ExpressionSpecification = ['coalesce', ['get', 'status'], 'draft'];
const isDashedPatrol: FilterSpecification = ['match', patrolStatus, dashedStatuses, true, false];
const isSolidPatrol: FilterSpecification = ['match', patrolStatus, dashedStatuses, false, true];

/** A point that carries a SIDC (APP-6 / MIL-STD-2525 code) is drawn as its military symbol. */
const HAS_SIDC_EXPRESSION: ExpressionSpecification = ['all', ['has', 'sidc'], ['!=', ['to-string', ['get', 'sidc']], '']];
export const HAS_SIDC: FilterSpecification = HAS_SIDC_EXPRESSION;
const METRES_PER_PIXEL_Z0 = 78271.517;

/**
 * Circle radius in pixels for a distance in metres read from `property`, exact at the equator
 * (MapLibre's zoom 0 is one 512-px world: 78,271.5 m per pixel, halving per zoom level).
 * Away from the equator the true radius is larger by 1 / cos(latitude): 3.5 % at 15°, 15 % at 30°,
 * so the drawn circle is a little small there; deconfliction checks must not rely on the drawing.
 */
export function metresToPixels(property: string): ExpressionSpecification {
  const metres: ExpressionSpecification = ['to-number', ['get', property], 0];
  return ['interpolate', ['exponential', 2], ['zoom'], 0, ['/', metres, METRES_PER_PIXEL_Z0], 22, ['/', ['*', metres, 2 ** 22], METRES_PER_PIXEL_Z0]];
}

// ---------------------------------------------------------------------------------------------
// Layers
// ---------------------------------------------------------------------------------------------

const LABEL_MIN_ZOOM = 9;

/** Paint properties that are opacities, per style layer type; each is multiplied by the layer's opacity. */
const OPACITY_PROPERTIES = {
  fill: ['fill-opacity'],
  line: ['line-opacity'],
  circle: ['circle-opacity', 'circle-stroke-opacity'],
  symbol: ['text-opacity', 'icon-opacity'],
  heatmap: ['heatmap-opacity'],
} as const;

type OpLayer = FillLayerSpecification | LineLayerSpecification | CircleLayerSpecification | SymbolLayerSpecification | HeatmapLayerSpecification;

/**
 * The opacity of a paint property before the layer's opacity: a number, or zoom stops
 * [[zoom, opacity], …] for the layers that fade in or out with zoom (heatmap ↔ icons), so the
 * layer's opacity can scale the fade rather than replace it.
 */
type BaseOpacity = number | [number, number][];

/** A linear fade over zoom; what {@link baseOpacities} reads back as stops. */
function fade(stops: [number, number][]): ExpressionSpecification {
  return ['interpolate', ['linear'], ['zoom'], ...stops.flat()] as ExpressionSpecification;
}

function stopsOf(value: unknown): [number, number][] | null {
  if (!Array.isArray(value) || value[0] !== 'interpolate' || JSON.stringify(value[1]) !== '["linear"]' || JSON.stringify(value[2]) !== '["zoom"]') return null;
  const rest = value.slice(3);
  if (rest.length < 2 || rest.length % 2 !== 0 || !rest.every((v) => typeof v === 'number')) return null;
  const out: [number, number][] = [];
  for (let i = 0; i < rest.length; i += 2) out.push([rest[i] as number, rest[i + 1] as number]);
  return out;
}

/** The base opacity of every paint opacity property of a style layer (before the layer's opacity). */
function baseOpacities(layer: OpLayer): Record<string, BaseOpacity> {
  const out: Record<string, BaseOpacity> = {};
  const paint = (layer.paint ?? {}) as Record<string, unknown>;
  for (const prop of OPACITY_PROPERTIES[layer.type]) {
    const v = paint[prop];
    out[prop] = typeof v === 'number' ? v : (stopsOf(v) ?? 1);
  }
  return out;
}

function scaled(base: BaseOpacity, opacity: number): number | ExpressionSpecification {
  return typeof base === 'number' ? round3(base * clamp01(opacity)) : fade(base.map(([z, v]) => [z, round3(v * clamp01(opacity))]));
}

/** Writes base × opacity into every paint opacity property of the layer (returns a new layer). */
function applyOpacity<T extends OpLayer>(layer: T, opacity: number): T {
  const base = (layer.metadata as { baseOpacity?: Record<string, BaseOpacity> } | undefined)?.baseOpacity ?? baseOpacities(layer);
  const paint: Record<string, unknown> = { ...(layer.paint ?? {}) };
  for (const [prop, value] of Object.entries(base)) paint[prop] = scaled(value, opacity);
  return { ...layer, metadata: { ...(layer.metadata as object | undefined), baseOpacity: base }, paint } as T;
}

const clamp01 = (n: number): number => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 1);
const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/**
 * The paint opacity values of one style layer for a layer opacity: what the controller sets with
 * setPaintProperty when only the opacity changed (a number, or a zoom fade for fading layers).
 */
export function opacityPaint(styleLayer: LayerSpecification, opacity: number): Record<string, number | ExpressionSpecification> {
  if (!(styleLayer.type in OPACITY_PROPERTIES)) return {};
  const base = (styleLayer.metadata as { baseOpacity?: Record<string, BaseOpacity> } | undefined)?.baseOpacity ?? baseOpacities(styleLayer as OpLayer);
  return Object.fromEntries(Object.entries(base).map(([prop, value]) => [prop, scaled(value, opacity)]));
}

function nameLabel(id: string, source: string, field: ExpressionSpecification, filter: FilterSpecification, size = 1): SymbolLayerSpecification {
  return {
    id,
    type: 'symbol',
    source,
    minzoom: LABEL_MIN_ZOOM,
    filter,
    layout: {
      'text-field': field,
      'text-font': FONT_REGULAR,
      'text-size': 12,
      'text-variable-anchor': ['left', 'right', 'top', 'bottom'],
      // Clear of the icon: military symbols are wider than the round badges.
      'text-radial-offset': ['case', HAS_SIDC_EXPRESSION, round3(1.6 * size), round3(1.1 * size)],
      'text-justify': 'auto',
      'text-max-width': 10,
      'text-optional': true,
    },
    paint: { 'text-color': '#1f2328', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5, 'text-opacity': 1 },
  };
}

function pointCircles(id: string, source: string, color: ExpressionSpecification | string, radius: number): CircleLayerSpecification {
  return {
    id,
    type: 'circle',
    source,
    filter: isPoint,
    paint: {
      'circle-color': color,
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 3, radius * 0.6, 10, radius, 16, radius * 1.4],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.2,
      'circle-opacity': 0.95,
      'circle-stroke-opacity': 1,
    },
  };
}

function areaFill(id: string, source: string, color: ExpressionSpecification | string, opacity: number, filter: FilterSpecification = isPolygon): FillLayerSpecification {
  return { id, type: 'fill', source, filter, paint: { 'fill-color': color, 'fill-opacity': opacity } };
}

function outline(
  id: string,
  source: string,
  color: ExpressionSpecification | string,
  filter: FilterSpecification,
  width: number,
  dashed = false,
): LineLayerSpecification {
  return {
    id,
    type: 'line',
    source,
    filter,
    layout: { 'line-join': 'round', 'line-cap': dashed ? 'butt' : 'round' },
    paint: {
      'line-color': color,
      'line-width': ['interpolate', ['linear'], ['zoom'], 4, width * 0.6, 12, width, 16, width * 1.5],
      'line-opacity': 1,
      ...(dashed ? { 'line-dasharray': [3, 2] } : {}),
    },
  };
}

const all = (...filters: FilterSpecification[]): FilterSpecification => ['all', ...filters] as FilterSpecification;

// ---------------------------------------------------------------------------------------------
// Icons and military symbols
// ---------------------------------------------------------------------------------------------

const isPlainPoint = (): FilterSpecification => ['all', isPoint, ['!', HAS_SIDC]] as FilterSpecification;
const isSidcPoint = (): FilterSpecification => ['all', isPoint, HAS_SIDC] as FilterSpecification;

/** The value of `field` when it is one of `values`, else `fallback`: keeps image names within the icon set. */
function known(field: string, values: readonly string[], fallback: string): ExpressionSpecification {
  return ['match', ['to-string', ['get', field]], [...values], ['to-string', ['get', field]], fallback] as ExpressionSpecification;
}

/** Image name of each kind's point icon (see icons.ts); every name it can yield is in ICONS. */
export const ICON_IMAGE: Partial<Record<Kind, ExpressionSpecification>> = {
  humanitarian: ['concat', SITE_ICON_PREFIX, known('siteType', SITE_TYPES, GENERIC), '-', known('cluster', CLUSTERS, 'none')],
  ddr: ['concat', DDR_ICON_PREFIX, known('ddrType', DDR_TYPES, GENERIC)],
  incident: ['concat', INCIDENT_ICON_PREFIX, known('eventType', EVENT_TYPES, GENERIC)],
};

const iconSize = (scale: number): ExpressionSpecification => ['interpolate', ['linear'], ['zoom'], 3, round3(0.85 * scale), 10, round3(1.1 * scale), 16, round3(1.3 * scale)];

/** Icons that fade in as the heatmap fades out (or plain ones in points mode). */
function iconPoints(id: string, source: string, image: ExpressionSpecification, filter: FilterSpecification, fadeIn: boolean, scale = 1): SymbolLayerSpecification {
  return {
    id,
    type: 'symbol',
    source,
    filter,
    ...(fadeIn ? { minzoom: HEATMAP_FADE_START } : {}),
    // Every point is drawn (allow-overlap); labels still keep clear of the icons (no ignore-placement).
    layout: { 'icon-image': image, 'icon-size': iconSize(scale), 'icon-allow-overlap': true, 'icon-padding': 0 },
    paint: { 'icon-opacity': fadeIn ? fade([[HEATMAP_FADE_START, 0], [HEATMAP_FADE_END, 1]]) : 1, 'text-opacity': 1 },
  };
}

/** Points with a SIDC, drawn by milsymbol on demand (the controller answers `styleimagemissing`). */
function militarySymbols(id: string, source: string, fadeIn: boolean, size = 1): SymbolLayerSpecification {
  return iconPoints(id, source, ['concat', SIDC_IMAGE_PREFIX, ['to-string', ['get', 'sidc']]], isSidcPoint(), fadeIn, 1.1 * size);
}

/** Incident density weighted by fatalities + 1, fading out as the icons fade in. */
function incidentHeatmap(id: string, source: string): HeatmapLayerSpecification {
  return {
    id,
    type: 'heatmap',
    source,
    filter: isPoint,
    maxzoom: HEATMAP_FADE_END + 0.5,
    paint: {
      'heatmap-weight': ['+', ['to-number', ['get', 'fatalities'], 0], 1],
      'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 0, 0.35, HEATMAP_FADE_END, 1.4],
      'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 0, 8, 5, 20, 10, 40],
      'heatmap-color': HEATMAP_RAMP,
      'heatmap-opacity': fade([[HEATMAP_FADE_START, 0.85], [HEATMAP_FADE_END, 0]]),
    },
  };
}

/** The heatmap's colours by density (exported for the legend's swatch). */
export const HEATMAP_COLORS: [number, string][] = [
  [0, 'rgba(255,237,160,0)'],
  [0.15, 'rgba(254,217,118,0.75)'],
  [0.4, '#fd8d3c'],
  [0.7, '#e31a1c'],
  [1, '#800026'],
];
const HEATMAP_RAMP = ['interpolate', ['linear'], ['heatmap-density'], ...HEATMAP_COLORS.flat()] as ExpressionSpecification;

/** Points drawn as plain circles in one colour or by class (severity, recency), fading in over a heatmap. */
function markerPoints(id: string, source: string, color: ExpressionSpecification | string, size: number, fadeIn: boolean): CircleLayerSpecification {
  const circles = { ...pointCircles(id, source, color, 5 * size), filter: isPlainPoint() };
  if (!fadeIn) return circles;
  const stops: [number, number][] = [
    [HEATMAP_FADE_START, 0],
    [HEATMAP_FADE_END, 1],
  ];
  return { ...circles, minzoom: HEATMAP_FADE_START, paint: { ...circles.paint, 'circle-opacity': fade(stops.map(([z, v]) => [z, v * 0.95])), 'circle-stroke-opacity': fade(stops) } };
}

/** Name labels, unless the user turned labels off. */
function labels(id: string, source: string, style: ResolvedStyle, filter: FilterSpecification): SymbolLayerSpecification[] {
  return style.label ? [nameLabel(id, source, style.label, filter, style.size)] : [];
}

/** The style layers of one kind, before visibility, opacity and selection are applied. */
function kindLayers(layerId: string, kind: Kind, display: DisplayMode, style: ResolvedStyle, now: number): OpLayer[] {
  const source = sourceIdFor(layerId);
  const id = (part: string): string => `${styleLayerPrefix(layerId)}${part}`;
  const size = style.size;
  const byCategory = style.colorMode === 'category';
  /** Icons by type, or markers in the layer's colour / colour class. */
  const points = (image: ExpressionSpecification, fadeIn: boolean): OpLayer =>
    // Different ids for the two: MapLibre fails to draw a style layer re-added under the same id with another type.
    byCategory ? iconPoints(id('points'), source, image, isPlainPoint(), fadeIn, size) : markerPoints(id('markers'), source, pointColor(style, now), size, fadeIn);
  switch (kind) {
    case 'incident': {
      const heat = display === 'heatmap';
      return [
        ...(heat ? [incidentHeatmap(id('heatmap'), source)] : []),
        points(ICON_IMAGE.incident as ExpressionSpecification, heat),
        militarySymbols(id('symbols'), source, heat, size),
        ...labels(id('labels'), source, style, isPoint),
      ];
    }
    case 'humanitarian':
      return [
        {
          id: id('protection'),
          type: 'circle',
          source,
          filter: all(isPoint, ['==', ['get', 'notified'], true], ['>', ['to-number', ['get', 'protectionRadiusM'], 0], 0]),
          paint: {
            'circle-color': byCategory ? PROTECTION_RADIUS_COLOR : style.color,
            'circle-radius': metresToPixels('protectionRadiusM'),
            'circle-pitch-alignment': 'map',
            'circle-opacity': 0.12,
            'circle-stroke-color': style.color,
            'circle-stroke-width': 1,
            'circle-stroke-opacity': 0.6,
          },
        },
        areaFill(id('fill'), source, style.color, 0.15),
        outline(id('outline'), source, style.color, isPolygon, 1.6 * size),
        points(ICON_IMAGE.humanitarian as ExpressionSpecification, false),
        militarySymbols(id('symbols'), source, false, size),
        ...labels(id('labels'), source, style, ['any', isPoint, isPolygon] as FilterSpecification),
      ];
    case 'ddr':
      return [
        areaFill(id('fill'), source, style.color, 0.15),
        outline(id('outline'), source, style.color, isPolygon, 1.6 * size),
        points(ICON_IMAGE.ddr as ExpressionSpecification, false),
        militarySymbols(id('symbols'), source, false, size),
        ...labels(id('labels'), source, style, ['any', isPoint, isPolygon] as FilterSpecification),
      ];
    case 'patrol': {
      // Dashes still tell draft and cancelled plans apart when the layer is in one colour.
      const color = byCategory ? patrolStatusColor : style.color;
      const labelText = style.label;
      return [
        areaFill(id('fill'), source, color, 0.12),
        outline(id('outline'), source, color, all(isPolygon, isSolidPatrol), 2 * size),
        outline(id('outline-dashed'), source, color, all(isPolygon, isDashedPatrol), 2 * size, true),
        outline(id('route'), source, color, all(isLine, isSolidPatrol), 3 * size),
        outline(id('route-dashed'), source, color, all(isLine, isDashedPatrol), 3 * size, true),
        ...(labelText
          ? [
              {
                id: id('route-labels'),
                type: 'symbol',
                source,
                minzoom: LABEL_MIN_ZOOM - 1,
                filter: isLine,
                layout: {
                  'symbol-placement': 'line',
                  'text-field': labelText,
                  'text-font': FONT_BOLD,
                  'text-size': 12,
                  'text-offset': [0, round3(-0.9 * Math.max(1, size))],
                },
                paint: { 'text-color': color, 'text-halo-color': '#ffffff', 'text-halo-width': 1.6, 'text-opacity': 1 },
              } satisfies SymbolLayerSpecification,
              {
                id: id('area-labels'),
                type: 'symbol',
                source,
                minzoom: LABEL_MIN_ZOOM - 1,
                filter: isPolygon,
                layout: { 'text-field': labelText, 'text-font': FONT_BOLD, 'text-size': 12, 'text-max-width': 10 },
                paint: { 'text-color': color, 'text-halo-color': '#ffffff', 'text-halo-width': 1.6, 'text-opacity': 1 },
              } satisfies SymbolLayerSpecification,
            ]
          : []),
      ];
    }
    case 'reference':
      return [
        areaFill(id('fill'), source, style.color, 0.12),
        outline(id('outline'), source, style.color, isPolygon, 1.2 * size),
        outline(id('lines'), source, style.color, isLine, 1.6 * size),
        { ...pointCircles(id('points'), source, style.color, 4.5 * size), filter: isPlainPoint() },
        militarySymbols(id('symbols'), source, false, size),
        ...labels(id('labels'), source, style, isPoint),
      ];
  }
}

/** Filter that matches the selected feature, or nothing. */
export function selectionFilter(featureId: string | null): FilterSpecification {
  return ['==', ['get', MAP_FEATURE_ID], featureId ?? ''];
}

/** Highlight layers for the selected feature of one layer; the controller sets their filter. */
function selectionLayers(layerId: string): OpLayer[] {
  const source = sourceIdFor(layerId);
  const id = (part: string): string => `${styleLayerPrefix(layerId)}${part}`;
  const none = selectionFilter(null);
  return [
    {
      id: id('selected-line'),
      type: 'line',
      source,
      filter: all(none, ['!', isPoint] as FilterSpecification),
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': SELECTION_COLOR, 'line-width': 4, 'line-opacity': 0.9 },
    },
    {
      id: id('selected-point'),
      type: 'circle',
      source,
      filter: all(none, isPoint),
      paint: {
        'circle-color': 'rgba(0,0,0,0)',
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 3, 8, 10, 11, 16, 14],
        'circle-stroke-color': SELECTION_COLOR,
        'circle-stroke-width': 3,
        'circle-stroke-opacity': 1,
      },
    },
  ];
}

/** Names of the highlight style layers of one layer. */
export function selectionLayerIds(layerId: string): string[] {
  return [`${styleLayerPrefix(layerId)}selected-line`, `${styleLayerPrefix(layerId)}selected-point`];
}

/** The filter of a highlight style layer for a selected feature id (null: nothing selected). */
export function selectionLayerFilter(styleLayerId: string, featureId: string | null): FilterSpecification {
  const geometry: FilterSpecification = styleLayerId.endsWith(':selected-point') ? isPoint : (['!', isPoint] as FilterSpecification);
  return all(selectionFilter(featureId), geometry);
}

/**
 * The style layers of one of our layers, bottom to top: its kind's layers, then the selection
 * highlight (the selection is drawn above every other part of the layer).
 */
/** Names of the cluster style layers of one layer (circles and counts). */
export function clusterLayerIds(layerId: string): string[] {
  return [`${styleLayerPrefix(layerId)}clusters`, `${styleLayerPrefix(layerId)}cluster-count`];
}

/** Circles sized by how many points they stand for, with the count on them. */
function clusterLayers(layerId: string): OpLayer[] {
  const source = sourceIdFor(layerId);
  const [circlesId, countId] = clusterLayerIds(layerId) as [string, string];
  const isCluster: FilterSpecification = ['has', 'point_count'];
  return [
    {
      id: circlesId,
      type: 'circle',
      source,
      filter: isCluster,
      paint: {
        'circle-color': ['step', ['get', 'point_count'], '#90a4ae', 100, '#607d8b', 1000, '#455a64'],
        'circle-radius': ['step', ['get', 'point_count'], 12, 100, 16, 1000, 21, 10000, 27],
        'circle-opacity': 0.85,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
        'circle-stroke-opacity': 1,
      },
    },
    {
      id: countId,
      type: 'symbol',
      source,
      filter: isCluster,
      layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-size': 12, 'text-font': ['literal', ['Noto Sans Bold', 'DejaVu Sans Bold', 'Arial Bold']], 'text-allow-overlap': true },
      paint: { 'text-color': '#ffffff', 'text-opacity': 1 },
    },
  ];
}

/** In a clustered source the cluster markers are points too: keep them out of the kind's layers. */
function excludeClusters(styleLayer: OpLayer): OpLayer {
  const own = 'filter' in styleLayer ? styleLayer.filter : undefined;
  return { ...styleLayer, filter: own ? (['all', NOT_CLUSTER, own] as FilterSpecification) : NOT_CLUSTER } as OpLayer;
}

export function operationalLayers(layer: OperationalLayerInput): LayerSpecification[] {
  const visibility = layer.visible ? 'visible' : 'none';
  // A heatmap needs every point, not cluster markers (mapScene never clusters it either).
  const display = displayModesFor(layer.kind).includes(layer.display ?? 'points') ? (layer.display ?? 'points') : 'points';
  const kinds = kindLayers(layer.id, layer.kind, display, resolveStyle(layer.kind, layer.style), layer.now ?? Date.now());
  const own = layer.cluster && display === 'points' ? [...clusterLayers(layer.id), ...kinds.map(excludeClusters)] : kinds;
  return [...own, ...selectionLayers(layer.id)].map((styleLayer) => {
    const withOpacity = applyOpacity(styleLayer, layer.opacity);
    const spec = { ...withOpacity, layout: { ...(withOpacity.layout ?? {}), visibility } } as LayerSpecification;
    return layer.tiled ? ({ ...spec, 'source-layer': TILE_SOURCE_LAYER } as LayerSpecification) : spec;
  });
}

/** All our layers, bottom to top by `order` (higher drawn above; ties keep the input order). */
export function operationalStyleLayers(layers: readonly OrderedLayerInput[]): LayerSpecification[] {
  return [...layers]
    .map((layer, index) => ({ layer, index }))
    .sort((a, b) => a.layer.order - b.layer.order || a.index - b.index)
    .flatMap(({ layer }) => operationalLayers(layer));
}
