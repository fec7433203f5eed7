/**
 * Applying one pushed changeset, inside the actor's transaction (withActor): whole or not at all.
 *
 * Order of work, in three round trips for a push over HTTP: read the layer and whether the
 * changeset id is known, and lock the touched features' rows, with the session check (readScript);
 * a refused layer throws, a known id answers `duplicate`. Check every base version against the
 * hub's current one. Put the writes in the transaction-local setting `cg.push`. Then take the log
 * lock and write the changeset, its NOTIFY, the features and their log rows in one statement,
 * which takes the log lock itself and is sent with the commit as one message. Any conflict
 * throws, which rolls everything back, so a retry after fixing the conflicts is not a duplicate.
 * The log lock is held for that one statement and the commit only: it is what serialises every
 * push, so it covers as little as it can.
 */
import pg from 'pg';
import type { AuthResult } from '../auth/sessions';
import { withActor, withSession, type Actor, type ActorTransaction } from '../db/tx';
import type { FeatureInput, HubFeature, PushChangeset, PushConflict, PushResult } from '../../shared/hub/protocol';
import { jsonEqual } from '../../shared/sync/content';
import { featureColumns, toHubFeature, type FeatureRow } from './feature-rows';
import { hubError } from './http-io';
import { CHANGES_CHANNEL } from './notice';

/**
 * Writers take this transaction-level advisory lock before a seq is drawn and hold it to commit,
 * so seqs become visible in order: a reader that has seen seq n will never later find a
 * committed seq below n (which a plain bigserial allows when transactions commit out of order).
 */
export const LOG_LOCK_KEY = 0x63_67_6c_6f; // 'cglo'

export class PushConflicts extends Error {
  constructor(readonly conflicts: PushConflict[]) {
    super('push-conflicts');
  }
}

interface LayerRow {
  id: string;
  owner_org: string;
  contributors: string[];
  classification: string;
  caveats: string[];
  releasable_to: string[];
}

/** A feature row as written, before the database gives it a geometry. */
interface Write {
  id: string;
  geometry: FeatureInput['geometry'];
  props: FeatureInput['properties'];
  version: number;
  classification: string;
  caveats: string[];
  originator: string;
  releasable_to: string[];
  deleted: boolean;
  created: boolean;
  /** The marking it had, when this write changes it: who could read that and may not read this loses the feature. */
  was_classification: string | null;
  was_caveats: string[] | null;
  was_releasable_to: string[] | null;
}

/** One pushed changeset, applied in its own transaction as the actor. */
export const pushAsActor = (pool: pg.Pool, actor: Actor, cs: PushChangeset): Promise<PushResult> =>
  withActor(pool, actor, async (client, tx) => applyPush(client, tx, actor, cs, (await client.query(readScript(cs))) as unknown as pg.QueryResult[]));

/**
 * pushAsActor for the bearer of `token`: its session check, the layer check and the row locks go
 * in the transaction's first round trip (as no organisation at all for a refused session, which
 * row-level security then shows nothing, and which stops there).
 */
export const pushAsSession = (pool: pg.Pool, token: string, cs: PushChangeset): Promise<AuthResult<PushResult>> =>
  withSession(pool, token, (client, tx, actor, opened) => applyPush(client, tx, actor, cs, opened), { opening: readScript(cs) });

const opIds = (op: PushChangeset['ops'][number]): string[] => (op.op === 'putFeatures' ? op.features.map((f) => f.feature.id) : op.features.map((f) => f.id));

/**
 * What a push reads before it writes, as two statements for one round trip: the layer, with the
 * changeset's seq if its id is known, and the touched features' rows, locked in id order so that
 * two pushes over the same features cannot deadlock. The row locks stand in for the log lock
 * while versions are compared: only pushes that touch the same rows wait there. A new id has no
 * row to lock; two pushes creating it meet at the primary key instead. Rows are locked even when
 * the layer then refuses the push, until its rollback a moment later. The ids are uuids checked
 * by the protocol's schema, inlined quoted by pg: a script takes no parameters.
 */
function readScript(cs: PushChangeset): string {
  const ids = pg.escapeLiteral(`{${cs.ops.flatMap(opIds).join(',')}}`);
  return `select id, owner_org, contributors, classification, caveats, releasable_to, (select c.seq from changesets c where c.id = ${pg.escapeLiteral(cs.id)}) as seen_seq
      from layers where id = ${pg.escapeLiteral(cs.layerId)};
    select ${featureColumns('f')} from features f where f.id = any(${ids}::uuid[]) order by f.id for update of f`;
}

