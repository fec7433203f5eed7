/**
 * Parsed layers kept in memory between applies, so that editing one feature of a big layer
 * neither re-reads nor re-parses the layer: apply needs every touched feature's previous
 * version (for the inverse) and the chunk each id lives in (to rewrite only that chunk).
 *
 * An entry is only trusted when its `rev` equals the stored layer's rev, read inside the
 * transaction that uses it; entries are only mutated after a transaction commits.
 */
import type { CgFeature } from '../../shared/domain/feature';
import type { BBox } from './bbox';
import { parseChunk } from './chunks';
import type { ChunkRecord } from './records';

export interface FeatureSlot {
  feature: CgFeature;
  /** Seq of the chunk that holds the feature. */
  seq: number;
}

export interface ChunkInfo {
  /** Feature ids in the chunk, in stored order. */
  ids: string[];
  bbox: BBox | null;
  classifications: string[];
}

export interface CachedLayer {
  rev: string;
  features: Map<string, FeatureSlot>;
  /** By seq, in ascending seq order. */
  chunks: Map<number, ChunkInfo>;
}

/** Above this many cached features, least recently used layers are dropped (re-read on demand). */
export const CACHE_FEATURE_BUDGET = 1_000_000;

export class LayerCache {
  private readonly layers = new Map<string, CachedLayer>();

  constructor(private readonly budget = CACHE_FEATURE_BUDGET) {}

  /** The entry for a layer if it is current for `rev`; marks it recently used. */
  get(layerId: string, rev: string): CachedLayer | undefined {
    const entry = this.layers.get(layerId);
    if (!entry || entry.rev !== rev) return undefined;
    this.layers.delete(layerId);
    this.layers.set(layerId, entry);
    return entry;
  }

  /** The entry whatever its rev, without touching recency. */
  peek(layerId: string): CachedLayer | undefined {
    return this.layers.get(layerId);
  }

  set(layerId: string, entry: CachedLayer): void {
    this.layers.delete(layerId);
    this.layers.set(layerId, entry);
    this.evict(layerId);
  }

  delete(layerId: string): void {
    this.layers.delete(layerId);
  }

  clear(): void {
    this.layers.clear();
  }

  private evict(keep: string): void {
    let total = 0;
    for (const entry of this.layers.values()) total += entry.features.size;
    for (const [id, entry] of this.layers) {
      if (total <= this.budget) break;
      if (id === keep) continue;
      this.layers.delete(id);
      total -= entry.features.size;
    }
  }
}

export function buildCachedLayer(rev: string, chunks: readonly ChunkRecord[]): CachedLayer {
  const features = new Map<string, FeatureSlot>();
  const infos = new Map<number, ChunkInfo>();
  for (const chunk of chunks) {
    const parsed = parseChunk(chunk.json);
    const ids: string[] = new Array<string>(parsed.length);
    for (let i = 0; i < parsed.length; i++) {
      const feature = parsed[i] as CgFeature;
      ids[i] = feature.id;
      features.set(feature.id, { feature, seq: chunk.seq });
    }
    infos.set(chunk.seq, { ids, bbox: chunk.bbox, classifications: chunk.classifications });
  }
  return { rev, features, chunks: infos };
}

/** A cached layer's features in stored order (chunk by chunk). */
export function orderedFeatures(layer: CachedLayer): CgFeature[] {
  const out: CgFeature[] = [];
  for (const seq of [...layer.chunks.keys()].sort((a, b) => a - b)) {
    for (const id of (layer.chunks.get(seq) as ChunkInfo).ids) {
      const slot = layer.features.get(id);
      if (slot) out.push(slot.feature);
    }
  }
  return out;
}
