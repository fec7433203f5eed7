/**
 * GET /layers and GET /layers/:id/snapshot, as the actor may read them (RLS on layers and
 * features), and POST /layers, PATCH /layers/:id: a layer shared from a workstation. Row-level
 * security decides the writes: the new row names the acting organisation (cg_current_org(), not a
 * value from the request) as owner and originator, and only the owner's UPDATE matches a row.
 */
import type pg from 'pg';
import type { Actor } from '../db/tx';
import type { CreateLayerRequest, HubLayer, HubStyle, LayerAnswer, MarkingInput, SnapshotPage, SnapshotQuery, UpdateLayerRequest } from '../../shared/hub/protocol';
import { featureColumns, toHubFeature, type FeatureRow } from './feature-rows';
import { hubError } from './http-io';
import { LAYERS_CHANNEL } from './notice';

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
  style: HubStyle;
}

const LAYER_COLUMNS = 'id, name, kind, owner_org, contributors, classification, caveats, originator, releasable_to, style';

function toHubLayer(r: LayerRow, actor: Actor): HubLayer {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    ownerOrg: r.owner_org,
    contributors: r.contributors,
    marking: { classification: r.classification, caveats: r.caveats, originator: r.originator, releasableTo: r.releasable_to },
    style: r.style,
    writable: r.owner_org === actor.orgId || r.contributors.includes(actor.orgId),
  };
}

export async function listLayers(db: pg.ClientBase, actor: Actor): Promise<HubLayer[]> {
  const rows = (await db.query<LayerRow>(`select ${LAYER_COLUMNS} from layers order by name, id`)).rows;
  return rows.map((r) => toHubLayer(r, actor));
}

/** The first party, caveat or contributor the directory does not know, as the error to answer. */
async function checkNames(db: pg.ClientBase, marking: MarkingInput | undefined, contributors: readonly string[] | undefined): Promise<void> {
  const r = (
    await db.query<{ party: string | null; caveat: string | null; org: string | null }>(
      `select
         (select p from unnest($1::text[]) as p where p not in (select id from organisations) and p not in (select id from parties) order by p limit 1) as party,
         (select c from unnest($2::text[]) as c where c not in (select code from caveat_definitions) order by c limit 1) as caveat,
         (select o from unnest($3::text[]) as o where o not in (select id from organisations) order by o limit 1) as org`,
      [marking?.releasableTo ?? [], marking?.caveats ?? [], contributors ?? []],
    )
  ).rows[0];
  if (r?.party) throw hubError(400, 'unknown-party', { party: r.party });
  if (r?.caveat) throw hubError(400, 'unknown-caveat', { caveat: r.caveat });
  if (r?.org) throw hubError(400, 'unknown-organisation', { organisation: r.org });
}

export async function createLayer(db: pg.ClientBase, actor: Actor, req: CreateLayerRequest): Promise<LayerAnswer> {
  await checkNames(db, req.marking, req.contributors);
  const m = req.marking;
  const inserted = (
    await db.query<LayerRow>(
      `insert into layers (id, name, kind, owner_org, contributors, classification, caveats, originator, releasable_to, style)
       values ($1, $2, $3, cg_current_org(), $4, $5, $6, cg_current_org(), $7, $8)
       on conflict (id) do nothing returning ${LAYER_COLUMNS}`,
      [req.id, req.name, req.kind, unique(req.contributors), m.classification, unique(m.caveats), unique(m.releasableTo), JSON.stringify(req.style)],
    )
  ).rows[0];
  if (inserted) {
    await announceLayers(db);
    return { layer: toHubLayer(inserted, actor), created: true };
  }
  // Taken: ours (seen by the release rule's first step, the originator) is the same request again.
  const ours = (await db.query<LayerRow>(`select ${LAYER_COLUMNS} from layers where id = $1 and owner_org = cg_current_org()`, [req.id])).rows[0];
  if (!ours) throw hubError(409, 'layer-id-taken', { layerId: req.id });
  return { layer: toHubLayer(ours, actor), created: false };
}

export async function updateLayer(db: pg.ClientBase, actor: Actor, layerId: string, patch: UpdateLayerRequest): Promise<LayerAnswer> {
  await checkNames(db, patch.marking, patch.contributors);
  const m = patch.marking;
  const updated = (
    await db.query<LayerRow>(
      `update layers set name = coalesce($2, name), style = coalesce($3::jsonb, style), classification = coalesce($4, classification),
         caveats = coalesce($5, caveats), releasable_to = coalesce($6, releasable_to), contributors = coalesce($7, contributors)
       where id = $1 returning ${LAYER_COLUMNS}`,
      [layerId, patch.name ?? null, patch.style ? JSON.stringify(patch.style) : null, m?.classification ?? null, m ? unique(m.caveats) : null, m ? unique(m.releasableTo) : null, patch.contributors ? unique(patch.contributors) : null],
    )
  ).rows[0];
  if (updated) {
    await announceLayers(db);
    return { layer: toHubLayer(updated, actor), created: false };
  }
  // layers_change matched no row: the layer is not ours, or we may not even see it.
  const seen = await db.query('select 1 from layers where id = $1', [layerId]);
  if ((seen.rowCount ?? 0) > 0) throw hubError(403, 'layer-not-owner', { layerId });
  throw hubError(404, 'layer-not-found', { layerId });
}

const unique = (xs: readonly string[]): string[] => [...new Set(xs)];

/** Delivered when the transaction commits, to every hub process on the database. */
async function announceLayers(db: pg.ClientBase): Promise<void> {
  await db.query("select pg_notify($1, '')", [LAYERS_CHANNEL]);
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
