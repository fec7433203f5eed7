/// <reference lib="webworker" />
import { expose, releaseProxy, wrap } from 'comlink';
// sql.js (GeoPackage import) fetches its WebAssembly from this URL; Vite copies the file into dist.
import sqlWasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import { ImportSession } from '../../shared/io/import-session';
import type { ImportWorkerApi } from './import-api';
import type { StoreWorkerApi } from './store.worker';
import type { CgFeature } from '../../shared/domain/feature';
import type { OursByLayer } from '../../shared/io/import-session';

// Thin on purpose: all logic lives in shared/ and is tested under node.
const session = new ImportSession();

const api: ImportWorkerApi = {
  async inspect(fileName, bytes, onProgress) {
    return session.inspect(fileName, new Uint8Array(bytes), onProgress ? { onProgress, sqlWasmUrl } : { sqlWasmUrl });
  },
  async build(layerIndex, kind, mapping, author, now) {
    return session.build(layerIndex, kind, mapping, author, now);
  },
  async dryRun(layerIndex, kind, mapping, author, now) {
    return session.dryRun(layerIndex, kind, mapping, author, now);
  },
  async dryRunMerge(layerIndex, kind, mapping, author, now, target, storePort) {
    const store = wrap<Pick<StoreWorkerApi, 'layerChunkTexts'>>(storePort);
    try {
      const ours = await readLayer(store, target.layerId);
      return session.dryRunMerge(layerIndex, kind, mapping, author, now, ours, target.keyColumn);
    } finally {
      store[releaseProxy]();
      storePort.close();
    }
  },
  async commit(request, storePort) {
    const store = wrap<Pick<StoreWorkerApi, 'apply' | 'layerChunkTexts'>>(storePort);
    try {
      const ours = new Map<string, CgFeature[]>();
      for (const l of request.layers) if ('mergeInto' in l.target) ours.set(l.target.mergeInto.layerId, await readLayer(store, l.target.mergeInto.layerId));
      const prepared = session.prepareCommit(request, ours satisfies OursByLayer);
      const merging = request.layers.some((l) => 'mergeInto' in l.target);
      if (!merging && prepared.layers.every((l) => l.imported === 0)) throw new Error('no feature of the file can be imported as the chosen kind; nothing was stored');
      // Importing the same file again changes nothing: no empty change in the history.
      if (prepared.changeset.ops.length === 0) return { layers: prepared.layers, applied: { label: prepared.changeset.label, changedLayerIds: [], deletedLayerIds: [], conflictsChanged: false } };
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

/** A stored layer's features, read as chunk text from the store worker and parsed here, off the page. */
async function readLayer(store: Pick<StoreWorkerApi, 'layerChunkTexts'>, layerId: string): Promise<CgFeature[]> {
  const texts = await store.layerChunkTexts(layerId);
  return texts.flatMap((t) => JSON.parse(t) as CgFeature[]);
}

expose(api);
