import { describe, expect, it } from 'vitest';
import { expression, type LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { KINDS } from '../../../shared/domain/common';
import { CLUSTERS, DDR_TYPES, EVENT_TYPES, SITE_TYPES } from '../../../shared/domain/kinds';
import {
  BADGE_PATHS,
  CLUSTER_COLORS,
  DDR_GLYPHS,
  ICONS,
  INCIDENT_GLYPHS,
  MARKER_ICON,
  SITE_GLYPHS,
  sidcFromImageId,
  siteIconName,
} from '../../../shared/layers/icons';
import { DISPLAY_MODES, ICON_IMAGE, operationalLayers } from '../../../shared/layers/layer-style';

/** Only absolute path commands with numbers: what Path2D and SVG both read the same way. */
const PATH = /^(?:\s*[MLHVCAZ](?:\s*-?\d+(?:\.\d+)?)*)+\s*$/;

describe('icon set', () => {
  it('has a glyph for every site type, DDR type and ACLED event type, plus a generic one', () => {
    expect(Object.keys(SITE_GLYPHS).sort()).toEqual([...SITE_TYPES, 'generic'].sort());
    expect(Object.keys(DDR_GLYPHS).sort()).toEqual([...DDR_TYPES, 'generic'].sort());
    expect(Object.keys(INCIDENT_GLYPHS).sort()).toEqual([...EVENT_TYPES, 'generic'].sort());
    expect(Object.keys(CLUSTER_COLORS).sort()).toEqual([...CLUSTERS, 'none'].sort());
    expect(ICONS.has(MARKER_ICON)).toBe(true);
  });

  it('gives each site type its own glyph, and each cluster its own colour', () => {
    const glyphs = SITE_TYPES.map((t) => JSON.stringify(SITE_GLYPHS[t]));
    expect(new Set(glyphs).size).toBe(SITE_TYPES.length);
    expect(new Set(Object.values(CLUSTER_COLORS)).size).toBe(CLUSTERS.length + 1);
    expect(ICONS.get(siteIconName('health_facility', 'Health'))?.color).toBe(CLUSTER_COLORS.Health);
  });

  it('describes every shape as plain path data in the 24-px box, with a colour slot', () => {
    for (const d of Object.values(BADGE_PATHS)) expect(d).toMatch(PATH);
    for (const spec of ICONS.values()) {
      expect(spec.color).toMatch(/^#[0-9a-f]{6}$/i);
      expect(spec.glyph.length).toBeGreaterThan(0);
      for (const p of spec.glyph) {
        expect(p.d, spec.name).toMatch(PATH);
        expect(['glyph', 'badge']).toContain(p.fill);
        const numbers = (p.d.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
        // Arc flags and radii are small numbers too; everything stays within the box.
        for (const n of numbers) expect(n >= 0 && n <= 24, `${spec.name}: ${n}`).toBe(true);
      }
    }
  });

  it('reads a SIDC out of a military symbol image id only', () => {
    expect(sidcFromImageId('sidc:SFGPUCI----K---')).toBe('SFGPUCI----K---');
    expect(sidcFromImageId('cg-marker')).toBeNull();
  });
});

describe('icons referenced by the styles', () => {
  const feature = (properties: Record<string, unknown>) => ({ type: 'Point' as const, properties });
  const samples: Record<string, unknown>[] = [
    {},
    { siteType: 'nonsense', cluster: 'Nope', ddrType: 42, eventType: null },
    ...SITE_TYPES.flatMap((siteType) => [{ siteType }, ...CLUSTERS.map((cluster) => ({ siteType, cluster }))]),
    ...DDR_TYPES.map((ddrType) => ({ ddrType })),
    ...EVENT_TYPES.map((eventType) => ({ eventType })),
  ];

  it.each(Object.entries(ICON_IMAGE))('%s: every image name the expression can yield is in the icon set', (_kind, image) => {
    const parsed = expression.createExpression(image, { type: 'string' } as never);
    if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value));
    for (const properties of samples) {
      const name = parsed.value.evaluate({ zoom: 10 }, feature(properties) as never) as string;
      expect(ICONS.has(name), `${name} for ${JSON.stringify(properties)}`).toBe(true);
    }
  });

  it('uses only those expressions, or milsymbol ids, as icon images in every kind and display mode', () => {
    const known = new Set(Object.values(ICON_IMAGE).map((e) => JSON.stringify(e)));
    for (const kind of KINDS)
      for (const display of DISPLAY_MODES)
        for (const l of operationalLayers({ id: 'a', kind, visible: true, opacity: 1, display }) as LayerSpecification[]) {
          const image = l.type === 'symbol' ? (l.layout as Record<string, unknown> | undefined)?.['icon-image'] : undefined;
          if (image === undefined) continue;
          const text = JSON.stringify(image);
          if (typeof image === 'string') expect(ICONS.has(image)).toBe(true);
          else expect(known.has(text) || text.startsWith('["concat","sidc:"'), `${l.id}: ${text}`).toBe(true);
        }
  });
});
