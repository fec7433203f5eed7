import { create } from 'zustand';
import type { Kind } from '../../shared/domain/common';
import type { CrsQuestion } from '../../shared/io/types';
import type { ImportPreview, DryRunResult } from '../workers/import-api';

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

/** The import flow's slice: the file being imported, from parsing to commit, or null. */
export interface ImportSlice {
  session: ImportSession | null;
}

export const useImport = create<ImportSlice>()(() => ({ session: null }));
