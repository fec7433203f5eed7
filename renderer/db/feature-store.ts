/**
 * The local feature store: layers, their features in chunks, the change log, undo and redo.
 * Usable on the main thread or in a worker (no DOM, React or MapLibre here).
 *
 * Every change goes through apply(changeset) as ONE read-write transaction: it loads the
 * touched layers (from the in-memory cache when current), computes the inverse, rewrites only
 * the chunks that changed, updates the layers' derived count and extent, and appends to the
 * change log. If anything throws, IndexedDB rolls back and the cache is untouched, because the
 * changeset's effects live in LayerWork overlays that are merged into the cache after commit.
 */
import { changeSummary, invertOps, summaryMessage, type ChangeSummary, type Changeset, type Op } from '../../shared/domain/changeset';
import { newId, type Author, type CgFeature } from '../../shared/domain/feature';
import { buildChangeRecord, dropOpsBeforeLayerDeletion, newLayersChangeRecord, opLayerId } from './changes';
import { chunkRecordsOf, type EncodedLayer } from './chunk-transfer';
import { featureCollectionParts, parseChunk } from './chunks';
import { MapTextCache } from './map-text';
import { chunkTextsArePointsOnly, chunkTextsDateExtent, searchNames, type NameHit } from './layer-queries';
import type { Kind } from '../../shared/domain/common';
import type { Extent } from '../../shared/domain/time-window';
import { countInCachedLayer, type FilterQuery } from './filtered-count';
import { isFiltering } from '../../shared/domain/filters';
import { deleteLayerChunks, readLayerChunks } from './chunk-queries';
import { LayerCache, buildCachedLayer, type CachedLayer } from './layer-cache';
import { ChangesetError, LayerWork, type ChunkPatch, type LayerWrites } from './layer-work';
import { unionBBoxes } from './bbox';
import type { ChangeRecord, LayerInfo, StoredLayer } from './records';
import { CgDatabase, DEFAULT_DB_NAME, type DatabaseOptions } from './schema';
import { BeforeState, changeView, toLayerInfo } from './state-views';
import { TextCache } from './text-cache';
import { UndoStack } from './undo-stack';
import { opTouches, type LeavingData } from './history-forget';
import { featuresInScope, type ExportScope } from './export-scope';
import { ConflictWork, isConflictOp } from './conflict-work';
import type { ConflictRecord } from '../../shared/domain/conflict';
import { queueForHub, refuseHubDecisions } from './hub-outbox';
import type { Tombstone } from '../../shared/domain/tombstone';
import { writeTombstones } from './tombstone-work';

export { ChangesetError } from './layer-work';
export type { ChangeRecord, FeatureDiff, LayerInfo, OpSummary } from './records';

/**
 * One chunk in a layerChunkDelta answer: its text is null when the reader has it already, or when
 * `patches` say what changed since the stamp the reader has (oldest first).
 */
export interface ChunkDelta {
  seq: number;
  stamp: string;
  json: string | null;
  patches?: ChunkPatch[];
}

export interface AppliedChange {
  changeset: Changeset;
  /** The ops that undo it, computed from the state it was applied to. */
  inverse: Op[];
  /** Layers whose record or features changed and that still exist. */
  changedLayerIds: string[];
  /** Layers that existed before and are gone after. */
  layersDeleted: string[];
  /** Open conflicts were recorded or settled. */
  conflictsChanged: boolean;
  /** Entries it put in the hub's outbox (edits of shared layers). */
  outboxAdded: number;
}

/** How a changeset that is not the user's own edit is applied (see HubLocal). */
export interface CommitOptions {
  /** From the hub, or the hub's bookkeeping: not pushed back, and read-only layers take it. */
  remote?: boolean;
  /** Written to the change log (false for version bookkeeping nobody needs to read). */
  log?: boolean;
  /** More writes that must commit or fail with the changeset: the outbox, the hub's cursor. */
  within?: (db: CgDatabase) => Promise<void>;
  /** Hub data leaving the workstation: its record names no feature and keeps no copy of one. */
  withoutContent?: boolean;
}

