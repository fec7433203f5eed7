/**
 * The workstation's side of the hub's sync, over the FeatureStore: the outbox the sync client
 * pushes from, and the sink it applies the hub's answers to. Pulled changes go through the same
 * FeatureStore apply as local edits (so the change log, counts, map and analyses follow), as
 * changes from outside: not undoable here, never pushed back.
 */
import { changeSummary, type ChangeSummary, type Changeset, type Op } from '../../shared/domain/changeset';
import { KindSchema } from '../../shared/domain/common';
import type { ConflictRecord } from '../../shared/domain/conflict';
import { newId, type CgFeature } from '../../shared/domain/feature';
import { LayerStyleSchema, type HubLayerInfo, type Layer } from '../../shared/domain/layer';
import { exchangedVersion } from '../../shared/hub/outbox';
import type { HubLayerTransport } from '../../shared/hub/layer-transport';
import type { HubLayer } from '../../shared/hub/protocol';
import type { HubConflict, Outbox, OutboxEntry, RemoteChange, SnapshotPart, SyncSink } from '../../shared/hub/sync-client';
import { EXCHANGED_VERSION } from '../../shared/sync/content';
import { conflictBetween } from '../../shared/sync/merge';
import type { AppliedChange, FeatureStore } from './feature-store';
import { dropFeatureEdits, dropLayerEntries, markSent, pendingCount, pendingEntries, pendingFeatureIds, pendingLayerPatches, removeLayerPatch, sentFromHere } from './hub-outbox';
import { forgetLeavingData, type LeavingData } from './history-forget';
import type { LayerInfo } from './records';

const CURSOR_KEY = 'hub:cursor';

/** What the page is told: a change to show, and what to say about it ({code, params}, worded there). */
export type HubLocalEvent =
  | { type: 'applied'; change: AppliedChange }
  | { type: 'notice'; tone: 'info' | 'error'; code: string; params: Record<string, string | number> };

export interface HubLocalOptions {
  /** Where the owner's changes to a shared layer's record go; without it they wait. */
  layerTransport?: HubLayerTransport;
  /** The organisation the hub knows this user by: the layers it owns are marked owned. */
  orgId?: string;
}

export class HubLocal implements Outbox, SyncSink {
  constructor(
    private readonly store: FeatureStore,
    /** The hub's address, named as the other side of its conflicts. */
    private readonly hubName: string,
    private readonly emit: (event: HubLocalEvent) => void,
    private readonly options: HubLocalOptions = {},
  ) {}

  // ---- outbox --------------------------------------------------------------------------------

  entries(): Promise<OutboxEntry[]> {
    return this.store.afterWrites(pendingEntries);
  }

  pending(): Promise<number> {
    return this.store.afterWrites(pendingCount);
  }

  /** The hub has it: mark it sent and remember the hub's versions, in one transaction. */
  async remove(changesetId: string, versions?: Record<string, number>): Promise<void> {
    const applied = await this.store.applyDerived(async () => {
      const entry = (await pendingEntries(this.store.db)).find((e) => e.changeset.id === changesetId);
      const puts = entry && versions ? await this.withVersions(entry, versions) : [];
      if (puts.length === 0) return null;
      return { changeset: outside(changeSummary('hubChange'), puts), options: { remote: true, log: false, within: (db) => markSent(db, changesetId, versions) } };
    });
    if (!applied) await this.store.afterWrites((db) => db.transaction('rw', db.outbox, () => markSent(db, changesetId, versions)));
  }

  // ---- sink ----------------------------------------------------------------------------------

