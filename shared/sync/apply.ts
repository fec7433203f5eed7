import { changeSummary, type ChangeSummary, type Changeset, type Op } from '../domain/changeset';
import { newId, type Author, type CgFeature } from '../domain/feature';
import { EXCHANGED_VERSION, GEOMETRY_FIELD } from './content';
import type { Conflict, MergePlan } from './merge';
import type { ConflictRecord } from '../domain/conflict';

export type ConflictChoice = 'ours' | 'theirs' | Record<string, 'ours' | 'theirs'>;

/**
 * The one changeset that commits a plan: added and updated features put, withdrawn ones deleted;
 * conflicts and refusals are left out until resolved. Versions are bumped past ours so the store's
 * history orders them, and never below theirs so their next package, based on it, matches.
 */
export function planToChangeset(plan: MergePlan, layerId: string, author: Author, summary: ChangeSummary, at: string = new Date().toISOString()): Changeset {
  const put: CgFeature[] = [];
  const deleted: string[] = [];
  for (const r of plan.results) {
    if (r.outcome === 'added') put.push(bumped(r.theirs));
    else if (r.outcome === 'updated') put.push(bumped(r.theirs, r.ours));
    else if (r.outcome === 'withdrawn') deleted.push(r.id);
  }
  const ops: Op[] = [];
  if (put.length) ops.push({ op: 'putFeatures', layerId, features: put });
  if (deleted.length) ops.push({ op: 'deleteFeatures', layerId, ids: deleted });
  return { id: newId(), summary, at, by: author, ops };
}

/**
 * The feature that settles a conflict (null: the withdrawal is accepted). A field map picks each
 * conflicting field (or '@geometry') from one side; unlisted fields stay ours. The result is saved
 * by `author`, as the user settled it.
 */
export function resolveConflict(conflict: Conflict, choice: ConflictChoice, author: Author, at: string = new Date().toISOString()): CgFeature | null {
  const { ours, theirs } = conflict;
  if (choice === 'ours') return stamped(ours, conflict, author, at);
  if (choice === 'theirs') return theirs ? stamped(theirs, conflict, author, at) : null;
  const picked: CgFeature = { ...ours, properties: { ...ours.properties } };
  for (const f of conflict.fields) {
    if (choice[f.field] !== 'theirs') continue;
    if (f.field === GEOMETRY_FIELD) picked.geometry = theirs?.geometry ?? null;
    else if (theirs && theirs.properties[f.field] !== undefined) picked.properties[f.field] = theirs.properties[f.field];
    else delete picked.properties[f.field];
  }
  return stamped(picked, conflict, author, at);
}

/** The ops that apply a resolution; undo comes from invertOps like any other change. */
export function resolutionOps(layerId: string, conflict: Conflict, resolved: CgFeature | null): Op[] {
  return resolved ? [{ op: 'putFeatures', layerId, features: [resolved] }] : [{ op: 'deleteFeatures', layerId, ids: [conflict.id] }];
}

function stamped(f: CgFeature, conflict: Conflict, author: Author, at: string): CgFeature {
  const v = Math.max(numberOr(conflict.ours.properties.version, 0), numberOr(conflict.theirs?.properties.version, 0)) + 1;
  return { ...f, id: conflict.id, properties: { ...f.properties, version: v, updatedBy: author.name, updatedAt: at } };
}

function bumped(theirs: CgFeature, ours?: CgFeature): CgFeature {
  const v = Math.max(numberOr(theirs.properties.version, 1), numberOr(ours?.properties.version, 0) + 1);
  return { ...theirs, properties: { ...theirs.properties, version: v } };
}

function numberOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/**
 * The one changeset that settles an open conflict: the resolved feature (or the accepted
 * withdrawal) and the conflict record's removal, so undo brings back both the feature as it was
 * and the open conflict.
 */
export function settleConflictChangeset(record: ConflictRecord, choice: ConflictChoice, author: Author, at: string = new Date().toISOString()): Changeset {
  const settled = resolveConflict(record.conflict, choice, author, at);
  // Settled against their version: what we send back next is based on it.
  const theirVersion = record.conflict.theirs?.properties.version;
  const resolved = settled && typeof theirVersion === 'number' ? { ...settled, properties: { ...settled.properties, [EXCHANGED_VERSION]: theirVersion } } : settled;
  const p = record.conflict.ours.properties;
  const name = String(p.name ?? p.locationName ?? record.featureId);
  return {
    id: newId(),
    summary: changeSummary('resolveConflict', { name }),
    at,
    by: author,
    ops: [...resolutionOps(record.layerId, record.conflict, resolved), { op: 'deleteConflicts', layerId: record.layerId, featureIds: [record.featureId] }],
  };
}
