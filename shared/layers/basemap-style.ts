import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  LayerSpecification,
  StyleSpecification,
} from '@maplibre/maplibre-gl-style-spec';

/**
 * The offline basemap: Natural Earth GeoJSON files in data/basemap/ (built by
 * scripts/build-basemap.ts), drawn in a calm, low-contrast palette so that operational overlays
 * stay the loudest thing on the map.
 *
 * The style has no `glyphs` and no `sprite`: MapLibre then draws label text with the fonts of the
 * machine, so the map needs no glyph server and nothing is fetched from the network.
 */

export type BasemapLanguage = 'en' | 'fr';

export interface BasemapOptions {
  /** Language of country names; city names are the same in both (Natural Earth has one). */
  lang?: BasemapLanguage;
}

/** Files of the basemap, relative to the page (vite serves data/ as the public directory). */
export const BASEMAP_FILES = {
  countries: 'basemap/countries.json',
  countryLabels: 'basemap/country-labels.json',
  boundaries: 'basemap/boundaries.json',
  disputed: 'basemap/disputed.json',
  places: 'basemap/places.json',
} as const;

export const BASEMAP_SOURCE_PREFIX = 'basemap-';
export const BASEMAP_ATTRIBUTION = '© Natural Earth';

export const BASEMAP_COLORS = {
  sea: '#d9e3ea',
  land: '#f3f2ee',
  coast: '#a9bac6',
  border: '#a19fae',
  disputed: '#a8919a',
  countryLabel: '#767a86',
  placeLabel: '#3d4048',
  placeDot: '#6c6f78',
  halo: 'rgba(255,255,255,0.85)',
} as const;

/** Text fonts: MapLibre draws with the first family the machine has, and reads the weight from the first name. */
export const FONT_REGULAR = ['Noto Sans Regular', 'Noto Sans', 'Segoe UI', 'DejaVu Sans', 'Arial'];
export const FONT_BOLD = ['Noto Sans Bold', 'Noto Sans', 'Segoe UI', 'DejaVu Sans', 'Arial'];

/** Style layers whose text depends on the UI language, with the text-field for a language. */
export const BASEMAP_LOCALISED_LAYERS = ['basemap-country-labels'] as const;

export function countryLabelField(lang: BasemapLanguage): DataDrivenPropertyValueSpecification<string> {
  return lang === 'fr' ? ['coalesce', ['get', 'name_fr'], ['get', 'name']] : ['get', 'name'];
}

/** Resolves a data/ path against the page's base URL (http://, file:// or app://). */
export function basemapUrl(path: string, baseUrl: string): string {
  return new URL(path, baseUrl).href;
}

const zoomLinear = (...stops: number[]): ExpressionSpecification =>
  ['interpolate', ['linear'], ['zoom'], ...stops] as ExpressionSpecification;

