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
  if (json.length <= CHUNK_MAX_CHARS || features.length <= 1) return [describedChunk(features, json)];
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

/** A chunk whose text is already written (spliceChunkText): its extent and classifications. */
export function describedChunk(features: CgFeature[], json: string): SerialisedChunk {
  return { features, json, bbox: chunkBBox(features), classifications: ownClassifications(features) };
}

/**
 * A chunk's text with where each of its features' JSON starts: `starts[i]` for feature i, and
 * `starts[n]` = the text's length, so feature i is `json.slice(starts[i], starts[i + 1] - 1)`
 * (the comma, or the closing bracket, left out).
 */
export interface ChunkText {
  json: string;
  starts: Int32Array;
}

/**
 * Where each element of a JSON array's text starts (see ChunkText), or null when the text is not
 * an array. Written by hand because no JSON library gives element offsets without building the
 * values: scanning is a few ms for a 1 MB chunk, a third of what stringifying it again costs.
 */
export function arrayElementStarts(json: string): Int32Array | null {
  const last = json.length - 1;
  if (json.charCodeAt(0) !== 0x5b || json.charCodeAt(last) !== 0x5d) return null;
  const starts: number[] = [];
  if (last > 1) starts.push(1);
  let depth = 0;
  for (let i = 1; i < last; i++) {
    const c = json.charCodeAt(i);
    if (c === 0x22) {
      i = stringEnd(json, i);
      if (i < 0) return null;
    } else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x2c && depth === 0) starts.push(i + 1);
  }
  if (depth !== 0) return null;
  starts.push(json.length);
  return Int32Array.from(starts);
}

/** The index of the quote that closes the string opened at `open`, or -1. */
function stringEnd(json: string, open: number): number {
  for (let q = json.indexOf('"', open + 1); q >= 0; q = json.indexOf('"', q + 1)) {
    let slashes = 0;
    while (json.charCodeAt(q - 1 - slashes) === 0x5c) slashes++;
    if (slashes % 2 === 0) return q;
  }
  return -1;
}

/**
 * A chunk's new text from its old one: each part is the index of a feature kept as it was in
 * `old` (its text is reused, not stringified again) or the JSON of a feature put. The same text
 * JSON.stringify gives for the features, with the new starts. Kept features that follow each
 * other in `old` are copied as one slice, commas included.
 */
export function spliceChunkText(old: ChunkText, parts: readonly (number | string)[]): ChunkText {
  if (parts.length === 0) return { json: '[]', starts: Int32Array.of(2) };
  const pieces: string[] = ['['];
  const starts = new Int32Array(parts.length + 1);
  let at = 1;
  for (let i = 0; i < parts.length; ) {
    const part = parts[i] as number | string;
    if (i > 0) pieces.push(',');
    if (typeof part === 'string') {
      starts[i++] = at;
      pieces.push(part);
      at += part.length + 1;
      continue;
    }
    // parts[i..end) name the kept features part, part + 1, …: one slice of the old text.
    let end = i + 1;
    while (end < parts.length && parts[end] === part + (end - i)) end++;
    const last = part + (end - i) - 1;
    const from = old.starts[part] as number;
    const shift = at - from;
    for (let k = part; k <= last; k++) starts[i++] = (old.starts[k] as number) + shift;
    const to = (old.starts[last + 1] as number) - 1;
    pieces.push(old.json.slice(from, to));
    at += to - from + 1;
  }
  pieces.push(']');
  starts[parts.length] = at;
  return { json: pieces.join(''), starts };
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