export interface StoreChangeEvent {
  changedLayerIds: string[];
  deletedLayerIds: string[];
  conflictsChanged: boolean;
}

export type StoreChangeListener = (event: StoreChangeEvent) => void;

export const GEOJSON_MIME = 'application/geo+json';

export class FeatureStore {
  private readonly cache = new LayerCache();
  private readonly text = new TextCache();
  private readonly mapText = new MapTextCache();
  /**
   * Whether an imported layer is all points, as the import worker found while cutting its chunks,
   * by the rev it was found at: the map asks right after the import, and scanning the new layer's
   * text again would cost the commit's stored → drawn stage about 0.3 s on the 171k bench file.
   */
  private readonly knownPointsOnly = new Map<string, { rev: string; value: boolean }>();
  /** In memory only, capped at UNDO_LIMIT (100): nothing to undo after a restart; the log persists. */
  private readonly undoStack = new UndoStack();
  private readonly listeners = new Set<StoreChangeListener>();
  /** Writes run one at a time: each apply's cache merge must land before the next one reads. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly db: CgDatabase) {}

  static open(name: string = DEFAULT_DB_NAME, options: DatabaseOptions = {}): Promise<FeatureStore> {
    return FeatureStore.attach(new CgDatabase(name, options));
  }

  /** Wrap a database the caller constructed (tests add Dexie middleware this way). */
  static async attach(db: CgDatabase): Promise<FeatureStore> {
    await db.open();
    return new FeatureStore(db);
  }

  close(): void {
    this.db.close();
    this.cache.clear();
    this.text.clear();
    this.listeners.clear();
  }

  // ---- reading ---------------------------------------------------------------------------

  async listLayers(): Promise<LayerInfo[]> {
    const records = await this.db.layers.orderBy('order').toArray();
    return records.map(toLayerInfo);
  }

  /** A copy of one feature, or undefined. Parses the layer once, then serves from the cache. */
  async getFeature(layerId: string, featureId: string): Promise<CgFeature | undefined> {
    return this.db.transaction('r', [this.db.layers, this.db.chunks], async () => {
      const record = await this.db.layers.get(layerId);
      if (!record) return undefined;
      const slot = (await this.loadBase(record)).features.get(featureId);
      return slot ? structuredClone(slot.feature) : undefined;
    });
  }

  /** The layer's features in stored order, freshly parsed (callers may mutate them); [] if no layer. */
  async getLayerFeatures(layerId: string): Promise<CgFeature[]> {
    const chunks = await this.db.transaction('r', this.db.chunks, () => readLayerChunks(this.db, layerId));
    return chunks.flatMap((c) => parseChunk(c.json));
  }

  /** The layer as GeoJSON text, built from chunk text without parsing; empty if no layer. */
  async layerGeoJsonText(layerId: string): Promise<string> {
    return (await this.geoJsonParts(layerId)).join('');
  }

  /** Same as layerGeoJsonText, as a Blob the map can load by object URL off the main thread. */
  async layerGeoJsonBlob(layerId: string): Promise<Blob> {
    return new Blob(await this.geoJsonParts(layerId), { type: GEOJSON_MIME });
  }

  /**
   * The layer's GeoJSON as the map needs it: only the properties styles, labels and filters read
   * (see map-text.ts); the Blob is fetched and parsed in MapLibre's worker.
   */
  async layerMapBlob(layerId: string): Promise<Blob> {
    const kind = (await this.db.layers.get(layerId))?.kind;
    const texts = await this.chunkTexts(layerId);
    return new Blob(featureCollectionParts(kind ? this.mapText.slim(layerId, kind, texts) : texts), { type: GEOJSON_MIME });
  }

  /**
   * The JSON text of each of the layer's stored chunks (an array of features each), for the tiles
   * worker, which parses them one by one: nothing is parsed or slimmed here.
   */
  async layerChunkTexts(layerId: string): Promise<string[]> {
    return this.chunkTexts(layerId);
  }

