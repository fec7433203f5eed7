import type { Kind } from '../../shared/domain/common';
import type { Author } from '../../shared/domain/feature';
import type { BuildResult, CommitRequest, DryRunResult, ImportPreview, PreparedCommit } from '../../shared/io/import-session';
import type { ApplySummary } from './store.worker';

export type { BuildResult, CommitRequest, DryRunResult, ImportPreview, LayerCommit, LayerPreview } from '../../shared/io/import-session';

export interface CommitResult {
  layers: PreparedCommit['layers'];
  applied: ApplySummary;
}

/** What the import worker exposes through comlink. */
export interface ImportWorkerApi {
  /** Parses the file, keeps the result in the worker, returns a description of it. */
  inspect(fileName: string, bytes: ArrayBuffer, onProgress?: (fraction: number) => void, crs?: string): Promise<ImportPreview>;
  /** Like inspect, for files chosen together that make one source (a .shp with its .dbf, .prj …). */
  inspectGroup(name: string, files: { name: string; bytes: ArrayBuffer }[], onProgress?: (fraction: number) => void, crs?: string): Promise<ImportPreview>;
  /** Normalises layer `layerIndex` of the inspected file into stored features. */
  build(layerIndex: number, kind: Kind, mapping: Record<string, string>, author: Author, now: string): Promise<BuildResult>;
  /** Counts what normalising into `kind` would import and refuse, keeping nothing. */
  dryRun(layerIndex: number, kind: Kind, mapping: Record<string, string> | null, author: Author, now: string): Promise<DryRunResult>;
  /**
   * Builds the features and hands the changeset to the store worker over `storePort`, so the
   * features go worker to worker and never through the page's thread.
   */
  commit(request: CommitRequest, storePort: MessagePort): Promise<CommitResult>;
  /** Forgets the inspected file. */
  discard(): Promise<void>;
}
