/**
 * Undo and redo stacks. They live in memory only, per FeatureStore instance, capped at
 * UNDO_LIMIT entries: undo is for the session's recent mistakes, while the persistent record of
 * who changed what is the change log. After a restart there is nothing to undo.
 */
import type { ChangeSummary, Op } from '../../shared/domain/changeset';

export const UNDO_LIMIT = 100;

export interface UndoEntry {
  /** What the user's original action was. */
  summary: ChangeSummary;
  /** The ops that take the state back (for the undo stack) or forward again (for redo). */
  ops: Op[];
}

export class UndoStack {
  private readonly done: UndoEntry[] = [];
  private readonly undone: UndoEntry[] = [];

  constructor(private readonly limit = UNDO_LIMIT) {}

  /** A new user action: it becomes undoable and whatever was undone can no longer be redone. */
  record(entry: UndoEntry): void {
    this.pushDone(entry);
    this.undone.length = 0;
  }

  pushDone(entry: UndoEntry): void {
    this.done.push(entry);
    if (this.done.length > this.limit) this.done.shift();
  }

  pushUndone(entry: UndoEntry): void {
    this.undone.push(entry);
    if (this.undone.length > this.limit) this.undone.shift();
  }

  popDone(): UndoEntry | undefined {
    return this.done.pop();
  }

  popUndone(): UndoEntry | undefined {
    return this.undone.pop();
  }

  /** Drops the entries, undone or not, with an op that `touches` names (data that left the workstation: undo must not bring it back). */
  forget(touches: (op: Op) => boolean): void {
    for (const stack of [this.done, this.undone]) {
      const kept = stack.filter((e) => !e.ops.some(touches));
      stack.splice(0, stack.length, ...kept);
    }
  }

  clearRedo(): void {
    this.undone.length = 0;
  }

  get undoSummary(): ChangeSummary | undefined {
    return this.done.at(-1)?.summary;
  }

  get redoSummary(): ChangeSummary | undefined {
    return this.undone.at(-1)?.summary;
  }
}
