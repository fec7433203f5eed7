/**
 * The changes one changeset makes to one layer, as a copy-on-write overlay over the layer's
 * state before it. Nothing here touches IndexedDB or the cache: the store writes the result of
 * finish() inside its transaction and merges the overlay into the cache only after commit, so
 * an aborted changeset leaves both exactly as they were.
 */
import type { CgFeature } from '../../shared/domain/feature';
import type { Layer } from '../../shared/domain/layer';
import { unionBBoxes } from './bbox';
import { CHUNK_MAX_CHARS, CHUNK_SIZE, describedChunk, serialiseChunk, spliceChunkText, type ChunkText, type SerialisedChunk } from './chunks';
import type { CachedLayer, ChunkInfo, FeatureSlot } from './layer-cache';
import type { ChunkRecord, StoredLayer } from './records';

export class ChangesetError extends Error {
  override name = 'ChangesetError';
}

/**
 * What a rewritten chunk changed, for a reader that holds the chunk as it was (the tiles worker):
 * the JSON of its features that were put, and the ids that left it.
 */
export interface ChunkPatch {
  features: string;
  removed: string[];
}

/** What the store must write for one layer. */
export interface LayerWrites {
  /** The stored layer was deleted during the changeset: remove all its stored chunks first. */
  wipe: boolean;
  putChunks: ChunkRecord[];
  deleteSeqs: number[];
  /** By seq, for the rewritten chunks that were not split: what changed in them. */
  patches: Map<number, ChunkPatch>;
  /** By seq, where the features start in the put chunks whose text was spliced (ChunkText). */
  starts: Map<number, Int32Array>;
  /** The record to put, or null to delete it (when it existed before). */
  record: StoredLayer | null;
}

export class LayerWork {
  /** The stored layer (pre-changeset) was deleted at some point: its chunks and features are gone. */
  private wiped = false;
  private readonly features = new Map<string, FeatureSlot | null>();
  private readonly chunks = new Map<number, ChunkInfo | null>();
  private readonly dirty = new Set<number>();
  /** By chunk seq, the ids put into or deleted from it: what its patch names. */
  private readonly touched = new Map<number, Set<string>>();
  private tail: number | null;
  private nextSeq: number;
  record: StoredLayer | null;

  /**
   * @param baseRecord the stored layer before the changeset, or null if it did not exist.
   * @param base its parsed features, or null when not loaded (only layer-record ops) or absent.
   * @param baseText the text of a chunk of `base` as stored, with its feature starts, when known:
   *   a rewritten chunk then reuses the text of the features it keeps as they were.
   */
  constructor(
    readonly layerId: string,
    readonly baseRecord: StoredLayer | null,
    readonly base: CachedLayer | null,
    private readonly baseText: ((seq: number) => ChunkText | null) | null = null,
  ) {
    this.record = baseRecord;
    this.nextSeq = baseRecord?.nextSeq ?? 0;
    this.tail = base && base.chunks.size > 0 ? Math.max(...base.chunks.keys()) : null;
  }

  get exists(): boolean {
    return this.record !== null;
  }

  /** True when the changeset replaced or removed the stored layer, so the cached base is stale. */
  get replacedBase(): boolean {
    return this.wiped;
  }

  /** The feature as it stands at this point of the changeset. */
  getFeature(featureId: string): CgFeature | undefined {
    return this.slot(featureId)?.feature;
  }

  putLayer(layer: Layer): void {
    const derived = this.record ?? { featureCount: 0, bbox: null, featureClassifications: [], nextSeq: this.nextSeq, rev: '' };
    this.record = {
      ...layer,
      featureCount: derived.featureCount,
      bbox: derived.bbox,
      featureClassifications: derived.featureClassifications,
      nextSeq: derived.nextSeq,
      rev: derived.rev,
    };
  }

  deleteLayer(): void {
    if (!this.record) throw new ChangesetError(`deleteLayer: no layer ${this.layerId}`);
    this.record = null;
    if (this.baseRecord) this.wiped = true;
    this.features.clear();
    this.chunks.clear();
    this.dirty.clear();
    this.touched.clear();
    this.tail = null;
  }

