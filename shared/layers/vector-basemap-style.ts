import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  FilterSpecification,
  LayerSpecification,
} from '@maplibre/maplibre-gl-style-spec';
import type { VectorLayerInfo } from '../basemaps/tile-archive';
import { BASEMAP_COLORS, FONT_BOLD, FONT_REGULAR, type BasemapLanguage } from './basemap-style';

/**
 * A default style for a vector tile basemap the GIS unit provides, generated from its
 * `vector_layers` metadata, so a PMTiles or MBTiles file is readable without a style of its own.
 *
 * Each source layer is given a role from its name (the OpenMapTiles and Protomaps schemas, and
 * the obvious names GDAL or tippecanoe users choose); a layer of unknown name is still drawn, in
 * neutral grey. Geometry types are not in the metadata, so every layer gets a fill for its
 * polygons, a line for its lines and, for its points, a label when it has a name field or a dot
 * otherwise, each filtered by geometry type. Same calm palette as the bundled basemap, so
 * operational symbols stay the loudest thing; no glyphs, so labels use the machine's fonts.
 */

type Role = 'earth' | 'landcover' | 'park' | 'water' | 'building' | 'road' | 'rail' | 'waterway' | 'boundary' | 'place' | 'label' | 'other';

const ROLE_PATTERNS: [Role, RegExp][] = [
  ['place', /^(place|places|settlements?|cities|towns)$/],
  ['label', /(_name|_label|names|labels|^pois?$|^mountain_peak$|^physical_point$|^housenumber$)/],
  ['waterway', /^(waterways?|rivers?|streams?|water_lines?|physical_line)$/],
  ['water', /^(water|ocean|oceans|lakes?|water_polygons?|waterbod(y|ies)|sea)$/],
  ['boundary', /^(boundary|boundaries|admin|admin_boundaries|borders?)$/],
  ['rail', /^(rail|railways?|transit)$/],
  ['road', /^(transportation|roads?|highways?|streets?|tracks)$/],
  ['building', /^(buildings?)$/],
  ['park', /^(park|parks|protected_areas?|nature_reserves?)$/],
  ['earth', /^(earth|land|land_polygons?|countries|admin_areas)$/],
  ['landcover', /^(landcover|landuse|landuse_overlay|natural|vegetation|forest|aeroway)$/],
];

export function roleOf(layerId: string): Role {
  const id = layerId.toLowerCase();
  for (const [role, pattern] of ROLE_PATTERNS) if (pattern.test(id)) return role;
  return 'other';
}

const COLORS = {
  earth: BASEMAP_COLORS.land,
  landcover: '#e6eadb',
  park: '#d3e4c6',
  water: BASEMAP_COLORS.sea,
  waterLine: '#a9c3d6',
  building: '#dedad3',
  buildingOutline: '#cdc8bf',
  roadMajor: '#e3b27a',
  roadMinor: '#ffffff',
  roadCasing: '#c9c3b8',
  rail: '#a3a3a8',
  boundary: BASEMAP_COLORS.border,
  other: '#b8b8bc',
} as const;

const ORDER: Role[] = ['earth', 'landcover', 'park', 'water', 'building', 'other', 'waterway', 'road', 'rail', 'boundary', 'label', 'place'];

const geom = (type: 'Polygon' | 'LineString' | 'Point'): FilterSpecification => ['==', ['geometry-type'], type];
const zoomLinear = (...stops: number[]): ExpressionSpecification => ['interpolate', ['linear'], ['zoom'], ...stops] as ExpressionSpecification;

/** `class` (OpenMapTiles) or `kind` (Protomaps) of a road, for line widths. */
const roadClass = (fields: Record<string, string>): ExpressionSpecification | null =>
  'class' in fields ? ['get', 'class'] : 'kind' in fields ? ['get', 'kind'] : null;
const MAJOR_ROADS = ['motorway', 'trunk', 'primary', 'highway', 'major_road', 'secondary'];

function nameField(fields: Record<string, string>, lang: BasemapLanguage): DataDrivenPropertyValueSpecification<string> | null {
  const candidates = [`name:${lang}`, `name_${lang}`, 'name', 'name:latin', 'name_en', 'name:en'].filter((f) => f in fields);
  if (candidates.length === 0) return null;
  if (candidates.length === 1) return ['get', candidates[0] as string];
  return ['coalesce', ...candidates.map((f): ExpressionSpecification => ['get', f])] as ExpressionSpecification;
}

export interface VectorBasemapStyleOptions {
  sourceId: string;
  /** Prefix of every style layer id, so the basemap's layers are known apart from operational ones. */
  layerPrefix: string;
  lang?: BasemapLanguage;
}