  /**
   * The layer's chunks for a reader that kept some of them (the tiles worker, per data version):
   * every chunk's seq and stamp, with its text only when the stamp is not the one the reader
   * has for that seq, or instead what the rewrites since that stamp changed when the text cache
   * knows them all and they are small. A chunk missing from the answer is gone. Stamps come from the text cache;
   * a layer read back from IndexedDB gets new ones, so the reader then gets every text again.
   */
  async layerChunkDelta(layerId: string, known: Readonly<Record<number, string>>): Promise<ChunkDelta[]> {
    return this.db.transaction('r', [this.db.layers, this.db.chunks], async () => {
      const record = await this.db.layers.get(layerId);
      if (!record) return [];
      let chunks = this.text.stamped(layerId, record.rev);
      if (!chunks) {
        this.text.set(layerId, record.rev, await readLayerChunks(this.db, layerId));
        chunks = this.text.stamped(layerId, record.rev) ?? [];
      }
      return chunks.map((c): ChunkDelta => {
        const had = known[c.seq];
        if (had === c.stamp) return { seq: c.seq, stamp: c.stamp, json: null };
        const patches = had === undefined ? null : this.text.patchesBetween(layerId, had, c.stamp);
        // Past half the chunk's text, parsing the whole chunk costs the reader no more.
        const small = patches && patches.reduce((n, p) => n + p.features.length, 0) * 2 < c.json.length;
        return patches && small ? { seq: c.seq, stamp: c.stamp, json: null, patches } : { seq: c.seq, stamp: c.stamp, json: c.json };
      });
    });
  }

  /**
   * The chunk texts with the layer's rev they were read at: a plan made from them (a package's
   * preview) stays valid while the rev does.
   */
  async layerChunkTextsAtRev(layerId: string): Promise<{ rev: string | undefined; texts: string[] }> {
    return this.revChunkTexts(layerId);
  }

  /** Change records that touched the feature, newest first, diffs narrowed to that feature. */
  async history(featureId: string): Promise<ChangeRecord[]> {
    const records = await this.db.changes.where('featureIds').equals(featureId).toArray();
    records.sort((a, b) => (b.n ?? 0) - (a.n ?? 0));
    for (const r of records) if (r.diffs) r.diffs = r.diffs.filter((d) => d.featureId === featureId);
    return records;
  }

  /** Open conflicts, of one layer or of all, oldest first. */
  async listConflicts(layerId?: string): Promise<ConflictRecord[]> {
    const records = layerId ? await this.db.conflicts.where('layerId').equals(layerId).toArray() : await this.db.conflicts.toArray();
    return records.sort((a, b) => a.detectedAt.localeCompare(b.detectedAt) || a.featureId.localeCompare(b.featureId));
  }

  /** The tombstones deleted features of the layer left (see tombstone-work.ts), oldest first. */
  async listTombstones(layerId: string): Promise<Tombstone[]> {
    const records = await this.db.tombstones.where('layerId').equals(layerId).toArray();
    return records.sort((a, b) => a.deletedAt.localeCompare(b.deletedAt) || a.featureId.localeCompare(b.featureId));
  }

  async recentChanges(limit = 50): Promise<ChangeRecord[]> {
    return this.db.changes.orderBy('n').reverse().limit(limit).toArray();
  }

  // ---- writing ---------------------------------------------------------------------------

  /**
   * Apply a changeset atomically and make it the latest undoable action. The store keeps
   * references to the changeset's features (cache, undo stack): do not mutate them afterwards.
   */
  apply(changeset: Changeset): Promise<AppliedChange> {
    return this.serial(async () => {
      const result = await this.commit(changeset);
      if (result.inverse.length > 0) this.undoStack.record({ summary: changeset.summary, ops: result.inverse });
      else this.undoStack.clearRedo();
      return result;
    });
  }

  /**
   * Apply a changeset that is not an undoable action of this user: a colleague's change from the
   * hub, a layer joined or withdrawn, version bookkeeping (see CommitOptions). Undo and redo
   * stay as they were.
   */
  applyOutside(changeset: Changeset, options: CommitOptions): Promise<AppliedChange> {
    return this.serial(() => this.commit(changeset, options));
  }

