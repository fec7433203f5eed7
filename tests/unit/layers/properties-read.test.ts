import { describe, expect, it } from 'vitest';
import { expression, featureFilter, type FilterSpecification, type LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { KINDS, type Kind } from '../../../shared/domain/common';
import { COLOR_MODES, colorModesFor, type LayerStyle } from '../../../shared/domain/layer';
import { fieldSpecs } from '../../../shared/domain/field-specs';
import { toMapLibreFilter } from '../../../shared/domain/filters';
import { displayModesFor, MAP_FEATURE_ID, operationalLayers, selectionLayerFilter, selectionLayerIds } from '../../../shared/layers/layer-style';
import { propertiesRead } from '../../../shared/layers/properties-read';

/** Every feature property a kind can have, with a value of its type, plus imported extras. */
function sampleProperties(kind: Kind): Record<string, unknown> {
  const out: Record<string, unknown> = { [MAP_FEATURE_ID]: 'f-1', sidc: 'SFGPUCI----K', version: 3, extra: 'imported', protectionRadiusM: 800, notified: true };
  for (const f of fieldSpecs(kind)) {
    out[f.name] =
      f.type === 'enum' ? f.options?.[1] ?? f.options?.[0] : f.type === 'boolean' ? true : f.type === 'integer' || f.type === 'number' ? 4 : f.type === 'date' ? '2026-11-20' : `${f.name} text`;
  }
  return out;
}

/** Every expression value found in a style layer (filter, layout and paint), as [where, value]. */
function expressionsOf(spec: LayerSpecification): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const part of ['layout', 'paint'] as const) {
    const values = (part in spec ? (spec as Record<string, unknown>)[part] : undefined) as Record<string, unknown> | undefined;
    for (const [name, value] of Object.entries(values ?? {})) if (Array.isArray(value)) out.push([`${spec.id} ${part}.${name}`, value]);
  }
  return out;
}

function styleVariants(kind: Kind): { style: LayerStyle | undefined; display: 'points' | 'heatmap'; cluster: boolean }[] {
  const out: { style: LayerStyle | undefined; display: 'points' | 'heatmap'; cluster: boolean }[] = [];
  for (const display of displayModesFor(kind))
    for (const cluster of [false, true]) {
      out.push({ style: undefined, display, cluster });
      for (const colorMode of colorModesFor(kind)) out.push({ style: { colorMode, labelField: 'extra' }, display, cluster });
    }
  return out;
}

describe('propertiesRead: what a big layer’s tiles must carry', () => {
  it.each(KINDS)('%s: every style layer and filter evaluates the same on the narrowed properties', (kind) => {
    let evaluated = 0;
    const full = sampleProperties(kind);
    const textField = fieldSpecs(kind).find((f) => f.type === 'text' && f.name !== 'name');
    const filters: (FilterSpecification | null)[] = [
      toMapLibreFilter(kind, { conditions: textField ? [{ field: textField.name, op: 'eq', value: String(full[textField.name]) }] : [] }, { start: '2026-11-01T00:00:00Z', end: '2026-11-30T00:00:00Z' }),
    ];
    for (const v of styleVariants(kind)) {
      const specs = operationalLayers({ id: 'L', kind, visible: true, opacity: 1, cluster: v.cluster, display: v.display, style: v.style, tiled: true, now: Date.parse('2026-11-25T00:00:00Z') });
      const withSelection = specs.map((s) => (selectionLayerIds('L').includes(s.id) ? ({ ...s, filter: selectionLayerFilter(s.id, 'f-1') } as LayerSpecification) : s));
      const keep = new Set(propertiesRead(withSelection, filters));
      const narrowed = Object.fromEntries(Object.entries(full).filter(([k]) => keep.has(k)));
      const feature = (properties: Record<string, unknown>) => ({ type: 1, id: undefined, properties, geometry: [] }) as never;
      for (const spec of withSelection) {
        for (const f of ['filter' in spec ? spec.filter : undefined, ...filters]) {
          if (!f) continue;
          const test = featureFilter(f, 'layers[0].filter');
          expect(test.filter({ zoom: 12 }, feature(narrowed)), `${spec.id} filter`).toBe(test.filter({ zoom: 12 }, feature(full)));
          evaluated++;
        }
        for (const [where, value] of expressionsOf(spec)) {
          const parsed = expression.createExpression(value, 'layers[0].paint.circle-radius');
          if (parsed.result !== 'success') continue;
          expect(JSON.stringify(parsed.value.evaluate({ zoom: 12 }, feature(narrowed))), where).toBe(JSON.stringify(parsed.value.evaluate({ zoom: 12 }, feature(full))));
          evaluated++;
        }
      }
    }
    // The comparison must have run on real expressions, not passed on nothing.
    expect(evaluated).toBeGreaterThan(20);
  });

  it('keeps far fewer properties than an incident carries, always with the feature id', () => {
    const read = propertiesRead(operationalLayers({ id: 'L', kind: 'incident', visible: true, opacity: 1, cluster: true, tiled: true }));
    expect(read).toContain(MAP_FEATURE_ID);
    expect(read).toContain('eventType');
    expect(read).not.toContain('actor1');
    expect(read.length).toBeLessThan(Object.keys(sampleProperties('incident')).length / 2);
    expect(COLOR_MODES).toContain('severity');
  });

  it('reads legacy filters and {name} tokens too', () => {
    const legacy = [{ id: 'x', type: 'symbol', source: 's', filter: ['==', 'status', 'open'], layout: { 'text-field': '{unit} / {callsign}' } }] as unknown as LayerSpecification[];
    expect(propertiesRead(legacy, [['has', 'notified'] as FilterSpecification])).toEqual([MAP_FEATURE_ID, 'callsign', 'notified', 'status', 'unit'].sort());
  });
});