  putFeatures(features: readonly CgFeature[]): void {
    this.requireLayer('putFeatures');
    for (const feature of features) {
      if (feature?.type !== 'Feature' || typeof feature.id !== 'string' || feature.id === '') {
        throw new ChangesetError(`putFeatures: layer ${this.layerId} got a feature without a string id`);
      }
      const existing = this.slot(feature.id);
      const seq = existing ? existing.seq : this.appendId(feature.id);
      if (existing) this.writableChunk(seq);
      this.touch(seq, feature.id);
      this.features.set(feature.id, { feature, seq });
    }
  }

  deleteFeatures(ids: readonly string[]): void {
    this.requireLayer('deleteFeatures');
    for (const id of ids) {
      const existing = this.slot(id);
      if (!existing) continue;
      // The id is filtered out of its chunk in finish(), once, however many deletes hit it.
      this.writableChunk(existing.seq);
      this.touch(existing.seq, id);
      this.features.set(id, null);
    }
  }

  /** Serialise the chunks that changed and derive the layer's count and extent. */
  finish(rev: string): LayerWrites {
    const putChunks: ChunkRecord[] = [];
    const deleteSeqs: number[] = [];
    const patches = new Map<number, ChunkPatch>();
    const starts = new Map<number, Int32Array>();
    for (const seq of [...this.dirty].sort((a, b) => a - b)) {
      const chunk = this.chunks.get(seq) as ChunkInfo;
      const live = this.liveIds(seq, chunk.ids);
      if (live.length === 0) {
        this.chunks.set(seq, null);
        if (this.storedChunkExists(seq)) deleteSeqs.push(seq);
        continue;
      }
      const features = live.map((id) => (this.slot(id) as FeatureSlot).feature);
      const spliced = this.splice(seq, live, features);
      let pieces: SerialisedChunk[];
      if (spliced && spliced.json.length <= CHUNK_MAX_CHARS) {
        pieces = [describedChunk(features, spliced.json)];
        starts.set(seq, spliced.starts);
      } else pieces = serialiseChunk(features);
      // A split moves features between chunks: its readers take the chunks' whole text instead.
      if (pieces.length === 1) patches.set(seq, this.patchOf(seq, live));
      pieces.forEach((piece, i) => {
        const pieceSeq = i === 0 ? seq : this.nextSeq++;
        const ids = piece.features.map((f) => f.id);
        if (i > 0) for (const f of piece.features) this.features.set(f.id, { feature: f, seq: pieceSeq });
        this.chunks.set(pieceSeq, { ids, bbox: piece.bbox, classifications: piece.classifications });
        putChunks.push({ layerId: this.layerId, seq: pieceSeq, count: ids.length, json: piece.json, bbox: piece.bbox, classifications: piece.classifications });
      });
    }
    this.dirty.clear();
    this.touched.clear();

    let record: StoredLayer | null = null;
    if (this.record && !this.base && !this.wiped && this.baseRecord) {
      // Only the layer record changed (features never loaded): its derived info still holds.
      record = { ...this.record, rev };
      this.record = record;
    } else if (this.record) {
      const current = [...this.currentChunks()];
      record = {
        ...this.record,
        featureCount: current.reduce((n, c) => n + c.ids.length, 0),
        bbox: unionBBoxes(current.map((c) => c.bbox)),
        featureClassifications: unionClassifications(current),
        nextSeq: this.nextSeq,
        rev,
      };
      this.record = record;
    }
    return { wipe: this.wiped, putChunks, deleteSeqs, patches, starts, record };
  }

  /**
   * Fold this changeset into the cached base after commit. Only valid when the base was loaded
   * and not replaced (see replacedBase); otherwise the store drops the cache entry instead.
   */
  mergeInto(target: CachedLayer, rev: string): void {
    for (const [id, slot] of this.features) {
      if (slot) target.features.set(id, slot);
      else target.features.delete(id);
    }
    for (const [seq, info] of this.chunks) {
      if (info) target.chunks.set(seq, info);
      else target.chunks.delete(seq);
    }
    // Keep ascending seq order: split pieces and new tail chunks have the highest seqs anyway,
    // but a re-created chunk key must not break orderedFeatures' assumptions.
    const sorted = [...target.chunks.entries()].sort((a, b) => a[0] - b[0]);
    target.chunks.clear();
    for (const [seq, info] of sorted) target.chunks.set(seq, info);
    target.rev = rev;
  }

