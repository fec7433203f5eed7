import type { Kind } from '../domain/common';
import { CLUSTERS, DDR_TYPES, EVENT_TYPES, PATROL_STATUS, SITE_TYPES } from '../domain/kinds';
import { CLUSTER_COLORS, ddrIconName, incidentIconName, siteIconName } from './icons';
import {
  DDR_COLOR,
  HEATMAP_COLORS,
  HUMANITARIAN_COLOR,
  PATROL_STATUS_STYLE,
  PROTECTION_RADIUS_COLOR,
  REFERENCE_COLOR,
  displayModesFor,
  type DisplayMode,
} from './layer-style';

/**
 * The map's legend as data, derived from the same tables the styles are built from (icons,
 * palettes), so it cannot drift from the map. The legend panel renders it; a map export can
 * render the same sections. Labels are translation keys (or plain text for layer names).
 */

export type LegendLabel = { key: string } | { text: string };

export type LegendSwatch =
  | { type: 'icon'; icon: string }
  | { type: 'circle'; color: string }
  | { type: 'line'; color: string; dashed: boolean }
  | { type: 'fill'; color: string }
  | { type: 'heatmap'; colors: string[] };

export interface LegendEntry {
  label: LegendLabel;
  swatch: LegendSwatch;
  /** Entries of one group are shown together under the group's label (e.g. the cluster colours). */
  group?: LegendLabel;
}

export interface LegendSection {
  layerId: string;
  title: LegendLabel;
  kind: Kind;
  entries: LegendEntry[];
}

export interface LegendLayerInput {
  id: string;
  name: string;
  kind: Kind;
  visible: boolean;
  display?: DisplayMode;
}

const value = (field: string, v: string): LegendLabel => ({ key: `domain:values.${field}.${v}` });

function entriesFor(kind: Kind, display: DisplayMode): LegendEntry[] {
  switch (kind) {
    case 'incident':
      if (display === 'heatmap')
        return [
          { label: { key: 'map:legend.heatmap' }, swatch: { type: 'heatmap', colors: HEATMAP_COLORS.map(([, c]) => c) } },
          ...EVENT_TYPES.map((t) => ({ label: value('eventType', t), swatch: { type: 'icon', icon: incidentIconName(t) } as LegendSwatch, group: { key: 'map:legend.zoomedIn' } })),
        ];
      return EVENT_TYPES.map((t) => ({ label: value('eventType', t), swatch: { type: 'icon', icon: incidentIconName(t) } }));
    case 'humanitarian': {
      const cluster: LegendLabel = { key: 'domain:fields.cluster' };
      return [
        ...SITE_TYPES.map((t) => ({ label: value('siteType', t), swatch: { type: 'icon', icon: siteIconName(t, 'none') } as LegendSwatch })),
        { label: { key: 'map:legend.protectionRadius' }, swatch: { type: 'circle', color: PROTECTION_RADIUS_COLOR } },
        { label: { key: 'map:legend.siteArea' }, swatch: { type: 'fill', color: HUMANITARIAN_COLOR } },
        ...CLUSTERS.map((c) => ({ label: value('cluster', c), swatch: { type: 'circle', color: CLUSTER_COLORS[c] } as LegendSwatch, group: cluster })),
      ];
    }
    case 'ddr':
      return [
        ...DDR_TYPES.map((t) => ({ label: value('ddrType', t), swatch: { type: 'icon', icon: ddrIconName(t) } as LegendSwatch })),
        { label: { key: 'map:legend.ddrArea' }, swatch: { type: 'fill', color: DDR_COLOR } },
      ];
    case 'patrol':
      return PATROL_STATUS.map((s) => ({ label: value('status', s), swatch: { type: 'line', ...PATROL_STATUS_STYLE[s] } }));
    case 'reference':
      return [
        { label: { key: 'map:legend.point' }, swatch: { type: 'circle', color: REFERENCE_COLOR } },
        { label: { key: 'map:legend.line' }, swatch: { type: 'line', color: REFERENCE_COLOR, dashed: false } },
        { label: { key: 'map:legend.area' }, swatch: { type: 'fill', color: REFERENCE_COLOR } },
      ];
  }
}

/** One section per visible layer, in the order given (the caller passes them topmost first). */
export function legendFor(layers: readonly LegendLayerInput[]): LegendSection[] {
  return layers
    .filter((l) => l.visible)
    .map((l) => {
      const display = l.display && displayModesFor(l.kind).includes(l.display) ? l.display : 'points';
      return { layerId: l.id, title: { text: l.name }, kind: l.kind, entries: entriesFor(l.kind, display) };
    });
}
