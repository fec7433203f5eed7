import type { Author, CgFeature } from './feature';
import type { Layer } from './layer';
import type { Acknowledgement } from './acknowledgement';
import { conflictKey, type ConflictRecord } from './conflict';
import { formatMessage, type Message, type MessageParam, type Translate } from '../i18n/message';

/**
 * Every change to the store is a list of operations. Applying one also yields its inverse,
 * computed from the state before it, which is what undo applies.
 */
export type Op =
  | { op: 'putLayer'; layer: Layer }
  | { op: 'deleteLayer'; layerId: string }
  | { op: 'putFeatures'; layerId: string; features: CgFeature[] }
  | { op: 'deleteFeatures'; layerId: string; ids: string[] }
  /** Records open conflicts (by feature id; a newer one replaces the older). */
  | { op: 'putConflicts'; layerId: string; conflicts: ConflictRecord[] }
  /** Settles conflicts: their records go; the resolved feature is a putFeatures beside it. */
  | { op: 'deleteConflicts'; layerId: string; featureIds: string[] };

/**
 * What the user did, as a catalogue key of the `history` namespace and its values ("import",
 * { file: 'incidents.geojson' }), so the history list and undo say it in the reader's language.
 */
export interface ChangeSummary {
  key: string;
  params?: Record<string, MessageParam>;
}

export function changeSummary(key: string, params?: Record<string, MessageParam>): ChangeSummary {
  return params ? { key, params } : { key };
}

/** A summary as a message, for formatMessage (and as the value inside an undo's summary). */
export function summaryMessage(s: ChangeSummary): Message {
  return s.params ? { code: `history:${s.key}`, params: s.params } : { code: `history:${s.key}` };
}

/**
 * What a change says in the history list and the undo button: its summary in the reader's
 * language, or, for a record stored before summaries existed, its English label as it was.
 */
export function historyText(t: Translate, change: { summary?: ChangeSummary | undefined; label?: string | undefined }): string {
  return change.summary ? formatMessage(t, summaryMessage(change.summary)) : (change.label ?? '');
}

export interface Changeset {
  id: string;
  summary: ChangeSummary;
  /** English words of changes recorded before summaries existed; shown as they are. */
  label?: string;
  at: string;
  by: Author;
  ops: Op[];
  /** Open alerts the author acknowledged when making this change (approval of a plan with alerts). */
  acknowledgement?: Acknowledgement;
}

/** Read access to the state a changeset applies to; enough to compute its inverse. */
export interface StateReader {
  getLayer(layerId: string): Layer | undefined;
  getFeature(layerId: string, featureId: string): CgFeature | undefined;
  getLayerFeatures(layerId: string): readonly CgFeature[];
  /** The open conflict on a feature; readers of stores without conflicts may leave it out. */
  getConflict?(layerId: string, featureId: string): ConflictRecord | undefined;
}

/**
 * The operations that undo `ops` when applied after them. Ops are inverted one at a time
 * against a simulated state, so that a changeset touching the same feature twice inverts right.
 */
export function invertOps(ops: readonly Op[], state: StateReader): Op[] {
  const overlay = new OverlayState(state);
  const inverse: Op[] = [];
  for (const op of ops) {
    inverse.push(...invertOne(op, overlay));
    overlay.apply(op);
  }
  return inverse.reverse();
}

