import type { Kind } from '../domain/common';
import type { LayerStyle } from '../domain/layer';
import { RECENCY_CLASSES, SEVERITY_CLASSES, resolveStyle, type ResolvedStyle } from './style-override';
import { CLUSTERS, DDR_TYPES, EVENT_TYPES, PATROL_STATUS, SITE_TYPES } from '../domain/kinds';
import { CLUSTER_COLORS, ddrIconName, incidentIconName, siteIconName } from './icons';
import {
  HEATMAP_COLORS,
  PATROL_STATUS_STYLE,
  PROTECTION_RADIUS_COLOR,
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
  style?: LayerStyle;
}

const value = (field: string, v: string): LegendLabel => ({ key: `domain:values.${field}.${v}` });

/** The point entries of a layer not coloured by category: one colour, or the severity / recency classes. */
function markerEntries(style: ResolvedStyle): LegendEntry[] {
  if (style.colorMode === 'severity') return SEVERITY_CLASSES.map((c) => ({ label: { key: `style:severity.${c.key}` }, swatch: { type: 'circle', color: c.color } }));
  if (style.colorMode === 'recency') return RECENCY_CLASSES.map((c) => ({ label: { key: `style:recency.${c.key}` }, swatch: { type: 'circle', color: c.color } }));
  return [{ label: { key: 'map:legend.point' }, swatch: { type: 'circle', color: style.color } }];
}

function entriesFor(kind: Kind, display: DisplayMode, style: ResolvedStyle): LegendEntry[] {
  const byCategory = style.colorMode === 'category';
  switch (kind) {
    case 'incident': {
      const points: LegendEntry[] = byCategory ? EVENT_TYPES.map((t) => ({ label: value('eventType', t), swatch: { type: 'icon', icon: incidentIconName(t) } })) : markerEntries(style);
      if (display === 'heatmap')
        return [
          { label: { key: 'map:legend.heatmap' }, swatch: { type: 'heatmap', colors: HEATMAP_COLORS.map(([, c]) => c) } },
          ...points.map((e) => ({ ...e, group: { key: 'map:legend.zoomedIn' } })),
        ];
      if (!byCategory) return points.map((e) => ({ ...e, group: { key: `style:modes.${style.colorMode}` } }));
      return points;
    }
    case 'humanitarian': {
      const cluster: LegendLabel = { key: 'domain:fields.cluster' };
      return [
        ...(byCategory ? SITE_TYPES.map((t) => ({ label: value('siteType', t), swatch: { type: 'icon', icon: siteIconName(t, 'none') } as LegendSwatch })) : markerEntries(style)),
        { label: { key: 'map:legend.protectionRadius' }, swatch: { type: 'circle', color: byCategory ? PROTECTION_RADIUS_COLOR : style.color } },
        { label: { key: 'map:legend.siteArea' }, swatch: { type: 'fill', color: style.color } },
        ...(byCategory ? CLUSTERS.map((c) => ({ label: value('cluster', c), swatch: { type: 'circle', color: CLUSTER_COLORS[c] } as LegendSwatch, group: cluster })) : []),
      ];
    }
    case 'ddr':
      return [
        ...(byCategory ? DDR_TYPES.map((t) => ({ label: value('ddrType', t), swatch: { type: 'icon', icon: ddrIconName(t) } as LegendSwatch })) : markerEntries(style)),
        { label: { key: 'map:legend.ddrArea' }, swatch: { type: 'fill', color: style.color } },
      ];
    case 'patrol':
      return PATROL_STATUS.map((s) => ({
        label: value('status', s),
        swatch: { type: 'line', color: byCategory ? PATROL_STATUS_STYLE[s].color : style.color, dashed: PATROL_STATUS_STYLE[s].dashed },
      }));
    case 'reference':
      return [
        { label: { key: 'map:legend.point' }, swatch: { type: 'circle', color: style.color } },
        { label: { key: 'map:legend.line' }, swatch: { type: 'line', color: style.color, dashed: false } },
        { label: { key: 'map:legend.area' }, swatch: { type: 'fill', color: style.color } },
      ];
  }
}

/** One section per visible layer, in the order given (the caller passes them topmost first). */
export function legendFor(layers: readonly LegendLayerInput[]): LegendSection[] {
  return layers
    .filter((l) => l.visible)
    .map((l) => {
      const display = l.display && displayModesFor(l.kind).includes(l.display) ? l.display : 'points';
      return { layerId: l.id, title: { text: l.name }, kind: l.kind, entries: entriesFor(l.kind, display, resolveStyle(l.kind, l.style)) };
    });
}
