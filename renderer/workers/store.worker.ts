import * as Comlink from 'comlink';
import type { Kind } from '../../shared/domain/common';
import type { Author, CgFeature } from '../../shared/domain/feature';
import type { ChangeSummary, Changeset } from '../../shared/domain/changeset';
import { FeatureStore } from '../db/feature-store';
import { HubLocal } from '../db/hub-local';
import { changeSummary } from '../../shared/domain/changeset';
import { newId } from '../../shared/domain/feature';
import type { Marking } from '../../shared/domain/marking';
import type { LayerOutcome } from '../../shared/hub/layer-transport';
import { HubTransportError } from '../../shared/hub/sync-client';
import type { DatabaseOptions } from '../db/schema';
import type { EncodedLayer } from '../db/chunk-transfer';
import type { FilterQuery } from '../db/filtered-count';
import type { ExportScope } from '../db/export-scope';
import { exportLayer, type ExportedFile } from '../../shared/io/export-layer';
import { buildPackage, buildTakPackage, importPrivateKeyJwk, planPackage, type PackagePreview } from '../../shared/package';
import { packageInputFrom, type ShareRequest } from '../../shared/package/from-store';
import type { Layer } from '../../shared/domain/layer';
import type { HubDirectory } from '../../shared/hub/protocol';
import { HubSession, hubLogin, type HubConfig, type HubWorkerEvent, type LoginResult } from './hub-session';
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

function summary(r: { changeset: Changeset; changedLayerIds: string[]; layersDeleted: string[]; conflictsChanged: boolean; outboxAdded: number }): ApplySummary {
  if (r.outboxAdded > 0) hub?.nudge();
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

/** What the page hears of the hub: its state, what changed in the store, what to tell the user. */
export type HubPageEvent = Exclude<HubWorkerEvent, { type: 'applied' }> | { type: 'applied'; change: ApplySummary };

/** The hub's sync while the user is logged in to one (see hub-session.ts). */
let hub: HubSession | null = null;

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
  /** The chunks of a big layer the tiles worker does not have yet (see FeatureStore.layerChunkDelta). */
  async layerChunkDelta(layerId: string, known: Record<number, string>) {
    const delta = ready().then((s) => s.layerChunkDelta(layerId, known));
    mapWork = Promise.allSettled([mapWork, delta]);
    return delta;
  },
  /** A layer's chunk texts with the rev they are of, for a merge preview the commit may reuse while the rev holds. */
  async layerChunkTextsAtRev(layerId: string): Promise<{ rev: string | undefined; texts: string[] }> {
    return (await ready()).layerChunkTextsAtRev(layerId);
  },
  async apply(changeset: Changeset): Promise<ApplySummary> {
    return summary(await (await ready()).apply(changeset));
  },
  /**
   * A changeset of new layers whose features the import worker cut into chunks and sent as
   * their text (renderer/db/chunk-transfer.ts): nothing is parsed or serialised here.
   */
  async applyNewLayers(changeset: Changeset, layers: EncodedLayer[]): Promise<ApplySummary> {
    return summary(await (await ready()).applyNewLayers(changeset, layers));
  },
  /** The layer's stored rev: the tiles worker checks with it that chunks it was handed are what is stored. */
  async layerRev(layerId: string): Promise<string | undefined> {
    return (await ready()).layerRev(layerId);
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
  async hubLogin(url: string, login: string, password: string): Promise<LoginResult> {
    return hubLogin(url, login, password);
  },
  /**
   * Starts syncing with the hub; `onEvent` (a Comlink proxy) hears the state, the changes applied
   * from the hub, and what to tell the user. Resolves when the first round has ended.
   */
  async hubStart(config: HubConfig, onEvent: (event: HubPageEvent) => void): Promise<void> {
    hub?.stop();
    // Only summaries cross to the page: the applied changeset's features stay here.
    const session = new HubSession(await ready(), config, (event) => onEvent(event.type === 'applied' ? { type: 'applied', change: summary(event.change) } : event));
    hub = session;
    await session.start();
  },
  /** The hub's sharing directory, or null when the hub cannot be asked now (offline, logged out). */
  async hubDirectory(): Promise<HubDirectory | null> {
    try {
      return (await hub?.transport.directory()) ?? null;
    } catch {
      return null;
    }
  },
  async hubSyncNow(): Promise<void> {
    hub?.nudge();
    await hub?.idle();
  },
  hubStop(): void {
    hub?.stop();
    hub = null;
  },
  /** The changes still waiting to be pushed, oldest first, for the logout confirmation. */
  async hubPending(): Promise<ChangeSummary[]> {
    const s = await ready();
    return s.afterWrites(async (db) => (await db.outbox.where('state').equals('pending').sortBy('n')).flatMap((r) => (r.entry ? [r.entry.changeset.summary] : [])));
  },
  /**
   * Shares a local layer on the hub: the hub creates it (owned by the user's organisation, with
   * this marking and these contributors), then the layer becomes a hub layer here and all its
   * features go to the outbox, in one change that is not undone by Undo (the hub keeps the layer).
   */
  async hubShareLayer(layerId: string, marking: Marking, contributors: string[], by: Author): Promise<{ ok: true; change: ApplySummary } | { ok: false; code: string }> {
    const session = hub;
    if (!session) return { ok: false, code: 'hub.unreachable' };
    const s = await ready();
    const info = (await s.listLayers()).find((l) => l.id === layerId);
    if (!info) return { ok: false, code: 'hub.layer-not-found' };
    const { featureCount: _c, bbox: _b, featureClassifications: _f, ...layer } = info;
    let outcome: LayerOutcome;
    try {
      outcome = await session.transport.createLayer({
        id: layer.id,
        name: layer.name,
        kind: layer.kind,
        style: layer.style ?? {},
        marking: { classification: marking.classification, caveats: marking.caveats, releasableTo: marking.releasableTo },
        contributors,
      });
    } catch (error) {
      return { ok: false, code: error instanceof HubTransportError ? error.code : 'hub.unreachable' };
    }
    if (outcome.kind === 'refused') return { ok: false, code: outcome.code };
    const shared = outcome.layer;
    const applied = await s.applyDerived(async () => ({
      changeset: {
        id: newId(),
        summary: changeSummary('shareOnHub', { name: layer.name }),
        at: new Date().toISOString(),
        by,
        ops: [
          { op: 'putLayer', layer: { ...layer, marking: shared.marking, hub: { ownerOrg: shared.ownerOrg, contributors: shared.contributors, writable: shared.writable, owned: true } } },
          { op: 'putFeatures', layerId: layer.id, features: await s.getLayerFeatures(layer.id) },
        ],
      },
      options: {},
    }));
    if (!applied) return { ok: false, code: 'hub.layer-not-found' };
    return { ok: true, change: summary(applied) };
  },
  /** Logging out: stops syncing and removes every hub layer, the outbox and the cursor. */
  async hubForget(url: string): Promise<ApplySummary | null> {
    hub?.stop();
    hub = null;
    let change: ApplySummary | null = null;
    const local = new HubLocal(await ready(), url, (event) => {
      if (event.type === 'applied') change = summary(event.change);
    });
    await local.forget();
    return change;
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
