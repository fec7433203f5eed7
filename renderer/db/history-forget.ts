/**
 * Hub data leaving the workstation (a logout, a layer or features withdrawn from us) must leave
 * every table that keeps a copy of it, not only the layer's chunks: the change log's records keep
 * before/after copies of the features they touched, an open conflict keeps both sides, a
 * tombstone keeps the feature's marking. The change records stay, as what was done; only the
 * copies and ids of what left are taken out. Call inside the transaction that removes the features.
 */
import type { Op } from '../../shared/domain/changeset';
import type { ChangeRecord } from './records';
import type { CgDatabase } from './schema';

export interface LeavingData {
  layerId: string;
  /** Only these features of the layer; without it, all of them (the layer leaves). */
  featureIds?: ReadonlySet<string>;
}

export async function forgetLeavingData(db: CgDatabase, leaving: readonly LeavingData[]): Promise<void> {
  for (const l of leaving) {
    if (l.featureIds) {
      const keys = [...l.featureIds].map((id): [string, string] => [l.layerId, id]);
      await db.conflicts.bulkDelete(keys);
      await db.tombstones.bulkDelete(keys);
    } else {
      await db.conflicts.where('layerId').equals(l.layerId).delete();
      await db.tombstones.where('layerId').equals(l.layerId).delete();
    }
  }
  await forgetInHistory(db, leaving);
}

async function forgetInHistory(db: CgDatabase, leaving: readonly LeavingData[]): Promise<number> {
  if (leaving.length === 0) return 0;
  const whole = new Set(leaving.filter((l) => !l.featureIds).map((l) => l.layerId));
  const some = new Map(leaving.flatMap((l) => (l.featureIds ? [[l.layerId, l.featureIds] as const] : [])));
  const goes = (layerId: string, featureId: string): boolean => whole.has(layerId) || Boolean(some.get(layerId)?.has(featureId));
  const ids = new Set([...some.values()].flatMap((s) => [...s]));
  // A feature's records are found through the featureIds index; a whole layer's only by reading
  // the diffs of every record (the log has no layer index; this runs at a logout or a withdrawal).
  const records = whole.size > 0 ? await db.changes.toArray() : await db.changes.where('featureIds').anyOf([...ids]).toArray();
  const changed: ChangeRecord[] = [];
  for (const record of records) {
    const gone = new Set((record.diffs ?? []).filter((d) => goes(d.layerId, d.featureId)).map((d) => d.featureId));
    // Feature ids are unique across layers (the hub refuses one taken in another layer).
    for (const id of record.featureIds) if (ids.has(id)) gone.add(id);
    if (gone.size === 0) continue;
    const diffs = record.diffs?.filter((d) => !goes(d.layerId, d.featureId));
    changed.push({ ...record, featureIds: record.featureIds.filter((id) => !gone.has(id)), ...(diffs ? { diffs } : {}) });
  }
  if (changed.length) await db.changes.bulkPut(changed);
  return changed.length;
}

/** Whether the op is about data that is leaving (an undo entry holding it is dropped). */
export function opTouches(op: Op, leaving: readonly LeavingData[]): boolean {
  const layerId = op.op === 'putLayer' ? op.layer.id : op.layerId;
  const ids = op.op === 'putFeatures' ? op.features.map((f) => f.id) : op.op === 'deleteFeatures' ? op.ids : op.op === 'putConflicts' ? op.conflicts.map((c) => c.featureId) : op.op === 'deleteConflicts' ? op.featureIds : null;
  return leaving.some((l) => l.layerId === layerId && (!l.featureIds || (ids !== null && ids.some((id) => l.featureIds?.has(id)))));
}
