import { describe, expect, it } from 'vitest';
import { expression, validateStyleMin, type LayerSpecification, type StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { KINDS, type Kind } from '../../../shared/domain/common';
import { EVENT_TYPES } from '../../../shared/domain/kinds';
import { basemapStyle } from '../../../shared/layers/basemap-style';
import { ICONS, incidentIconName } from '../../../shared/layers/icons';
import {
  INCIDENT_COLORS,
  MAP_FEATURE_ID,
  belongsTo,
  layerIdFromSourceId,
  metresToPixels,
  opacityPaint,
  operationalLayers,
  operationalSource,
  operationalStyleLayers,
  selectionLayerFilter,
  selectionLayerIds,
  sourceIdFor,
  toMapFeatureCollection,
  type OrderedLayerInput,
} from '../../../shared/layers/layer-style';

const BASE = 'http://localhost/index.html';

function styleWith(layers: OrderedLayerInput[]): StyleSpecification {
  const base = basemapStyle(BASE);
  const sources = { ...base.sources };
  for (const l of layers) sources[sourceIdFor(l.id)] = operationalSource({ type: 'FeatureCollection', features: [] });
  return { ...base, sources, layers: [...base.layers, ...operationalStyleLayers(layers)] };
}

const paintOf = (l: LayerSpecification): Record<string, unknown> => ('paint' in l && l.paint ? (l.paint as Record<string, unknown>) : {});
const visibilityOf = (l: LayerSpecification): unknown => ('layout' in l && l.layout ? (l.layout as Record<string, unknown>).visibility : undefined);
const opacityValues = (layers: LayerSpecification[]): number[] =>
  layers.flatMap((l) => Object.entries(paintOf(l)).filter(([k]) => k.endsWith('-opacity')).map(([, v]) => v as number));

describe('operationalLayers', () => {
  it.each(KINDS)('%s validates against the style specification', (kind) => {
    const style = styleWith([{ id: 'L1', kind, visible: true, opacity: 0.8, order: 0 }]);
    expect(validateStyleMin(style).map((e) => e.message)).toEqual([]);
  });

  it('reads only the source of its layer and names every style layer after it', () => {
    for (const kind of KINDS) {
      const layers = operationalLayers({ id: 'abc', kind, visible: true, opacity: 1 });
      expect(layers.length).toBeGreaterThan(1);
      for (const l of layers) {
        expect('source' in l && l.source).toBe('layer:abc');
        expect(belongsTo(l.id, 'abc')).toBe(true);
        expect(belongsTo(l.id, 'ab')).toBe(false);
      }
      expect(layerIdFromSourceId('layer:abc')).toBe('abc');
      expect(layerIdFromSourceId('basemap-places')).toBeNull();
    }
  });

  it('shows a change of visibility in every style layer', () => {
    const shown = operationalLayers({ id: 'a', kind: 'patrol', visible: true, opacity: 1 });
    const hidden = operationalLayers({ id: 'a', kind: 'patrol', visible: false, opacity: 1 });
    expect(shown.map(visibilityOf).every((v) => v === 'visible')).toBe(true);
    expect(hidden.map(visibilityOf).every((v) => v === 'none')).toBe(true);
  });

  it('applies the layer opacity to every paint opacity', () => {
    for (const kind of KINDS) {
      const full = operationalLayers({ id: 'a', kind, visible: true, opacity: 1 });
      const half = operationalLayers({ id: 'a', kind, visible: true, opacity: 0.5 });
      const zero = operationalLayers({ id: 'a', kind, visible: true, opacity: 0 });
      expect(opacityValues(full).length).toBeGreaterThanOrEqual(full.length);
      expect(opacityValues(half)).toEqual(opacityValues(full).map((v) => Math.round(v * 500) / 1000));
      expect(opacityValues(zero).every((v) => v === 0)).toBe(true);
      // What the controller sets in place when only the opacity changes.
      for (const [i, l] of half.entries()) expect(opacityPaint(l, 0.5)).toEqual(opacityPaint(full[i] as LayerSpecification, 0.5));
    }
  });

  it('changes the drawing when the kind changes', () => {
    const incident = operationalLayers({ id: 'a', kind: 'incident', visible: true, opacity: 1 });
    const patrol = operationalLayers({ id: 'a', kind: 'patrol', visible: true, opacity: 1 });
    expect(incident.map((l) => l.id)).not.toEqual(patrol.map((l) => l.id));
    expect(patrol.some((l) => l.type === 'fill')).toBe(true);
    expect(incident.some((l) => l.type === 'fill')).toBe(false);
  });

  it('colours incidents by every ACLED event type', () => {
    expect(Object.keys(INCIDENT_COLORS).sort()).toEqual([...EVENT_TYPES].sort());
    // The points are icons now (icons.ts): one image per event type, its badge in the type's colour.
    const points = operationalLayers({ id: 'a', kind: 'incident', visible: true, opacity: 1 }).find((l) => l.id === 'op:a:points');
    const image = JSON.stringify(points && 'layout' in points ? (points.layout as Record<string, unknown>)['icon-image'] : null);
    for (const [type, hex] of Object.entries(INCIDENT_COLORS)) {
      expect(image).toContain(JSON.stringify(type));
      expect(ICONS.get(incidentIconName(type))?.color).toBe(hex);
    }
  });

  it('draws protection radii only for notified humanitarian sites', () => {
    const protection = operationalLayers({ id: 'h', kind: 'humanitarian', visible: true, opacity: 1 }).find((l) => l.id === 'op:h:protection');
    expect(JSON.stringify(protection && 'filter' in protection ? protection.filter : null)).toContain('"notified"');
  });

  it('dashes draft and cancelled patrols', () => {
    const dashed = operationalLayers({ id: 'p', kind: 'patrol', visible: true, opacity: 1 }).filter((l) => paintOf(l)['line-dasharray']);
    expect(dashed.map((l) => l.id).sort()).toEqual(['op:p:outline-dashed', 'op:p:route-dashed']);
    for (const l of dashed) expect(JSON.stringify('filter' in l ? l.filter : null)).toMatch(/draft.*cancelled|cancelled.*draft/);
  });
});

describe('operationalStyleLayers', () => {
  const ids = (layers: OrderedLayerInput[]) => [...new Set(operationalStyleLayers(layers).map((l) => l.id.split(':')[1]))];

  it('orders style layers by layer order, higher above', () => {
    const layers: OrderedLayerInput[] = [
      { id: 'top', kind: 'incident', visible: true, opacity: 1, order: 10 },
      { id: 'bottom', kind: 'patrol', visible: true, opacity: 1, order: -1 },
      { id: 'middle', kind: 'reference', visible: true, opacity: 1, order: 3 },
    ];
    expect(ids(layers)).toEqual(['bottom', 'middle', 'top']);
    expect(ids(layers.map((l) => (l.id === 'bottom' ? { ...l, order: 99 } : l)))).toEqual(['middle', 'top', 'bottom']);
  });

  it('keeps each layer together, with its selection highlight on top of it', () => {
    const out = operationalStyleLayers([
      { id: 'a', kind: 'humanitarian', visible: true, opacity: 1, order: 0 },
      { id: 'b', kind: 'ddr', visible: true, opacity: 1, order: 1 },
    ]).map((l) => l.id);
    const lastA = out.findLastIndex((id) => belongsTo(id, 'a'));
    expect(out.slice(0, lastA + 1).every((id) => belongsTo(id, 'a'))).toBe(true);
    expect(out.slice(lastA - 1, lastA + 1)).toEqual(selectionLayerIds('a'));
  });
});

describe('feature ids on the map', () => {
  it('promotes the copied string id', () => {
    expect(operationalSource('blob:x')).toMatchObject({ type: 'geojson', promoteId: MAP_FEATURE_ID });
    const input = {
      type: 'FeatureCollection' as const,
      features: [{ type: 'Feature' as const, id: '3f2a-uuid', geometry: null, properties: { name: 'x' } }],
    };
    const out = toMapFeatureCollection(input);
    expect(out.features[0]?.properties).toEqual({ name: 'x', [MAP_FEATURE_ID]: '3f2a-uuid' });
    expect(input.features[0]?.properties).toEqual({ name: 'x' });
  });

  it('selects by that id', () => {
    const [line, point] = selectionLayerIds('a') as [string, string];
    expect(JSON.stringify(selectionLayerFilter(point, 'f-1'))).toContain('"f-1"');
    expect(JSON.stringify(selectionLayerFilter(line, null))).toContain(`["==",["get","${MAP_FEATURE_ID}"],""]`);
    const style = styleWith([{ id: 'a', kind: 'reference' as Kind, visible: true, opacity: 1, order: 0 }]);
    style.layers = style.layers.map((l) => (l.id === point ? ({ ...l, filter: selectionLayerFilter(point, 'f-1') } as LayerSpecification) : l));
    expect(validateStyleMin(style)).toEqual([]);
  });
});

describe('protection radius', () => {
  it('converts metres to screen pixels at the equator', () => {
    const parsed = expression.createExpression(metresToPixels('protectionRadiusM'), 'layers[0].paint.circle-radius');
    if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
    const feature = { type: 'Point' as const, properties: { protectionRadiusM: 20_000 } };
    // MapLibre's zoom z is a 512·2^z px world of 40,075 km at the equator.
    for (const zoom of [4, 8, 12]) {
      const px = parsed.value.evaluate({ zoom }, feature as never) as number;
      expect(px).toBeCloseTo((20_000 * 512 * 2 ** zoom) / 40_075_016.7, 1);
    }
  });
});

describe('clustering of big point layers', () => {
  it('adds counted cluster circles, keeps clusters out of the kind layers, and validates', async () => {
    const { operationalLayers, operationalSource, selectionLayerIds } = await import('../../../shared/layers/layer-style');
    const specs = operationalLayers({ id: 'big', kind: 'reference', visible: true, opacity: 1, cluster: true });
    const ids = specs.map((s) => s.id);
    expect(ids.slice(0, 2)).toEqual(['op:big:clusters', 'op:big:cluster-count']);
    for (const s of specs.slice(2)) {
      // The selection highlight matches one feature id; cluster markers have none.
      if (selectionLayerIds('big').includes(s.id)) continue;
      expect(JSON.stringify('filter' in s ? s.filter : null)).toContain('"point_count"');
    }
    const style: StyleSpecification = { version: 8, sources: { 'layer:big': operationalSource({ type: 'FeatureCollection', features: [] }, true) }, layers: specs };
    expect(validateStyleMin(style).map((e) => e.message)).toEqual([]);
    expect(operationalSource('x', true)).toMatchObject({ cluster: true, clusterMaxZoom: 9 });
    expect(operationalSource('x')).not.toHaveProperty('cluster');
  });
});

describe('big layers drawn from vector tiles', () => {
  it.each(KINDS)('%s: every style layer reads the tiles’ source-layer, and the style validates', async (kind) => {
    const { tiledOperationalSource } = await import('../../../shared/layers/layer-style');
    const { TILE_SOURCE_LAYER } = await import('../../../shared/layers/tile-grid');
    for (const cluster of [false, true]) {
      const specs = operationalLayers({ id: 'big', kind, visible: true, opacity: 1, cluster, tiled: true });
      for (const s of specs) expect('source-layer' in s && s['source-layer']).toBe(TILE_SOURCE_LAYER);
      const style: StyleSpecification = { version: 8, glyphs: 'x/{fontstack}/{range}.pbf', sources: { 'layer:big': tiledOperationalSource('cgtile://page/big~1/{z}/{x}/{y}') }, layers: specs };
      expect(validateStyleMin(style).map((e) => e.message)).toEqual([]);
    }
    expect(tiledOperationalSource('t/{z}/{x}/{y}')).toMatchObject({ type: 'vector', tiles: ['t/{z}/{x}/{y}'], promoteId: MAP_FEATURE_ID });
    // A GeoJSON source has no source-layer: the same layer untiled names none.
    expect(operationalLayers({ id: 'big', kind, visible: true, opacity: 1 }).some((s) => 'source-layer' in s)).toBe(false);
  });
});

describe('symbology: display modes and military symbols', async () => {
  const { DISPLAY_MODES, HAS_SIDC } = await import('../../../shared/layers/layer-style');
  const { featureFilter } = await import('@maplibre/maplibre-gl-style-spec');

  it.each(KINDS.flatMap((kind) => DISPLAY_MODES.map((display) => [kind, display] as const)))('%s in %s mode validates', (kind, display) => {
    const style = styleWith([{ id: 'L1', kind, visible: true, opacity: 0.7, order: 0, display }]);
    expect(validateStyleMin(style).map((e) => e.message)).toEqual([]);
  });

  it('draws incidents as a heatmap weighted by fatalities + 1, fading into the icons, never clustered', () => {
    const specs = operationalLayers({ id: 'i', kind: 'incident', visible: true, opacity: 0.5, display: 'heatmap', cluster: true });
    const heat = specs.find((l) => l.type === 'heatmap');
    expect(JSON.stringify(paintOf(heat as LayerSpecification)['heatmap-weight'])).toBe('["+",["to-number",["get","fatalities"],0],1]');
    expect(specs.some((l) => l.id.endsWith(':clusters'))).toBe(false);
    // The layer opacity scales the fade rather than replacing it.
    expect(paintOf(heat as LayerSpecification)['heatmap-opacity']).toEqual(['interpolate', ['linear'], ['zoom'], 9, 0.425, 11.5, 0]);
    const icons = specs.find((l) => l.id === 'op:i:points');
    expect(paintOf(icons as LayerSpecification)['icon-opacity']).toEqual(['interpolate', ['linear'], ['zoom'], 9, 0, 11.5, 0.5]);
    expect(opacityPaint(icons as LayerSpecification, 1)).toEqual({ 'icon-opacity': ['interpolate', ['linear'], ['zoom'], 9, 0, 11.5, 1], 'text-opacity': 1 });
    // Other kinds have no heatmap.
    expect(operationalLayers({ id: 'h', kind: 'humanitarian', visible: true, opacity: 1, display: 'heatmap' }).some((l) => l.type === 'heatmap')).toBe(false);
  });

  it.each(['humanitarian', 'ddr', 'reference', 'incident'] as Kind[])('%s: points with a SIDC go to the military symbol layer, the others to the kind icon', (kind) => {
    const specs = operationalLayers({ id: 'k', kind, visible: true, opacity: 1 });
    const filterOf = (id: string) => {
      const l = specs.find((s) => s.id === id);
      return featureFilter('filter' in (l ?? {}) ? (l as unknown as { filter: never }).filter : undefined, 'layers[0].filter');
    };
    const symbols = filterOf('op:k:symbols');
    const points = filterOf('op:k:points');
    const withSidc = { type: 'Point', properties: { sidc: '10031000001211000000' } } as never;
    const without = { type: 'Point', properties: { name: 'x' } } as never;
    const empty = { type: 'Point', properties: { sidc: '' } } as never;
    expect([symbols.filter({ zoom: 10 }, withSidc), points.filter({ zoom: 10 }, withSidc)]).toEqual([true, false]);
    expect([symbols.filter({ zoom: 10 }, without), points.filter({ zoom: 10 }, without)]).toEqual([false, true]);
    expect([symbols.filter({ zoom: 10 }, empty), points.filter({ zoom: 10 }, empty)]).toEqual([false, true]);
    const image = specs.find((s) => s.id === 'op:k:symbols');
    expect((image as { layout: Record<string, unknown> }).layout['icon-image']).toEqual(['concat', 'sidc:', ['to-string', ['get', 'sidc']]]);
    expect(JSON.stringify(HAS_SIDC)).toContain('"sidc"');
  });
});
