/**
 * The tombstones one changeset leaves and lifts, derived from what it did to features, like a
 * layer's count and extent: a feature that existed before and is deleted leaves one; a feature
 * put (created again, restored by undo) lifts its own. Written inside the store's transaction,
 * so the delete and its tombstone commit or roll back together, and undo needs no op of its own.
 * A deleted layer keeps its features' tombstones: it may come back by undo with its features,
 * which lifts them again.
 */
import type { Changeset } from '../../shared/domain/changeset';
import { tombstoneOf, type Tombstone } from '../../shared/domain/tombstone';
import type { LayerWork } from './layer-work';
import type { CgDatabase } from './schema';

/**
 * Reads what it needs and writes the tombstones. Call inside the transaction, after every op of
 * `changeset` was applied to `works`. Only the layer's stored tombstones are looked up for lifting
 * (usually none), so a big import does not delete a key per feature it writes.
 */
export async function writeTombstones(db: CgDatabase, changeset: Changeset, works: ReadonlyMap<string, LayerWork>): Promise<boolean> {
  const deleted = new Map<string, Set<string>>();
  const put = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, layerId: string, id: string): void => {
    let s = m.get(layerId);
    if (!s) m.set(layerId, (s = new Set()));
    s.add(id);
  };
  for (const op of changeset.ops) {
    if (op.op === 'deleteFeatures') for (const id of op.ids) add(deleted, op.layerId, id);
    else if (op.op === 'putFeatures') for (const f of op.features) add(put, op.layerId, f.id);
  }
  const puts: Tombstone[] = [];
  for (const [layerId, ids] of deleted) {
    const work = works.get(layerId);
    if (!work?.exists) continue;
    const marking = work.record?.marking;
    for (const id of ids) {
      const before = work.base?.features.get(id)?.feature;
      if (before && !work.getFeature(id)) puts.push(tombstoneOf(layerId, before, marking, changeset.at, changeset.by));
    }
  }
  const lifts: [string, string][] = [];
  for (const [layerId, ids] of put) {
    const work = works.get(layerId);
    if (!work?.exists) continue;
    const stored = (await db.tombstones.where('layerId').equals(layerId).primaryKeys()) as [string, string][];
    for (const key of stored) if (ids.has(key[1]) && work.getFeature(key[1])) lifts.push(key);
  }
  if (lifts.length) await db.tombstones.bulkDelete(lifts);
  if (puts.length) await db.tombstones.bulkPut(puts);
  return lifts.length > 0 || puts.length > 0;
}
