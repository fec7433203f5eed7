import { changeSummary, type Op } from '../domain/changeset';
import type { ConflictRecord, ConflictSource } from '../domain/conflict';
import type { Author, CgFeature } from '../domain/feature';
import { KNOWN_KEY_COLUMNS, mergeIncoming, planToChangeset, suggestKeyColumn, type MergeCounts, type MergePlan } from '../sync';
import type { Problem } from './types';

/**
 * Importing a file again into the layer it came from: the file's rows are matched to the layer's
 * features by a key column instead of being added a second time. The plan comes from the merge
 * engine (shared/sync); conflicts become records the store keeps until the user settles them.
 */

export interface MergePreview {
  counts: MergeCounts;
  /** Rows the merge refuses (repeated or missing key), as import problems with their codes. */
  refused: Problem[];
}

/** How many features are looked at to find the columns both sides have. */
const SAMPLED = 2_000;

/** Columns present on both sides, the suggested key first (null when no column qualifies). */
export function keyCandidates(incoming: readonly CgFeature[], ours: readonly CgFeature[]): { columns: string[]; suggested: string | null } {
  const present = (features: readonly CgFeature[]): Set<string> => {
    const names = new Set<string>();
    for (const f of features.slice(0, SAMPLED)) for (const k of Object.keys(f.properties)) names.add(k);
    return names;
  };
  const theirs = present(incoming);
  const mine = present(ours);
  const columns = [...theirs].filter((c) => mine.has(c) && !BOOKKEEPING.has(c));
  const shared = new Set(columns);
  const narrowed = incoming.map((f) => ({ ...f, properties: Object.fromEntries(Object.entries(f.properties).filter(([k]) => shared.has(k))) }));
  const suggested = knownMostlyUnique(narrowed, columns) ?? suggestKeyColumn(narrowed)?.column ?? null;
  return { columns: suggested ? [suggested, ...columns.filter((c) => c !== suggested)] : columns, suggested };
}

/**
 * A well-known id column (or sourceId, where the import keeps a source's own feature id) that is
 * on nearly every row and nearly unique. suggestKeyColumn wants it unique on every row, but a file
 * sent again with a few repeated or missing ids is the case the merge must refuse row by row, not
 * a reason to propose some other column.
 */
function knownMostlyUnique(features: readonly CgFeature[], columns: readonly string[]): string | null {
  const byLower = new Map(columns.map((c) => [c.toLowerCase(), c]));
  for (const known of [...KNOWN_KEY_COLUMNS, 'sourceid']) {
    const column = byLower.get(known);
    if (!column) continue;
    const values = features.map((f) => f.properties[column]).filter((v) => (typeof v === 'string' && v.trim() !== '') || typeof v === 'number');
    if (values.length >= 0.8 * features.length && new Set(values.map(String)).size >= 0.8 * values.length) return column;
  }
  return null;
}

/** Fields every feature carries that say nothing about which row it is. */
const BOOKKEEPING = new Set(['version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'classification', 'org']);

export function planFileMerge(incoming: readonly CgFeature[], ours: readonly CgFeature[], keyColumn: string): MergePlan {
  return mergeIncoming(
    ours,
    incoming.map((feature) => ({ feature })),
    { match: { by: 'key', column: keyColumn } },
  );
}

export function mergePreviewOf(plan: MergePlan, incoming: readonly CgFeature[]): MergePreview {
  const position = new Map(incoming.map((f, i) => [f.id, i]));
  const refused: Problem[] = [];
  for (const r of plan.results) {
    if (r.outcome !== 'refused') continue;
    const index = position.get(r.id);
    refused.push({
      code: r.refusal.code,
      params: r.refusal.params,
      severity: 'error',
      ...(index !== undefined ? { index } : {}),
    });
  }
  return { counts: plan.counts, refused };
}

/** The ops that commit a file merge: added and updated features, and the conflicts to keep. */
export function fileMergeOps(plan: MergePlan, layerId: string, author: Author, source: ConflictSource, now: string): Op[] {
  // The summary is the whole import's, set by the caller: only the ops are taken here.
  const ops = planToChangeset(plan, layerId, author, changeSummary('import', { file: source.name }), now).ops;
  if (plan.conflicts.length > 0) {
    // A plain file does not say who changed its rows: the stamps on its features are the importer's own.
    const conflicts: ConflictRecord[] = plan.conflicts.map((conflict) => ({ layerId, featureId: conflict.id, source, detectedAt: now, conflict: { ...conflict, theirsBy: {} } }));
    ops.push({ op: 'putConflicts', layerId, conflicts });
  }
  return ops;
}
