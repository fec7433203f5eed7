/**
 * Counts of features that pass a layer's attribute filter and the time window: the numbers the
 * layer panel shows beside each layer. They use the very predicate whose MapLibre twin filters
 * the map (shared/domain/filters), so the count matches what is drawn.
 */
import type { Kind } from '../../shared/domain/common';
import { isFiltering, toPredicate, type LayerFilter, type TimeWindow } from '../../shared/domain/filters';
import type { CachedLayer } from './layer-cache';

/** What to count: the layer's kind (which fields and date fields apply), its filter, the window. */
export interface FilterQuery {
  kind: Kind;
  filter: LayerFilter | null;
  window: TimeWindow;
}

/** How many of `features` pass the query. */
export function countMatching(features: Iterable<{ properties: Readonly<Record<string, unknown>> | null }>, query: FilterQuery): number {
  const pass = toPredicate(query.kind, query.filter, query.window);
  let n = 0;
  for (const f of features) if (pass(f.properties)) n++;
  return n;
}

/**
 * The count for a parsed, cached layer. Nothing filtering is answered from the map's size without
 * touching a feature, the common case when the user has set no filter.
 */
export function countInCachedLayer(layer: CachedLayer, query: FilterQuery): number {
  if (!isFiltering(query.kind, query.filter, query.window)) return layer.features.size;
  function* features(): Generator<{ properties: Readonly<Record<string, unknown>> | null }> {
    for (const slot of layer.features.values()) yield slot.feature;
  }
  return countMatching(features(), query);
}
