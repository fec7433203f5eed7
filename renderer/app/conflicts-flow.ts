import type { Changeset } from '../../shared/domain/changeset';
import type { Author } from '../../shared/domain/feature';
import type { ConflictRecord } from '../../shared/domain/conflict';
import { settleConflictChangeset, type ConflictChoice } from '../../shared/sync';
import { useConflicts } from '../state/conflicts-store';
import type { StoreClient } from '../workers/store-client';

export interface ConflictsHost {
  store: StoreClient;
  author(): Author;
  apply(changeset: Changeset): Promise<boolean>;
}

/**
 * The Conflicts panel's flow: keeps the list of open conflicts current from the store worker and
 * settles one (ours, theirs, or field by field) as one changeset, undoable and in the history.
 */
export class ConflictsFlow {
  constructor(private readonly host: ConflictsHost) {}

  async reload(): Promise<void> {
    const records = await this.host.store.listConflicts();
    useConflicts.setState((s) => ({
      records,
      focused: s.focused && records.some((r) => same(r, s.focused)) ? s.focused : null,
    }));
  }

  open(focus?: { layerId: string; featureId: string }): void {
    const records = useConflicts.getState().records;
    const first = records[0];
    const focused = focus ?? useConflicts.getState().focused ?? (first ? { layerId: first.layerId, featureId: first.featureId } : null);
    useConflicts.setState({ open: true, focused });
  }

  close(): void {
    useConflicts.setState({ open: false });
  }

  focus(record: ConflictRecord): void {
    useConflicts.setState({ focused: { layerId: record.layerId, featureId: record.featureId } });
  }

  async settle(record: ConflictRecord, choice: ConflictChoice): Promise<boolean> {
    return this.host.apply(settleConflictChangeset(record, choice, this.host.author()));
  }
}

function same(r: ConflictRecord, f: { layerId: string; featureId: string } | null): boolean {
  return !!f && r.layerId === f.layerId && r.featureId === f.featureId;
}
