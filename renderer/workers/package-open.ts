import type { CgFeature } from '../../shared/domain/feature';
import type { Marking } from '../../shared/domain/marking';
import { readPackage, type PackageRefusalCode, type ReadPackage, type TrustedKey } from '../../shared/package';
import { planReceive, type ReceivedLayer } from '../../shared/package/receive';
import type { StoreWorkerApi } from './store.worker';

/**
 * Opening a package in the import worker, as fast as its parts allow: what we hold of the
 * package's layers is read from the store worker while the package is checked (readPackage's
 * onManifest), and the commit reuses the preview's plan while none of those layers changed in the
 * store (same revs), planning again otherwise. Kept out of the worker file to be tested with a
 * fake store.
 */

export type PackageStore = Pick<StoreWorkerApi, 'layerChunkTextsAtRev' | 'layerRev' | 'listLayers'>;

/** A package read and planned against the store, with what the plan depends on. */
export interface OpenedPackage {
  read: ReadPackage;
  /** The layer ids the page listed as ours when the package was opened. */
  existing: readonly string[];
  received: ReceivedLayer[];
  /** Each of the package's layers' stored rev when the plan was made (undefined: not stored). */
  revs: ReadonlyMap<string, string | undefined>;
}

export type OpenResult = { ok: true; opened: OpenedPackage } | { ok: false; code: PackageRefusalCode; params: Record<string, string | number> };

const PACKAGE_MARKS = ['cg:pkg:open', 'cg:pkg:read', 'cg:pkg:held', 'cg:pkg:planned'];

export async function openPackage(bytes: Uint8Array, trustedKeys: readonly TrustedKey[], existing: readonly string[], store: PackageStore): Promise<OpenResult> {
  // Stage marks for the merge bench (scripts/bench/merge-ui.ts); the last open's only.
  for (const m of PACKAGE_MARKS) performance.clearMarks(m);
  performance.mark('cg:pkg:open');
  const prefetch: { held?: Promise<HeldLayers> } = {};
  const markings = markingsOf(store);
  markings.catch(() => undefined);
  const read = await readPackage(bytes, {
    trustedKeys,
    onManifest: (manifest) => {
      prefetch.held = readHeld(store, manifest.layers.map((l) => l.id), existing);
      prefetch.held.catch(() => undefined);
    },
  });
  performance.mark('cg:pkg:read');
  if (!read.ok) return { ok: false, code: read.code, params: read.params };
  const held = (await prefetch.held) ?? emptyHeld();
  performance.mark('cg:pkg:held');
  // layers.json may name layers the manifest does not: those are read too, as before.
  await readMissing(store, held, read.layers.map((l) => l.id), existing);
  const received = planReceive(read, held.features, await markings);
  performance.mark('cg:pkg:planned');
  return { ok: true, opened: { read, existing, received, revs: held.revs } };
}

/** The plan to commit: the preview's while the package's layers are as they were then, else made again against the store as it is. */
export async function planForCommit(opened: OpenedPackage, store: PackageStore): Promise<ReceivedLayer[]> {
  if (await sameRevs(store, opened.revs)) return opened.received;
  const held = await readHeld(store, opened.read.layers.map((l) => l.id), opened.existing);
  return planReceive(opened.read, held.features, await markingsOf(store));
}

/**
 * What we hold of a package's layers: the features of those the page listed as ours, and each
 * layer's stored rev (undefined: not in the store), which is what a plan made from them depends on.
 */
interface HeldLayers {
  features: Map<string, CgFeature[]>;
  revs: Map<string, string | undefined>;
}

const emptyHeld = (): HeldLayers => ({ features: new Map(), revs: new Map() });

async function readHeld(store: PackageStore, layerIds: readonly string[], existing: readonly string[]): Promise<HeldLayers> {
  const held = emptyHeld();
  await readMissing(store, held, layerIds, existing);
  return held;
}

/** Adds the layers of `layerIds` not read yet to `held`; the features are parsed here, off the page. */
async function readMissing(store: PackageStore, held: HeldLayers, layerIds: readonly string[], existing: readonly string[]): Promise<void> {
  const ids = [...new Set(layerIds)].filter((id) => !held.revs.has(id));
  const read = await Promise.all(
    ids.map(async (id) => {
      if (!existing.includes(id)) return { id, rev: await store.layerRev(id), texts: null };
      const { rev, texts } = await store.layerChunkTextsAtRev(id);
      return { id, rev, texts };
    }),
  );
  for (const { id, rev, texts } of read) {
    held.revs.set(id, rev);
    if (texts) held.features.set(id, texts.flatMap((t) => JSON.parse(t) as CgFeature[]));
  }
}

async function sameRevs(store: PackageStore, revs: ReadonlyMap<string, string | undefined>): Promise<boolean> {
  const now = await Promise.all([...revs].map(async ([id, rev]) => (await store.layerRev(id)) === rev));
  return now.every(Boolean);
}

/** Our layers' markings: a feature without its own came from its layer's originator. */
async function markingsOf(store: Pick<StoreWorkerApi, 'listLayers'>): Promise<Map<string, Marking>> {
  return new Map((await store.listLayers()).map((l) => [l.id, l.marking]));
}

