/** Queries over one layer's chunks (the [layerId+seq] key range). */
import Dexie, { type Collection } from 'dexie';
import type { ChunkRecord } from './records';
import type { CgDatabase } from './schema';

function layerChunks(db: CgDatabase, layerId: string): Collection<ChunkRecord, [string, number]> {
  return db.chunks.where('[layerId+seq]').between([layerId, Dexie.minKey], [layerId, Dexie.maxKey], true, true);
}

/** Every chunk of a layer, in seq order. */
export function readLayerChunks(db: CgDatabase, layerId: string): Promise<ChunkRecord[]> {
  return layerChunks(db, layerId).toArray();
}

export function deleteLayerChunks(db: CgDatabase, layerId: string): Promise<number> {
  return layerChunks(db, layerId).delete();
}
