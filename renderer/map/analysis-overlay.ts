import type * as maplibregl from 'maplibre-gl';
import type { ExpressionSpecification, LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { FeatureCollection } from 'geojson';

/**
 * Highlights drawn above the operational layers: the result of the last analysis (hits, targets,
 * contact points, or the density choropleth), the multi-selection, and the box or lasso being
 * drawn. Owned by MapController, which calls `install` once the style is loaded and `raise` after
 * it restacks its own layers.
 */

export const RESULT_SOURCE = 'cg-analysis-result';
export const SELECTION_SOURCE = 'cg-analysis-selection';
export const DRAFT_SOURCE = 'cg-analysis-draft';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
const POLY: ExpressionSpecification = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];
const LINEAR: ExpressionSpecification = ['match', ['geometry-type'], ['LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'], true, false];
const POINT: ExpressionSpecification = ['==', ['geometry-type'], 'Point'];
const role = (r: string): ExpressionSpecification => ['==', ['get', 'role'], r];

/** Low to high incident counts: a light-to-dark orange ramp that reads on the pale basemap. */
export const CHOROPLETH_COLOURS = ['#fff1d6', '#fdc77a', '#f98d3c', '#d9480f', '#8a2a04'] as const;

export const RESULT_LAYER_IDS = ['cg-analysis-choropleth', 'cg-analysis-fill', 'cg-analysis-line', 'cg-analysis-point', 'cg-analysis-where'] as const;

function choroplethColour(max: number): ExpressionSpecification {
  const top = Math.max(1, max);
  return [
    'interpolate',
    ['linear'],
    ['coalesce', ['get', 'value'], 0],
    0,
    CHOROPLETH_COLOURS[0],
    top * 0.25,
    CHOROPLETH_COLOURS[1],
    top * 0.5,
    CHOROPLETH_COLOURS[2],
    top * 0.75,
    CHOROPLETH_COLOURS[3],
    top,
    CHOROPLETH_COLOURS[4],
  ] as ExpressionSpecification;
}

const LAYERS: LayerSpecification[] = [
  {
    id: 'cg-analysis-choropleth',
    type: 'fill',
    source: RESULT_SOURCE,
    filter: ['all', POLY, role('area')],
    paint: { 'fill-color': choroplethColour(1), 'fill-opacity': 0.7, 'fill-outline-color': '#5a1a00' },
  },
  {
    id: 'cg-analysis-fill',
    type: 'fill',
    source: RESULT_SOURCE,
    filter: ['all', POLY, ['!=', ['get', 'role'], 'area']],
    paint: { 'fill-color': ['match', ['get', 'role'], 'target', '#1c7ed6', '#e8590c'], 'fill-opacity': 0.18 },
  },
  {
    id: 'cg-analysis-line',
    type: 'line',
    source: RESULT_SOURCE,
    filter: LINEAR,
    layout: { 'line-cap': 'round', 'line-join': 'round' },
    paint: {
      'line-color': ['match', ['get', 'role'], 'target', '#1c7ed6', 'area', '#5a1a00', '#e8590c'],
      'line-width': ['match', ['get', 'role'], 'area', 1, 5],
      'line-opacity': 0.9,
    },
  },
  {
    id: 'cg-analysis-point',
    type: 'circle',
    source: RESULT_SOURCE,
    filter: ['all', POINT, ['!=', ['get', 'role'], 'where']],
    paint: {
      'circle-radius': ['match', ['get', 'role'], 'target', 13, 'origin', 12, 10],
      'circle-color': 'rgba(0,0,0,0)',
      'circle-stroke-width': 4,
      'circle-stroke-color': ['match', ['get', 'role'], 'target', '#1c7ed6', 'origin', '#212529', '#e8590c'],
    },
  },
  {
    id: 'cg-analysis-where',
    type: 'circle',
    source: RESULT_SOURCE,
    filter: ['all', POINT, role('where')],
    paint: { 'circle-radius': 5, 'circle-color': '#c92a2a', 'circle-stroke-width': 2, 'circle-stroke-color': '#ffffff' },
  },
  {
    id: 'cg-selection-fill',
    type: 'fill',
    source: SELECTION_SOURCE,
    filter: POLY,
    paint: { 'fill-color': '#15aabf', 'fill-opacity': 0.15 },
  },
  {
    id: 'cg-selection-line',
    type: 'line',
    source: SELECTION_SOURCE,
    filter: LINEAR,
    paint: { 'line-color': '#0b7285', 'line-width': 4 },
  },
  {
    id: 'cg-selection-point',
    type: 'circle',
    source: SELECTION_SOURCE,
    filter: POINT,
    paint: { 'circle-radius': 9, 'circle-color': 'rgba(21,170,191,0.25)', 'circle-stroke-width': 3, 'circle-stroke-color': '#0b7285' },
  },
  {
    id: 'cg-draft-fill',
    type: 'fill',
    source: DRAFT_SOURCE,
    paint: { 'fill-color': '#0b7285', 'fill-opacity': 0.08 },
  },
  {
    id: 'cg-draft-line',
    type: 'line',
    source: DRAFT_SOURCE,
    paint: { 'line-color': '#0b7285', 'line-width': 2, 'line-dasharray': [2, 1.5] },
  },
];

