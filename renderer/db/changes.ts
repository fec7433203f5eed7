/** Pure helpers around changesets: inverse tidying and change-log records. */
import type { Changeset, Op } from '../../shared/domain/changeset';
import type { CgFeature } from '../../shared/domain/feature';
import type { ChangeRecord, FeatureDiff, OpSummary } from './records';

/** At most this many feature ids per change record (the multi-entry index grows with them). */
export const MAX_LOGGED_IDS = 5_000;
/** Changesets touching at most this many features keep full before/after copies in the log. */
export const MAX_DIFF_FEATURES = 200;

/**
 * Drop feature ops on a layer that a later op deletes anyway. The inverse of "create layer
 * + import 171k features" is then just "delete layer", not a 171k-id delete that would make
 * undo load and parse the whole layer first. The final state is the same.
 */
export function dropOpsBeforeLayerDeletion(ops: readonly Op[]): Op[] {
  const deletedLater = new Set<string>();
  const kept: Op[] = [];
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i] as Op;
    if (op.op === 'deleteLayer') deletedLater.add(op.layerId);
    else if (op.op === 'putLayer') deletedLater.delete(op.layer.id);
    else if (deletedLater.has(op.layerId)) continue;
    kept.push(op);
  }
  return kept.reverse();
}

/** The layer an op is about. */
export function opLayerId(op: Op): string {
  return op.op === 'putLayer' ? op.layer.id : op.layerId;
}

export function summariseOps(ops: readonly Op[]): OpSummary[] {
  return ops.map((op) => {
    switch (op.op) {
      case 'putLayer':
        return { op: op.op, layerId: op.layer.id, count: 1 };
      case 'deleteLayer':
        return { op: op.op, layerId: op.layerId, count: 1 };
      case 'putFeatures':
        return { op: op.op, layerId: op.layerId, count: op.features.length };
      case 'deleteFeatures':
        return { op: op.op, layerId: op.layerId, count: op.ids.length };
      case 'putConflicts':
        return { op: op.op, layerId: op.layerId, count: op.conflicts.length };
      case 'deleteConflicts':
        return { op: op.op, layerId: op.layerId, count: op.featureIds.length };
    }
  });
}

/** How the change log sees the state around a changeset. */
export interface ChangeView {
  before(layerId: string, featureId: string): CgFeature | undefined;
  after(layerId: string, featureId: string): CgFeature | undefined;
  /** Ids of the layer's features before the changeset (for deleteLayer). */
  featureIdsBefore(layerId: string): Iterable<string>;
}

/** Feature ids touched per layer, including the features a deleteLayer takes with it. */
export function touchedByLayer(ops: readonly Op[], view: ChangeView): Map<string, Set<string>> {
  const touched = new Map<string, Set<string>>();
  const add = (layerId: string, ids: Iterable<string>): void => {
    let set = touched.get(layerId);
    if (!set) touched.set(layerId, (set = new Set()));
    for (const id of ids) set.add(id);
  };
  for (const op of ops) {
    if (op.op === 'putFeatures') add(op.layerId, op.features.map((f) => f.id));
    else if (op.op === 'deleteFeatures') add(op.layerId, op.ids);
    // A conflict recorded or settled belongs in the feature's history too.
    else if (op.op === 'putConflicts') add(op.layerId, op.conflicts.map((c) => c.featureId));
    else if (op.op === 'deleteConflicts') add(op.layerId, op.featureIds);
    else if (op.op === 'deleteLayer') add(op.layerId, view.featureIdsBefore(op.layerId));
  }
  return touched;
}

export function buildChangeRecord(changeset: Changeset, view: ChangeView, withoutContent = false): ChangeRecord {
  // Hub data leaving the workstation is logged as what was done, naming no feature (history-forget.ts).
  const touched = withoutContent ? new Map<string, Set<string>>() : touchedByLayer(changeset.ops, view);
  const ids = new Set<string>();
  let pairs = 0;
  for (const set of touched.values()) {
    pairs += set.size;
    for (const id of set) {
      if (ids.size >= MAX_LOGGED_IDS) break;
      ids.add(id);
    }
  }
  const record: ChangeRecord = {
    id: changeset.id,
    at: changeset.at,
    by: changeset.by,
    summary: changeset.summary,
    ops: summariseOps(changeset.ops),
    featureIds: [...ids],
    truncated: pairs > ids.size,
  };
  if (changeset.acknowledgement) record.acknowledgement = changeset.acknowledgement;
  if (pairs <= MAX_DIFF_FEATURES) {
    const diffs: FeatureDiff[] = [];
    for (const [layerId, set] of touched) {
      for (const featureId of set) {
        const before = view.before(layerId, featureId) ?? null;
        const after = view.after(layerId, featureId) ?? null;
        if (before || after) diffs.push({ layerId, featureId, before, after });
      }
    }
    record.diffs = diffs;
  }
  return record;
}

/** What the change log needs of a layer created with its features already in chunks (chunk-transfer.ts). */
export interface NewLayerLog {
  layerId: string;
  featureCount: number;
  /** The first MAX_LOGGED_IDS ids, in stored order. */
  loggedIds: readonly string[];
  /** The features themselves, needed only when the whole change keeps diffs (≤ MAX_DIFF_FEATURES). */
  features: () => readonly CgFeature[];
}

/**
 * The record buildChangeRecord makes for a changeset of putLayer + putFeatures pairs on new layers,
 * made from counts and ids: the features are not parsed unless the record keeps their diffs.
 */
export function newLayersChangeRecord(changeset: Changeset, layers: readonly NewLayerLog[]): ChangeRecord {
  const byId = new Map(layers.map((l) => [l.layerId, l]));
  const ops: OpSummary[] = [];
  for (const op of changeset.ops) {
    if (op.op !== 'putLayer') throw new Error(`internal: ${op.op} in a changeset of new layers`);
    ops.push({ op: 'putLayer', layerId: op.layer.id, count: 1 });
    const layer = byId.get(op.layer.id);
    if (layer) ops.push({ op: 'putFeatures', layerId: layer.layerId, count: layer.featureCount });
  }
  const ids = new Set<string>();
  let pairs = 0;
  for (const l of layers) {
    pairs += l.featureCount;
    for (const id of l.loggedIds) {
      if (ids.size >= MAX_LOGGED_IDS) break;
      ids.add(id);
    }
  }
  const record: ChangeRecord = { id: changeset.id, at: changeset.at, by: changeset.by, summary: changeset.summary, ops, featureIds: [...ids], truncated: pairs > ids.size };
  if (changeset.acknowledgement) record.acknowledgement = changeset.acknowledgement;
  if (pairs <= MAX_DIFF_FEATURES) record.diffs = layers.flatMap((l) => l.features().map((f): FeatureDiff => ({ layerId: l.layerId, featureId: f.id, before: null, after: f })));
  return record;
}
