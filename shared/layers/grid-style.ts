import type { LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { FONT_REGULAR } from './basemap-style';

/** Sources the reference grid is drawn from; the map controller fills them as the view moves. */
export const GRID_LINES_SOURCE = 'cg-grid-lines';
export const GRID_LABELS_SOURCE = 'cg-grid-labels';

export const GRID_MODES = ['none', 'mgrs', 'graticule'] as const;
export type GridMode = (typeof GRID_MODES)[number];

const HALO = { 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 } as const;

/**
 * The MGRS grid and the latitude/longitude graticule as style layers: zone boundaries red and
 * bold as on printed maps, 100 km / 10 km / 1 km lines in blue, thinner as they get finer.
 * Labels use the map's local fonts (the style has no glyphs URL).
 */
export const GRID_LAYERS: LayerSpecification[] = [
  { id: 'grid-gzd', type: 'line', source: GRID_LINES_SOURCE, filter: ['==', ['get', 'level'], 'gzd'], paint: { 'line-color': '#b00020', 'line-width': 1.6 } },
  { id: 'grid-100k', type: 'line', source: GRID_LINES_SOURCE, filter: ['==', ['get', 'level'], '100k'], paint: { 'line-color': '#1a237e', 'line-width': 1.2 } },
  { id: 'grid-10k', type: 'line', source: GRID_LINES_SOURCE, filter: ['==', ['get', 'level'], '10k'], paint: { 'line-color': '#1a237e', 'line-width': 0.8, 'line-opacity': 0.8 } },
  { id: 'grid-1k', type: 'line', source: GRID_LINES_SOURCE, filter: ['==', ['get', 'level'], '1k'], paint: { 'line-color': '#1a237e', 'line-width': 0.5, 'line-opacity': 0.6 } },
  {
    id: 'grid-graticule',
    type: 'line',
    source: GRID_LINES_SOURCE,
    filter: ['==', ['get', 'level'], 'graticule'],
    paint: { 'line-color': '#37474f', 'line-width': 0.7, 'line-dasharray': [4, 3] },
  },
  {
    id: 'grid-labels-zone',
    type: 'symbol',
    source: GRID_LABELS_SOURCE,
    filter: ['in', ['get', 'level'], ['literal', ['gzd', '100k']]],
    layout: { 'text-field': ['get', 'text'], 'text-size': ['match', ['get', 'level'], 'gzd', 16, 13], 'text-font': ['literal', FONT_REGULAR] },
    paint: { 'text-color': ['match', ['get', 'level'], 'gzd', '#b00020', '#1a237e'], ...HALO },
  },
  {
    id: 'grid-labels-numbers',
    type: 'symbol',
    source: GRID_LABELS_SOURCE,
    filter: ['in', ['get', 'level'], ['literal', ['10k', '1k', 'graticule']]],
    layout: { 'text-field': ['get', 'text'], 'text-size': 11, 'text-anchor': 'bottom-left', 'text-offset': [0.2, -0.2], 'text-font': ['literal', FONT_REGULAR] },
    paint: { 'text-color': ['match', ['get', 'level'], 'graticule', '#263238', '#1a237e'], ...HALO },
  },
];
