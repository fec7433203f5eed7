/**
 * Which of a cached layer's features an export writes: all of them, those the map shows through
 * the layer's filter and the time window (the same predicate as the layer panel's count and the
 * map filter), or a selection by id. Always in stored order.
 */
import type { CgFeature } from '../../shared/domain/feature';
import { toPredicate } from '../../shared/domain/filters';
import type { FilterQuery } from './filtered-count';
import type { CachedLayer } from './layer-cache';

export type ExportScope = { type: 'layer' } | { type: 'filtered'; query: FilterQuery } | { type: 'selection'; featureIds: string[] };

export function featuresInScope(layer: CachedLayer, scope: ExportScope): CgFeature[] {
  const all = [...layer.features.values()].map((slot) => slot.feature);
  switch (scope.type) {
    case 'layer':
      return all;
    case 'filtered': {
      const pass = toPredicate(scope.query.kind, scope.query.filter, scope.query.window);
      return all.filter((f) => pass(f.properties));
    }
    case 'selection': {
      const ids = new Set(scope.featureIds);
      return all.filter((f) => ids.has(f.id));
    }
  }
}
