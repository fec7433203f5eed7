import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../../shared/domain/common';
import { DDR_TYPES, EVENT_TYPES, PATROL_STATUS, SITE_TYPES } from '../../../shared/domain/kinds';
import { ICONS } from '../../../shared/layers/icons';
import { legendFor, type LegendLabel } from '../../../shared/layers/legend';
import { INCIDENT_COLORS, PATROL_STATUS_STYLE } from '../../../shared/layers/layer-style';

type Tree = { [k: string]: string | Tree };
const catalogue = (lang: string, ns: string): Tree => JSON.parse(readFileSync(`renderer/i18n/locales/${lang}/${ns}.json`, 'utf8')) as Tree;

/** Whether a `ns:a.b.c` key has a text in both languages (the legend's labels are looked up at run time). */
function translated(label: LegendLabel): boolean {
  if ('text' in label) return true;
  const [ns, key] = label.key.split(':') as [string, string];
  return ['en', 'fr'].every((lang) => {
    let node: string | Tree | undefined = catalogue(lang, ns);
    for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
    return typeof node === 'string' && node.length > 0;
  });
}

describe('legendFor', () => {
  it('has one section per visible layer, titled with the layer name, in the given order', () => {
    const sections = legendFor([
      { id: 'b', name: 'Sites', kind: 'humanitarian', visible: true },
      { id: 'a', name: 'Hidden', kind: 'incident', visible: false },
      { id: 'c', name: 'Patrols', kind: 'patrol', visible: true },
    ]);
    expect(sections.map((s) => [s.layerId, s.title])).toEqual([
      ['b', { text: 'Sites' }],
      ['c', { text: 'Patrols' }],
    ]);
  });

  it.each(KINDS)('%s: entries with translated labels and icons that exist', (kind) => {
    const [section] = legendFor([{ id: 'x', name: 'x', kind, visible: true }]);
    expect(section?.entries.length).toBeGreaterThan(0);
    for (const e of section?.entries ?? []) {
      expect(translated(e.label), JSON.stringify(e.label)).toBe(true);
      if (e.group) expect(translated(e.group), JSON.stringify(e.group)).toBe(true);
      if (e.swatch.type === 'icon') expect(ICONS.has(e.swatch.icon), e.swatch.icon).toBe(true);
    }
  });

  it('lists what each kind is drawn by', () => {
    const entries = (kind: (typeof KINDS)[number]) => legendFor([{ id: 'x', name: 'x', kind, visible: true }])[0]?.entries ?? [];
    const keys = (kind: (typeof KINDS)[number]) => entries(kind).map((e) => ('key' in e.label ? e.label.key : e.label.text));
    expect(keys('incident')).toEqual(EVENT_TYPES.map((t) => `domain:values.eventType.${t}`));
    for (const t of EVENT_TYPES) expect(ICONS.get(`cg-incident-${t}`)?.color).toBe(INCIDENT_COLORS[t]);
    expect(keys('humanitarian')).toEqual(expect.arrayContaining(SITE_TYPES.map((t) => `domain:values.siteType.${t}`)));
    expect(keys('ddr')).toEqual(expect.arrayContaining(DDR_TYPES.map((t) => `domain:values.ddrType.${t}`)));
    expect(entries('patrol').map((e) => e.swatch)).toEqual(PATROL_STATUS.map((s) => ({ type: 'line', ...PATROL_STATUS_STYLE[s] })));
    expect(entries('reference').map((e) => e.swatch.type)).toEqual(['circle', 'line', 'fill']);
  });

  it('shows the heatmap for incidents in heatmap mode, and ignores the mode for other kinds', () => {
    const [heat] = legendFor([{ id: 'i', name: 'i', kind: 'incident', visible: true, display: 'heatmap' }]);
    expect(heat?.entries[0]?.swatch.type).toBe('heatmap');
    const [sites] = legendFor([{ id: 's', name: 's', kind: 'humanitarian', visible: true, display: 'heatmap' }]);
    expect(sites?.entries.some((e) => e.swatch.type === 'heatmap')).toBe(false);
  });
});
