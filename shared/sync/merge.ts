import type { CgFeature, PropertyValue } from '../domain/feature';
import type { Conflict, FieldConflict } from '../domain/conflict';
import { differingFields, fieldValue, GEOMETRY_FIELD, sameContent } from './content';

export type { Conflict, FieldConflict } from '../domain/conflict';

/**
 * One feature of an incoming package, file or hub pull. `baseVersion` is the version of the
 * feature the sender started from (absent for plain files). A tombstone says the originator
 * withdrew or deleted the feature; `feature` then carries at least the id (or key column).
 */
export interface IncomingFeature {
  feature: CgFeature;
  baseVersion?: number;
  tombstone?: { originator: string };
}

/**
 * How incoming features find ours. Packages and hubs: the stable id. Plain files: a key column
 * the user chose; `lastImported` is the content of each key as last imported, when the store kept
 * it, and serves as the three-way base.
 */
export type MatchRule = { by: 'id' } | { by: 'key'; column: string; lastImported?: ReadonlyMap<string, CgFeature> };

export interface MergeOptions {
  match: MatchRule;
  /** Base content by our feature id, when known (a hub keeps it); only used to show base values in conflicts. */
  base?: ReadonlyMap<string, CgFeature>;
  /**
   * The organisation our feature came from, which alone may withdraw it. Default: its own
   * marking's `originator`, else its `org`. Packages pass the effective marking's originator
   * (own, else our layer's).
   */
  originatorOf?: (f: CgFeature) => string;
}

export type Outcome = 'added' | 'updated' | 'unchanged' | 'conflict' | 'withdrawn' | 'refused';

export type RefusalCode = 'merge.duplicate-key' | 'merge.missing-key' | 'merge.tombstone-not-originator';
export interface Refusal {
  code: RefusalCode;
  params: Record<string, string | number>;
}

export type FeatureResult =
  | { outcome: 'added'; id: string; theirs: CgFeature }
  | { outcome: 'updated'; id: string; ours: CgFeature; theirs: CgFeature }
  | { outcome: 'unchanged'; id: string }
  | { outcome: 'conflict'; id: string; conflict: Conflict }
  | { outcome: 'withdrawn'; id: string; ours: CgFeature }
  | { outcome: 'refused'; id: string; refusal: Refusal };

export type MergeCounts = Record<Outcome, number>;

export interface MergePlan {
  results: FeatureResult[];
  counts: MergeCounts;
  conflicts: Conflict[];
  refusals: Refusal[];
}

/**
 * Plans the merge of incoming features into ours, per feature:
 * - no match → added (a tombstone with no match → unchanged: nothing to withdraw);
 * - same content (bookkeeping ignored, geometry structural) → unchanged, so identical edits on
 *   both sides are no conflict and importing the same package twice changes nothing;
 * - ours unchanged since the base → updated (theirs);
 * - theirs unchanged since the base → unchanged (ours is ahead);
 * - otherwise → conflict, kept as data for the user.
 *
 * "Unchanged since the base": for id matching, ours.version === incoming.baseVersion, and theirs
 * is unchanged when its version is the base version. For key matching (plain files carry no
 * versions) the base is `lastImported` for that key when the store kept it: each side is
 * unchanged when its content equals the base. Without it, ours counts as unchanged since import
 * when it was never saved again locally (version 1, or no version); a differing feature is then
 * an update, and a conflict once ours was edited.
 *
 * Key matching refuses every incoming row whose key repeats (no row is silently chosen) and every
 * row without a key value: adding it would create a duplicate on each re-import.
 * A tombstone only withdraws a feature that came from the tombstone's originator (originatorOf);
 * any other is refused with 'merge.tombstone-not-originator'.
 */
export function mergeIncoming(ours: readonly CgFeature[], incoming: readonly IncomingFeature[], options: MergeOptions): MergePlan {
  const match = options.match;
  const keyOf = (f: CgFeature): string | undefined => (match.by === 'id' ? f.id : keyValue(f.properties[match.column]));
  const oursByKey = new Map<string, CgFeature>();
  for (const f of ours) {
    const k = keyOf(f);
    if (k !== undefined && !oursByKey.has(k)) oursByKey.set(k, f);
  }
  const incomingKeyCount = new Map<string, number>();
  for (const inc of incoming) {
    const k = keyOf(inc.feature);
    if (k !== undefined) incomingKeyCount.set(k, (incomingKeyCount.get(k) ?? 0) + 1);
  }

  const originatorOf = options.originatorOf ?? defaultOriginator;
  const results: FeatureResult[] = [];
  for (const inc of incoming) {
    const key = keyOf(inc.feature);
    if (key === undefined) {
      results.push(refused(inc.feature.id, 'merge.missing-key', { id: inc.feature.id, column: match.by === 'key' ? match.column : 'id' }));
      continue;
    }
    const count = incomingKeyCount.get(key) ?? 0;
    if (count > 1) {
      results.push(refused(inc.feature.id, 'merge.duplicate-key', { key, count }));
      continue;
    }
    const mine = oursByKey.get(key);
    const base = match.by === 'key' ? match.lastImported?.get(key) : undefined;
    results.push(planOne(mine, inc, match.by === 'key', base ?? (mine ? options.base?.get(mine.id) : undefined), originatorOf));
  }
  return summarise(results);
}

