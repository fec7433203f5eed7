/// <reference lib="webworker" />
import { expose, releaseProxy, wrap } from 'comlink';
// sql.js (GeoPackage import) fetches its WebAssembly from this URL; Vite copies the file into dist.
import sqlWasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import { ImportSession } from '../../shared/import/import-session';
import type { ParseOptions } from '../../shared/io/types';
import type { FileGroup } from '../../shared/import/file-set';
import type { ImportWorkerApi } from './import-api';
import type { StoreWorkerApi } from './store.worker';
import type { TilesWorkerApi } from './tiles.worker';
import type { Changeset } from '../../shared/domain/changeset';
import type { Kind } from '../../shared/domain/common';
import { encodeNewLayer, type EncodedLayer } from '../db/chunk-transfer';
import { shouldTile } from '../../shared/layers/map-scene';
import type { CgFeature } from '../../shared/domain/feature';
import type { OursByLayer } from '../../shared/import/import-session';
import { trustedKeysOf } from '../../shared/package';
import { openPackage, planForCommit, type OpenedPackage, type PackageStore } from './package-open';
import { receiveChangeset, receivePreview } from '../../shared/package/receive';

// Thin on purpose: all logic lives in shared/ and is tested under node.
const session = new ImportSession();
/** The package last inspected, planned against the store as it was then. */
let pkg: OpenedPackage | null = null;

function options(onProgress: ((fraction: number) => void) | undefined, crs: string | undefined): ParseOptions {
  const o: ParseOptions = { sqlWasmUrl };
  if (onProgress) o.onProgress = onProgress;
  if (crs) o.crs = crs;
  return o;
}

/** The source last inspected, kept to read it again in another CRS without the page sending it twice. */
let source: { fileName: string; bytes: Uint8Array } | { group: FileGroup } | null = null;

const api: ImportWorkerApi = {
  async inspect(fileName, bytes, onProgress, crs) {
    source = { fileName, bytes: new Uint8Array(bytes) };
    return session.inspect(fileName, source.bytes, options(onProgress, crs));
  },
  async inspectGroup(name, files, onProgress, crs) {
    const group = { name, files: files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })) };
    source = { group };
    return session.inspectGroup(group, options(onProgress, crs));
  },
  async inspectAgain(onProgress, crs) {
    if (!source) throw new Error('no file inspected to read again');
    return 'group' in source ? session.inspectGroup(source.group, options(onProgress, crs)) : session.inspect(source.fileName, source.bytes, options(onProgress, crs));
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
  async commit(request, storePort, tilesPort) {
    const store = wrap<Pick<StoreWorkerApi, 'apply' | 'applyNewLayers' | 'layerChunkTexts'>>(storePort);
    const tiles = tilesPort ? wrap<Pick<TilesWorkerApi, 'prime' | 'unprime'>>(tilesPort) : null;
    try {
      const ours = new Map<string, CgFeature[]>();
      for (const l of request.layers) if ('mergeInto' in l.target) ours.set(l.target.mergeInto.layerId, await readLayer(store, l.target.mergeInto.layerId));
      const prepared = session.prepareCommit(request, ours satisfies OursByLayer);
      const merging = request.layers.some((l) => 'mergeInto' in l.target);
      if (!merging && prepared.layers.every((l) => l.imported === 0)) throw new Error('no feature of the file can be imported as the chosen kind; nothing was stored');
      // Importing the same file again changes nothing: no empty change in the history.
      if (prepared.changeset.ops.length === 0) return { layers: prepared.layers, applied: { summary: prepared.changeset.summary, changedLayerIds: [], deletedLayerIds: [], conflictsChanged: false } };
      const chunked = chunkNewLayers(prepared.changeset);
      if (!chunked) return { layers: prepared.layers, applied: await store.apply(prepared.changeset) };
      // The tiles worker cuts the big layers' tiles from its own copy while the store writes. Its
      // copy is posted first: posted second (each post copies the text on this thread, about a
      // second for the 171k-point bench file), the store was not done sooner, as the CPUs were
      // busy anyway, and the map waited 2–5 s longer for the tiles (bench, 3 December 2026).
      const primed = tiles ? chunked.layers.filter((l) => shouldTile(l.featureCount)) : [];
      for (const l of primed) void tiles?.prime(chunked.changeset.id, l).catch(() => undefined);
      try {
        const applied = await store.applyNewLayers(chunked.changeset, chunked.layers);
        return { layers: prepared.layers, applied };
      } catch (error) {
        for (const l of primed) void tiles?.unprime(l.layerId);
        throw error;
      }
    } finally {
      // Held until the answer is in: a proxy collected mid-call makes comlink close the port,
      // and the store's answer (the data already committed) would never arrive.
      store[releaseProxy]();
      tiles?.[releaseProxy]();
    }
  },
  async inspectPackage(fileName, bytes, directory, existingLayerIds, storePort) {
    pkg = null;
    const store = wrap<PackageStore>(storePort);
    try {
      const opened = await openPackage(new Uint8Array(bytes), trustedKeysOf(directory), existingLayerIds, store);
      if (!opened.ok) return opened;
      pkg = opened.opened;
      const { packageId, sender, recipient, createdAt, marking } = pkg.read.manifest;
      return { ok: true, manifest: { packageId, sender, recipient, createdAt, marking }, signature: pkg.read.signature, warnings: pkg.read.warnings, preview: receivePreview(pkg.received) };
    } finally {
      store[releaseProxy]();
      storePort.close();
    }
  },
  async commitPackage(context, storePort) {
    if (!pkg) throw new Error('no package inspected');
    const store = wrap<PackageStore & Pick<StoreWorkerApi, 'apply'>>(storePort);
    try {
      const received = await planForCommit(pkg, store);
      const changeset = receiveChangeset(received, { ...context, sender: pkg.read.manifest.sender.org });
      if (changeset.ops.length === 0) return { summary: changeset.summary, changedLayerIds: [], deletedLayerIds: [], conflictsChanged: false };
      return await store.apply(changeset);
    } finally {
      store[releaseProxy]();
    }
  },
  async discard() {
    session.discard();
    source = null;
    pkg = null;
  },
};

/**
 * A changeset of putLayer + putFeatures pairs on new layers, as the layers' putLayer ops and their
 * features cut into chunk text (renderer/db/chunk-transfer.ts); null for any other changeset,
 * which goes to the store as it is.
 */
function chunkNewLayers(changeset: Changeset): { changeset: Changeset; layers: EncodedLayer[] } | null {
  const ops: Changeset['ops'] = [];
  const layers: EncodedLayer[] = [];
  const kinds = new Map<string, Kind>();
  for (const op of changeset.ops) {
    if (op.op === 'putLayer') {
      if (kinds.has(op.layer.id)) return null;
      kinds.set(op.layer.id, op.layer.kind);
      ops.push(op);
      continue;
    }
    const kind = op.op === 'putFeatures' ? kinds.get(op.layerId) : undefined;
    if (op.op !== 'putFeatures' || !kind || layers.some((l) => l.layerId === op.layerId)) return null;
    const encoded = encodeNewLayer(op.layerId, kind, op.features);
    if (!encoded) return null;
    layers.push(encoded);
  }
  return { changeset: { ...changeset, ops }, layers };
}

/** A stored layer's features, read as chunk text from the store worker and parsed here, off the page. */
async function readLayer(store: Pick<StoreWorkerApi, 'layerChunkTexts'>, layerId: string): Promise<CgFeature[]> {
  const texts = await store.layerChunkTexts(layerId);
  return texts.flatMap((t) => JSON.parse(t) as CgFeature[]);
}

expose(api);