async function applyPush(client: pg.ClientBase, tx: ActorTransaction, actor: Actor, cs: PushChangeset, read: readonly pg.QueryResult[]): Promise<PushResult> {
  const layer = read[0]?.rows[0] as (LayerRow & { seen_seq: string | null }) | undefined;
  if (!layer) throw hubError(404, 'layer-not-found', { layerId: cs.layerId });
  if (layer.owner_org !== actor.orgId && !layer.contributors.includes(actor.orgId)) throw hubError(403, 'layer-read-only', { layerId: cs.layerId });
  if (layer.seen_seq !== null) return { status: 'duplicate', seq: Number(layer.seen_seq) };

  const current = new Map(((read[1]?.rows ?? []) as FeatureRow[]).map((r) => [r.id, r]));
  const opsSummary = cs.ops.map((op) => ({ op: op.op, ids: opIds(op) }));
  const conflicts: PushConflict[] = [];
  const writes: Write[] = [];
  for (const op of cs.ops) {
    if (op.op === 'putFeatures') {
      for (const { feature, baseVersion } of op.features) {
        const cur = current.get(feature.id);
        if (cur && cur.layer_id !== cs.layerId) throw hubError(409, 'feature-id-taken', { featureId: feature.id });
        const marking = feature.marking ?? (cur ? { classification: cur.classification, caveats: cur.caveats, releasableTo: cur.releasable_to } : { classification: layer.classification, caveats: layer.caveats, releasableTo: layer.releasable_to });
        const sameAsCurrent = cur !== undefined && !cur.deleted && jsonEqual(cur.geometry, feature.geometry) && jsonEqual(cur.props, feature.properties) && sameMarking(cur, marking);
        // Identical edits are no conflict, and writing them again would only bump the version.
        if (sameAsCurrent) continue;
        if ((cur?.version ?? null) !== baseVersion) {
          conflicts.push({ featureId: feature.id, baseVersion, server: cur ? { version: cur.version, feature: toHubFeature(cur) } : null });
          continue;
        }
        writes.push({
          id: feature.id,
          geometry: feature.geometry,
          props: feature.properties,
          version: (cur?.version ?? 0) + 1,
          classification: marking.classification,
          caveats: marking.caveats,
          originator: cur?.originator ?? actor.orgId,
          releasable_to: marking.releasableTo,
          deleted: false,
          created: cur === undefined,
          ...wasMarking(cur, marking),
        });
      }
    } else {
      for (const { id, baseVersion } of op.features) {
        const cur = current.get(id);
        if (cur && cur.layer_id !== cs.layerId) throw hubError(409, 'feature-id-taken', { featureId: id });
        if (cur?.deleted) continue;
        if (!cur || cur.version !== baseVersion) {
          conflicts.push({ featureId: id, baseVersion, server: cur ? { version: cur.version, feature: toHubFeature(cur) } : null });
          continue;
        }
        writes.push({ id, geometry: cur.geometry, props: cur.props, version: cur.version + 1, classification: cur.classification, caveats: cur.caveats, originator: cur.originator, releasable_to: cur.releasable_to, deleted: true, created: false, ...NOT_REMARKED });
      }
    }
  }
  if (conflicts.length > 0) {
    // The same changeset may have been applied by a retry racing this one (it moved the versions).
    const seen = (await client.query<{ seq: string }>('select seq from changesets where id = $1', [cs.id])).rows[0];
    if (seen) return { status: 'duplicate', seq: Number(seen.seq) };
    const bases = await basesOf(client, conflicts);
    throw new PushConflicts(conflicts.map((c) => ({ ...c, base: bases.get(c.featureId) ?? null })));
  }

  const seq = await writeChangeset(client, tx, actor, cs, opsSummary, writes);
  if (seq === null) {
    // The id was taken by a push that committed while this one waited for the log lock. Another
    // org's changeset stays invisible (RLS): the answer is still duplicate, without its seq.
    const seen = (await tx.readAfterCommit(`select seq from changesets where id = ${pg.escapeLiteral(cs.id)}`))[0] as { seq: string } | undefined;
    return { status: 'duplicate', seq: seen ? Number(seen.seq) : null };
  }
  return { status: 'applied', seq, versions: Object.fromEntries(writes.map((w) => [w.id, w.version])) };
}

const NOT_REMARKED = { was_classification: null, was_caveats: null, was_releasable_to: null } as const;

type PushedMarking = { classification: string; caveats: string[]; releasableTo: string[] };

const sameMarking = (cur: FeatureRow, marking: PushedMarking): boolean =>
  cur.classification === marking.classification && jsonEqual(cur.caveats, marking.caveats) && jsonEqual(cur.releasable_to, marking.releasableTo);

/** The feature's marking before this write, when the write changes it (a live feature only: a deleted one was withdrawn from everyone). */
function wasMarking(cur: FeatureRow | undefined, marking: PushedMarking): Pick<Write, 'was_classification' | 'was_caveats' | 'was_releasable_to'> {
  if (!cur || cur.deleted || sameMarking(cur, marking)) return NOT_REMARKED;
  return { was_classification: cur.classification, was_caveats: cur.caveats, was_releasable_to: cur.releasable_to };
}

