import { wrap, type Remote } from 'comlink';
import type { ImportWorkerApi } from './import-api';

export type { BuildResult, CommitResult, DryRunResult, ImportPreview, ImportWorkerApi, LayerPreview } from './import-api';

export interface ImportWorkerHandle {
  api: Remote<ImportWorkerApi>;
  /** Stops whatever the worker is doing by terminating it; create a new handle to import again. */
  terminate(): void;
}

/** Starts a dedicated import worker. One per import, so that cancelling can simply terminate it. */
export function createImportWorker(): ImportWorkerHandle {
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'import' });
  return { api: wrap<ImportWorkerApi>(worker), terminate: () => worker.terminate() };
}

