/**
 * The text of a layer's GeoJSON as the map gets it: each chunk's features with only the
 * properties the map reads (shared/layers/map-data.ts). Slimming a chunk means parsing it, so
 * the slim text is kept per chunk and reused while the chunk's stored text is the same string:
 * an edit re-slims the one chunk it rewrote. Bounded like the text cache, least recently used
 * layers first.
 */
import type { Kind } from '../../shared/domain/common';
import { mapFeatureJson, mapPropertyNames } from '../../shared/layers/map-data';
import type { CgFeature } from '../../shared/domain/feature';
import { parseChunk } from './chunks';
import { TEXT_CACHE_CHAR_BUDGET } from './text-cache';

export function slimChunk(kind: Kind, json: string): string {
  if (!mapPropertyNames(kind)) return json;
  return `[${parseChunk(json)
    .map((f: CgFeature) => mapFeatureJson(kind, f))
    .join(',')}]`;
}

interface Entry {
  kind: Kind;
  /** Slim text by the stored chunk text it was made from. */
  byRaw: Map<string, string>;
  chars: number;
}

export class MapTextCache {
  private readonly layers = new Map<string, Entry>();

  constructor(private readonly budget = TEXT_CACHE_CHAR_BUDGET) {}

  /** The slim text of each chunk, in the order given. */
  slim(layerId: string, kind: Kind, chunkTexts: readonly string[]): string[] {
    const previous = this.layers.get(layerId);
    const reuse = previous?.kind === kind ? previous.byRaw : undefined;
    const byRaw = new Map<string, string>();
    let chars = 0;
    const out = chunkTexts.map((raw) => {
      const slim = reuse?.get(raw) ?? byRaw.get(raw) ?? slimChunk(kind, raw);
      byRaw.set(raw, slim);
      chars += slim.length;
      return slim;
    });
    this.layers.delete(layerId);
    this.layers.set(layerId, { kind, byRaw, chars });
    this.evict(layerId);
    return out;
  }

  delete(layerId: string): void {
    this.layers.delete(layerId);
  }

  private evict(keep: string): void {
    let total = 0;
    for (const e of this.layers.values()) total += e.chars;
    for (const [id, e] of this.layers) {
      if (total <= this.budget) break;
      if (id === keep) continue;
      this.layers.delete(id);
      total -= e.chars;
    }
  }
}