  async applyRemote(changes: RemoteChange[]): Promise<void> {
    const first = changes[0];
    if (!first) return;
    /** Feature id → layer id, of features withdrawn from us by this page (and not released again in it). */
    const withdrawn = new Map<string, string>();
    const applied = await this.store.applyDerived(async () => {
      const layers = new Set((await this.store.listLayers()).filter((l) => l.hub).map((l) => l.id));
      const pending = await pendingFeatureIds(this.store.db);
      // The hub's answer to a stale push is an open conflict, its entry no longer waiting: the
      // pull that follows brings the same colleague's version, which must not replace ours
      // before the user has settled it.
      const conflicted = new Set((await this.store.listConflicts()).map((r) => `${r.layerId}/${r.featureId}`));
      const held = (layerId: string, id: string): boolean => Boolean(pending.get(layerId)?.has(id)) || conflicted.has(`${layerId}/${id}`);
      // One outbox read per page, not one per pulled changeset.
      const sent = await sentFromHere(this.store.db, changes.map((c) => c.changeset.id));
      const content = new Map<string, { layerId: string; put: CgFeature | null }>();
      const bookkeeping: Op[] = [];
      for (const change of changes) {
        const own = sent.has(change.changeset.id);
        // Never among its features: what the hub re-marked beyond our sight, whoever holds an edit of it.
        if (change.withdrawn && layers.has(change.withdrawn.layerId)) {
          for (const id of change.withdrawn.ids) {
            content.delete(id);
            withdrawn.set(id, change.withdrawn.layerId);
          }
        }
        for (const op of change.changeset.ops) {
          if ((op.op !== 'putFeatures' && op.op !== 'deleteFeatures') || !layers.has(op.layerId)) continue;
          if (op.op === 'deleteFeatures') {
            for (const id of op.ids) if (!own && !held(op.layerId, id)) content.set(id, { layerId: op.layerId, put: null });
            continue;
          }
          for (const f of op.features) {
            const local = await this.store.getFeature(op.layerId, f.id);
            const theirs = exchangedVersion(f) ?? 0;
            if ((exchangedVersion(local) ?? 0) >= theirs) continue;
            // Released to us again after a withdrawal in this page: a change like any other.
            withdrawn.delete(f.id);
            if (own) {
              if (local) bookkeeping.push({ op: 'putFeatures', layerId: op.layerId, features: [withExchanged(local, theirs)] });
            } else if (!held(op.layerId, f.id)) {
              content.set(f.id, { layerId: op.layerId, put: f });
            }
          }
        }
      }
      const ops: Op[] = [];
      for (const [id, { layerId, put }] of content) {
        if (put) ops.push({ op: 'putFeatures', layerId, features: [put] });
        else if (await this.store.getFeature(layerId, id)) ops.push({ op: 'deleteFeatures', layerId, ids: [id] });
      }
      const kept = bookkeeping.filter((op) => op.op !== 'putFeatures' || !op.features.some((f) => withdrawn.has(f.id)));
      if (ops.length === 0 && kept.length === 0) return null;
      const summary = changes.length === 1 ? changeSummary('hubChange') : changeSummary('hubChanges', { count: changes.length });
      const changeset: Changeset = { ...outside(summary, [...mergePuts(ops), ...mergePuts(kept)]), ...(changes.length === 1 ? { label: first.changeset.label, by: first.changeset.by } : {}) };
      return { changeset, options: { remote: true, log: ops.length > 0 } };
    });
    if (applied) this.emit({ type: 'applied', change: applied });
    if (withdrawn.size > 0) await this.withdrawFeatures(withdrawn);
  }

