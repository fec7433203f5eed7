import type { ChangeSummary } from '../../shared/domain/changeset';
import { create } from 'zustand';
import type { CgFeature } from '../../shared/domain/feature';
import type { Extent } from '../../shared/domain/time-window';
import type { LayerInfo, ChangeRecord } from '../db/records';

export interface FeatureRef {
  layerId: string;
  featureId: string;
}

/**
 * A notice's words: a function that translates them is called at each render, so a notice still
 * on screen when the user changes language reads in the new one. A plain string is shown as is.
 */
export type NoticeText = string | (() => string);

export interface Notice {
  id: number;
  tone: 'info' | 'error';
  text: NoticeText;
  /** An action offered with the notice, e.g. undo after a delete. */
  action?: { label: NoticeText; run: () => void };
}

export const noticeText = (text: NoticeText): string => (typeof text === 'function' ? text() : text);

export interface UndoState {
  canUndo: boolean;
  undoSummary: ChangeSummary | undefined;
  canRedo: boolean;
  redoSummary: ChangeSummary | undefined;
}

export interface UiState {
  ready: boolean;
  layers: LayerInfo[];
  /** Bumped per layer when its features change, so the map reloads only that source. */
  dataVersions: Record<string, number>;
  selection: FeatureRef | null;
  selectedFeature: CgFeature | null;
  selectedHistory: ChangeRecord[];
  undo: UndoState;
  notices: Notice[];
  /** Features passing each filtered layer's filter and the time window (absent: not filtered). */
  filteredCounts: Record<string, number>;
  /** Span of the dates of the visible dated layers, for the time slider; null when none. */
  timeExtent: Extent | null;
}

export const initialUiState: UiState = {
  ready: false,
  layers: [],
  dataVersions: {},
  selection: null,
  selectedFeature: null,
  selectedHistory: [],
  undo: { canUndo: false, undoSummary: undefined, canRedo: false, redoSummary: undefined },
  notices: [],
  filteredCounts: {},
  timeExtent: null,
};

/**
 * Layers and history: the layer list, data versions, the inspector's selection, undo state,
 * notices and the filter results. Components read it through selectors; the Workspace writes it.
 * Each flow's state, the dialogs and the cursor have their own stores beside this one.
 */
export const useUi = create<UiState>()(() => initialUiState);