export class AnalysisOverlay {
  private installed = false;
  private result: FeatureCollection = EMPTY;
  private resultMax = 1;
  private selection: FeatureCollection = EMPTY;
  private draft: FeatureCollection = EMPTY;

  constructor(private readonly map: maplibregl.Map) {}

  install(): void {
    if (this.installed) return;
    this.installed = true;
    this.map.addSource(RESULT_SOURCE, { type: 'geojson', data: this.result });
    this.map.addSource(SELECTION_SOURCE, { type: 'geojson', data: this.selection });
    this.map.addSource(DRAFT_SOURCE, { type: 'geojson', data: this.draft });
    for (const spec of LAYERS) this.map.addLayer(spec);
    this.applyChoropleth();
  }

  /** Keeps the highlights above everything else after the controller moved its layers. */
  raise(): void {
    if (!this.installed) return;
    for (const spec of LAYERS) if (this.map.getLayer(spec.id)) this.map.moveLayer(spec.id);
  }

  /** The last analysis's result (null clears it); `max` scales the choropleth. */
  setResult(data: FeatureCollection | null, max = 1): void {
    this.result = data ?? EMPTY;
    this.resultMax = max;
    if (!this.installed) return;
    this.source(RESULT_SOURCE)?.setData(this.result);
    this.applyChoropleth();
  }

  setSelection(data: FeatureCollection): void {
    this.selection = data;
    if (this.installed) this.source(SELECTION_SOURCE)?.setData(data);
  }

  setDraft(data: FeatureCollection | null): void {
    this.draft = data ?? EMPTY;
    if (this.installed) this.source(DRAFT_SOURCE)?.setData(this.draft);
  }

  /** Result features drawn on screen now, by role (for tests). */
  renderedRoles(): Record<string, number> {
    if (!this.installed) return {};
    const out: Record<string, number> = {};
    const seen = new Set<string>();
    for (const f of this.map.queryRenderedFeatures({ layers: [...RESULT_LAYER_IDS] })) {
      const p = f.properties as Record<string, unknown>;
      const key = `${String(p.role)}:${String(p.featureId ?? '')}:${JSON.stringify(f.geometry.type === 'Point' ? f.geometry.coordinates : '')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const r = String(p.role);
      out[r] = (out[r] ?? 0) + 1;
    }
    return out;
  }

  /** Selected features drawn on screen now (for tests). */
  renderedSelection(): number {
    if (!this.installed) return 0;
    return this.map.queryRenderedFeatures({ layers: ['cg-selection-point', 'cg-selection-line', 'cg-selection-fill'] }).length;
  }

  private applyChoropleth(): void {
    if (this.map.getLayer('cg-analysis-choropleth')) this.map.setPaintProperty('cg-analysis-choropleth', 'fill-color', choroplethColour(this.resultMax));
  }

  private source(id: string): maplibregl.GeoJSONSource | undefined {
    return this.map.getSource<maplibregl.GeoJSONSource>(id);
  }
}
