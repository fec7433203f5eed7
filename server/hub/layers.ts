/**
 * GET /layers and GET /layers/:id/snapshot, as the actor may read them (RLS on layers and
 * features), and POST /layers, PATCH /layers/:id: a layer shared from a workstation. Row-level
 * security decides the writes: the new row names the acting organisation (cg_current_org(), not a
 * value from the request) as owner and originator, and only the owner's UPDATE matches a row.
 */
import pg from 'pg';
import type { Actor } from '../db/tx';
import type { CreateLayerRequest, HubLayer, HubStyle, LayerAnswer, MarkingInput, SnapshotQuery, UpdateLayerRequest } from '../../shared/hub/protocol';
import { hubError } from './http-io';
import { LAYERS_CHANNEL } from './notice';
import { hubFeatureJson } from './pull';

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

/**
 * GET /layers/:id/snapshot as one statement (for readAsSession): rows of whether the layer is
 * readable, the log position, and one feature each as JSON text (or null past the last), which
 * snapshotPageText makes into the SnapshotPage. One statement reads the seq and the features
 * from the same snapshot of the database, so the page holds exactly the changes up to that seq.
 * The values are written into the text: the id and cursor checked as UUIDs and quoted, the limit
 * an integer checked by SnapshotQuerySchema.
 */
export function snapshotStatement(layerId: string, q: SnapshotQuery): string {
  if (!Number.isSafeInteger(q.limit)) throw new Error('snapshot limit must be an integer');
  const layer = `${pg.escapeLiteral(layerId)}::uuid`;
  const after = q.after === undefined ? 'null::uuid' : `${pg.escapeLiteral(q.after)}::uuid`;
  return `select exists (select 1 from layers where id = ${layer}) as found,
      (select coalesce(max(seq), 0) from changesets) as seq, f.id, f.feature
    from (select 1) one left join lateral (
      select f.id, ${hubFeatureJson('f')}::text as feature from features f
      where f.layer_id = ${layer} and not f.deleted and (${after} is null or f.id > ${after}) order by f.id limit ${q.limit}
    ) f on true`;
}

export interface SnapshotRow {
  found: boolean;
  seq: string;
  id: string | null;
  feature: string | null;
}

/** The SnapshotPage's JSON from snapshotStatement's rows, the features' text passed through. */
export function snapshotPageText(layerId: string, q: SnapshotQuery, rows: readonly SnapshotRow[]): string {
  const first = rows[0];
  if (!first?.found) throw hubError(404, 'layer-not-found', { layerId });
  const features = rows.flatMap((r) => (r.feature === null ? [] : [r.feature]));
  const last = rows[rows.length - 1]?.id ?? null;
  const next = features.length === q.limit && last !== null ? JSON.stringify(last) : 'null';
  return `{"layerId":${JSON.stringify(layerId)},"seq":${Number(first.seq)},"features":[${features.join(',')}],"next":${next}}`;
}