function invertOne(op: Op, state: StateReader): Op[] {
  switch (op.op) {
    case 'putLayer': {
      const before = state.getLayer(op.layer.id);
      return [before ? { op: 'putLayer', layer: before } : { op: 'deleteLayer', layerId: op.layer.id }];
    }
    case 'deleteLayer': {
      const before = state.getLayer(op.layerId);
      if (!before) return [];
      const features = state.getLayerFeatures(op.layerId);
      // Restoring a layer: layer first, then its features (the inverse list is reversed later).
      return features.length > 0
        ? [{ op: 'putFeatures', layerId: op.layerId, features: [...features] }, { op: 'putLayer', layer: before }]
        : [{ op: 'putLayer', layer: before }];
    }
    case 'putFeatures': {
      const restored: CgFeature[] = [];
      const added: string[] = [];
      for (const f of op.features) {
        const before = state.getFeature(op.layerId, f.id);
        if (before) restored.push(before);
        else added.push(f.id);
      }
      const out: Op[] = [];
      if (added.length) out.push({ op: 'deleteFeatures', layerId: op.layerId, ids: added });
      if (restored.length) out.push({ op: 'putFeatures', layerId: op.layerId, features: restored });
      return out;
    }
    case 'deleteFeatures': {
      const restored = op.ids
        .map((id) => state.getFeature(op.layerId, id))
        .filter((f): f is CgFeature => f !== undefined);
      return restored.length ? [{ op: 'putFeatures', layerId: op.layerId, features: restored }] : [];
    }
    case 'putConflicts': {
      const restored: ConflictRecord[] = [];
      const added: string[] = [];
      for (const c of op.conflicts) {
        const before = state.getConflict?.(op.layerId, c.featureId);
        if (before) restored.push(before);
        else added.push(c.featureId);
      }
      const out: Op[] = [];
      if (added.length) out.push({ op: 'deleteConflicts', layerId: op.layerId, featureIds: added });
      if (restored.length) out.push({ op: 'putConflicts', layerId: op.layerId, conflicts: restored });
      return out;
    }
    case 'deleteConflicts': {
      const restored = op.featureIds
        .map((id) => state.getConflict?.(op.layerId, id))
        .filter((c): c is ConflictRecord => c !== undefined);
      return restored.length ? [{ op: 'putConflicts', layerId: op.layerId, conflicts: restored }] : [];
    }
  }
}

/** A copy-on-write view over a StateReader, so invertOps never mutates the real state. */
class OverlayState implements StateReader {
  private layers = new Map<string, Layer | null>();
  private features = new Map<string, Map<string, CgFeature | null>>();
  private clearedLayers = new Set<string>();
  private conflicts = new Map<string, ConflictRecord | null>();

  constructor(private readonly base: StateReader) {}

  getConflict(layerId: string, featureId: string): ConflictRecord | undefined {
    const c = this.conflicts.get(conflictKey(layerId, featureId));
    if (c === null) return undefined;
    return c ?? this.base.getConflict?.(layerId, featureId);
  }

  getLayer(layerId: string): Layer | undefined {
    const l = this.layers.get(layerId);
    if (l === null) return undefined;
    return l ?? this.base.getLayer(layerId);
  }

  getFeature(layerId: string, featureId: string): CgFeature | undefined {
    const f = this.features.get(layerId)?.get(featureId);
    if (f === null) return undefined;
    if (f) return f;
    return this.clearedLayers.has(layerId) ? undefined : this.base.getFeature(layerId, featureId);
  }

  getLayerFeatures(layerId: string): readonly CgFeature[] {
    const local = this.features.get(layerId);
    const base = this.clearedLayers.has(layerId) ? [] : this.base.getLayerFeatures(layerId);
    if (!local) return base;
    const out = base.filter((f) => !local.has(f.id));
    for (const f of local.values()) if (f) out.push(f);
    return out;
  }

  apply(op: Op): void {
    switch (op.op) {
      case 'putLayer':
        this.layers.set(op.layer.id, op.layer);
        break;
      case 'deleteLayer':
        this.layers.set(op.layerId, null);
        this.clearedLayers.add(op.layerId);
        this.features.delete(op.layerId);
        break;
      case 'putFeatures': {
        const m = this.layerMap(op.layerId);
        for (const f of op.features) m.set(f.id, f);
        break;
      }
      case 'deleteFeatures': {
        const m = this.layerMap(op.layerId);
        for (const id of op.ids) m.set(id, null);
        break;
      }
      case 'putConflicts':
        for (const c of op.conflicts) this.conflicts.set(conflictKey(op.layerId, c.featureId), c);
        break;
      case 'deleteConflicts':
        for (const id of op.featureIds) this.conflicts.set(conflictKey(op.layerId, id), null);
        break;
    }
  }

  private layerMap(layerId: string): Map<string, CgFeature | null> {
    let m = this.features.get(layerId);
    if (!m) this.features.set(layerId, (m = new Map()));
    return m;
  }
}

/** Ids of every feature the ops touch, for the per-feature history index. */
export function touchedFeatureIds(ops: readonly Op[]): string[] {
  const ids = new Set<string>();
  for (const op of ops) {
    if (op.op === 'putFeatures') for (const f of op.features) ids.add(f.id);
    else if (op.op === 'deleteFeatures') for (const id of op.ids) ids.add(id);
  }
  return [...ids];
}