export function basemapStyle(baseUrl: string, options: BasemapOptions = {}): StyleSpecification {
  const lang = options.lang ?? 'en';
  const src = (name: string): string => `${BASEMAP_SOURCE_PREFIX}${name}`;
  const geojson = (path: string, attribution?: string) => ({
    type: 'geojson' as const,
    data: basemapUrl(path, baseUrl),
    // Small shapes at low zoom only: a coarser tolerance keeps tiles light without visible loss.
    tolerance: 0.5,
    ...(attribution ? { attribution } : {}),
  });

  const layers: LayerSpecification[] = [
    { id: 'basemap-sea', type: 'background', paint: { 'background-color': BASEMAP_COLORS.sea } },
    {
      id: 'basemap-land',
      type: 'fill',
      source: src('countries'),
      paint: { 'fill-color': BASEMAP_COLORS.land, 'fill-antialias': true },
    },
    {
      id: 'basemap-coast',
      type: 'line',
      source: src('countries'),
      layout: { 'line-join': 'round' },
      paint: { 'line-color': BASEMAP_COLORS.coast, 'line-width': zoomLinear(2, 0.5, 8, 1.2) },
    },
    {
      id: 'basemap-boundaries',
      type: 'line',
      source: src('boundaries'),
      filter: ['!=', ['get', 'disputed'], true],
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: { 'line-color': BASEMAP_COLORS.border, 'line-width': zoomLinear(2, 0.6, 5, 1, 8, 1.8) },
    },
    {
      id: 'basemap-boundaries-disputed',
      type: 'line',
      source: src('boundaries'),
      filter: ['==', ['get', 'disputed'], true],
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': BASEMAP_COLORS.disputed,
        'line-width': zoomLinear(2, 0.6, 5, 1, 8, 1.6),
        'line-dasharray': [3, 2],
      },
    },
    {
      id: 'basemap-disputed-lines',
      type: 'line',
      source: src('disputed'),
      minzoom: 3,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': BASEMAP_COLORS.disputed,
        'line-width': zoomLinear(3, 0.6, 8, 1.4),
        'line-dasharray': [3, 2],
      },
    },
    {
      id: 'basemap-place-dots',
      type: 'circle',
      source: src('places'),
      minzoom: 3,
      // Natural Earth's min_zoom is the zoom from which a place is worth showing (filters see
      // whole zoom levels, hence the small allowance).
      filter: ['<=', ['get', 'min_zoom'], ['+', ['zoom'], 0.7]],
      paint: {
        'circle-color': BASEMAP_COLORS.placeDot,
        'circle-radius': ['case', ['==', ['get', 'capital'], 1], 3.2, ['<=', ['get', 'rank'], 3], 2.6, 2],
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': ['case', ['==', ['get', 'capital'], 1], 1.2, 0.8],
      },
    },
    {
      id: 'basemap-place-labels',
      type: 'symbol',
      source: src('places'),
      minzoom: 3,
      filter: ['<=', ['get', 'min_zoom'], ['+', ['zoom'], 0.7]],
      layout: {
        'text-field': ['get', 'name'],
        'text-font': ['case', ['==', ['get', 'capital'], 1], ['literal', FONT_BOLD], ['literal', FONT_REGULAR]],
        'text-size': [
          'interpolate',
          ['linear'],
          ['zoom'],
          3,
          ['case', ['==', ['get', 'capital'], 1], 11, 10],
          8,
          ['case', ['==', ['get', 'capital'], 1], 14, ['<=', ['get', 'rank'], 4], 13, 12],
        ],
        'text-variable-anchor': ['top', 'bottom', 'right', 'left'],
        'text-radial-offset': 0.45,
        'text-justify': 'auto',
        'text-max-width': 8,
        'text-padding': 3,
        'symbol-sort-key': ['-', ['get', 'rank'], ['case', ['==', ['get', 'capital'], 1], 10, 0]],
      },
      paint: {
        'text-color': BASEMAP_COLORS.placeLabel,
        'text-halo-color': BASEMAP_COLORS.halo,
        'text-halo-width': 1.4,
        'text-halo-blur': 0.3,
      },
    },
    {
      id: 'basemap-country-labels',
      type: 'symbol',
      source: src('country-labels'),
      maxzoom: 9,
      // Natural Earth's MIN_LABEL, a zoom level early for sizeable countries (label rank < 6),
      // so that e.g. the Central African Republic is named on a continent-wide view.
      filter: [
        'any',
        ['<=', ['get', 'min_label'], ['zoom']],
        ['all', ['<', ['get', 'rank'], 6], ['<=', ['get', 'min_label'], ['+', ['zoom'], 1]]],
      ],
      layout: {
        'text-field': countryLabelField(lang),
        'text-font': ['literal', FONT_BOLD],
        'text-transform': 'uppercase',
        'text-letter-spacing': 0.08,
        'text-size': zoomLinear(2, 9, 4, 11, 7, 14),
        'text-max-width': 7,
        'text-padding': 4,
        'symbol-sort-key': ['get', 'rank'],
      },
      paint: {
        'text-color': BASEMAP_COLORS.countryLabel,
        'text-halo-color': BASEMAP_COLORS.halo,
        'text-halo-width': 1.2,
      },
    },
  ];

  return {
    version: 8,
    name: 'Common Ground basemap',
    sources: {
      [src('countries')]: geojson(BASEMAP_FILES.countries, BASEMAP_ATTRIBUTION),
      [src('country-labels')]: geojson(BASEMAP_FILES.countryLabels),
      [src('boundaries')]: geojson(BASEMAP_FILES.boundaries),
      [src('disputed')]: geojson(BASEMAP_FILES.disputed),
      [src('places')]: geojson(BASEMAP_FILES.places),
    },
    layers,
  };
}
