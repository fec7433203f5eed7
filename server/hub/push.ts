/**
 * Applying one pushed changeset, inside the actor's transaction (withActor): whole or not at all.
 *
 * Order of work: check the layer, take the log lock, record the changeset id with its NOTIFY (a
 * duplicate id stops here and answers `duplicate`), check every feature's base version against
 * the hub's current one, then write the features and their log rows. Any conflict throws,
 * which rolls back the id as well, so a retry after fixing the conflicts is not a duplicate.
 */
import type pg from 'pg';
import type { Actor } from '../db/tx';
import type { FeatureInput, PushChangeset, PushConflict, PushResult } from '../../shared/hub/protocol';
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
}

export async function applyPush(client: pg.ClientBase, actor: Actor, cs: PushChangeset): Promise<PushResult> {
  const layer = (await client.query<LayerRow>('select id, owner_org, contributors, classification, caveats, releasable_to from layers where id = $1', [cs.layerId])).rows[0];
  if (!layer) throw hubError(404, 'layer-not-found', { layerId: cs.layerId });
  if (layer.owner_org !== actor.orgId && !layer.contributors.includes(actor.orgId)) throw hubError(403, 'layer-read-only', { layerId: cs.layerId });
  // Taken after the layer check (layers change only through the administrator), so the lock covers no more than it must.
  await client.query('select pg_advisory_xact_lock($1)', [LOG_LOCK_KEY]);

  const opsSummary = cs.ops.map((op) => ({ op: op.op, ids: op.op === 'putFeatures' ? op.features.map((f) => f.feature.id) : op.features.map((f) => f.id) }));
  // The NOTIFY goes out with the seq; PostgreSQL delivers it only if this transaction commits.
  const inserted = await client.query<{ seq: string }>(
    `with c as (
       insert into changesets (id, layer_id, author, ops, label, authored_at) values ($1, $2, $3, $4, $5, $6)
       on conflict (id) do nothing returning seq
     )
     select c.seq, pg_notify($7, json_build_object('seq', c.seq, 'layerId', $2::uuid)::text) from c`,
    [cs.id, cs.layerId, actor.userId, JSON.stringify(opsSummary), cs.label, cs.at, CHANGES_CHANNEL],
  );
  const seqText = inserted.rows[0]?.seq;
  if (seqText === undefined) {
    // Another org's changeset with this id stays invisible (RLS): the answer is still duplicate, without its seq.
    const seen = (await client.query<{ seq: string }>('select seq from changesets where id = $1', [cs.id])).rows[0];
    return { status: 'duplicate', seq: seen ? Number(seen.seq) : null };
  }
  const seq = Number(seqText);

  const ids = opsSummary.flatMap((o) => o.ids);
  const current = new Map(
    (await client.query<FeatureRow>(`select ${featureColumns('f')} from features f where f.id = any($1::uuid[])`, [ids])).rows.map((r) => [r.id, r]),
  );
  const conflicts: PushConflict[] = [];
  const writes: Write[] = [];
  for (const op of cs.ops) {
    if (op.op === 'putFeatures') {
      for (const { feature, baseVersion } of op.features) {
        const cur = current.get(feature.id);
        if (cur && cur.layer_id !== cs.layerId) throw hubError(409, 'feature-id-taken', { featureId: feature.id });
        const marking = feature.marking ?? (cur ? { classification: cur.classification, caveats: cur.caveats, releasableTo: cur.releasable_to } : { classification: layer.classification, caveats: layer.caveats, releasableTo: layer.releasable_to });
        const sameAsCurrent = cur !== undefined && !cur.deleted && jsonEqual(cur.geometry, feature.geometry) && jsonEqual(cur.props, feature.properties) && cur.classification === marking.classification && jsonEqual(cur.caveats, marking.caveats) && jsonEqual(cur.releasable_to, marking.releasableTo);
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
        writes.push({ id, geometry: cur.geometry, props: cur.props, version: cur.version + 1, classification: cur.classification, caveats: cur.caveats, originator: cur.originator, releasable_to: cur.releasable_to, deleted: true, created: false });
      }
    }
  }
  if (conflicts.length > 0) throw new PushConflicts(conflicts);

  await writeFeatures(client, actor, cs.layerId, seq, writes);
  return { status: 'applied', seq, versions: Object.fromEntries(writes.map((w) => [w.id, w.version])) };
}

async function writeFeatures(client: pg.ClientBase, actor: Actor, layerId: string, seq: number, writes: readonly Write[]): Promise<void> {
  if (writes.length === 0) return;
  // One statement: every value travels in one JSON parameter read back by jsonb_to_recordset (properties are
  // data, never SQL); new features are inserted, known ones updated, and every written row logged.
  const updated = await client.query(
    `with r as (
       select x.*, st_setsrid(st_geomfromgeojson(x.geometry), 4326) as geom
       from jsonb_to_recordset($1::jsonb) as x(id uuid, geometry jsonb, props jsonb, version int, classification text, caveats text[],
         originator text, releasable_to text[], deleted boolean, created boolean)
     ),
     inserted as (
       insert into features (id, layer_id, geom, props, version, classification, caveats, originator, releasable_to, created_by, updated_by, deleted)
       select r.id, $2, r.geom, r.props, r.version, r.classification, r.caveats, r.originator, r.releasable_to, $3, $3, r.deleted from r where r.created
     ),
     logged as (
       insert into changeset_features (seq, feature_id, layer_id, geom, props, version, classification, caveats, originator, releasable_to, updated_by, deleted)
       select $4, r.id, $2, r.geom, r.props, r.version, r.classification, r.caveats, r.originator, r.releasable_to, $3, r.deleted from r
     )
     update features f set geom = r.geom, props = r.props, version = r.version, classification = r.classification, caveats = r.caveats,
       releasable_to = r.releasable_to, deleted = r.deleted, updated_by = $3, updated_at = now()
     from r where f.id = r.id and not r.created`,
    [JSON.stringify(writes), layerId, actor.userId, seq],
  );
  // Row-level security filters an UPDATE it does not allow instead of raising: count the rows.
  if (updated.rowCount !== writes.filter((w) => !w.created).length) throw hubError(403, 'layer-read-only', { layerId });
}
