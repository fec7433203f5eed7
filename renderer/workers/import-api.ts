import type { Kind } from '../../shared/domain/common';
import type { Author } from '../../shared/domain/feature';
import type { BuildResult, CommitRequest, DryRunResult, ImportPreview, PreparedCommit } from '../../shared/import/import-session';
import type { ApplySummary } from './store.worker';
import type { ChangeSummary } from '../../shared/domain/changeset';
import type { Manifest, SignatureCheck } from '../../shared/package';
import type { ReceivePreview } from '../../shared/package/receive';
import type { SharingDirectory } from '../../shared/domain/sharing-directory';
import type { MarkingScheme } from '../../shared/domain/marking';

export type { BuildResult, CommitRequest, DryRunResult, ImportPreview, LayerCommit, LayerPreview, MergeDryRun } from '../../shared/import/import-session';

export interface CommitResult {
  layers: PreparedCommit['layers'];
  applied: ApplySummary;
}

/** A package as the Open dialog shows it before anything is stored. */
export type PackageInspection =
  | { ok: false; code: string; params: Record<string, string | number> }
  | {
      ok: true;
      manifest: Pick<Manifest, 'packageId' | 'sender' | 'recipient' | 'createdAt' | 'marking'>;
      signature: SignatureCheck;
      warnings: { code: string; params: Record<string, string | number> }[];
      preview: ReceivePreview;
    };

export interface PackageCommitContext {
  author: Author;
  now: string;
  fileName: string;
  firstOrder: number;
  summary: ChangeSummary;
  /** The mission's marking scheme (settings): the marking a created layer without one gets. */
  scheme: MarkingScheme;
}

/** What the import worker exposes through comlink. */
export interface ImportWorkerApi {
  /** Parses the file, keeps the result in the worker, returns a description of it. */
  inspect(fileName: string, bytes: ArrayBuffer, onProgress?: (fraction: number) => void, crs?: string): Promise<ImportPreview>;
  /** Like inspect, for files chosen together that make one source (a .shp with its .dbf, .prj …). */
  inspectGroup(name: string, files: { name: string; bytes: ArrayBuffer }[], onProgress?: (fraction: number) => void, crs?: string): Promise<ImportPreview>;
  /** Reads the last file or files inspected again, in `crs` (the bytes stay in the worker). */
  inspectAgain(onProgress?: (fraction: number) => void, crs?: string): Promise<ImportPreview>;
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
   * features go worker to worker and never through the page's thread. New layers go as chunk
   * text (renderer/db/chunk-transfer.ts), the big ones also to the tiles worker over `tilesPort`,
   * which cuts their tiles while the store writes them.
   */
  commit(request: CommitRequest, storePort: MessagePort, tilesPort?: MessagePort): Promise<CommitResult>;
  /**
   * Reads and checks a data package (hashes, signature against `directory`'s keys) and plans its
   * merge into the layers of the same ids, read from the store worker over `storePort`.
   */
  inspectPackage(fileName: string, bytes: ArrayBuffer, directory: SharingDirectory, existingLayerIds: string[], storePort: MessagePort): Promise<PackageInspection>;
  /** Commits the inspected package as one changeset through the store worker. */
  commitPackage(context: PackageCommitContext, storePort: MessagePort): Promise<ApplySummary>;
  /** Forgets the inspected file. */
  discard(): Promise<void>;
}
