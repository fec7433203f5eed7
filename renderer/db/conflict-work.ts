/**
 * The conflict records one changeset puts and deletes, as an overlay like LayerWork's: read
 * before, written inside the store's transaction, nothing kept if it aborts.
 */
import type { Op } from '../../shared/domain/changeset';
import { conflictKey, type ConflictRecord } from '../../shared/domain/conflict';
import type { CgDatabase } from './schema';

export type ConflictOp = Extract<Op, { op: 'putConflicts' | 'deleteConflicts' }>;

export function isConflictOp(op: Op): op is ConflictOp {
  return op.op === 'putConflicts' || op.op === 'deleteConflicts';
}

export class ConflictWork {
  private readonly after = new Map<string, ConflictRecord | null>();

  private constructor(readonly before: ReadonlyMap<string, ConflictRecord>) {}

  /** Reads the records the ops touch. Call inside the transaction. */
  static async load(db: CgDatabase, ops: readonly Op[]): Promise<ConflictWork> {
    const keys = new Map<string, [string, string]>();
    for (const op of ops) {
      if (op.op === 'putConflicts') for (const c of op.conflicts) keys.set(conflictKey(op.layerId, c.featureId), [op.layerId, c.featureId]);
      else if (op.op === 'deleteConflicts') for (const id of op.featureIds) keys.set(conflictKey(op.layerId, id), [op.layerId, id]);
    }
    const before = new Map<string, ConflictRecord>();
    if (keys.size > 0) {
      for (const record of await db.conflicts.bulkGet([...keys.values()])) {
        if (record) before.set(conflictKey(record.layerId, record.featureId), record);
      }
    }
    return new ConflictWork(before);
  }

  get touched(): boolean {
    return this.after.size > 0;
  }

  apply(op: ConflictOp): void {
    if (op.op === 'putConflicts') {
      for (const c of op.conflicts) this.after.set(conflictKey(op.layerId, c.featureId), { ...c, layerId: op.layerId });
    } else {
      for (const id of op.featureIds) this.after.set(conflictKey(op.layerId, id), null);
    }
  }

  /** Writes the overlay. Call inside the transaction. */
  async write(db: CgDatabase): Promise<void> {
    const puts: ConflictRecord[] = [];
    const deletes: [string, string][] = [];
    for (const [key, record] of this.after) {
      if (record) puts.push(record);
      else if (this.before.has(key)) {
        const gone = this.before.get(key) as ConflictRecord;
        deletes.push([gone.layerId, gone.featureId]);
      }
    }
    if (deletes.length) await db.conflicts.bulkDelete(deletes);
    if (puts.length) await db.conflicts.bulkPut(puts);
  }
}
