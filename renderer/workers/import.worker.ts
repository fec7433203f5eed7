/// <reference lib="webworker" />
import { expose, releaseProxy, wrap } from 'comlink';
// sql.js (GeoPackage import) fetches its WebAssembly from this URL; Vite copies the file into dist.
import sqlWasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import { ImportSession } from '../../shared/io/import-session';
import type { ParseOptions } from '../../shared/io/types';
import type { ImportWorkerApi } from './import-api';
import type { StoreWorkerApi } from './store.worker';

// Thin on purpose: all logic lives in shared/ and is tested under node.
const session = new ImportSession();

function options(onProgress: ((fraction: number) => void) | undefined, crs: string | undefined): ParseOptions {
  const o: ParseOptions = { sqlWasmUrl };
  if (onProgress) o.onProgress = onProgress;
  if (crs) o.crs = crs;
  return o;
}

const api: ImportWorkerApi = {
  async inspect(fileName, bytes, onProgress, crs) {
    return session.inspect(fileName, new Uint8Array(bytes), options(onProgress, crs));
  },
  async inspectGroup(name, files, onProgress, crs) {
    const group = { name, files: files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })) };
    return session.inspectGroup(group, options(onProgress, crs));
  },
  async build(layerIndex, kind, mapping, author, now) {
    return session.build(layerIndex, kind, mapping, author, now);
  },
  async dryRun(layerIndex, kind, mapping, author, now) {
    return session.dryRun(layerIndex, kind, mapping, author, now);
  },
  async commit(request, storePort) {
    const prepared = session.prepareCommit(request);
    if (prepared.layers.every((l) => l.imported === 0)) throw new Error('no feature of the file can be imported as the chosen kind; nothing was stored');
    const store = wrap<Pick<StoreWorkerApi, 'apply'>>(storePort);
    try {
      const applied = await store.apply(prepared.changeset);
      return { layers: prepared.layers, applied };
    } finally {
      // Held until the answer is in: a proxy collected mid-call makes comlink close the port,
      // and the store's answer (the data already committed) would never arrive.
      store[releaseProxy]();
    }
  },
  async discard() {
    session.discard();
  },
};

expose(api);
