/** The shapes of the records the store keeps in IndexedDB (schema version 3). */
import type { Author, CgFeature } from '../../shared/domain/feature';
import type { Layer } from '../../shared/domain/layer';
import type { ChangeSummary, Op } from '../../shared/domain/changeset';
import type { Acknowledgement } from '../../shared/domain/acknowledgement';
import type { BBox } from './bbox';
import type { OutboxEntry } from '../../shared/hub/sync-client';
import type { UpdateLayerRequest } from '../../shared/hub/protocol';

/** A layer as stored: the domain Layer plus what the store derives from its features. */
export interface StoredLayer extends Layer {
  featureCount: number;
  bbox: BBox | null;
  /** Distinct classifications the features carry as their own marking (for the map's marking). */
  featureClassifications: string[];
  /** Next chunk seq to hand out; seqs are never reused within a layer's life. */
  nextSeq: number;
  /**
   * Id of the last changeset that touched this layer. A FeatureStore caches parsed layers and
   * compares this token inside its transaction, so a write by another instance (another tab or a
   * worker) makes it reload instead of trusting a stale cache.
   */
  rev: string;
}

/** What callers see of a layer: the domain Layer plus its derived count and extent. */
export interface LayerInfo extends Layer {
  featureCount: number;
  bbox: BBox | null;
  featureClassifications: string[];
}

/**
 * Up to CHUNK_SIZE features of one layer as JSON text. Text, not objects: IndexedDB stores a
 * string without structured-cloning every nested coordinate array, and a layer's GeoJSON is
 * built by concatenating chunks without parsing them.
 */
export interface ChunkRecord {
  layerId: string;
  seq: number;
  count: number;
  /** JSON text of a CgFeature[]. */
  json: string;
  /** Extent of this chunk's features, so a layer's extent is re-derived from chunks alone. */
  bbox: BBox | null;
  /** Distinct own classifications of this chunk's features, so the layer's are re-derived from chunks alone. */
  classifications: string[];
}

export interface OpSummary {
  op: Op['op'];
  layerId: string;
  /** Features put or deleted; 1 for layer ops. */
  count: number;
}

export interface FeatureDiff {
  layerId: string;
  featureId: string;
  before: CgFeature | null;
  after: CgFeature | null;
}

/** One applied changeset in the change log. */
export interface ChangeRecord {
  /** Auto-incremented apply order; timestamps can tie or come from a skewed clock. */
  n?: number;
  /** The changeset's id. */
  id: string;
  at: string;
  by: Author;
  /** What was done, for the history list in the reader's language (records from schema v4 on). */
  summary?: ChangeSummary;
  /** English words of records made before v4, kept and shown as they are. */
  label?: string;
  ops: OpSummary[];
  /** Features touched (multi-entry index for per-feature history), capped at MAX_LOGGED_IDS. */
  featureIds: string[];
  /** True when more features were touched than featureIds holds. */
  truncated: boolean;
  /** Before/after of each touched feature, only for small changesets (≤ MAX_DIFF_FEATURES). */
  diffs?: FeatureDiff[];
  /** Alerts acknowledged with this change, with the author's reason (who and when: by, at). */
  acknowledgement?: Acknowledgement;
}

export type MetaValue = string | number | boolean | null | MetaValue[] | { [key: string]: MetaValue };

export interface MetaRecord {
  key: string;
  value: MetaValue;
}

/** Schema version 1, the first prototype's layout: one record per feature. Kept for migration. */
export interface V1FeatureRecord {
  id: string;
  layerId: string;
  feature: CgFeature;
}

/**
 * A local changeset (or one part of it: one layer, at most the hub's feature limit) on a shared
 * layer, for the hub. `pending` until the hub answered; then `sent`, kept without its ops so a
 * change that comes back in a pull is known as ours.
 */
export interface OutboxRecord {
  n?: number;
  id: string;
  layerId: string;
  state: 'pending' | 'sent';
  entry: OutboxEntry | null;
  /** A change to the layer's own record, sent by its owner (then `entry` is null). */
  patch?: UpdateLayerRequest;
  createdAt: string;
}