  /**
   * Features re-marked beyond our organisation's sight leave this workstation: our copies, our
   * unsent edits of them, their open conflicts, tombstones and copies in the change log, in one
   * change logged without naming them. The user is told how many, and how many edits went.
   */
  private async withdrawFeatures(withdrawn: ReadonlyMap<string, string>): Promise<void> {
    const byLayer = new Map<string, Set<string>>();
    for (const [id, layerId] of withdrawn) byLayer.set(layerId, (byLayer.get(layerId) ?? new Set()).add(id));
    let dropped = 0;
    let removed = 0;
    const applied = await this.store.applyDerived(async () => {
      const conflicted = new Set((await this.store.listConflicts()).map((r) => `${r.layerId}/${r.featureId}`));
      const ops: Op[] = [];
      for (const [layerId, ids] of byLayer) {
        const held: string[] = [];
        for (const id of ids) if (await this.store.getFeature(layerId, id)) held.push(id);
        removed += held.length;
        if (held.length) ops.push({ op: 'deleteFeatures', layerId, ids: held });
        const open = [...ids].filter((id) => conflicted.has(`${layerId}/${id}`));
        if (open.length) ops.push({ op: 'deleteConflicts', layerId, featureIds: open });
      }
      const leaving: LeavingData[] = [...byLayer].map(([layerId, featureIds]) => ({ layerId, featureIds }));
      const within = async (db: FeatureStore['db']): Promise<void> => {
        for (const [layerId, ids] of byLayer) dropped += await dropFeatureEdits(db, layerId, ids);
        await forgetLeavingData(db, leaving);
      };
      if (ops.length === 0) {
        // Inside applyDerived's turn already: the database directly, not afterWrites (which would wait for this turn).
        const db = this.store.db;
        await db.transaction('rw', [db.outbox, db.changes, db.conflicts, db.tombstones], () => within(db));
        return null;
      }
      return { changeset: outside(changeSummary('hubFeaturesWithdrawn', { count: removed }), ops), options: { remote: true, withoutContent: true, within } };
    });
    this.store.forgetUndoOf([...byLayer].map(([layerId, featureIds]) => ({ layerId, featureIds })));
    if (applied) this.emit({ type: 'applied', change: applied });
    if (removed > 0 || dropped > 0) {
      const names = await this.layerNames([...byLayer.keys()]);
      this.emit({ type: 'notice', tone: 'info', code: dropped > 0 ? 'hubFeaturesWithdrawnEdits' : 'hubFeaturesWithdrawn', params: { count: removed, layer: names, dropped } });
    }
  }

  private async layerNames(ids: readonly string[]): Promise<string> {
    const layers = new Map((await this.store.listLayers()).map((l) => [l.id, l.name]));
    return ids.map((id) => layers.get(id) ?? id).join(', ');
  }

  /**
   * The hub had moved on from the version our edit was based on: our feature and the hub's go to
   * the Conflicts panel, ours staying on the map until the user settles it. A deletion of ours
   * against their edit cannot wait there (there is no "ours" left to show): their version comes
   * back, and the user is told.
   */
  async conflicts(_entry: OutboxEntry, conflicts: HubConflict[]): Promise<void> {
    const applied = await this.store.applyDerived(async () => {
      const ops: Op[] = [];
      const records: ConflictRecord[] = [];
      const detectedAt = new Date().toISOString();
      for (const c of conflicts) {
        const ours = await this.store.getFeature(c.layerId, c.featureId);
        if (ours) records.push({ layerId: c.layerId, featureId: c.featureId, source: { type: 'hub', name: this.hubName }, detectedAt, conflict: conflictBetween(ours, c.theirs, c.base) });
        else if (c.theirs) ops.push({ op: 'putFeatures', layerId: c.layerId, features: [c.theirs] });
      }
      for (const [layerId, list] of groupBy(records, (r) => r.layerId)) ops.push({ op: 'putConflicts', layerId, conflicts: list });
      if (ops.length === 0) return null;
      return { changeset: outside(changeSummary('hubConflicts', { count: conflicts.length }), ops), options: { remote: true } };
    });
    if (applied) this.emit({ type: 'applied', change: applied });
    this.emit({ type: 'notice', tone: 'error', code: 'hubConflicts', params: { count: conflicts.length } });
  }

  async refused(entry: OutboxEntry, code: string, params: Record<string, string | number>): Promise<void> {
    this.emit({ type: 'notice', tone: 'error', code: 'hubRefused', params: { ...params, reason: code, changes: entry.changeset.ops.length } });
  }

