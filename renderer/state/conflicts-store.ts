import { create } from 'zustand';
import type { ConflictRecord } from '../../shared/domain/conflict';

/** Open conflicts as the store worker keeps them, and whether their panel is open. */
export interface ConflictsState {
  records: ConflictRecord[];
  open: boolean;
  /** The conflict the panel shows in full, by layer and feature. */
  focused: { layerId: string; featureId: string } | null;
}

export const useConflicts = create<ConflictsState>()(() => ({ records: [], open: false, focused: null }));
