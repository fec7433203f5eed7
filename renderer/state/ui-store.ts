import type { ChangeSummary } from '../../shared/domain/changeset';
import { create } from 'zustand';
import type { CgFeature } from '../../shared/domain/feature';
import type { Kind } from '../../shared/domain/common';
import type { Extent } from '../../shared/domain/time-window';
import type { LayerInfo, ChangeRecord } from '../db/records';
import type { CrsQuestion } from '../../shared/io/types';
import type { ImportPreview, DryRunResult } from '../workers/import-api';
import type { DrawState } from '../app/draw-flow';

export interface FeatureRef {
  layerId: string;
  featureId: string;
}

export interface Notice {
  id: number;
  tone: 'info' | 'error';
  text: string;
  /** An action offered with the notice, e.g. undo after a delete. */
  action?: { label: string; run: () => void };
}

/** What the user chose for one layer of the file being imported. */
export interface LayerChoice {
  include: boolean;
  name: string;
  kind: Kind;
  /** Existing layer to add to, or null for a new layer. */
  targetLayerId: string | null;
  /**
   * With an existing layer: the column that matches rows to its features (the file updates them),
   * null to add every row as a new feature, undefined until the dry run suggests one.
   */
  keyColumn?: string | null;
  /** Source attribute → field of the kind; attributes not listed are kept as they are. */
  mapping: Record<string, string>;
}

interface ImportPreviewState {
  fileName: string;
  preview: Extract<ImportPreview, { ok: true }>;
  choices: LayerChoice[];
  /** Per layer, what normalising into the chosen kind would refuse; null while computing. */
  dryRuns: (DryRunResult | null)[];
  /** The layer whose details the dialog shows. */
  active: number;
}

export type ImportSession =
  | { stage: 'parsing'; fileName: string; progress: number | null }
  /** The file's coordinates are not degrees and it declares no system: the user picks one. */
  | { stage: 'crs'; fileName: string; question: CrsQuestion; error: string | null }
  | ({ stage: 'preview' } & ImportPreviewState)
  | ({ stage: 'committing' } & ImportPreviewState);

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
  importSession: ImportSession | null;
  cursor: { lng: number; lat: number } | null;
  dialog: 'about' | 'settings' | 'sharing-directory' | 'export-data' | 'export-map' | null;
  /** The layer the export dialog opens on (from a layer row); null: the dialog chooses. */
  exportDataLayerId: string | null;
  /** Features passing each filtered layer's filter and the time window (absent: not filtered). */
  filteredCounts: Record<string, number>;
  /** Span of the dates of the visible dated layers, for the time slider; null when none. */
  timeExtent: Extent | null;
  /** The drawing, shape edit or measurement under way (see app/draw-flow.ts). */
  draw: DrawState | null;
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
  importSession: null,
  cursor: null,
  dialog: null,
  exportDataLayerId: null,
  filteredCounts: {},
  timeExtent: null,
  draw: null,
};

/** The one UI store. Components read it; only the Workspace and small UI toggles write it. */
export const useUi = create<UiState>()(() => initialUiState);