  private requireLayer(op: string): void {
    if (!this.record) throw new ChangesetError(`${op}: no layer ${this.layerId}`);
  }

  private baseSlot(featureId: string): FeatureSlot | undefined {
    return this.wiped ? undefined : this.base?.features.get(featureId);
  }

  private slot(featureId: string): FeatureSlot | undefined {
    const local = this.features.get(featureId);
    if (local !== undefined) return local ?? undefined;
    if (this.baseRecord && !this.wiped && !this.base && this.baseRecord.featureCount > 0) {
      throw new Error(`internal: features of layer ${this.layerId} were not loaded`);
    }
    return this.baseSlot(featureId);
  }

  private chunk(seq: number): ChunkInfo | undefined {
    const local = this.chunks.get(seq);
    if (local !== undefined) return local ?? undefined;
    return this.wiped ? undefined : this.base?.chunks.get(seq);
  }

  private storedChunkExists(seq: number): boolean {
    return !this.wiped && this.base?.chunks.has(seq) === true;
  }

  /** The chunk's info, copied into the overlay on first write and marked for rewriting. */
  private writableChunk(seq: number): ChunkInfo {
    let info = this.chunks.get(seq);
    if (!info) {
      const stored = this.chunk(seq);
      info = { ids: stored ? [...stored.ids] : [], bbox: stored?.bbox ?? null, classifications: stored?.classifications ?? [] };
      this.chunks.set(seq, info);
    }
    this.dirty.add(seq);
    return info;
  }

  private touch(seq: number, id: string): void {
    let ids = this.touched.get(seq);
    if (!ids) this.touched.set(seq, (ids = new Set()));
    ids.add(id);
  }

  /**
   * The new text of stored chunk `seq`, from its stored text: the features this changeset did not
   * touch keep their JSON (stringifying 2,000 features again was most of a live edit's cost in the
   * store worker), the others are stringified. Null without the stored text.
   */
  private splice(seq: number, live: readonly string[], features: readonly CgFeature[]): ChunkText | null {
    const stored = this.wiped ? undefined : this.base?.chunks.get(seq);
    const text = stored && this.baseText?.(seq);
    if (!stored || !text || text.starts.length !== stored.ids.length + 1) return null;
    const at = new Map<string, number>();
    stored.ids.forEach((id, i) => at.has(id) || at.set(id, i));
    const touched = this.touched.get(seq);
    const parts = live.map((id, i) => {
      const kept = touched?.has(id) ? undefined : at.get(id);
      return kept ?? JSON.stringify(features[i]);
    });
    return spliceChunkText(text, parts);
  }

  /** The features of chunk `seq` this changeset put (in the chunk's order) and the ids it took out. */
  private patchOf(seq: number, live: readonly string[]): ChunkPatch {
    const touched = this.touched.get(seq) ?? new Set<string>();
    const put = live.filter((id) => touched.has(id));
    const kept = new Set(put);
    return {
      features: JSON.stringify(put.map((id) => (this.slot(id) as FeatureSlot).feature)),
      removed: [...touched].filter((id) => !kept.has(id)),
    };
  }

  /** Place a new id at the end of the last chunk, or in a fresh chunk when that one is full. */
  private appendId(id: string): number {
    const tailChunk = this.tail === null ? undefined : this.chunk(this.tail);
    let seq: number;
    if (this.tail !== null && tailChunk && tailChunk.ids.length < CHUNK_SIZE) seq = this.tail;
    else {
      seq = this.nextSeq++;
      this.tail = seq;
    }
    this.writableChunk(seq).ids.push(id);
    return seq;
  }

  /** Ids still in chunk `seq`: deleted or moved ids are dropped, duplicates (delete + re-put) once. */
  private liveIds(seq: number, ids: readonly string[]): string[] {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      if (this.slot(id)?.seq === seq) out.push(id);
    }
    return out;
  }

  private *currentChunks(): Iterable<ChunkInfo> {
    for (const [, info] of this.chunks) if (info) yield info;
    if (this.wiped || !this.base) return;
    for (const [seq, info] of this.base.chunks) if (!this.chunks.has(seq)) yield info;
  }
}

function unionClassifications(chunks: readonly ChunkInfo[]): string[] {
  const out = new Set<string>();
  for (const c of chunks) for (const code of c.classifications) out.add(code);
  return [...out].sort();
}
