/**
 * The hub's outbox in IndexedDB: the user's changesets on shared layers, queued inside the same
 * transaction as their local apply (FeatureStore.commit calls queueForHub), so an edit is either
 * applied and queued or neither, whatever crashes when.
 */
import type { Changeset } from '../../shared/domain/changeset';
import { newId } from '../../shared/domain/feature';
import { layerPatchFor, mergeLayerPatches, ownerOnlyChange } from '../../shared/hub/layer-patch';
import { outboxEntriesFor, rebaseEntries, withoutFeatures } from '../../shared/hub/outbox';
import type { UpdateLayerRequest } from '../../shared/hub/protocol';
import type { OutboxEntry } from '../../shared/hub/sync-client';
import { layerOf } from '../../shared/hub/wire';
import { ChangesetError, type LayerWork } from './layer-work';
import type { OutboxRecord } from './records';
import type { CgDatabase } from './schema';

/**
 * What the hub decides is not changed here: the features of a layer shared read-only with this
 * organisation, a shared layer's existence (it leaves with a logout or when its owner withdraws
 * it, or it would come back at the next sync), and the name and marking of a layer another
 * organisation owns. The UI offers none of these; this is the store's own guard.
 */
export function refuseHubDecisions(changeset: Changeset, works: ReadonlyMap<string, LayerWork>): void {
  for (const op of changeset.ops) {
    if (op.op === 'putFeatures' || op.op === 'deleteFeatures') {
      const hub = works.get(op.layerId)?.baseRecord?.hub;
      if (hub && !hub.writable) throw new ChangesetError(`layer ${op.layerId} is read-only on the hub`);
    } else if (op.op === 'deleteLayer') {
      if (works.get(op.layerId)?.baseRecord?.hub) throw new ChangesetError(`layer ${op.layerId} is on the hub: it leaves with a logout`);
    } else if (op.op === 'putLayer') {
      const before = works.get(op.layer.id)?.baseRecord;
      if (!before?.hub || before.hub.owned) continue;
      const patch = layerPatchFor(before, op.layer);
      if (patch && ownerOnlyChange(patch)) throw new ChangesetError(`layer ${op.layer.id} is owned by ${before.hub.ownerOrg} on the hub`);
    }
  }
}

/** Queues what the changeset sends to the hub; returns how many entries. Call inside the commit's transaction. */
export async function queueForHub(db: CgDatabase, changeset: Changeset, works: ReadonlyMap<string, LayerWork>): Promise<number> {
  const entries = outboxEntriesFor(changeset, {
    pushable: (layerId) => {
      const work = works.get(layerId);
      return Boolean((work?.record ?? work?.baseRecord)?.hub?.writable);
    },
    before: (layerId, featureId) => works.get(layerId)?.base?.features.get(featureId)?.feature,
    newId,
  });
  const createdAt = new Date().toISOString();
  const patches = await queueLayerPatches(db, changeset, works, createdAt);
  if (entries.length === 0) return patches;
  await db.outbox.bulkAdd(entries.map((entry): OutboxRecord => ({ id: entry.changeset.id, layerId: layerOf(entry), state: 'pending', entry, createdAt })));
  return entries.length + patches;
}

/**
 * The owner's changes to a shared layer's name, marking or style wait in the outbox as one patch
 * per layer, the later fields over the earlier, until HubLocal sends them (PATCH /layers/:id).
 */
async function queueLayerPatches(db: CgDatabase, changeset: Changeset, works: ReadonlyMap<string, LayerWork>, createdAt: string): Promise<number> {
  let queued = 0;
  for (const op of changeset.ops) {
    if (op.op !== 'putLayer') continue;
    const before = works.get(op.layer.id)?.baseRecord;
    if (!before?.hub?.owned) continue;
    const patch = layerPatchFor(before, op.layer);
    if (!patch) continue;
    const waiting = await db.outbox.where('layerId').equals(op.layer.id).and((r) => r.state === 'pending' && r.patch !== undefined).first();
    if (waiting?.patch) await db.outbox.put({ ...waiting, patch: mergeLayerPatches(waiting.patch, patch) });
    else await db.outbox.add({ id: newId(), layerId: op.layer.id, state: 'pending', entry: null, patch, createdAt });
    queued++;
  }
  return queued;
}