  /**
   * The hub's layers this organisation may see: a new one is filled from its snapshot in one
   * change; one of ours no longer listed is removed, with what still waited to be pushed to it.
   */
  async layers(listedLayers: HubLayer[], snapshot: (layerId: string, after: string | null) => Promise<SnapshotPart>): Promise<void> {
    const hubLayers = await this.sendLayerPatches(listedLayers);
    const patched = new Set((await this.store.afterWrites(pendingLayerPatches)).map((p) => p.layerId));
    const local = new Map((await this.store.listLayers()).map((l) => [l.id, l]));
    const listed = new Set(hubLayers.map((l) => l.id));
    for (const layer of local.values()) if (layer.hub && !listed.has(layer.id)) await this.withdraw(layer);
    const firstSync = (await this.readCursor()) === 0;
    let cursor = Number.POSITIVE_INFINITY;
    let order = Math.max(0, ...[...local.values()].map((l) => l.order));
    for (const hubLayer of hubLayers) {
      const kind = KindSchema.safeParse(hubLayer.kind);
      if (!kind.success) continue;
      const mine = local.get(hubLayer.id);
      if (mine) {
        // A change of ours made while this round ran is sent in the next one: not undone here.
        if (!patched.has(mine.id)) await this.refreshLayer(mine, hubLayer);
        continue;
      }
      const features: CgFeature[] = [];
      let after: string | null = null;
      let seq: number | null = null;
      do {
        const page = await snapshot(hubLayer.id, after);
        seq ??= page.seq;
        features.push(...page.features);
        after = page.next;
      } while (after);
      cursor = Math.min(cursor, seq ?? 0);
      const now = new Date().toISOString();
      // The owner's look for the layer, when this version of the app understands it.
      const style = LayerStyleSchema.safeParse(hubLayer.style);
      const layer: Layer = {
        id: hubLayer.id,
        name: hubLayer.name,
        kind: kind.data,
        owner: hubLayer.ownerOrg,
        visible: true,
        opacity: 1,
        order: ++order,
        createdAt: now,
        updatedAt: now,
        marking: hubLayer.marking,
        ...(style.success ? { style: style.data } : {}),
        hub: this.hubInfo(hubLayer),
      };
      const ops: Op[] = [{ op: 'putLayer', layer }];
      if (features.length) ops.push({ op: 'putFeatures', layerId: layer.id, features });
      const applied = await this.store.applyOutside(outside(changeSummary('hubLayerJoined', { name: layer.name, count: features.length }), ops), { remote: true });
      this.emit({ type: 'applied', change: applied });
    }
    // A new workstation holds the log up to its snapshots: pulling it again would only be skipped.
    if (firstSync && Number.isFinite(cursor) && cursor > 0) await this.writeCursor(cursor);
  }

  async readCursor(): Promise<number> {
    const record = await this.store.afterWrites((db) => db.meta.get(CURSOR_KEY));
    return typeof record?.value === 'number' ? record.value : 0;
  }

  async writeCursor(seq: number): Promise<void> {
    await this.store.afterWrites((db) => db.meta.put({ key: CURSOR_KEY, value: seq }));
  }

  /** Logging out: every hub layer, the outbox and the cursor leave this workstation, in one transaction. */
  async forget(): Promise<number> {
    const hubLayers = (await this.store.listLayers()).filter((l) => l.hub);
    const ops: Op[] = hubLayers.map((l) => ({ op: 'deleteLayer', layerId: l.id }));
    const leaving: LeavingData[] = hubLayers.map((l) => ({ layerId: l.id }));
    const clear = async (db: FeatureStore['db']): Promise<void> => {
      await db.outbox.clear();
      await db.meta.delete(CURSOR_KEY);
      await forgetLeavingData(db, leaving);
    };
    if (ops.length === 0) {
      await this.store.afterWrites((db) => db.transaction('rw', [db.outbox, db.meta], () => clear(db)));
      return 0;
    }
    const applied = await this.store.applyOutside(outside(changeSummary('hubLogout', { count: hubLayers.length }), ops), { remote: true, withoutContent: true, within: clear });
    this.store.forgetUndoOf(leaving);
    this.emit({ type: 'applied', change: applied });
    return hubLayers.length;
  }

  private async withdraw(layer: LayerInfo): Promise<void> {
    let dropped = 0;
    const applied = await this.store.applyOutside(outside(changeSummary('hubLayerWithdrawn', { name: layer.name }), [{ op: 'deleteLayer', layerId: layer.id }]), {
      remote: true,
      withoutContent: true,
      within: async (db) => {
        dropped = await dropLayerEntries(db, layer.id);
        await forgetLeavingData(db, [{ layerId: layer.id }]);
      },
    });
    this.store.forgetUndoOf([{ layerId: layer.id }]);
    this.emit({ type: 'applied', change: applied });
    this.emit({ type: 'notice', tone: 'error', code: 'hubLayerWithdrawn', params: { name: layer.name, count: dropped } });
  }

