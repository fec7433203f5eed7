import * as Comlink from 'comlink';
import type { Kind } from '../../shared/domain/common';
import type { Author, CgFeature } from '../../shared/domain/feature';
import type { ChangeSummary, Changeset } from '../../shared/domain/changeset';
import { FeatureStore } from '../db/feature-store';
import type { DatabaseOptions } from '../db/schema';
import type { FilterQuery } from '../db/filtered-count';
import type { ExportScope } from '../db/export-scope';
import { exportLayer, type ExportedFile } from '../../shared/io/export-layer';
import { buildPackage, buildTakPackage, importPrivateKeyJwk, planPackage, type PackagePreview } from '../../shared/package';
import { packageInputFrom, type ShareRequest } from '../../shared/package/from-store';
import type { Layer } from '../../shared/domain/layer';
import type { Tombstone } from '../../shared/domain/tombstone';
// sql.js (GeoPackage export) fetches its WebAssembly from this URL; Vite copies the file into dist.
import sqlWasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';

/**
 * The one writer to IndexedDB. Running the store here keeps serialising, chunking and
 * inverse computation off the page's thread; the page only ever receives small summaries,
 * single features, and Blobs (which cross threads by reference, not by copy).
 */
let store: Promise<FeatureStore> | null = null;

function ready(): Promise<FeatureStore> {
  if (!store) throw new Error('store not opened');
  return store;
}

export interface ApplySummary {
  summary: ChangeSummary;
  changedLayerIds: string[];
  deletedLayerIds: string[];
  conflictsChanged: boolean;
}

function summary(r: { changeset: Changeset; changedLayerIds: string[]; layersDeleted: string[]; conflictsChanged: boolean }): ApplySummary {
  return { summary: r.changeset.summary, changedLayerIds: r.changedLayerIds, deletedLayerIds: r.layersDeleted, conflictsChanged: r.conflictsChanged };
}

/**
 * The map's data first: at start the page asks for each layer's Blob and, right after, for the
 * time slider's date span, which parses the whole layer. Questions that parse whole layers wait
 * for the Blobs asked before them, so the map is not kept waiting behind a second read and
 * parse of the same chunks (seconds at 1M points).
 */
let mapWork: Promise<unknown> = Promise.resolve();
function mapFirst<T>(work: () => Promise<T>): Promise<T> {
  return mapWork.then(work, work);
}

const api = {
  /** `options.defaultOriginator`: the user's organisation, for markings an upgrade gives old layers. */
  async open(name?: string, options: DatabaseOptions = {}): Promise<void> {
    store ??= FeatureStore.open(name, options);
    await store;
  },
  async listLayers() {
    return (await ready()).listLayers();
  },
  async getFeature(layerId: string, featureId: string) {
    return (await ready()).getFeature(layerId, featureId);
  },
  /** A layer's GeoJSON for the map: only the properties it reads (see renderer/db/map-text.ts). */
  async layerBlob(layerId: string): Promise<Blob> {
    const blob = ready().then((s) => s.layerMapBlob(layerId));
    mapWork = Promise.allSettled([mapWork, blob]);
    return blob;
  },
  /** A big layer's chunk texts, for the tiles worker, which asks over its own port (see FeatureStore.layerChunkTexts). */
  async layerChunkTexts(layerId: string): Promise<string[]> {
    const texts = ready().then((s) => s.layerChunkTexts(layerId));
    mapWork = Promise.allSettled([mapWork, texts]);
    return texts;
  },
  async apply(changeset: Changeset): Promise<ApplySummary> {
    return summary(await (await ready()).apply(changeset));
  },
  async undo(by: Author): Promise<ApplySummary | null> {
    const r = await (await ready()).undo(by);
    return r ? summary(r) : null;
  },
  async redo(by: Author): Promise<ApplySummary | null> {
    const r = await (await ready()).redo(by);
    return r ? summary(r) : null;
  },
  async undoState() {
    const s = await ready();
    return { canUndo: s.canUndo(), undoSummary: s.undoSummary(), canRedo: s.canRedo(), redoSummary: s.redoSummary() };
  },
  async history(featureId: string) {
    return (await ready()).history(featureId);
  },
  async listConflicts(layerId?: string) {
    return (await ready()).listConflicts(layerId);
  },
  /**
   * Lets another worker talk to the store straight, not through the page: the import worker hands
   * it built changesets, the tiles worker reads big layers' chunks.
   */
  attachPort(port: MessagePort): void {
    Comlink.expose(api, port);
  },
  /** Features of a layer passing its filter and the time window: the layer panel's count. */
  async countFiltered(layerId: string, query: FilterQuery): Promise<number> {
    return mapFirst(async () => (await ready()).countFiltered(layerId, query));
  },
  async dateExtent(layerId: string, kind: Kind) {
    return mapFirst(async () => (await ready()).dateExtent(layerId, kind));
  },
  async pointsOnly(layerId: string) {
    return (await ready()).pointsOnly(layerId);
  },
  async searchNames(query: string, limit?: number) {
    return (await ready()).searchNames(query, limit);
  },
  /**
   * A layer's features in scope written in an output format. Serialised here, where the features
   * already are, so a big export neither crosses threads as objects nor blocks the page.
   */
  async exportLayer(layerId: string, scope: ExportScope, formatId: string): Promise<ExportedFile> {
    const { layer, features } = await (await ready()).featuresForExport(layerId, scope);
    if (!layer) throw new Error('the layer no longer exists');
    const file = await exportLayer(layer, features, formatId, { sqlWasmUrl });
    return typeof file.data === 'string' ? file : Comlink.transfer(file, [file.data.buffer]);
  },
  /** What a package to `request.recipient` would hold and withhold, per layer and reason. */
  async planShare(request: ShareRequest): Promise<PackagePreview> {
    return planPackage(packageInputFrom(await storedForShare(request.layerIds), request)).preview;
  },
  /**
   * The package's bytes, built here where the features are (a big layer neither crosses threads
   * as objects nor blocks the page). `signer`: the organisation's key pair as kept by the app.
   */
  async buildShare(request: ShareRequest, format: 'cg' | 'tak', signer?: { privateKeyJwk: JsonWebKey; publicKey: string }): Promise<{ bytes: Uint8Array; preview: PackagePreview }> {
    const input = packageInputFrom(await storedForShare(request.layerIds), request);
    const built =
      format === 'tak'
        ? buildTakPackage(input)
        : await buildPackage(input, signer ? { signer: { privateKey: await importPrivateKeyJwk(signer.privateKeyJwk), publicKey: signer.publicKey } } : {});
    return Comlink.transfer({ bytes: built.bytes, preview: built.preview }, [built.bytes.buffer]);
  },
};

async function storedForShare(layerIds: readonly string[]): Promise<{ layer: Layer; features: CgFeature[]; tombstones: Tombstone[] }[]> {
  const s = await ready();
  const out: { layer: Layer; features: CgFeature[]; tombstones: Tombstone[] }[] = [];
  for (const id of layerIds) {
    const { layer, features } = await s.featuresForExport(id, { type: 'layer' });
    if (layer) out.push({ layer, features, tombstones: await s.listTombstones(id) });
  }
  return out;
}

export type StoreWorkerApi = typeof api;
Comlink.expose(api);
