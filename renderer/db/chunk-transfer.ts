/**
 * A new layer's features as stored chunks, serialised once in the import worker and handed to
 * the store worker (and, copied, to the tiles worker) as bytes. Why bytes: a structured clone of
 * 171k feature objects costs a walk of every coordinate array on both sides of each hop, while a
 * transferred ArrayBuffer moves without a copy; the store only decodes it to the chunk's text,
 * which it writes as is, and the tiles worker parses it once.
 */
import type { CgFeature } from '../../shared/domain/feature';
import type { Kind } from '../../shared/domain/common';
import type { BBox } from './bbox';
import { MAX_LOGGED_IDS } from './changes';
import { serialiseNewFeatures } from './chunks';
import type { ChunkRecord } from './records';

export interface EncodedChunk {
  count: number;
  /** UTF-8 of the chunk's JSON text (an array of CgFeature). */
  bytes: Uint8Array<ArrayBuffer>;
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
 * The layer's chunks as bytes, cut as FeatureStore would cut them (serialiseNewFeatures). Null when
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
  const encoder = new TextEncoder();
  const chunks = serialiseNewFeatures(features).map((c) => ({ count: c.features.length, bytes: encoder.encode(c.json), bbox: c.bbox, classifications: c.classifications }));
  return { layerId, kind, featureCount: features.length, loggedIds: features.slice(0, MAX_LOGGED_IDS).map((f) => f.id), pointsOnly, chunks };
}

/** The buffers to transfer with these layers (after which the sender's copies are empty). */
export function chunkBuffers(layers: readonly EncodedLayer[]): ArrayBuffer[] {
  return layers.flatMap((l) => l.chunks.map((c) => c.bytes.buffer));
}

/** A copy of the layers with bytes of their own, for a second receiver. */
export function copyEncodedLayer(layer: EncodedLayer): EncodedLayer {
  return { ...layer, chunks: layer.chunks.map((c) => ({ ...c, bytes: c.bytes.slice() })) };
}

/** The chunk's JSON text. */
export function chunkText(chunk: EncodedChunk, decoder = new TextDecoder()): string {
  return decoder.decode(chunk.bytes);
}

/** The chunk records of a new layer, seqs from 0 in order, as FeatureStore stores them. */
export function chunkRecordsOf(layer: EncodedLayer): ChunkRecord[] {
  const decoder = new TextDecoder();
  return layer.chunks.map((c, seq) => ({ layerId: layer.layerId, seq, count: c.count, json: chunkText(c, decoder), bbox: c.bbox, classifications: c.classifications }));
}