  /**
   * The owner's waiting changes to its shared layers' records go first, so the listing they are
   * compared with is the hub's answer to them. A refusal is said and dropped: the hub's record
   * then replaces ours. A network failure leaves them waiting (the round fails and is retried).
   */
  private async sendLayerPatches(listed: HubLayer[]): Promise<HubLayer[]> {
    const transport = this.options.layerTransport;
    if (!transport) return listed;
    const byId = new Map(listed.map((l) => [l.id, l]));
    for (const { id, layerId, patch } of await this.store.afterWrites(pendingLayerPatches)) {
      const outcome = await transport.updateLayer(layerId, patch);
      await this.store.afterWrites((db) => db.transaction('rw', db.outbox, () => removeLayerPatch(db, id)));
      if (outcome.kind === 'shared') byId.set(layerId, outcome.layer);
      else this.emit({ type: 'notice', tone: 'error', code: 'hubLayerRefused', params: { ...outcome.params, name: byId.get(layerId)?.name ?? layerId, reason: outcome.code } });
    }
    return [...byId.values()];
  }

  /** The hub decides a shared layer's marking, name and access; only a change is written. */
  private async refreshLayer(mine: LayerInfo, hubLayer: HubLayer): Promise<void> {
    const hub = this.hubInfo(hubLayer);
    const same = JSON.stringify([mine.hub, mine.marking, mine.name]) === JSON.stringify([hub, hubLayer.marking, hubLayer.name]);
    if (same) return;
    const { featureCount: _c, bbox: _b, featureClassifications: _f, ...layer } = mine;
    const applied = await this.store.applyOutside(outside(changeSummary('changeLayerMarking', { name: hubLayer.name }), [{ op: 'putLayer', layer: { ...layer, name: hubLayer.name, marking: hubLayer.marking, hub } }]), { remote: true });
    this.emit({ type: 'applied', change: applied });
  }

  private hubInfo(hubLayer: HubLayer): HubLayerInfo {
    return { ownerOrg: hubLayer.ownerOrg, contributors: hubLayer.contributors, writable: hubLayer.writable, owned: hubLayer.ownerOrg === this.options.orgId };
  }

  private async withVersions(entry: OutboxEntry, versions: Readonly<Record<string, number>>): Promise<Op[]> {
    const ops: Op[] = [];
    for (const op of entry.changeset.ops) {
      if (op.op !== 'putFeatures') continue;
      const features: CgFeature[] = [];
      for (const f of op.features) {
        const version = versions[f.id];
        const local = version === undefined ? undefined : await this.store.getFeature(op.layerId, f.id);
        if (local && version !== undefined && (exchangedVersion(local) ?? 0) < version) features.push(withExchanged(local, version));
      }
      if (features.length) ops.push({ op: 'putFeatures', layerId: op.layerId, features });
    }
    return ops;
  }
}

function withExchanged(f: CgFeature, version: number): CgFeature {
  return { ...f, properties: { ...f.properties, [EXCHANGED_VERSION]: version } };
}

function outside(summary: ChangeSummary, ops: Op[]): Changeset {
  return { id: newId(), summary, at: new Date().toISOString(), by: { name: '', org: '' }, ops };
}

/** One putFeatures per layer: the store writes each touched chunk once. */
function mergePuts(ops: readonly Op[]): Op[] {
  const puts = new Map<string, CgFeature[]>();
  const rest: Op[] = [];
  for (const op of ops) {
    if (op.op !== 'putFeatures') {
      rest.push(op);
      continue;
    }
    const list = puts.get(op.layerId) ?? [];
    list.push(...op.features);
    puts.set(op.layerId, list);
  }
  return [...[...puts].map(([layerId, features]): Op => ({ op: 'putFeatures', layerId, features })), ...rest];
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(key(item)) ?? [];
    list.push(item);
    out.set(key(item), list);
  }
  return out;
}