  /**
   * Like applyOutside, for a changeset built from the store's state: `build` runs in the write
   * queue, so nothing changes between its reads and the commit. null: nothing to apply.
   */
  applyDerived(build: () => Promise<{ changeset: Changeset; options: CommitOptions } | null>): Promise<AppliedChange | null> {
    return this.serial(async () => {
      const next = await build();
      return next ? this.commit(next.changeset, next.options) : null;
    });
  }

  /** Hub data left the workstation: no undo or redo may bring it back. */
  forgetUndoOf(leaving: readonly LeavingData[]): void {
    this.undoStack.forget((op) => opTouches(op, leaving));
  }

  /** Writes outside any changeset (the outbox, the hub's cursor), queued after the changes asked for before them. */
  afterWrites<T>(task: (db: CgDatabase) => Promise<T>): Promise<T> {
    return this.serial(() => task(this.db));
  }

  /**
   * Apply a changeset that only creates layers (putLayer ops), whose features come already cut
   * into chunks by the import worker (chunk-transfer.ts): the same one transaction, inverse, undo
   * step and change record as apply() of the putLayer + putFeatures changeset, without building
   * or serialising a feature here. Refused, with nothing written, when a layer exists already.
   */
  applyNewLayers(changeset: Changeset, layers: readonly EncodedLayer[]): Promise<AppliedChange> {
    return this.serial(async () => {
      const { db } = this;
      const puts = changeset.ops.map((op) => {
        if (op.op !== 'putLayer') throw new ChangesetError(`applyNewLayers: ${op.op} is not a new layer`);
        return op.layer;
      });
      const ids = new Set(puts.map((l) => l.id));
      if (ids.size < puts.length || layers.some((l) => !ids.has(l.layerId)) || new Set(layers.map((l) => l.layerId)).size < layers.length) {
        throw new ChangesetError('applyNewLayers: each layer is created once, with its features once');
      }
      const chunks = new Map(layers.map((l) => [l.layerId, chunkRecordsOf(l)]));
      const records: StoredLayer[] = puts.map((layer) => {
        const own = chunks.get(layer.id) ?? [];
        const classifications = new Set(own.flatMap((c) => c.classifications));
        return {
          ...layer,
          featureCount: own.reduce((n, c) => n + c.count, 0),
          bbox: unionBBoxes(own.map((c) => c.bbox)),
          featureClassifications: [...classifications].sort(),
          nextSeq: own.length,
          rev: changeset.id,
        };
      });
      const log = newLayersChangeRecord(
        changeset,
        layers.map((l) => ({ ...l, features: () => (chunks.get(l.layerId) ?? []).flatMap((c) => parseChunk(c.json)) })),
      );
      await db.transaction('rw', [db.layers, db.chunks, db.changes], async () => {
        const existing = await db.layers.bulkGet([...ids]);
        const taken = existing.find((r) => r !== undefined);
        if (taken) throw new ChangesetError(`applyNewLayers: layer ${taken.id} exists already`);
        for (const own of chunks.values()) if (own.length) await db.chunks.bulkPut(own);
        await db.layers.bulkPut(records);
        await db.changes.add(log);
      });
      for (const [layerId, own] of chunks) this.text.set(layerId, changeset.id, own);
      for (const l of layers) this.knownPointsOnly.set(l.layerId, { rev: changeset.id, value: l.pointsOnly });
      const changedLayerIds = puts.map((l) => l.id);
      const inverse = changedLayerIds.map((layerId): Op => ({ op: 'deleteLayer', layerId })).reverse();
      this.undoStack.record({ summary: changeset.summary, ops: inverse });
      this.emit({ changedLayerIds, deletedLayerIds: [], conflictsChanged: false });
      // New layers are local: nothing for the hub's outbox.
      return { changeset, inverse, changedLayerIds, layersDeleted: [], conflictsChanged: false, outboxAdded: 0 };
    });
  }

