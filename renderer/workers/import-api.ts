import type { Kind } from '../../shared/domain/common';
import type { Author } from '../../shared/domain/feature';
import type { BuildResult, CommitRequest, DryRunResult, ImportPreview, PreparedCommit } from '../../shared/io/import-session';
import type { ApplySummary } from './store.worker';

export type { BuildResult, CommitRequest, DryRunResult, ImportPreview, LayerCommit, LayerPreview, MergeDryRun } from '../../shared/io/import-session';

export interface CommitResult {
  layers: PreparedCommit['layers'];
  applied: ApplySummary;
}

/** What the import worker exposes through comlink. */
export interface ImportWorkerApi {
  /** Parses the file, keeps the result in the worker, returns a description of it. */
  inspect(fileName: string, bytes: ArrayBuffer, onProgress?: (fraction: number) => void): Promise<ImportPreview>;
  /** Normalises layer `layerIndex` of the inspected file into stored features. */
  build(layerIndex: number, kind: Kind, mapping: Record<string, string>, author: Author, now: string): Promise<BuildResult>;
  /** Counts what normalising into `kind` would import and refuse, keeping nothing. */
  dryRun(layerIndex: number, kind: Kind, mapping: Record<string, string> | null, author: Author, now: string): Promise<DryRunResult>;
  /**
   * The dry run of a layer going into an existing one: reads that layer from the store worker
   * over `storePort` and plans matching its rows by `keyColumn` (undefined: the suggested key).
   */
  dryRunMerge(
    layerIndex: number,
    kind: Kind,
    mapping: Record<string, string> | null,
    author: Author,
    now: string,
    target: { layerId: string; keyColumn: string | null | undefined },
    storePort: MessagePort,
  ): Promise<DryRunResult>;
  /**
   * Builds the features and hands the changeset to the store worker over `storePort`, so the
   * features go worker to worker and never through the page's thread.
   */
  commit(request: CommitRequest, storePort: MessagePort): Promise<CommitResult>;
  /** Forgets the inspected file. */
  discard(): Promise<void>;
}
