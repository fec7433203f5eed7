import type { LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { FONT_BOLD } from './basemap-style';

/**
 * What the drawing and measuring tools show beside terra-draw's own sketch: the shape waiting for
 * its form, circles, range rings, buffers and measured lines with their labels. One GeoJSON
 * source; each feature's `role` picks its look, `label` is drawn as text.
 */
export const DRAW_OVERLAY_SOURCE = 'cg-draw-overlay';

/** Orange for sketches: unlike any kind's colour, so a draft is never mistaken for data. */
export const DRAW_COLOUR = '#e8590c';
export const MEASURE_COLOUR = '#7b1fa2';

const HALO = { 'text-halo-color': '#ffffff', 'text-halo-width': 2 } as const;
const colour = ['match', ['get', 'role'], 'measure', MEASURE_COLOUR, DRAW_COLOUR] as const;

export const DRAW_OVERLAY_LAYERS: LayerSpecification[] = [
  {
    id: 'cg-draw-fill',
    type: 'fill',
    source: DRAW_OVERLAY_SOURCE,
    filter: ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false],
    paint: { 'fill-color': colour as never, 'fill-opacity': 0.12 },
  },
  {
    id: 'cg-draw-line',
    type: 'line',
    source: DRAW_OVERLAY_SOURCE,
    filter: ['match', ['geometry-type'], ['LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'], true, false],
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': colour as never, 'line-width': 2.5, 'line-dasharray': [3, 1.5] },
  },
  {
    id: 'cg-draw-point',
    type: 'circle',
    source: DRAW_OVERLAY_SOURCE,
    // Label anchors are points too, but only their text is drawn.
    filter: ['all', ['==', ['geometry-type'], 'Point'], ['!', ['has', 'label']]],
    paint: { 'circle-radius': 5, 'circle-color': colour as never, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
  },
  {
    id: 'cg-draw-label',
    type: 'symbol',
    source: DRAW_OVERLAY_SOURCE,
    filter: ['has', 'label'],
    layout: {
      'text-field': ['get', 'label'],
      'text-size': 13,
      'text-font': ['literal', FONT_BOLD],
      'symbol-placement': 'point',
      'text-allow-overlap': true,
      'text-offset': [0, -1.1],
    },
    paint: { 'text-color': colour as never, ...HALO },
  },
];