  /** The stored layer's rev (the last changeset that touched it), or undefined when there is no such layer. */
  async layerRev(layerId: string): Promise<string | undefined> {
    return (await this.db.layers.get(layerId))?.rev;
  }

  /** Apply the inverse of the last action as a new changeset "Undo: <what>"; undefined if none. */
  undo(by: Author): Promise<AppliedChange | undefined> {
    return this.serial(async () => {
      const entry = this.undoStack.popDone();
      if (!entry) return undefined;
      try {
        const result = await this.commit(systemChangeset(changeSummary('undo', { what: summaryMessage(entry.summary) }), by, entry.ops));
        this.undoStack.pushUndone({ summary: entry.summary, ops: result.inverse });
        return result;
      } catch (error) {
        this.undoStack.pushDone(entry);
        throw error;
      }
    });
  }

  /** Re-apply the last undone action as a new changeset "Redo: <what>"; undefined if none. */
  redo(by: Author): Promise<AppliedChange | undefined> {
    return this.serial(async () => {
      const entry = this.undoStack.popUndone();
      if (!entry) return undefined;
      try {
        const result = await this.commit(systemChangeset(changeSummary('redo', { what: summaryMessage(entry.summary) }), by, entry.ops));
        this.undoStack.pushDone({ summary: entry.summary, ops: result.inverse });
        return result;
      } catch (error) {
        this.undoStack.pushUndone(entry);
        throw error;
      }
    });
  }

  canUndo(): boolean {
    return this.undoStack.undoSummary !== undefined;
  }

  canRedo(): boolean {
    return this.undoStack.redoSummary !== undefined;
  }

  undoSummary(): ChangeSummary | undefined {
    return this.undoStack.undoSummary;
  }

  redoSummary(): ChangeSummary | undefined {
    return this.undoStack.redoSummary;
  }

