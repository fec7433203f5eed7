/**
 * GET /pull: the changesets after a seq, in seq order, as the actor may read them. Changesets
 * come from layers the actor may read (RLS on changesets) and carry only the feature rows
 * released to its organisation (RLS on changeset_features), and the ids of the features it re-marked
 * beyond the reader's sight (changeset_withdrawals, addressed to the reader's organisation only); a
 * changeset of which it may read nothing is left out, but `next` still moves past it so the reader never asks for it again.
 */
import type pg from 'pg';
import type { PullPage, PullQuery, PulledChangeset } from '../../shared/hub/protocol';
import { featureColumns, toHubFeature, type FeatureRow } from './feature-rows';

/**
 * Whether the reader gets anything of changeset `c`: a feature row released to it, or a
 * withdrawal addressed to it (RLS on both tables decides). Live frames and the latest seq ask the same.
 */
export const READABLE_PART = '(exists (select 1 from changeset_features cf where cf.seq = c.seq) or exists (select 1 from changeset_withdrawals w where w.seq = c.seq))';

/** A page stops after the changeset that brings it past this many feature rows. */
export const PULL_FEATURE_BUDGET = 20_000;

interface ChangesetRow {
  seq: string;
  id: string;
  layer_id: string;
  label: string;
  authored_at: Date | null;
  applied_at: Date;
  author: string | null;
}

export async function pullPage(db: pg.ClientBase, q: PullQuery): Promise<PullPage> {
  const sets = (
    await db.query<ChangesetRow>('select seq, id, layer_id, label, authored_at, applied_at, author from changesets where seq > $1 order by seq limit $2', [q.since, q.limit])
  ).rows;
  if (sets.length === 0) return { changes: [], next: q.since, more: false };
  const counts = (
    await db.query<{ seq: string; n: string }>('select seq, count(*) as n from changeset_features where seq = any($1::bigint[]) group by seq', [sets.map((s) => s.seq)])
  ).rows;
  const countOf = new Map(counts.map((c) => [c.seq, Number(c.n)]));
  let budget = PULL_FEATURE_BUDGET;
  let take = 0;
  while (take < sets.length && (take === 0 || budget > 0)) {
    budget -= countOf.get(sets[take]?.seq ?? '') ?? 0;
    take++;
  }
  const page = sets.slice(0, take);
  const last = Number(page[page.length - 1]?.seq ?? q.since);
  const rows = (
    await db.query<FeatureRow & { seq: string }>(
      `select cf.seq, ${featureColumns('cf', 'feature_id')} from changeset_features cf where cf.seq > $1 and cf.seq <= $2 order by cf.seq, cf.feature_id`,
      [q.since, last],
    )
  ).rows;
  const withdrawals = (
    await db.query<{ seq: string; feature_id: string }>('select seq, feature_id from changeset_withdrawals where seq > $1 and seq <= $2 order by seq, feature_id', [q.since, last])
  ).rows;
  const withdrawnBySeq = new Map<string, string[]>();
  for (const w of withdrawals) withdrawnBySeq.set(w.seq, [...(withdrawnBySeq.get(w.seq) ?? []), w.feature_id]);
  const bySeq = new Map<string, FeatureRow[]>();
  for (const r of rows) {
    const list = bySeq.get(r.seq);
    if (list) list.push(r);
    else bySeq.set(r.seq, [r]);
  }
  const changes: PullPage['changes'] = [];
  for (const s of page) {
    const features = bySeq.get(s.seq) ?? [];
    const withdrawn = withdrawnBySeq.get(s.seq) ?? [];
    if (features.length === 0 && withdrawn.length === 0) continue;
    const changeset: PulledChangeset = {
      id: s.id,
      layerId: s.layer_id,
      label: s.label,
      at: (s.authored_at ?? s.applied_at).toISOString(),
      appliedAt: s.applied_at.toISOString(),
      author: s.author,
      features: features.map(toHubFeature),
      withdrawn,
    };
    changes.push({ seq: Number(s.seq), changeset });
  }
  return { changes, next: last, more: take < sets.length || sets.length === q.limit };
}
