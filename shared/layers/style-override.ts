import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { Kind } from '../domain/common';
import { colorModesFor, type ColorMode, type LayerStyle } from '../domain/layer';

/**
 * The user's per-layer style changes (LayerStyle, stored on the layer) resolved against the
 * kind's defaults, and the colour classes for incidents by severity and by recency. Pure data:
 * layer-style.ts builds the style layers from it and legend.ts the legend, so both agree.
 */

/** The colour of each kind in 'single' mode when the user chose none (also its area colour). */
export const DEFAULT_LAYER_COLORS: Record<Kind, string> = {
  incident: '#c62828',
  humanitarian: '#1e88e5',
  ddr: '#ef6c00',
  patrol: '#1565c0',
  reference: '#7e6fa8',
};

/** Colours a user can pick with one click: distinct on the light basemap and from each other. */
export const PRESET_COLORS = ['#c62828', '#ef6c00', '#f9a825', '#2e7d32', '#00897b', '#1e88e5', '#3949ab', '#8e24aa', '#6d4c41', '#424242'] as const;

/**
 * Incidents by severity: fatalities, in the bands incident summaries use. `min` is inclusive; a
 * missing or non-numeric value counts as 0.
 */
export const SEVERITY_CLASSES = [
  { key: 'none', min: 0, color: '#fdd835' },
  { key: 'low', min: 1, color: '#fb8c00' },
  { key: 'high', min: 5, color: '#e53935' },
  { key: 'mass', min: 25, color: '#6a1b9a' },
] as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Incidents by recency: how long before `now` the event happened. Newest first; the last class
 * (no `maxAgeMs`) takes everything older and events without a date.
 */
export const RECENCY_CLASSES = [
  { key: 'day', maxAgeMs: DAY, color: '#d50000' },
  { key: 'week', maxAgeMs: 7 * DAY, color: '#ff6d00' },
  { key: 'month', maxAgeMs: 30 * DAY, color: '#ffb300' },
  { key: 'older', color: '#9e9e9e' },
] as const;

export interface ResolvedStyle {
  colorMode: ColorMode;
  color: string;
  size: number;
  /** The label expression, or null for no labels. */
  label: ExpressionSpecification | null;
  /** The property named by the user, if any (for the legend and editor). */
  labelField: string | null | undefined;
}

/** The label each kind shows when the user chose none. */
export function defaultLabel(kind: Kind): ExpressionSpecification {
  if (kind === 'incident') return ['coalesce', ['get', 'name'], ['get', 'locationName'], ''];
  if (kind === 'patrol') return ['coalesce', ['get', 'unit'], ['get', 'name'], ''];
  return ['coalesce', ['get', 'name'], ''];
}

/** A property's value as label text (numbers and booleans too). */
export function fieldLabel(field: string): ExpressionSpecification {
  return ['to-string', ['coalesce', ['get', field], '']];
}

/** The style a layer is drawn with: the user's choices where valid for the kind, else the defaults. */
export function resolveStyle(kind: Kind, style: LayerStyle | undefined): ResolvedStyle {
  const modes = colorModesFor(kind);
  const colorMode = style?.colorMode && modes.includes(style.colorMode) ? style.colorMode : (modes[0] as ColorMode);
  const labelField = style?.labelField;
  return {
    colorMode,
    color: style?.color ?? DEFAULT_LAYER_COLORS[kind],
    size: style?.size ?? 1,
    label: labelField === null ? null : labelField ? fieldLabel(labelField) : defaultLabel(kind),
    labelField,
  };
}

/** Fill colour of incidents by fatalities. */
export function severityColor(): ExpressionSpecification {
  const [first, ...rest] = SEVERITY_CLASSES;
  return ['step', ['to-number', ['get', 'fatalities'], 0], first.color, ...rest.flatMap((c) => [c.min, c.color])] as ExpressionSpecification;
}

/**
 * Fill colour of incidents by how long before `now` they happened. Stored dates are ISO 8601
 * text, which sorts as time does, so the thresholds are compared as strings (the map's
 * expressions cannot parse dates). A date-only value counts as the start of its day.
 */
export function recencyColor(now: number): ExpressionSpecification {
  const date: ExpressionSpecification = ['to-string', ['coalesce', ['get', 'eventDate'], '']];
  const cases: unknown[] = [];
  for (const c of RECENCY_CLASSES) if ('maxAgeMs' in c) cases.push(['>=', date, new Date(now - c.maxAgeMs).toISOString()], c.color);
  return ['case', ...cases, RECENCY_CLASSES[RECENCY_CLASSES.length - 1]!.color] as ExpressionSpecification;
}

/** The colour of the points of a layer in a non-category mode. */
export function pointColor(style: ResolvedStyle, now: number): ExpressionSpecification | string {
  if (style.colorMode === 'severity') return severityColor();
  if (style.colorMode === 'recency') return recencyColor(now);
  return style.color;
}

/** A style with `change` merged in (undefined removes a field); undefined when nothing is left. */
export function mergeLayerStyle(current: LayerStyle | undefined, change: Partial<Record<keyof LayerStyle, unknown>>): LayerStyle | undefined {
  const next: Record<string, unknown> = { ...current };
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined) delete next[k];
    else next[k] = v;
  }
  return Object.keys(next).length ? (next as LayerStyle) : undefined;
}
