import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Kind } from '../../shared/domain/common';
import type { LayerStyle } from '../../shared/domain/layer';
import { BADGE_PATHS, GLYPH_COLOR, GLYPH_SCALE, ICON_BOX, ICON_OUTLINE_COLOR, ICON_OUTLINE_WIDTH, ICONS } from '../../shared/layers/icons';
import { legendFor, type LegendEntry, type LegendLabel, type LegendSwatch } from '../../shared/layers/legend';
import { useDisplay } from '../state/display-store';
import { MarkingBadge } from './MarkingBadge';

export interface LegendLayer {
  id: string;
  name: string;
  kind: Kind;
  visible: boolean;
  order: number;
  style?: LayerStyle;
}

/**
 * The legend of the visible layers, generated from the same data as the map styles
 * (shared/layers/legend.ts); icons are drawn from icons.ts as inline SVG, like the map's images.
 */
export function Legend({ layers, classification }: { layers: readonly LegendLayer[]; /** The highest classification among the visible content. */ classification: string }) {
  const { t } = useTranslation('map');
  const [open, setOpen] = useState(true);
  const display = useDisplay((s) => s.byLayer);
  const sections = legendFor([...layers].sort((a, b) => b.order - a.order).map((l) => ({ ...l, display: display[l.id] ?? 'points' })));
  if (sections.length === 0) return null;
  const label = (l: LegendLabel): string => ('text' in l ? l.text : t(l.key));
  return (
    <section className={open ? 'legend' : 'legend collapsed'} aria-label={t('legend.title')} data-map-overlay="bottom">
      {/* The classification heads the legend as a banner does a page, and stays in sight when it is folded. */}
      <div className="legend-marking" data-testid="legend-marking" title={t('markings:legend')}>
        <span className="visually-hidden">{t('markings:legend')}</span>
        <MarkingBadge classification={classification} />
      </div>
      <button type="button" className="legend-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span>{t('legend.title')}</span>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span>
      </button>
      {open && (
        <div className="legend-body">
          {sections.map((s) => (
            <section key={s.layerId} className="legend-section" aria-label={label(s.title)} data-layer-id={s.layerId}>
              <h4 title={label(s.title)}>{label(s.title)}</h4>
              {groups(s.entries).map((g, i) => (
                <div key={i} className={g.group ? 'legend-group grouped' : 'legend-group'}>
                  {g.group && <div className="legend-group-title">{label(g.group)}</div>}
                  <ul>
                    {g.entries.map((e, j) => (
                      <li key={j}>
                        <Swatch swatch={e.swatch} />
                        <span>{label(e.label)}</span>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </section>
          ))}
        </div>
      )}
    </section>
  );
}

/** Consecutive entries with the same group, kept in order. */
function groups(entries: readonly LegendEntry[]): { group?: LegendLabel; entries: LegendEntry[] }[] {
  const out: { group?: LegendLabel; entries: LegendEntry[] }[] = [];
  for (const e of entries) {
    const last = out.at(-1);
    if (last && JSON.stringify(last.group) === JSON.stringify(e.group)) last.entries.push(e);
    else out.push({ ...(e.group ? { group: e.group } : {}), entries: [e] });
  }
  return out;
}

const SWATCH = 18;

export function Swatch({ swatch }: { swatch: LegendSwatch }) {
  switch (swatch.type) {
    case 'icon':
      return <IconSvg name={swatch.icon} size={SWATCH} />;
    case 'circle':
      return (
        <svg className="swatch" width={SWATCH} height={SWATCH} viewBox="0 0 18 18" aria-hidden="true">
          <circle cx="9" cy="9" r="6" fill={swatch.color} stroke="#ffffff" strokeWidth="1.5" />
          <circle cx="9" cy="9" r="7" fill="none" stroke="rgba(0,0,0,0.25)" strokeWidth="0.8" />
        </svg>
      );
    case 'line':
      return (
        <svg className="swatch" width={SWATCH} height={SWATCH} viewBox="0 0 18 18" aria-hidden="true">
          <line x1="1" y1="9" x2="17" y2="9" stroke={swatch.color} strokeWidth="3" strokeDasharray={swatch.dashed ? '4 3' : undefined} />
        </svg>
      );
    case 'fill':
      return (
        <svg className="swatch" width={SWATCH} height={SWATCH} viewBox="0 0 18 18" aria-hidden="true">
          <rect x="2" y="3" width="14" height="12" rx="1.5" fill={swatch.color} fillOpacity="0.25" stroke={swatch.color} strokeWidth="1.5" />
        </svg>
      );
    case 'heatmap':
      return <span className="swatch heatmap-swatch" aria-hidden="true" style={{ background: `linear-gradient(to right, ${swatch.colors.slice(1).join(', ')})` }} />;
  }
}

/** One of the map's icons as inline SVG, from the same path data the map rasterises. */
export function IconSvg({ name, size }: { name: string; size: number }) {
  const spec = ICONS.get(name);
  if (!spec) return null;
  const c = ICON_BOX / 2;
  return (
    <svg className="swatch" width={size} height={size} viewBox={`0 0 ${ICON_BOX} ${ICON_BOX}`} aria-hidden="true">
      <path d={BADGE_PATHS[spec.shape]} fill="none" stroke="rgba(0,0,0,0.35)" strokeWidth={ICON_OUTLINE_WIDTH + 1.2} />
      <path d={BADGE_PATHS[spec.shape]} fill={spec.color} stroke={ICON_OUTLINE_COLOR} strokeWidth={ICON_OUTLINE_WIDTH} paintOrder="stroke" />
      <g transform={`translate(${c} ${c}) scale(${GLYPH_SCALE}) translate(${-c} ${-c})`}>
        {spec.glyph.map((p, i) => (
          <path key={i} d={p.d} fill={p.fill === 'glyph' ? GLYPH_COLOR : spec.color} />
        ))}
      </g>
    </svg>
  );
}
