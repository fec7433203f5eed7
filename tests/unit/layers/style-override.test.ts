import { describe, expect, it } from 'vitest';
import { expression, validateStyleMin, type LayerSpecification, type StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { KINDS } from '../../../shared/domain/common';
import { colorModesFor, LayerStyleSchema, type LayerStyle } from '../../../shared/domain/layer';
import { basemapStyle } from '../../../shared/layers/basemap-style';
import { operationalLayers, operationalSource, sourceIdFor, type OperationalLayerInput } from '../../../shared/layers/layer-style';
import { legendFor } from '../../../shared/layers/legend';
import { readFileSync } from 'node:fs';
import { DEFAULT_LAYER_COLORS, RECENCY_CLASSES, SEVERITY_CLASSES, mergeLayerStyle, recencyColor, resolveStyle, severityColor } from '../../../shared/layers/style-override';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const paint = (l: LayerSpecification | undefined): Record<string, unknown> => (l && 'paint' in l && l.paint ? (l.paint as Record<string, unknown>) : {});
const layout = (l: LayerSpecification | undefined): Record<string, unknown> => (l && 'layout' in l && l.layout ? (l.layout as Record<string, unknown>) : {});
const part = (layers: LayerSpecification[], name: string): LayerSpecification | undefined => layers.find((l) => l.id.endsWith(`:${name}`));
const layersOf = (input: Partial<OperationalLayerInput> & Pick<OperationalLayerInput, 'kind'>, style?: LayerStyle): LayerSpecification[] =>
  operationalLayers({ id: 'L', visible: true, opacity: 1, now: NOW, ...input, ...(style ? { style } : {}) });

function evaluate(expr: unknown, properties: Record<string, unknown>, zoom = 10): unknown {
  const parsed = expression.createExpression(expr, { type: 'color' } as never);
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
  const value = parsed.value.evaluate({ zoom }, { type: 'Point', properties } as never) as unknown;
  if (typeof value === 'string') return value.toLowerCase();
  const c = value as { r: number; g: number; b: number };
  const hex = (n: number) => Math.round(n * 255).toString(16).padStart(2, '0');
  return `#${hex(c.r)}${hex(c.g)}${hex(c.b)}`;
}

function validates(layers: LayerSpecification[]): string[] {
  const base = basemapStyle('http://localhost/index.html');
  const style: StyleSpecification = { ...base, sources: { ...base.sources, [sourceIdFor('L')]: operationalSource({ type: 'FeatureCollection', features: [] }) }, layers: [...base.layers, ...layers] };
  return validateStyleMin(style).map((e) => e.message);
}

describe('per-layer style override in the style layers', () => {
  it('changes nothing when there is no override', () => {
    for (const kind of KINDS) expect(layersOf({ kind }, {})).toEqual(layersOf({ kind }));
  });

  it.each(KINDS.flatMap((kind) => colorModesFor(kind).map((mode) => [kind, mode] as const)))('%s coloured by %s validates against the style specification', (kind, mode) => {
    for (const display of ['points', 'heatmap'] as const) {
      const layers = layersOf({ kind, display, cluster: kind === 'incident' }, { colorMode: mode, color: '#00897b', size: 1.75, labelField: 'org' });
      expect(validates(layers)).toEqual([]);
    }
  });

  it('draws a reference layer in the chosen colour, at the chosen size', () => {
    const plain = layersOf({ kind: 'reference' });
    const styled = layersOf({ kind: 'reference' }, { color: '#00897b', size: 2 });
    expect(paint(part(plain, 'points'))['circle-color']).toBe(DEFAULT_LAYER_COLORS.reference);
    expect(paint(part(styled, 'points'))['circle-color']).toBe('#00897b');
    expect(paint(part(styled, 'lines'))['line-color']).toBe('#00897b');
    expect(paint(part(styled, 'fill'))['fill-color']).toBe('#00897b');
    // Sizes are zoom ramps: every stop doubles.
    const stops = (v: unknown) => (v as unknown[]).slice(3).filter((_, i) => i % 2 === 1);
    expect(stops(paint(part(styled, 'points'))['circle-radius'])).toEqual(stops(paint(part(plain, 'points'))['circle-radius']).map((n) => (n as number) * 2));
    expect(stops(paint(part(styled, 'lines'))['line-width'])).toEqual(stops(paint(part(plain, 'lines'))['line-width']).map((n) => (n as number) * 2));
  });

  it('scales the icons of a layer by its size', () => {
    const stops = (l: LayerSpecification[]) => (layout(part(l, 'points'))['icon-size'] as unknown[]).slice(3).filter((_, i) => i % 2 === 1) as number[];
    const base = stops(layersOf({ kind: 'incident' }));
    expect(stops(layersOf({ kind: 'incident' }, { size: 1.5 }))).toEqual(base.map((n) => Math.round(n * 1.5 * 1000) / 1000));
  });

  it('labels with the chosen field, or not at all', () => {
    expect(layout(part(layersOf({ kind: 'humanitarian' }, { labelField: 'organisation' }), 'labels'))['text-field']).toEqual(['to-string', ['coalesce', ['get', 'organisation'], '']]);
    expect(layout(part(layersOf({ kind: 'patrol' }, { labelField: 'patrolType' }), 'route-labels'))['text-field']).toEqual(['to-string', ['coalesce', ['get', 'patrolType'], '']]);
    expect(layout(part(layersOf({ kind: 'patrol' }), 'area-labels'))['text-field']).toEqual(['coalesce', ['get', 'unit'], ['get', 'name'], '']);
    for (const kind of KINDS) expect(layersOf({ kind }, { labelField: null }).filter((l) => l.type === 'symbol' && 'text-field' in layout(l))).toEqual([]);
  });

  it('keeps patrols coloured by status unless one colour is chosen, and keeps their dashes', () => {
    const byStatus = layersOf({ kind: 'patrol' }, { color: '#8e24aa' });
    expect(paint(part(byStatus, 'route'))['line-color']).toEqual(expect.arrayContaining(['match']));
    const single = layersOf({ kind: 'patrol' }, { colorMode: 'single', color: '#8e24aa' });
    for (const name of ['route', 'route-dashed', 'outline', 'fill']) expect(Object.values(paint(part(single, name)))).toContain('#8e24aa');
    expect(paint(part(single, 'route-dashed'))['line-dasharray']).toEqual([3, 2]);
  });

  it('draws incidents as circles by severity and by recency instead of icons', () => {
    const severity = part(layersOf({ kind: 'incident' }, { colorMode: 'severity' }), 'markers');
    expect(severity?.type).toBe('circle');
    const color = paint(severity)['circle-color'];
    expect(evaluate(color, { fatalities: 0 })).toBe(SEVERITY_CLASSES[0].color);
    expect(evaluate(color, {})).toBe(SEVERITY_CLASSES[0].color);
    expect(evaluate(color, { fatalities: 3 })).toBe(SEVERITY_CLASSES[1].color);
    expect(evaluate(color, { fatalities: 5 })).toBe(SEVERITY_CLASSES[2].color);
    expect(evaluate(color, { fatalities: 120 })).toBe(SEVERITY_CLASSES[3].color);

    const recency = paint(part(layersOf({ kind: 'incident' }, { colorMode: 'recency' }), 'markers'))['circle-color'];
    expect(evaluate(recency, { eventDate: '2026-11-22T02:00:00Z' })).toBe(RECENCY_CLASSES[0].color);
    expect(evaluate(recency, { eventDate: '2026-11-18' })).toBe(RECENCY_CLASSES[1].color);
    expect(evaluate(recency, { eventDate: '2026-11-01' })).toBe(RECENCY_CLASSES[2].color);
    expect(evaluate(recency, { eventDate: '2025-01-01' })).toBe(RECENCY_CLASSES[3].color);
    expect(evaluate(recency, {})).toBe(RECENCY_CLASSES[3].color);
  });

  it('fades incident markers in over the heatmap, scaled by the layer opacity', () => {
    const points = part(layersOf({ kind: 'incident', display: 'heatmap', opacity: 0.5 }, { colorMode: 'severity' }), 'markers');
    expect(points?.minzoom).toBeGreaterThan(0);
    expect(paint(points)['circle-stroke-opacity']).toEqual(['interpolate', ['linear'], ['zoom'], 9, 0, 11.5, 0.5]);
  });

  it('offers only the modes of the kind: a severity choice on sites falls back to their icons', () => {
    expect(resolveStyle('humanitarian', { colorMode: 'severity' }).colorMode).toBe('category');
    expect(resolveStyle('reference', {}).colorMode).toBe('single');
    expect(severityColor()[0]).toBe('step');
    expect(recencyColor(NOW)[0]).toBe('case');
  });
});

describe('legend of a styled layer', () => {
  it('shows the severity or recency classes, the chosen colour, and patrol colours', () => {
    const [severity] = legendFor([{ id: 'a', name: 'Incidents', kind: 'incident', visible: true, style: { colorMode: 'severity' } }]);
    expect(severity?.entries.map((e) => e.label)).toEqual(SEVERITY_CLASSES.map((c) => ({ key: `style:severity.${c.key}` })));
    const [recency] = legendFor([{ id: 'a', name: 'Incidents', kind: 'incident', visible: true, display: 'heatmap', style: { colorMode: 'recency' } }]);
    expect(recency?.entries.slice(1).map((e) => e.swatch)).toEqual(RECENCY_CLASSES.map((c) => ({ type: 'circle', color: c.color })));
    const [reference] = legendFor([{ id: 'r', name: 'Roads', kind: 'reference', visible: true, style: { color: '#6d4c41' } }]);
    expect(reference?.entries.every((e) => 'color' in e.swatch && e.swatch.color === '#6d4c41')).toBe(true);
    const [patrol] = legendFor([{ id: 'p', name: 'Patrols', kind: 'patrol', visible: true, style: { colorMode: 'single', color: '#3949ab' } }]);
    expect(patrol?.entries.map((e) => e.swatch)).toContainEqual({ type: 'line', color: '#3949ab', dashed: true });
    expect(patrol?.entries.map((e) => e.swatch)).toContainEqual({ type: 'line', color: '#3949ab', dashed: false });
  });
});

describe('the legend labels of the colour classes', () => {
  it('have a text in English and French', () => {
    for (const lang of ['en', 'fr']) {
      const cat = JSON.parse(readFileSync(`renderer/i18n/locales/${lang}/style.json`, 'utf8')) as Record<string, Record<string, string>>;
      for (const c of SEVERITY_CLASSES) expect(cat.severity?.[c.key]).toBeTruthy();
      for (const c of RECENCY_CLASSES) expect(cat.recency?.[c.key]).toBeTruthy();
      for (const m of colorModesFor('incident')) expect(cat.modes?.[m]).toBeTruthy();
    }
  });
});

describe('LayerStyleSchema and mergeLayerStyle', () => {
  it('refuses what the map could not draw, naming the field', () => {
    const bad = LayerStyleSchema.safeParse({ color: 'red', size: 9 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path[0]).sort()).toEqual(['color', 'size']);
    expect(LayerStyleSchema.safeParse({ colour: '#ffffff' }).success).toBe(false);
  });

  it('merges a change and drops fields put back to the default', () => {
    expect(mergeLayerStyle(undefined, { color: '#00897b' })).toEqual({ color: '#00897b' });
    expect(mergeLayerStyle({ color: '#00897b', size: 2 }, { size: undefined })).toEqual({ color: '#00897b' });
    expect(mergeLayerStyle({ color: '#00897b' }, { color: undefined })).toBeUndefined();
    expect(mergeLayerStyle({ labelField: 'org' }, { labelField: null })).toEqual({ labelField: null });
  });
});
