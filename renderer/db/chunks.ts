/**
 * Chunk text: features are stored CHUNK_SIZE to a record as JSON text.
 *
 * Why 2,000: import cost barely depends on it (171k features are 86 records; IndexedDB in
 * Chromium manages ~15,000 records/s, so record count stops mattering below a few hundred),
 * while editing one feature rewrites its whole chunk, which grows linearly with the size.
 * Measured under node on this machine for realistic incident points (~445 chars each): a
 * 2,000-feature chunk is ~0.9 MB and stringifies in ~3 ms (parse ~4 ms); 8,000 takes 12/17 ms.
 * CHUNK_MAX_CHARS bounds the rewrite cost for heavy geometries (admin polygons) the same way.
 */
import type { CgFeature } from '../../shared/domain/feature';
import { ownClassifications } from '../../shared/domain/feature-marking';
import { BBoxAccumulator, type BBox } from './bbox';

export const CHUNK_SIZE = 2_000;
export const CHUNK_MAX_CHARS = 2_000_000;

export interface SerialisedChunk {
  features: CgFeature[];
  json: string;
  bbox: BBox | null;
  classifications: string[];
}

/**
 * Serialise features as one chunk, or as several when the text would exceed CHUNK_MAX_CHARS.
 * A single feature larger than the cap still gets a chunk of its own.
 */
export function serialiseChunk(features: CgFeature[]): SerialisedChunk[] {
  const json = JSON.stringify(features);
  if (json.length <= CHUNK_MAX_CHARS || features.length <= 1) {
    return [{ features, json, bbox: chunkBBox(features), classifications: ownClassifications(features) }];
  }
  const pieces = Math.min(features.length, Math.ceil(json.length / CHUNK_MAX_CHARS));
  const per = Math.ceil(features.length / pieces);
  const out: SerialisedChunk[] = [];
  for (let i = 0; i < features.length; i += per) out.push(...serialiseChunk(features.slice(i, i + per)));
  return out;
}

/** Serialise a list of brand-new features into chunks of CHUNK_SIZE (the import path). */
export function serialiseNewFeatures(features: readonly CgFeature[]): SerialisedChunk[] {
  const out: SerialisedChunk[] = [];
  for (let i = 0; i < features.length; i += CHUNK_SIZE) out.push(...serialiseChunk(features.slice(i, i + CHUNK_SIZE)));
  return out;
}

function chunkBBox(features: readonly CgFeature[]): BBox | null {
  const acc = new BBoxAccumulator();
  for (const f of features) acc.addGeometry(f.geometry);
  return acc.result();
}

export function parseChunk(json: string): CgFeature[] {
  return JSON.parse(json) as CgFeature[];
}

const FC_HEAD = '{"type":"FeatureCollection","features":[';
const FC_TAIL = ']}';

/**
 * The parts of a FeatureCollection made of the given chunks' text, without parsing: each
 * chunk is "[f,f,…]", so its inside is cut out and the insides are joined with commas.
 */
export function featureCollectionParts(chunkJson: readonly string[]): string[] {
  const parts: string[] = [FC_HEAD];
  let first = true;
  for (const json of chunkJson) {
    if (json.length <= 2) continue; // "[]": nothing to add, and no stray comma
    if (!first) parts.push(',');
    parts.push(json.slice(1, -1));
    first = false;
  }
  parts.push(FC_TAIL);
  return parts;
}
