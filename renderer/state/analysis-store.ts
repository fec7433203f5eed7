import { create } from 'zustand';
import type { AnalysisRequest, AnalysisResult } from '../../shared/analysis/run';
import type { SelectionMode } from '../map/selection-tool';

/** The analysis panel's state: open or not, the last run and its result, the selection tool. */
export interface AnalysisState {
  open: boolean;
  running: boolean;
  request: AnalysisRequest | null;
  result: AnalysisResult | null;
  error: string | null;
  tool: SelectionMode;
  /** Counts finished runs, so a new result gets a fresh result view (its default layer name). */
  runs: number;
}

export const useAnalysis = create<AnalysisState>()(() => ({
  open: false,
  running: false,
  request: null,
  result: null,
  error: null,
  tool: 'pointer',
  runs: 0,
}));
