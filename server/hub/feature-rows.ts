/**
 * One mapping between a feature row (of `features` or of the `changeset_features` log, which
 * share their columns) and the protocol's HubFeature, so every route answers the same shape.
 */
import type { HubFeature, HubGeometry, HubPropertyValue } from '../../shared/hub/protocol';

/**
 * The select list of a feature row; `t` is the table's alias. 17 digits: PostGIS then writes the
 * shortest text that reads back as the same double, so a geometry comes back exactly as pushed.
 */
export const featureColumns = (t: string, idColumn = 'id'): string =>
  `${t}.${idColumn} as id, ${t}.layer_id, st_asgeojson(${t}.geom, 17)::json as geometry, ${t}.props, ${t}.version,
   ${t}.classification, ${t}.caveats, ${t}.originator, ${t}.releasable_to, ${t}.updated_by, ${t}.updated_at, ${t}.deleted`;

export interface FeatureRow {
  id: string;
  layer_id: string;
  geometry: HubGeometry;
  props: Record<string, HubPropertyValue>;
  version: number;
  classification: string;
  caveats: string[];
  originator: string;
  releasable_to: string[];
  updated_by: string | null;
  updated_at: Date;
  deleted: boolean;
}

export function toHubFeature(r: FeatureRow): HubFeature {
  return {
    id: r.id,
    layerId: r.layer_id,
    geometry: r.geometry,
    properties: r.props,
    marking: { classification: r.classification, caveats: r.caveats, originator: r.originator, releasableTo: r.releasable_to },
    version: r.version,
    deleted: r.deleted,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at.toISOString(),
  };
}
