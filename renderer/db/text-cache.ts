/**
 * Chunk text kept in memory per layer, so the map's GeoJSON for a layer that was just imported
 * or edited is built without reading the chunks back from IndexedDB. Measured in Chromium for
 * 171k points (69 MB): reading the 86 chunks back costs ~300 ms, the Blob itself ~450 ms, and
 * the import itself ~700 ms, against a 1.75 s budget for "stored and visible".
 *
 * Same trust rule as the feature cache: an entry is used only when its rev equals the stored
 * layer's rev, and it is updated only after a transaction commits.
 */
import { arrayElementStarts, type ChunkText } from './chunks';
import type { ChunkPatch, LayerWrites } from './layer-work';
import type { ChunkRecord } from './records';

/** Above this many cached characters, least recently used layers are dropped. */
export const TEXT_CACHE_CHAR_BUDGET = 200_000_000;

/** Per layer, this many of the latest chunk rewrites keep their patch; a reader further behind gets whole texts. */
export const PATCH_LINKS_PER_LAYER = 1_024;

/** A chunk's rewrite: the stamp it had before, and what changed (see ChunkPatch). */
interface PatchLink extends ChunkPatch {
  prev: string;
}

export interface LayerText {
  rev: string;
  /** Chunk JSON by seq. */
  chunks: Map<number, string>;
  /** A stamp per chunk, new whenever its text is set: a reader that kept a chunk's stamp asks only for the chunks with another. */
  stamps: Map<number, string>;
  /** By the stamp a rewrite gave a chunk, the link back to its stamp before, oldest first. */
  links: Map<string, PatchLink>;
  /** The characters of the links' feature JSON. */
  linkChars: number;
  /** By seq, where the chunk's features start in its text (ChunkText), once asked for or spliced. */
  starts: Map<number, Int32Array>;
}

/** A chunk's text with its stamp (see LayerText.stamps). */
export interface StampedChunk {
  seq: number;
  stamp: string;
  json: string;
}

export class TextCache {
  private readonly layers = new Map<string, LayerText>();
  /** Stamps are unique to this cache: a store opened again never repeats one a reader kept. */
  private readonly session = crypto.randomUUID();
  private nextStamp = 0;

  constructor(private readonly budget = TEXT_CACHE_CHAR_BUDGET) {}

  /** Chunk JSON in seq order, if the cached text is current for `rev`. */
  get(layerId: string, rev: string): string[] | undefined {
    return this.stamped(layerId, rev)?.map((c) => c.json);
  }

  /** Chunk JSON with stamps in seq order, if the cached text is current for `rev`. */
  stamped(layerId: string, rev: string): StampedChunk[] | undefined {
    const entry = this.layers.get(layerId);
    if (!entry || entry.rev !== rev) return undefined;
    this.layers.delete(layerId);
    this.layers.set(layerId, entry);
    return [...entry.chunks.entries()].sort((a, b) => a[0] - b[0]).map(([seq, json]) => ({ seq, json, stamp: entry.stamps.get(seq) ?? '' }));
  }

  private stamp(): string {
    return `${this.session}:${++this.nextStamp}`;
  }

  /** Replace a layer's text with a complete set of chunks. */
  set(layerId: string, rev: string, chunks: readonly Pick<ChunkRecord, 'seq' | 'json'>[]): void {
    this.layers.delete(layerId);
    this.layers.set(layerId, { rev, chunks: new Map(chunks.map((c) => [c.seq, c.json])), stamps: new Map(chunks.map((c) => [c.seq, this.stamp()])), links: new Map(), linkChars: 0, starts: new Map() });
    this.evict(layerId);
  }

  /**
   * What changed in a chunk from stamp `from` to stamp `to`, as the patches of each rewrite in
   * between, oldest first; null when the rewrites are not all known (a split, too far behind,
   * another session's stamp).
   */
  patchesBetween(layerId: string, from: string, to: string): ChunkPatch[] | null {
    const links = this.layers.get(layerId)?.links;
    if (!links) return null;
    const out: ChunkPatch[] = [];
    for (let stamp = to; stamp !== from; ) {
      const link = links.get(stamp);
      if (!link) return null;
      out.push({ features: link.features, removed: link.removed });
      stamp = link.prev;
    }
    return out.reverse();
  }

  /**
   * Apply a committed change to a layer whose text was current at `fromRev`; else forget it.
   * The patches of the rewritten chunks that have one are linked from their old stamp.
   */
  update(layerId: string, fromRev: string, toRev: string, writes: Pick<LayerWrites, 'putChunks' | 'deleteSeqs'> & Partial<Pick<LayerWrites, 'patches' | 'starts'>>): void {
    const { putChunks: put, deleteSeqs: deleted, patches, starts } = writes;
    const entry = this.layers.get(layerId);
    if (!entry) return;
    if (entry.rev !== fromRev) {
      this.layers.delete(layerId);
      return;
    }
    for (const seq of deleted) {
      entry.chunks.delete(seq);
      entry.stamps.delete(seq);
      entry.starts.delete(seq);
    }
    for (const c of put) {
      const prev = entry.stamps.get(c.seq);
      const stamp = this.stamp();
      const patch = patches?.get(c.seq);
      entry.chunks.set(c.seq, c.json);
      entry.stamps.set(c.seq, stamp);
      const at = starts?.get(c.seq);
      if (at) entry.starts.set(c.seq, at);
      else entry.starts.delete(c.seq);
      // A patch past half its chunk's text is never sent (layerChunkDelta): no link to keep.
      if (prev !== undefined && patch && patch.features.length * 2 < c.json.length) {
        entry.links.set(stamp, { prev, ...patch });
        entry.linkChars += patch.features.length;
      }
    }
    // Links are bounded in number and, so that bulk edits cannot pile up copies, to the layer's own text in size.
    const textChars = charsOf(entry.chunks.values());
    for (const [old, link] of entry.links) {
      if (entry.links.size <= PATCH_LINKS_PER_LAYER && entry.linkChars <= textChars) break;
      entry.links.delete(old);
      entry.linkChars -= link.features.length;
    }
    entry.rev = toRev;
    this.evict(layerId);
  }

  /**
   * One chunk's text with where its features start, if the cached text is current for `rev`
   * (the starts are found the first time). Does not count as a use for eviction.
   */
  chunkText(layerId: string, rev: string, seq: number): ChunkText | null {
    const entry = this.layers.get(layerId);
    const json = entry?.rev === rev ? entry.chunks.get(seq) : undefined;
    if (!entry || json === undefined) return null;
    let starts = entry.starts.get(seq);
    if (!starts) {
      const found = arrayElementStarts(json);
      if (!found) return null;
      entry.starts.set(seq, (starts = found));
    }
    return { json, starts };
  }

  delete(layerId: string): void {
    this.layers.delete(layerId);
  }

  clear(): void {
    this.layers.clear();
  }

  private evict(keep: string): void {
    let total = 0;
    const sizes = new Map<string, number>();
    for (const [id, entry] of this.layers) {
      const n = charsOf(entry.chunks.values()) + entry.linkChars;
      sizes.set(id, n);
      total += n;
    }
    for (const [id, n] of sizes) {
      if (total <= this.budget) break;
      if (id === keep) continue;
      this.layers.delete(id);
      total -= n;
    }
  }
}

function charsOf(texts: Iterable<string>): number {
  let n = 0;
  for (const json of texts) n += json.length;
  return n;
}