function defaultOriginator(f: CgFeature): string {
  const { originator, org } = f.properties;
  if (typeof originator === 'string' && originator) return originator;
  return typeof org === 'string' ? org : '';
}

function planOne(mine: CgFeature | undefined, inc: IncomingFeature, byKey: boolean, base: CgFeature | undefined, originatorOf: (f: CgFeature) => string): FeatureResult {
  const theirs = inc.tombstone ? null : inc.feature;
  if (!mine) {
    return theirs ? { outcome: 'added', id: theirs.id, theirs } : { outcome: 'unchanged', id: inc.feature.id };
  }
  if (inc.tombstone) {
    const org = originatorOf(mine);
    if (org !== inc.tombstone.originator) {
      return refused(mine.id, 'merge.tombstone-not-originator', { id: mine.id, originator: inc.tombstone.originator, org });
    }
  }
  if (theirs && sameContent(mine, theirs)) return { outcome: 'unchanged', id: mine.id };
  const { oursUnchanged, theirsUnchanged } = sinceBase(mine, inc, byKey, base);
  if (oursUnchanged) {
    return theirs ? { outcome: 'updated', id: mine.id, ours: mine, theirs: withOurId(theirs, mine.id) } : { outcome: 'withdrawn', id: mine.id, ours: mine };
  }
  if (theirsUnchanged) return { outcome: 'unchanged', id: mine.id };
  return { outcome: 'conflict', id: mine.id, conflict: conflictOf(mine, theirs && withOurId(theirs, mine.id), base, inc) };
}

function sinceBase(mine: CgFeature, inc: IncomingFeature, byKey: boolean, base: CgFeature | undefined): { oursUnchanged: boolean; theirsUnchanged: boolean } {
  if (byKey) {
    if (base) return { oursUnchanged: sameContent(mine, base), theirsUnchanged: !inc.tombstone && sameContent(inc.feature, base) };
    const v = mine.properties.version;
    return { oursUnchanged: v === undefined || v === 1, theirsUnchanged: false };
  }
  const oursVersion = mine.properties.version;
  const theirsVersion = inc.feature.properties.version;
  if (inc.baseVersion === undefined) return { oursUnchanged: false, theirsUnchanged: false };
  return { oursUnchanged: oursVersion === inc.baseVersion, theirsUnchanged: !inc.tombstone && theirsVersion === inc.baseVersion };
}

/**
 * A conflict the hub reported on a push: our feature against the hub's current one (null: deleted
 * there), with the version both started from when the hub gave it.
 */
export function conflictBetween(ours: CgFeature, theirs: CgFeature | null, base?: CgFeature | null): Conflict {
  return conflictOf(ours, theirs && withOurId(theirs, ours.id), base ? withOurId(base, ours.id) : undefined, { feature: theirs ?? ours });
}

function conflictOf(mine: CgFeature, theirs: CgFeature | null, base: CgFeature | undefined, inc: IncomingFeature): Conflict {
  const fields = differingFields(mine, theirs).map((field) => ({
    field,
    base: base ? valueOf(base, field) : undefined,
    ours: valueOf(mine, field),
    theirs: theirs ? valueOf(theirs, field) : undefined,
  }));
  return {
    id: mine.id,
    ...(base ? { base } : {}),
    ours: mine,
    theirs,
    fields,
    oursBy: by(mine),
    theirsBy: { ...by(inc.feature), ...(inc.tombstone ? { originator: inc.tombstone.originator } : {}) },
  };
}

function valueOf(f: CgFeature, field: string): FieldConflict['ours'] {
  return field === GEOMETRY_FIELD ? f.geometry : fieldValue(f, field);
}

function by(f: CgFeature): { updatedBy?: string; updatedAt?: string } {
  const { updatedBy, updatedAt } = f.properties;
  return { ...(typeof updatedBy === 'string' ? { updatedBy } : {}), ...(typeof updatedAt === 'string' ? { updatedAt } : {}) };
}

/** Key values compare as text, so "12" in a CSV matches 12 stored from an earlier typed import. */
function keyValue(v: PropertyValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function withOurId(theirs: CgFeature, id: string): CgFeature {
  return theirs.id === id ? theirs : { ...theirs, id };
}

function refused(id: string, code: RefusalCode, params: Refusal['params']): FeatureResult {
  return { outcome: 'refused', id, refusal: { code, params } };
}

function summarise(results: FeatureResult[]): MergePlan {
  const counts: MergeCounts = { added: 0, updated: 0, unchanged: 0, conflict: 0, withdrawn: 0, refused: 0 };
  const conflicts: Conflict[] = [];
  const refusals: Refusal[] = [];
  for (const r of results) {
    counts[r.outcome]++;
    if (r.outcome === 'conflict') conflicts.push(r.conflict);
    else if (r.outcome === 'refused') refusals.push(r.refusal);
  }
  return { results, counts, conflicts, refusals };
}
