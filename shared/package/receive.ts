import type { ChangeSummary, Changeset, Op } from '../domain/changeset';
import type { ConflictRecord } from '../domain/conflict';
import { newId, type Author, type CgFeature } from '../domain/feature';
import { markingPatch, ownMarking } from '../domain/feature-marking';
import type { Layer } from '../domain/layer';
import { KIND_SENSITIVE_FIELDS } from '../domain/kinds';
import { defaultMarking, type Marking, type MarkingScheme } from '../domain/marking';
import { EXCHANGED_VERSION, mergeIncoming, planToChangeset, type IncomingFeature, type MergeCounts, type MergePlan } from '../sync';
import type { PackageLayer, PackageTombstone } from './input';
import type { ReadFeature, ReadPackage } from './read';

/**
 * Opening a package that readPackage accepted: each of its layers is merged by stable id into the
 * layer of the same id when the recipient has it (a package from the same sender, or one sent
 * back), else created with that id, so ids, versions and markings round-trip. The merge is
 * shared/sync's, three-way on each feature's base version; conflicts are kept as records.
 */

export interface ReceivedLayer {
  layer: PackageLayer;
  /** The recipient has no layer of this id: it is created. */
  isNew: boolean;
  plan: MergePlan;
}

export interface ReceivePreview {
  layers: { id: string; name: string; kind: string; isNew: boolean; counts: MergeCounts }[];
  totals: MergeCounts;
}

/** A feature's own marking travels as a member beside its properties; stored, it is flat in them. */
function withOwnMarking(read: ReadFeature): CgFeature {
  if (!read.marking || ownMarking(read.feature.properties)) return read.feature;
  return { ...read.feature, properties: { ...read.feature.properties, ...markingPatch(read.marking) } };
}

/**
 * Sensitive fields missing from their feature are unknown to them, not deleted: either the sender
 * left them out, or they never had them because we left them out when we sent the feature. Ours
 * are carried over, so the merge neither counts them as a change nor drops the values we hold.
 */
function withOmittedKept(feature: CgFeature, omitted: readonly string[], mine: CgFeature | undefined): CgFeature {
  if (omitted.length === 0 || !mine) return feature;
  // Copied only when a field is carried over: most features have all theirs, and 100,000 copies
  // of their properties were a tenth of a big package's merge.
  let properties: CgFeature['properties'] | null = null;
  for (const field of omitted) {
    if (feature.properties[field] === undefined && mine.properties[field] !== undefined) (properties ??= { ...feature.properties })[field] = mine.properties[field];
  }
  return properties ? { ...feature, properties } : feature;
}

/**
 * A tombstone as the merge takes it: the withdrawing party is the package's sender, whatever the
 * tombstone claims, so only the sender's own features can be withdrawn by its packages. Its base
 * is the version last exchanged, else the version deleted; who deleted it, and when, show in a
 * delete-against-edit conflict.
 */
function tombstoneIncoming(t: PackageTombstone, sender: string): IncomingFeature {
  return {
    feature: { type: 'Feature', id: t.id, geometry: null, properties: { version: t.version, updatedBy: t.deletedBy.name, updatedAt: t.deletedAt } },
    baseVersion: t.exchangedVersion ?? t.version,
    tombstone: { originator: sender },
  };
}

/**
 * `ourMarkings`: the marking of each of our layers, whose originator a feature without its own
 * marking came from (the package's layer marking stands in for a layer we do not hold).
 */
export function planReceive(pkg: ReadPackage, ours: ReadonlyMap<string, readonly CgFeature[]>, ourMarkings: ReadonlyMap<string, Marking> = new Map()): ReceivedLayer[] {
  const sender = pkg.manifest.sender.org;
  return pkg.layers.map((layer) => {
    const mine = ours.get(layer.id);
    const byId = new Map((mine ?? []).map((f) => [f.id, f]));
    const omitted = [...new Set([...(pkg.manifest.layers.find((l) => l.id === layer.id)?.omittedFields ?? []), ...KIND_SENSITIVE_FIELDS[layer.kind]])];
    const incoming: IncomingFeature[] = (pkg.features[layer.id] ?? []).map((f) => ({
      feature: withOmittedKept(withOwnMarking(f), omitted, byId.get(f.feature.id)),
      ...(f.baseVersion !== undefined ? { baseVersion: f.baseVersion } : {}),
    }));
    for (const t of pkg.tombstones[layer.id] ?? []) incoming.push(tombstoneIncoming(t, sender));
    const layerOriginator = (ourMarkings.get(layer.id) ?? layer.marking)?.originator ?? '';
    const originatorOf = (f: CgFeature): string => ownMarking(f.properties)?.originator || layerOriginator;
    return { layer, isNew: mine === undefined, plan: mergeIncoming(mine ?? [], incoming, { match: { by: 'id' }, originatorOf }) };
  });
}

export function receivePreview(received: readonly ReceivedLayer[]): ReceivePreview {
  const totals: MergeCounts = { added: 0, updated: 0, unchanged: 0, conflict: 0, withdrawn: 0, refused: 0 };
  for (const r of received) for (const k of Object.keys(totals) as (keyof MergeCounts)[]) totals[k] += r.plan.counts[k];
  return { layers: received.map((r) => ({ id: r.layer.id, name: r.layer.name, kind: r.layer.kind, isNew: r.isNew, counts: r.plan.counts })), totals };
}

export interface ReceiveContext {
  author: Author;
  now: string;
  /** The package's file name, for the history and the conflicts' source. */
  fileName: string;
  /** The sending organisation: owner of the layers the package creates. */
  sender: string;
  /** Order of the first created layer (above the recipient's layers). */
  firstOrder: number;
  scheme: MarkingScheme;
  summary: ChangeSummary;
}

/** The one changeset that commits a received package: one transaction, one undo step. */
export function receiveChangeset(received: readonly ReceivedLayer[], ctx: ReceiveContext): Changeset {
  const ops: Op[] = [];
  let order = ctx.firstOrder;
  for (const r of received) {
    if (r.isNew) ops.push({ op: 'putLayer', layer: newLayer(r.layer, ctx, order++) });
    ops.push(...planToChangeset(r.plan, r.layer.id, ctx.author, ctx.summary, ctx.now).ops.map(exchanged));
    if (r.plan.conflicts.length > 0) {
      const conflicts: ConflictRecord[] = r.plan.conflicts.map((conflict) => ({
        layerId: r.layer.id,
        featureId: conflict.id,
        source: { type: 'package', name: ctx.fileName },
        detectedAt: ctx.now,
        conflict,
      }));
      ops.push({ op: 'putConflicts', layerId: r.layer.id, conflicts });
    }
  }
  return { id: newId(), summary: ctx.summary, at: ctx.now, by: ctx.author, ops };
}

/** Features taken from a package remember the version they had then: the base of what we send back. */
function exchanged(op: Op): Op {
  if (op.op !== 'putFeatures') return op;
  return { ...op, features: op.features.map((f) => ({ ...f, properties: { ...f.properties, [EXCHANGED_VERSION]: f.properties.version } })) };
}

function newLayer(l: PackageLayer, ctx: ReceiveContext, order: number): Layer {
  return {
    id: l.id,
    name: l.name,
    kind: l.kind,
    owner: ctx.sender,
    visible: true,
    opacity: 1,
    order,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    marking: l.marking ?? defaultMarking(ctx.scheme),
    source: { fileName: ctx.fileName, format: 'cg-package' },
    ...(l.style ? { style: l.style } : {}),
  };
}
