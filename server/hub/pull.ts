/**
 * GET /pull: the changesets after a seq, in seq order, as the actor may read them. Changesets
 * come from layers the actor may read (RLS on changesets) and carry only the feature rows
 * released to its organisation (RLS on changeset_features), and the ids of the features it re-marked
 * beyond the reader's sight (changeset_withdrawals, addressed to the reader's organisation only); a
 * changeset of which it may read nothing is left out, but `next` still moves past it so the reader never asks for it again.
 *
 * The whole page is one statement whose rows are the changesets' JSON text, written by
 * PostgreSQL: node joins them into the answer without parsing rows into objects and writing
 * them out again, and with the session check it is the request's only round trip
 * (readAsSession).
 */

/**
 * Whether the reader gets anything of changeset `c`: a feature row released to it, or a
 * withdrawal addressed to it (RLS on both tables decides). Live frames and the latest seq ask the same.
 */
export const READABLE_PART = '(exists (select 1 from changeset_features cf where cf.seq = c.seq) or exists (select 1 from changeset_withdrawals w where w.seq = c.seq))';

/** A page stops after the changeset that brings it past this many feature rows. */
export const PULL_FEATURE_BUDGET = 20_000;

/** A timestamptz as JavaScript's toISOString writes it (milliseconds, truncated as pg's Date parsing does, and Z). */
export const isoTime = (column: string): string => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A feature row of alias `t` as the protocol's HubFeature (feature-rows.ts toHubFeature, key for key). */
export const hubFeatureJson = (t: string, idColumn = 'id'): string =>
  `json_build_object('id', ${t}.${idColumn}, 'layerId', ${t}.layer_id, 'geometry', st_asgeojson(${t}.geom, 17)::json, 'properties', ${t}.props,
     'marking', json_build_object('classification', ${t}.classification, 'caveats', to_json(${t}.caveats), 'originator', ${t}.originator, 'releasableTo', to_json(${t}.releasable_to)),
     'version', ${t}.version, 'deleted', ${t}.deleted, 'updatedBy', ${t}.updated_by, 'updatedAt', ${isoTime(`${t}.updated_at`)})`;

/**
 * The statement of one page: rows of `next`, `more` and `change` (one changeset as JSON text, or
 * null, with its `seq` and `layer_id`), which pullPageText makes into the PullPage's JSON (and livePageText into a live frame).
 * `since` and `limit` are integers checked by PullQuerySchema, written into the text (a script
 * takes no parameters); `through`, when given, is the last seq the page may cover (the live
 * channel asks for one batch of notices), and `featureBudget` replaces PULL_FEATURE_BUDGET. The page takes changesets in seq order while the feature rows before
 * them stay under the budget (the first one always), as its `next` moves past every changeset it
 * covered, readable or not. Without an organisation (a refused session) it reads nothing at all,
 * rather than filter the whole log to nothing.
 */
export function pullPageStatement(q: { since: number; limit: number; through?: number; featureBudget?: number }): string {
  const { since, limit, through, featureBudget = PULL_FEATURE_BUDGET } = q;
  if (![since, limit, through ?? 0, featureBudget].every(Number.isSafeInteger)) throw new Error('pull page bounds must be integers');
  const upTo = through === undefined ? '' : ` and c.seq <= ${through}`;
  return `with sets as (
      select c.seq, c.id, c.layer_id, c.label, c.authored_at, c.applied_at, c.author
      from changesets c where c.seq > ${since}${upTo} and cg_current_org() is not null order by c.seq limit ${limit}
    ),
    -- One range scan each for the counts, the features and the withdrawals (a subquery per
    -- changeset would pay an index probe, and the release rule's set-up, for each).
    counts as (
      select cf.seq, count(*) as n from changeset_features cf
      where cf.seq > ${since} and cf.seq <= (select max(seq) from sets) group by cf.seq
    ),
    ranked as (
      select s.*, row_number() over w as i, coalesce(sum(coalesce(k.n, 0)) over (w rows between unbounded preceding and 1 preceding), 0) as before
      from sets s left join counts k on k.seq = s.seq window w as (order by s.seq)
    ),
    page as (select * from ranked where i = 1 or before < ${featureBudget}),
    last as (select max(seq) as seq, count(*) as n from page),
    features as (
      select cf.seq, json_agg(${hubFeatureJson('cf', 'feature_id')} order by cf.feature_id) as list from changeset_features cf
      where cf.seq > ${since} and cf.seq <= (select seq from last) group by cf.seq
    ),
    withdrawn as (
      select w.seq, json_agg(w.feature_id order by w.feature_id) as list from changeset_withdrawals w
      where w.seq > ${since} and w.seq <= (select seq from last) group by w.seq
    ),
    parts as (
      select p.seq, p.id, p.layer_id, p.label, p.authored_at, p.applied_at, p.author, f.list as features, w.list as withdrawn
      from page p left join features f on f.seq = p.seq left join withdrawn w on w.seq = p.seq
    )
    -- One row per changeset the reader gets, each its JSON text, in seq order (node joins them: one
    -- aggregate over the whole page would copy every changeset's text again); at least one row,
    -- with a null change when there is none, to carry next and more.
    select m.next, m.more, x.change, x.seq, x.layer_id from (
      select coalesce((select seq from last), ${since}) as next,
        (select n from last) < (select count(*) from sets) or (select count(*) from sets) = ${limit} as more
    ) m left join lateral (
      select json_build_object('seq', x.seq, 'changeset', json_build_object(
          'id', x.id, 'layerId', x.layer_id, 'label', x.label, 'at', ${isoTime('coalesce(x.authored_at, x.applied_at)')}, 'appliedAt', ${isoTime('x.applied_at')},
          'author', x.author, 'features', coalesce(x.features, '[]'::json), 'withdrawn', coalesce(x.withdrawn, '[]'::json)))::text as change,
        x.seq, x.layer_id
      from parts x where x.features is not null or x.withdrawn is not null order by x.seq
    ) x on true`;
}

export interface PullPageRow {
  next: string;
  more: boolean;
  change: string | null;
  /** The change's seq and layer, for a version 1 live client's `change` frame. */
  seq: string | null;
  layer_id: string | null;
}

/** The rows of pullPageStatement as the page's cursor, whether more waits, and each changeset's JSON text. */
export function pageParts(rows: readonly PullPageRow[]): { next: number; more: boolean; changes: string[] } {
  const first = rows[0];
  if (!first) throw new Error('a pull page statement answers at least one row');
  return { next: Number(first.next), more: first.more, changes: rows.flatMap((r) => (r.change === null ? [] : [r.change])) };
}

/** The PullPage's JSON from the rows of pullPageStatement, the changesets' text passed through. */
export function pullPageText(rows: readonly PullPageRow[]): string {
  const { next, more, changes } = pageParts(rows);
  return `{"changes":[${changes.join(',')}],"next":${next},"more":${more ? 'true' : 'false'}}`;
}
