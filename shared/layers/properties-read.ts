import type { FilterSpecification, LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { MAP_FEATURE_ID } from './layer-style';

/**
 * The feature properties a set of style layers and filters can read: the names in `get` and
 * `has` expressions, in legacy filters (`['==', 'name', value]`) and in `{name}` tokens of
 * text-field and icon-image strings, plus MAP_FEATURE_ID (clicks and the selection read it).
 * A big layer's tiles carry only these, which keeps encoding them in the tiles worker and
 * decoding them in MapLibre's worker to what the map draws. Naming more than is read costs only
 * bytes; naming less would draw wrongly, so anything that may be a property name is kept.
 */
export function propertiesRead(specs: readonly LayerSpecification[], filters: readonly (FilterSpecification | null | undefined)[] = []): string[] {
  const names = new Set<string>([MAP_FEATURE_ID]);
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const m of value.matchAll(/\{([^{}]+)\}/g)) names.add(m[1] as string);
      return;
    }
    if (!Array.isArray(value)) {
      if (value && typeof value === 'object') for (const v of Object.values(value)) visit(v);
      return;
    }
    const [op, first] = value as unknown[];
    if (typeof op === 'string' && typeof first === 'string' && READERS.has(op)) names.add(first);
    for (const v of value) visit(v);
  };
  for (const spec of specs) {
    if ('filter' in spec) visit(spec.filter);
    if ('layout' in spec) visit(spec.layout);
    if ('paint' in spec) visit(spec.paint);
  }
  for (const f of filters) visit(f);
  return [...names].sort();
}

/** Expression operators and legacy filter operators whose second element can name a property. */
const READERS = new Set(['get', 'has', '!has', '==', '!=', '<', '<=', '>', '>=', 'in', '!in']);
