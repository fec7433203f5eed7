/**
 * The Dexie database and its versions.
 *
 * Version 1 is the first prototype's layout, one record per feature, which IndexedDB writes at
 * ~15,000 records/s: a 171k-point import took over 10 s. Version 2 stores features in chunks of
 * JSON text (see chunks.ts) and adds the change log and a key/value table; its upgrade moves
 * version-1 features into chunks and drops the old table. Version 4 (issue 15; 3 is the markings'
 * upgrade, on its own branch) makes the history speak the reader's language: changes from then on
 * carry a summary (a catalogue key and values) and the records before it keep their English label,
 * shown as it is; and layers get the role code finds them by, the checkpoints layer matched once by
 * the English name the app gave it before. Never edit a shipped version: add one.
 */
import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import type { Layer } from '../../shared/domain/layer';
import { serialiseNewFeatures } from './chunks';
import { unionBBoxes } from './bbox';
import type { ChangeRecord, ChunkRecord, MetaRecord, StoredLayer, V1FeatureRecord } from './records';

export const DEFAULT_DB_NAME = 'common-ground';
export const SCHEMA_VERSION = 4;

/** The name the app gave the checkpoints layer before layers had roles (draw-targets.ts then). */
export const V3_CHECKPOINTS_LAYER_NAME = 'Checkpoints';

export class CgDatabase extends Dexie {
  layers!: EntityTable<StoredLayer, 'id'>;
  chunks!: Table<ChunkRecord, [string, number]>;
  changes!: EntityTable<ChangeRecord, 'n'>;
  meta!: EntityTable<MetaRecord, 'key'>;

  constructor(name: string = DEFAULT_DB_NAME) {
    super(name);
    this.version(1).stores({
      layers: 'id',
      features: 'id, layerId',
    });
    this.version(2)
      .stores({
        layers: 'id, order',
        chunks: '[layerId+seq]',
        changes: '++n, &id, *featureIds',
        meta: 'key',
        features: null,
      })
      .upgrade(migrateV1ToV2);
    // No index changes: change records keep their label; new ones carry a summary beside it.
    this.version(4).stores({}).upgrade(migrateToV4);
  }
}

/** Layers get their role, matched once by the old English name; nothing looks a layer up by name after this. */
async function migrateToV4(tx: Transaction): Promise<void> {
  await tx
    .table<StoredLayer, string>('layers')
    .toCollection()
    .modify((layer) => {
      if (layer.role === undefined && layer.kind === 'reference' && layer.name.trim() === V3_CHECKPOINTS_LAYER_NAME) layer.role = 'checkpoints';
    });
}

/** Move one-record-per-feature into chunks, layer by layer, and derive counts and extents. */
async function migrateV1ToV2(tx: Transaction): Promise<void> {
  const layers = tx.table<Layer, string>('layers');
  const features = tx.table<V1FeatureRecord, string>('features');
  const known = new Map((await layers.toArray()).map((l) => [l.id, l]));
  const layerIds = new Set<string>(known.keys());
  // Features whose layer record is missing would otherwise vanish in the migration.
  for (const id of (await features.orderBy('layerId').uniqueKeys()) as string[]) layerIds.add(id);

  const migratedAt = new Date().toISOString();
  for (const layerId of layerIds) {
    const rows = await features.where('layerId').equals(layerId).toArray();
    const chunks = serialiseNewFeatures(rows.map((r) => r.feature));
    await tx.table<ChunkRecord, [string, number]>('chunks').bulkAdd(
      chunks.map((c, seq) => ({ layerId, seq, count: c.features.length, json: c.json, bbox: c.bbox })),
    );
    const layer = known.get(layerId) ?? recoveredLayer(layerId, migratedAt);
    const stored: StoredLayer = {
      ...layer,
      featureCount: rows.length,
      bbox: unionBBoxes(chunks.map((c) => c.bbox)),
      nextSeq: chunks.length,
      rev: `migration-v2-${migratedAt}`,
    };
    await tx.table<StoredLayer, string>('layers').put(stored);
  }
  await tx.table<MetaRecord, string>('meta').put({ key: 'migratedFromV1', value: migratedAt });
}

function recoveredLayer(layerId: string, at: string): Layer {
  return {
    id: layerId,
    name: `Recovered features (${layerId})`,
    kind: 'reference',
    owner: '',
    visible: true,
    opacity: 1,
    order: 0,
    createdAt: at,
    updatedAt: at,
  };
}