  /** Called after each committed apply, undo or redo in this instance. Returns an unsubscribe. */
  onChange(listener: StoreChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * How many of the layer's features pass an attribute filter and time window (0 if no layer).
   * Served from the parsed-layer cache, so recounting as the time slider moves parses nothing.
   */
  async countFiltered(layerId: string, query: FilterQuery): Promise<number> {
    return this.db.transaction('r', [this.db.layers, this.db.chunks], async () => {
      const record = await this.db.layers.get(layerId);
      if (!record) return 0;
      // Nothing filtering: the stored count, without parsing a layer that may hold a million features.
      if (!isFiltering(query.kind, query.filter, query.window)) return record.featureCount;
      return countInCachedLayer(await this.loadBase(record), query);
    });
  }

  /** Earliest and latest date of the layer's features in its kind's date fields, or null. */
  async dateExtent(layerId: string, kind: Kind): Promise<Extent | null> {
    return chunkTextsDateExtent(kind, await this.chunkTexts(layerId));
  }

  /**
   * Whether every feature of the layer is a point; false when the layer does not exist. Read from
   * the chunks' text without parsing them: deciding how to draw a 171k-point layer must not cost
   * a full parse of it.
   */
  async pointsOnly(layerId: string): Promise<boolean> {
    const record = await this.db.layers.get(layerId);
    if (!record || record.featureCount === 0) return false;
    const known = this.knownPointsOnly.get(layerId);
    if (known?.rev === record.rev) return known.value;
    this.knownPointsOnly.delete(layerId);
    return chunkTextsArePointsOnly(await this.chunkTexts(layerId), record.featureCount);
  }

  /** Features of every layer whose name contains `query`, best matches first. */
  async searchNames(query: string, limit = 10): Promise<NameHit[]> {
    return this.db.transaction('r', [this.db.layers, this.db.chunks], async () => {
      const hits: (NameHit & { rank: number })[] = [];
      for (const record of await this.db.layers.toArray()) hits.push(...searchNames(await this.loadBase(record), record.name, query, limit));
      return hits.sort((a, b) => a.rank - b.rank).slice(0, limit).map(({ rank: _rank, ...hit }) => hit);
    });
  }

  /**
   * The layer's record and its features in an export's scope ([] and null when there is no such
   * layer). Served from the parsed-layer cache: read them, never change them.
   */
  async featuresForExport(layerId: string, scope: ExportScope): Promise<{ layer: LayerInfo | null; features: CgFeature[] }> {
    return this.db.transaction('r', [this.db.layers, this.db.chunks], async () => {
      const record = await this.db.layers.get(layerId);
      if (!record) return { layer: null, features: [] };
      return { layer: toLayerInfo(record), features: featuresInScope(await this.loadBase(record), scope) };
    });
  }

  // ---- internals -------------------------------------------------------------------------

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async geoJsonParts(layerId: string): Promise<string[]> {
    return featureCollectionParts(await this.chunkTexts(layerId));
  }

  /** The JSON text of each of the layer's chunks, from the text cache when it is current. */
  private async chunkTexts(layerId: string): Promise<string[]> {
    return (await this.revChunkTexts(layerId)).texts;
  }

  /** The chunk texts with the rev they are of, read in one transaction (no rev: no such layer). */
  private async revChunkTexts(layerId: string): Promise<{ rev: string | undefined; texts: string[] }> {
    return this.db.transaction('r', [this.db.layers, this.db.chunks], async () => {
      const record = await this.db.layers.get(layerId);
      if (!record) return { rev: undefined, texts: [] };
      const cached = this.text.get(layerId, record.rev);
      if (cached) return { rev: record.rev, texts: cached };
      const chunks = await readLayerChunks(this.db, layerId);
      this.text.set(layerId, record.rev, chunks);
      return { rev: record.rev, texts: chunks.map((c) => c.json) };
    });
  }

  /** The layer's parsed features, current for its stored rev. Call inside a transaction. */
  private async loadBase(record: StoredLayer): Promise<CachedLayer> {
    const cached = this.cache.get(record.id, record.rev);
    if (cached) return cached;
    const loaded = buildCachedLayer(record.rev, await readLayerChunks(this.db, record.id));
    this.cache.set(record.id, loaded);
    return loaded;
  }

  private async commit(changeset: Changeset, options: CommitOptions = {}): Promise<AppliedChange> {
    const { db } = this;
    // Conflict records live in their own table: they neither read nor move the layer's features.
    const layerOps = changeset.ops.filter((op) => !isConflictOp(op));
    const hasConflictOps = layerOps.length < changeset.ops.length;
    const layerIds = [...new Set(layerOps.map(opLayerId))];
    // Only putLayer can do without the layer's features; everything else reads or moves them.
    const needFeatures = new Set(layerOps.filter((op) => op.op !== 'putLayer').map(opLayerId));
    const works = new Map<string, LayerWork>();
    const layerWrites = new Map<string, LayerWrites>();
    let inverse: Op[] = [];
    let conflicts: ConflictWork | null = null;
    let outboxAdded = 0;

    await db.transaction('rw', [db.layers, db.chunks, db.changes, db.conflicts, db.outbox, db.meta, db.tombstones], async () => {
      const records = await db.layers.bulkGet(layerIds);
      for (const [i, layerId] of layerIds.entries()) {
        const record = records[i] ?? null;
        // A layer that does not exist yet has nothing to read: the import fast path.
        const base = record && needFeatures.has(layerId) ? await this.loadBase(record) : null;
        works.set(layerId, new LayerWork(layerId, record, base, record && base ? (seq) => this.text.chunkText(layerId, record.rev, seq) : null));
      }
      // Only layers that did not exist: undoing is deleting whatever exists at the end, so skip
      // invertOps, which would walk (and build an overlay of) every imported feature.
      const allNew = !hasConflictOps && [...works.values()].every((w) => !w.baseRecord);
      const conflictWork = hasConflictOps ? await ConflictWork.load(db, changeset.ops) : null;
      conflicts = conflictWork;
      if (!allNew) inverse = dropOpsBeforeLayerDeletion(invertOps(changeset.ops, new BeforeState(works, conflictWork?.before)));
      for (const op of changeset.ops) {
        if (isConflictOp(op)) conflictWork?.apply(op);
        else applyOp(works.get(opLayerId(op)) as LayerWork, op);
      }
      if (allNew) inverse = newLayersInverse(works);
      await conflictWork?.write(db);
      await writeTombstones(db, changeset, works);
      if (!options.remote) {
        refuseHubDecisions(changeset, works);
        outboxAdded = await queueForHub(db, changeset, works);
      }
      await options.within?.(db);

      for (const work of works.values()) {
        const writes = work.finish(changeset.id);
        layerWrites.set(work.layerId, writes);
        if (writes.wipe) await deleteLayerChunks(db, work.layerId);
        if (writes.deleteSeqs.length) await db.chunks.bulkDelete(writes.deleteSeqs.map((seq): [string, number] => [work.layerId, seq]));
        if (writes.putChunks.length) await db.chunks.bulkPut(writes.putChunks);
        if (writes.record) await db.layers.put(writes.record);
        else if (work.baseRecord) await db.layers.delete(work.layerId);
      }
      if (options.log !== false) await db.changes.add(buildChangeRecord(changeset, changeView(works), options.withoutContent));
    });

    this.mergeIntoCache(works, changeset.id);
    this.mergeIntoTextCache(works, layerWrites, changeset.id);
    const changedLayerIds = [...works.values()].filter((w) => w.exists).map((w) => w.layerId);
    const layersDeleted = [...works.values()].filter((w) => !w.exists && w.baseRecord).map((w) => w.layerId);
    const conflictsChanged = (conflicts as ConflictWork | null)?.touched ?? false;
    this.emit({ changedLayerIds, deletedLayerIds: layersDeleted, conflictsChanged });
    return { changeset, inverse, changedLayerIds, layersDeleted, conflictsChanged, outboxAdded };
  }

  private mergeIntoCache(works: ReadonlyMap<string, LayerWork>, rev: string): void {
    for (const work of works.values()) {
      const entry = this.cache.peek(work.layerId);
      if (!entry) continue;
      if (!work.exists || work.replacedBase || entry.rev !== work.baseRecord?.rev) {
        this.cache.delete(work.layerId);
      } else if (work.base === entry) {
        work.mergeInto(entry, rev);
      } else if (!work.base) {
        entry.rev = rev; // only the layer record changed; the cached features still hold
      } else {
        this.cache.delete(work.layerId);
      }
    }
  }

  private mergeIntoTextCache(works: ReadonlyMap<string, LayerWork>, writes: ReadonlyMap<string, LayerWrites>, rev: string): void {
    for (const work of works.values()) {
      const w = writes.get(work.layerId);
      if (!w || !w.record) this.text.delete(work.layerId);
      else if (!work.baseRecord || w.wipe) this.text.set(work.layerId, rev, w.putChunks); // all its chunks are new
      else this.text.update(work.layerId, work.baseRecord.rev, rev, w);
    }
  }

  private emit(event: StoreChangeEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // A failing listener must not make a committed change look failed to the caller.
        console.error('FeatureStore change listener failed', error);
      }
    }
  }
}

function applyOp(work: LayerWork, op: Exclude<Op, { op: 'putConflicts' | 'deleteConflicts' }>): void {
  switch (op.op) {
    case 'putLayer':
      return work.putLayer(op.layer);
    case 'deleteLayer':
      return work.deleteLayer();
    case 'putFeatures':
      return work.putFeatures(op.features);
    case 'deleteFeatures':
      return work.deleteFeatures(op.ids);
  }
}

/** The inverse of a changeset that only created layers: delete them, last created first. */
function newLayersInverse(works: ReadonlyMap<string, LayerWork>): Op[] {
  return [...works.values()]
    .filter((w) => w.exists)
    .map((w): Op => ({ op: 'deleteLayer', layerId: w.layerId }))
    .reverse();
}

function systemChangeset(summary: ChangeSummary, by: Author, ops: Op[]): Changeset {
  return { id: newId(), summary, at: new Date().toISOString(), by, ops };
}
