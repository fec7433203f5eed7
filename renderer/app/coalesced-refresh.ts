import type { ApplySummary } from '../workers/store.worker';

/** What the refreshes waiting behind the running one ask for, together. */
export interface RefreshAsk {
  changedLayerIds: ReadonlySet<string>;
  deletedLayerIds: ReadonlySet<string>;
  /** A full refresh (no summary) or a change that touched conflicts was among them. */
  reloadConflicts: boolean;
}

interface Waiting {
  changed: Set<string>;
  deleted: Set<string>;
  reloadConflicts: boolean;
  settle: { resolve: () => void; reject: (e: unknown) => void }[];
}

/**
 * One refresh of the stores' view at a time: the changes that arrive while one runs (a burst of
 * colleagues' edits from the hub, an import's refresh racing a pull) are merged into the next
 * one, so a burst of N changes costs two refreshes, not N. Every caller's promise settles once
 * a refresh that includes its change has run.
 */
export class CoalescedRefresh {
  private waiting: Waiting | null = null;
  private running = false;

  constructor(private readonly run: (ask: RefreshAsk) => Promise<void>) {}

  request(change: ApplySummary | null): Promise<void> {
    const w = (this.waiting ??= { changed: new Set(), deleted: new Set(), reloadConflicts: false, settle: [] });
    // In arrival order: a layer deleted then made again (undo of a delete) ends changed, not deleted.
    for (const id of change?.changedLayerIds ?? []) {
      w.deleted.delete(id);
      w.changed.add(id);
    }
    for (const id of change?.deletedLayerIds ?? []) {
      w.changed.delete(id);
      w.deleted.add(id);
    }
    if (!change || change.conflictsChanged) w.reloadConflicts = true;
    const settled = new Promise<void>((resolve, reject) => w.settle.push({ resolve, reject }));
    void this.drain();
    return settled;
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        try {
          await this.run({ changedLayerIds: w.changed, deletedLayerIds: w.deleted, reloadConflicts: w.reloadConflicts });
          for (const s of w.settle) s.resolve();
        } catch (e) {
          for (const s of w.settle) s.reject(e);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
