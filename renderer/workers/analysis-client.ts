import * as Comlink from 'comlink';
import type { AnalysisWorkerApi, LayerMeta } from './analysis.worker';

export type { LayerMeta } from './analysis.worker';
export type AnalysisWorker = Comlink.Remote<AnalysisWorkerApi>;

/**
 * The analysis worker with its layer data kept current: before each question, layers whose data
 * version moved are sent again (as Blobs, by reference), and only those.
 */
export class AnalysisClient {
  private readonly api: AnalysisWorker;
  private syncing: Promise<void> = Promise.resolve();

  constructor(private readonly blobOf: (layerId: string) => Promise<Blob>) {
    const worker = new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module', name: 'analysis' });
    this.api = Comlink.wrap<AnalysisWorkerApi>(worker);
  }

  /** The worker, once it holds the current data of `layers`. Calls are serialised so two syncs never race. */
  async ready(layers: readonly LayerMeta[]): Promise<AnalysisWorker> {
    const run = this.syncing.then(async () => {
      const stale = await this.api.sync([...layers]);
      for (const id of stale) {
        const meta = layers.find((l) => l.id === id);
        if (meta) await this.api.put(meta, await this.blobOf(id));
      }
    });
    this.syncing = run.catch(() => undefined);
    await run;
    return this.api;
  }
}
