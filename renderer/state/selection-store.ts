import { create } from 'zustand';
import type { FeatureRef } from './ui-store';

/**
 * The features picked by click, box or lasso for an analysis or an export. Separate from the
 * inspector's single selection in the UI store: a multi-selection survives opening one feature.
 */
export interface SelectionState {
  refs: FeatureRef[];
  set(refs: FeatureRef[]): void;
  clear(): void;
}

export const useSelection = create<SelectionState>()((set) => ({
  refs: [],
  set: (refs) => set({ refs }),
  clear: () => set({ refs: [] }),
}));
