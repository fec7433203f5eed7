import * as Comlink from 'comlink';
import type { StoreWorkerApi } from './store.worker';

export type StoreClient = Comlink.Remote<StoreWorkerApi>;

export function createStoreClient(): StoreClient {
  const worker = new Worker(new URL('./store.worker.ts', import.meta.url), { type: 'module', name: 'store' });
  return Comlink.wrap<StoreWorkerApi>(worker);
}
