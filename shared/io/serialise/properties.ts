import type { SerialisableLayer } from './types';

/** Property-key helpers shared by the serialisers. */

/** Every property key in the layers, in order of first appearance. */
export function propertyKeys(layers: readonly SerialisableLayer[]): string[] {
  const keys = new Set<string>();
  for (const layer of layers) {
    for (const f of layer.features) {
      for (const k of Object.keys(f.properties ?? {})) keys.add(k);
    }
  }
  return [...keys];
}

/** `wanted`, or it with leading underscores added until no feature's properties use it. */
export function freeKey(wanted: string, layers: readonly SerialisableLayer[]): string {
  const used = new Set(propertyKeys(layers));
  let key = wanted;
  while (used.has(key)) key = `_${key}`;
  return key;
}

/** A property value as one cell of text: objects and lists as JSON, null and undefined as ''. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v) ?? '';
}