/**
 * The changeset's writes in one statement, sent with `commit` as one message (the log lock, taken
 * by the statement, is held from here to commit, and a separate `commit` would add a round trip
 * to node and back to every hold). It writes the changeset row (none when its id is already
 * taken), its NOTIFY (delivered only if the transaction commits), and its features: new ones
 * inserted, known ones updated, every written row logged, and each organisation that can no
 * longer read a re-marked feature told so (changeset_withdrawals, 005). A message that commits
 * takes no bound parameters, so every value goes first into the transaction-local setting
 * `cg.push` through one bound parameter and is read back as JSON (properties are data, never SQL
 * text); every write joins the changeset row, so a taken id writes nothing. Row-level security
 * filters an UPDATE it does not allow instead of raising: cg_check_all_updated (009) raises then.
 */
const WRITE_CHANGESET = `with
  p as materialized (select current_setting('cg.push')::jsonb as j),
  locked as (select pg_advisory_xact_lock(${LOG_LOCK_KEY})),
  c as (
    insert into changesets (id, layer_id, author, ops, label, authored_at)
    select (j->>'id')::uuid, (j->>'layerId')::uuid, (j->>'author')::uuid, j->'ops', j->>'label', (j->>'at')::timestamptz from p, locked
    on conflict (id) do nothing returning seq, layer_id, author
  ),
  notified as (select pg_notify(${pg.escapeLiteral(CHANGES_CHANNEL)}, json_build_object('seq', c.seq, 'layerId', c.layer_id)::text) from c),
  r as (
    select x.*, st_setsrid(st_geomfromgeojson(x.geometry), 4326) as geom
    from p, jsonb_to_recordset(p.j->'writes') as x(id uuid, geometry jsonb, props jsonb, version int, classification text, caveats text[],
      originator text, releasable_to text[], deleted boolean, created boolean, was_classification text, was_caveats text[], was_releasable_to text[])
  ),
  -- The release rule itself (002), asked per organisation of re-marked features only.
  withdrawn as (
    insert into changeset_withdrawals (seq, feature_id, layer_id, org_id)
    select c.seq, r.id, c.layer_id, o.id from r, c, organisations o
    where r.was_classification is not null
      and cg_release_refusal(r.was_classification, r.was_caveats, r.originator, r.was_releasable_to, o.id) is null
      and cg_release_refusal(r.classification, r.caveats, r.originator, r.releasable_to, o.id) is not null
  ),
  inserted as (
    insert into features (id, layer_id, geom, props, version, classification, caveats, originator, releasable_to, created_by, updated_by, deleted)
    select r.id, c.layer_id, r.geom, r.props, r.version, r.classification, r.caveats, r.originator, r.releasable_to, c.author, c.author, r.deleted from r, c where r.created
  ),
  logged as (
    insert into changeset_features (seq, feature_id, layer_id, geom, props, version, classification, caveats, originator, releasable_to, updated_by, deleted)
    select c.seq, r.id, c.layer_id, r.geom, r.props, r.version, r.classification, r.caveats, r.originator, r.releasable_to, c.author, r.deleted from r, c
  ),
  updated as (
    update features f set geom = r.geom, props = r.props, version = r.version, classification = r.classification, caveats = r.caveats,
      releasable_to = r.releasable_to, deleted = r.deleted, updated_by = c.author, updated_at = now()
    from r, c where f.id = r.id and not r.created
    returning 1
  )
  select c.seq, cg_check_all_updated((select count(*) from updated), (p.j->>'updates')::bigint), (select count(*) from notified) as notified from c, p`;

async function writeChangeset(client: pg.ClientBase, tx: ActorTransaction, actor: Actor, cs: PushChangeset, opsSummary: unknown, writes: readonly Write[]): Promise<number | null> {
  const values = { id: cs.id, layerId: cs.layerId, author: actor.userId, ops: opsSummary, label: cs.label, at: cs.at, writes, updates: writes.filter((w) => !w.created).length };
  await client.query("select set_config('cg.push', $1, true)", [JSON.stringify(values)]);
  const row = (await tx.commitWith(WRITE_CHANGESET)).rows[0] as { seq: string } | undefined;
  return row ? Number(row.seq) : null;
}

/**
 * The versions the conflicting edits started from, from the log, as the pusher may read them
 * (RLS on changeset_features): the base of the three-way view. A deleted base is no base.
 */
async function basesOf(client: pg.ClientBase, conflicts: readonly PushConflict[]): Promise<Map<string, HubFeature>> {
  const asked = conflicts.filter((c): c is PushConflict & { baseVersion: number } => c.baseVersion !== null);
  if (asked.length === 0) return new Map();
  const rows = (
    await client.query<FeatureRow>(
      `select ${featureColumns('cf', 'feature_id')} from changeset_features cf
        join unnest($1::uuid[], $2::int[]) as b(id, version) on cf.feature_id = b.id and cf.version = b.version`,
      [asked.map((c) => c.featureId), asked.map((c) => c.baseVersion)],
    )
  ).rows;
  return new Map(rows.filter((r) => !r.deleted).map((r) => [r.id, toHubFeature(r)]));
}