/** The layer patches waiting, oldest first. */
export async function pendingLayerPatches(db: CgDatabase): Promise<{ id: string; layerId: string; patch: UpdateLayerRequest }[]> {
  const records = await db.outbox.where('state').equals('pending').sortBy('n');
  return records.flatMap((r) => (r.patch ? [{ id: r.id, layerId: r.layerId, patch: r.patch }] : []));
}

/** A layer patch the hub answered (took, or refused for good). */
export async function removeLayerPatch(db: CgDatabase, id: string): Promise<void> {
  await db.outbox.where('id').equals(id).delete();
}

export async function pendingEntries(db: CgDatabase): Promise<OutboxEntry[]> {
  const records = await db.outbox.where('state').equals('pending').sortBy('n');
  return records.flatMap((r) => (r.entry ? [r.entry] : []));
}

export async function pendingCount(db: CgDatabase): Promise<number> {
  return db.outbox.where('state').equals('pending').count();
}

/**
 * The hub answered for the entry: it is kept as sent (without its ops) and the entries behind it
 * on the same features are based on the versions the hub gave. Call inside a transaction.
 */
export async function markSent(db: CgDatabase, id: string, versions?: Readonly<Record<string, number>>): Promise<void> {
  const record = await db.outbox.where('id').equals(id).first();
  if (!record || record.state === 'sent') return;
  await db.outbox.put({ ...record, state: 'sent', entry: null });
  if (!versions || !record.entry) return;
  const waiting = (await db.outbox.where('state').equals('pending').sortBy('n')).filter((r) => r.entry);
  const rebased = rebaseEntries(
    waiting.map((r) => r.entry as OutboxEntry),
    record.entry,
    versions,
  );
  const changed = waiting.flatMap((r, i) => (rebased[i] !== r.entry ? [{ ...r, entry: rebased[i] ?? null }] : []));
  if (changed.length) await db.outbox.bulkPut(changed);
}

/** Which of these hub changesets were sent from here. */
export async function sentFromHere(db: CgDatabase, ids: readonly string[]): Promise<Set<string>> {
  return new Set((await db.outbox.where('id').anyOf([...ids]).keys()).map(String));
}

/** Feature ids that have an edit waiting to be pushed, per layer. */
export async function pendingFeatureIds(db: CgDatabase): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  for (const entry of await pendingEntries(db)) {
    for (const op of entry.changeset.ops) {
      if (op.op !== 'putFeatures' && op.op !== 'deleteFeatures') continue;
      const set = out.get(op.layerId) ?? new Set<string>();
      for (const id of op.op === 'putFeatures' ? op.features.map((f) => f.id) : op.ids) set.add(id);
      out.set(op.layerId, set);
    }
  }
  return out;
}

/** Drops what waits for a layer the hub no longer shares with us; returns the entries dropped. */
export async function dropLayerEntries(db: CgDatabase, layerId: string): Promise<number> {
  return db.outbox.where('layerId').equals(layerId).and((r) => r.state === 'pending').delete();
}

/**
 * Drops the waiting edits of features withdrawn from us (their owner re-marked them beyond our
 * sight); returns how many edits went. Call inside a transaction.
 */
export async function dropFeatureEdits(db: CgDatabase, layerId: string, ids: ReadonlySet<string>): Promise<number> {
  let dropped = 0;
  const waiting = await db.outbox.where('layerId').equals(layerId).and((r) => r.state === 'pending' && r.entry !== null).toArray();
  for (const record of waiting) {
    if (!record.entry) continue;
    const kept = withoutFeatures(record.entry, layerId, ids);
    if (kept.dropped === 0) continue;
    dropped += kept.dropped;
    if (kept.entry) await db.outbox.put({ ...record, entry: kept.entry });
    else await db.outbox.where('id').equals(record.id).delete();
  }
  return dropped;
}
