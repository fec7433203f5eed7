import type { Changeset, Op } from '../domain/changeset';
import type { CgFeature } from '../domain/feature';
import { EXCHANGED_VERSION } from '../sync/content';
import { LIMITS } from './protocol';
import type { OutboxEntry } from './sync-client';

/**
 * What a local changeset sends to the hub. The hub takes one layer per changeset and at most
 * LIMITS.featuresPerChangeset features, so a changeset becomes one entry per shared layer it
 * touches, split in parts when big (a whole layer shared at once). The first entry keeps the
 * changeset's id, so the change that comes back in a pull is recognised as ours; the others get
 * ids of their own, made once and kept in the outbox, so a retry is still idempotent.
 *
 * Only feature edits travel: layer records (name, style, order) stay the workstation's, and open
 * conflict records are local bookkeeping.
 */
export interface OutboxSource {
  /** Whether the layer is on the hub and this organisation may write to it. */
  pushable(layerId: string): boolean;
  /** The feature as it was before the changeset, if it existed. */
  before(layerId: string, featureId: string): CgFeature | undefined;
  newId(): string;
}

export function outboxEntriesFor(changeset: Changeset, source: OutboxSource): OutboxEntry[] {
  const perLayer = new Map<string, Op[]>();
  for (const op of changeset.ops) {
    if (op.op !== 'putFeatures' && op.op !== 'deleteFeatures') continue;
    if (!source.pushable(op.layerId)) continue;
    const list = perLayer.get(op.layerId) ?? [];
    list.push(op);
    perLayer.set(op.layerId, list);
  }
  const entries: OutboxEntry[] = [];
  for (const [layerId, ops] of perLayer) {
    for (const part of splitOps(ops, LIMITS.featuresPerChangeset)) {
      const baseVersions: Record<string, number> = {};
      const after = new Map(part.flatMap((op) => (op.op === 'putFeatures' ? op.features.map((f): [string, CgFeature] => [f.id, f]) : [])));
      for (const id of idsOf(part)) {
        // A settled conflict is based on the hub's version it was settled against, which the
        // settled feature carries; every other edit carries the version it was made on.
        const versions = [exchangedVersion(source.before(layerId, id)), exchangedVersion(after.get(id))].filter((v): v is number => v !== null);
        if (versions.length) baseVersions[id] = Math.max(...versions);
      }
      // Deleting a feature the hub never had sends nothing.
      const pushable = part.filter((op) => op.op === 'putFeatures' || (op.op === 'deleteFeatures' && op.ids.some((id) => baseVersions[id] !== undefined)));
      if (pushable.length === 0) continue;
      entries.push({ changeset: { ...changeset, id: entries.length === 0 ? changeset.id : source.newId(), ops: pushable }, baseVersions });
    }
  }
  return entries;
}

/**
 * After `pushed` was applied with the hub's new `versions`, the entries still waiting that edit
 * the same features were made on the version before it: they are based on the pushed version now,
 * or the hub would take our own two edits in a row for a conflict.
 */
export function rebaseEntries(waiting: readonly OutboxEntry[], pushed: OutboxEntry, versions: Readonly<Record<string, number>>): OutboxEntry[] {
  return waiting.map((entry) => {
    let changed = false;
    const baseVersions = { ...entry.baseVersions };
    for (const id of idsOf(entry.changeset.ops)) {
      const version = versions[id];
      if (version === undefined || baseVersions[id] !== pushed.baseVersions[id]) continue;
      baseVersions[id] = version;
      changed = true;
    }
    return changed ? { ...entry, baseVersions } : entry;
  });
}

/**
 * The entry without its edits of `ids` on `layerId` (features withdrawn from us: our edits of
 * them may not be sent, the hub would take them for new features), and how many edits went;
 * null when nothing of it is left to send.
 */
export function withoutFeatures(entry: OutboxEntry, layerId: string, ids: ReadonlySet<string>): { entry: OutboxEntry | null; dropped: number } {
  let dropped = 0;
  const ops: Op[] = [];
  for (const op of entry.changeset.ops) {
    if ((op.op !== 'putFeatures' && op.op !== 'deleteFeatures') || op.layerId !== layerId) {
      ops.push(op);
      continue;
    }
    if (op.op === 'putFeatures') {
      const features = op.features.filter((f) => !ids.has(f.id));
      dropped += op.features.length - features.length;
      if (features.length) ops.push(features.length === op.features.length ? op : { ...op, features });
    } else {
      const kept = op.ids.filter((id) => !ids.has(id));
      dropped += op.ids.length - kept.length;
      if (kept.length) ops.push(kept.length === op.ids.length ? op : { ...op, ids: kept });
    }
  }
  if (dropped === 0) return { entry, dropped };
  if (idsOf(ops).length === 0) return { entry: null, dropped };
  const baseVersions = Object.fromEntries(Object.entries(entry.baseVersions).filter(([id]) => !ids.has(id)));
  return { entry: { changeset: { ...entry.changeset, ops }, baseVersions }, dropped };
}

/** The version the hub last gave us of a feature, kept in its properties; null if never exchanged. */
export function exchangedVersion(f: CgFeature | undefined): number | null {
  const v = f?.properties[EXCHANGED_VERSION];
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : null;
}

function idsOf(ops: readonly Op[]): string[] {
  return ops.flatMap((op) => (op.op === 'putFeatures' ? op.features.map((f) => f.id) : op.op === 'deleteFeatures' ? op.ids : []));
}

/** Ops cut so no part holds more than `max` features; a feature is never in two parts. */
function splitOps(ops: readonly Op[], max: number): Op[][] {
  const parts: Op[][] = [];
  let part: Op[] = [];
  let count = 0;
  const flush = (): void => {
    if (part.length) parts.push(part);
    part = [];
    count = 0;
  };
  for (const op of ops) {
    if (op.op === 'putFeatures') {
      for (let i = 0; i < op.features.length; ) {
        if (count === max) flush();
        const take = op.features.slice(i, i + (max - count));
        part.push({ ...op, features: take });
        count += take.length;
        i += take.length;
      }
    } else if (op.op === 'deleteFeatures') {
      for (let i = 0; i < op.ids.length; ) {
        if (count === max) flush();
        const take = op.ids.slice(i, i + (max - count));
        part.push({ ...op, ids: take });
        count += take.length;
        i += take.length;
      }
    }
  }
  flush();
  return parts;
}
