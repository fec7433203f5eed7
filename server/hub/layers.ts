/** GET /layers and GET /layers/:id/snapshot, as the actor may read them (RLS on layers and features). */
import type pg from 'pg';
import type { Actor } from '../db/tx';
import type { HubLayer, SnapshotPage, SnapshotQuery } from '../../shared/hub/protocol';
import { featureColumns, toHubFeature, type FeatureRow } from './feature-rows';
import { hubError } from './http-io';

interface LayerRow {
  id: string;
  name: string;
  kind: string;
  owner_org: string;
  contributors: string[];
  classification: string;
  caveats: string[];
  originator: string;
  releasable_to: string[];
}

export async function listLayers(db: pg.ClientBase, actor: Actor): Promise<HubLayer[]> {
  const rows = (await db.query<LayerRow>('select id, name, kind, owner_org, contributors, classification, caveats, originator, releasable_to from layers order by name, id')).rows;
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    ownerOrg: r.owner_org,
    contributors: r.contributors,
    marking: { classification: r.classification, caveats: r.caveats, originator: r.originator, releasableTo: r.releasable_to },
    writable: r.owner_org === actor.orgId || r.contributors.includes(actor.orgId),
  }));
}

export async function layerSnapshot(db: pg.ClientBase, layerId: string, q: SnapshotQuery): Promise<SnapshotPage> {
  const layer = await db.query('select 1 from layers where id = $1', [layerId]);
  if (layer.rowCount === 0) throw hubError(404, 'layer-not-found', { layerId });
  // Read before the features: the page then reflects at least every change up to this seq.
  const seq = Number((await db.query<{ seq: string | null }>('select max(seq) as seq from changesets')).rows[0]?.seq ?? 0);
  const rows = (
    await db.query<FeatureRow>(
      `select ${featureColumns('f')} from features f where f.layer_id = $1 and not f.deleted and ($2::uuid is null or f.id > $2::uuid) order by f.id limit $3`,
      [layerId, q.after ?? null, q.limit],
    )
  ).rows;
  const last = rows[rows.length - 1];
  return { layerId, seq, features: rows.map(toHubFeature), next: rows.length === q.limit && last ? last.id : null };
}
