/**
 * A new layer's features as stored chunks, serialised once in the import worker and handed to
 * the store worker and the tiles worker as the chunks' JSON text. A structured clone of 171k
 * feature objects walks every coordinate array on both sides of each hop; a flat string crosses
 * as one copy of its characters. The store writes the text as it is, the tiles worker parses it
 * once. Why not UTF-8 in transferred ArrayBuffers: measured in the bench's Chromium on the 171k
 * import, TextEncoder + TextDecoder cost about as much as the IndexedDB write itself (the text
 * has non-Latin-1 names, so it is a two-byte string either way), far more than the string copy.
 */
import type { CgFeature } from '../../shared/domain/feature';
import type { Kind } from '../../shared/domain/common';
import type { BBox } from './bbox';
import { MAX_LOGGED_IDS } from './changes';
import { serialiseNewFeatures } from './chunks';
import type { ChunkRecord } from './records';

export interface EncodedChunk {
  count: number;
  /** JSON text of the chunk's CgFeature[]. */
  json: string;
  bbox: BBox | null;
  classifications: string[];
}

/** The features of one layer a changeset creates, ready to be written as its chunks. */
export interface EncodedLayer {
  layerId: string;
  kind: Kind;
  featureCount: number;
  /** The first MAX_LOGGED_IDS feature ids, in stored order, for the change log. */
  loggedIds: string[];
  /** Every feature is a Point (what clustering needs). */
  pointsOnly: boolean;
  chunks: EncodedChunk[];
}

/**
 * The layer's chunks as text, cut as FeatureStore would cut them (serialiseNewFeatures). Null when
 * a feature has no string id or two share one: the store's own path then decides, as for any put.
 */
export function encodeNewLayer(layerId: string, kind: Kind, features: readonly CgFeature[]): EncodedLayer | null {
  const ids = new Set<string>();
  let pointsOnly = features.length > 0;
  for (const f of features) {
    if (f?.type !== 'Feature' || typeof f.id !== 'string' || f.id === '' || ids.has(f.id)) return null;
    ids.add(f.id);
    if (f.geometry?.type !== 'Point') pointsOnly = false;
  }
  const chunks = serialiseNewFeatures(features).map((c) => ({ count: c.features.length, json: c.json, bbox: c.bbox, classifications: c.classifications }));
  return { layerId, kind, featureCount: features.length, loggedIds: features.slice(0, MAX_LOGGED_IDS).map((f) => f.id), pointsOnly, chunks };
}

/** The chunk records of a new layer, seqs from 0 in order, as FeatureStore stores them. */
export function chunkRecordsOf(layer: EncodedLayer): ChunkRecord[] {
  return layer.chunks.map((c, seq) => ({ layerId: layer.layerId, seq, count: c.count, json: c.json, bbox: c.bbox, classifications: c.classifications }));
}