function layersFor(layer: VectorLayerInfo, role: Role, o: VectorBasemapStyleOptions): LayerSpecification[] {
  const lang = o.lang ?? 'en';
  const base = { source: o.sourceId, 'source-layer': layer.id, ...(layer.minzoom !== undefined ? { minzoom: layer.minzoom } : {}) };
  const id = (suffix: string): string => `${o.layerPrefix}${layer.id}-${suffix}`;
  const out: LayerSpecification[] = [];

  const fillColor =
    role === 'water' || role === 'waterway' ? COLORS.water
    : role === 'park' ? COLORS.park
    : role === 'building' ? COLORS.building
    : role === 'earth' ? COLORS.earth
    : role === 'landcover' ? COLORS.landcover
    : COLORS.other;
  if (role !== 'label' && role !== 'place' && role !== 'road' && role !== 'rail' && role !== 'boundary')
    out.push({
      id: id('fill'),
      type: 'fill',
      ...base,
      filter: geom('Polygon'),
      paint: {
        'fill-color': fillColor,
        'fill-opacity': role === 'other' ? 0.5 : 1,
        ...(role === 'building' ? { 'fill-outline-color': COLORS.buildingOutline } : {}),
      },
    });

  if (role === 'road') {
    const cls = roadClass(layer.fields);
    const major: ExpressionSpecification | boolean = cls ? ['in', cls, ['literal', MAJOR_ROADS]] : true;
    out.push({
      id: id('casing'),
      type: 'line',
      ...base,
      filter: geom('LineString'),
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': COLORS.roadCasing, 'line-width': ['interpolate', ['linear'], ['zoom'], 5, ['case', major, 1.6, 0.6], 14, ['case', major, 9, 5]] },
    });
    out.push({
      id: id('line'),
      type: 'line',
      ...base,
      filter: geom('LineString'),
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': ['case', major, COLORS.roadMajor, COLORS.roadMinor],
        'line-width': ['interpolate', ['linear'], ['zoom'], 5, ['case', major, 1, 0.3], 14, ['case', major, 7, 3.5]],
      },
    });
  } else if (role !== 'label' && role !== 'place') {
    const line =
      role === 'waterway' || role === 'water' ? { color: COLORS.waterLine, width: zoomLinear(4, 0.8, 12, 2.5) }
      : role === 'rail' ? { color: COLORS.rail, width: zoomLinear(6, 0.6, 14, 2) }
      : role === 'boundary' ? { color: COLORS.boundary, width: zoomLinear(2, 0.8, 10, 2) }
      : { color: COLORS.other, width: zoomLinear(4, 0.5, 14, 1.5) };
    out.push({
      id: id('line'),
      type: 'line',
      ...base,
      filter: geom('LineString'),
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': line.color, 'line-width': line.width, ...(role === 'boundary' ? { 'line-dasharray': [3, 1.5] } : {}) },
    });
  }

  const text = nameField(layer.fields, lang);
  if (text) {
    const isPlace = role === 'place';
    out.push({
      id: id('label'),
      type: 'symbol',
      ...base,
      filter: role === 'road' || role === 'waterway' ? geom('LineString') : geom('Point'),
      layout: {
        'text-field': text,
        'text-font': isPlace ? ['literal', FONT_BOLD] : ['literal', FONT_REGULAR],
        'text-size': isPlace ? zoomLinear(4, 11, 12, 16) : zoomLinear(8, 10, 14, 12),
        'text-max-width': 8,
        'text-padding': 3,
        ...(role === 'road' || role === 'waterway' ? { 'symbol-placement': 'line' as const } : {}),
        ...('rank' in layer.fields ? { 'symbol-sort-key': ['get', 'rank'] as ExpressionSpecification } : {}),
      },
      paint: {
        'text-color': isPlace ? BASEMAP_COLORS.placeLabel : role === 'water' || role === 'waterway' ? '#4f7190' : BASEMAP_COLORS.countryLabel,
        'text-halo-color': BASEMAP_COLORS.halo,
        'text-halo-width': 1.4,
      },
    });
  } else if (role === 'other' || role === 'place') {
    out.push({
      id: id('point'),
      type: 'circle',
      ...base,
      filter: geom('Point'),
      paint: { 'circle-color': BASEMAP_COLORS.placeDot, 'circle-radius': 2, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 0.6 },
    });
  }
  return out;
}

/** Style layers for a vector tile source, bottom to top, starting with a land-coloured background. */
export function vectorBasemapLayers(vectorLayers: VectorLayerInfo[], options: VectorBasemapStyleOptions): LayerSpecification[] {
  const withRoles = vectorLayers.map((l) => ({ layer: l, role: roleOf(l.id) }));
  withRoles.sort((a, b) => ORDER.indexOf(a.role) - ORDER.indexOf(b.role));
  return [
    { id: `${options.layerPrefix}background`, type: 'background', paint: { 'background-color': COLORS.earth } },
    ...withRoles.flatMap(({ layer, role }) => layersFor(layer, role, options)),
  ];
}
