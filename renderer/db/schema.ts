/**
 * The Dexie database and its versions.
 *
 * Version 1 is the first prototype's layout, one record per feature, which IndexedDB writes at
 * ~15,000 records/s: a 171k-point import took over 10 s. Version 2 stores features in chunks of
 * JSON text (see chunks.ts) and adds the change log and a key/value table; its upgrade moves
 * version-1 features into chunks and drops the old table. Version 3 brings markings: every layer
 * gets one (the scheme's lowest level, originated by the user's organisation), features' and
 * layers' classifications stored before the UN scheme are mapped onto it (never downgrading, see
 * marking-migration.ts), and chunks remember their features' own classifications. Version 4 makes
 * the history speak the reader's language: changes from then on carry a summary (a catalogue key
 * and values) and the records before it keep their English label, shown as it is; and layers get
 * the role code finds them by, the checkpoints layer matched once by the English name the app gave
 * it before. Version 5 adds the open conflicts table. Version 6 adds the JOC hub's outbox: the
 * local changesets on shared layers waiting to be pushed, written in the same transaction as
 * their local apply (hub-outbox.ts); the hub's cursor is kept in `meta`. Version 7 adds the
 * tombstones deleted features leave. Never edit a shipped version: add one.
 */
import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import type { Layer } from '../../shared/domain/layer';
import type { CgFeature } from '../../shared/domain/feature';
import { defaultMarking, UN_SCHEME, type Marking } from '../../shared/domain/marking';
import { migrateClassification, migrateMarkedProperties } from '../../shared/domain/marking-migration';
import { ownClassifications } from '../../shared/domain/feature-marking';
import { parseChunk, serialiseNewFeatures } from './chunks';
import { unionBBoxes } from './bbox';
import type { ConflictRecord } from '../../shared/domain/conflict';
import type { Tombstone } from '../../shared/domain/tombstone';
import type { ChangeRecord, ChunkRecord, MetaRecord, OutboxRecord, StoredLayer, V1FeatureRecord } from './records';

export const DEFAULT_DB_NAME = 'common-ground';
export const SCHEMA_VERSION = 7;

export interface DatabaseOptions {
  /** Organisation id that originates the markings the v3 upgrade gives existing layers ('' for none). */
  defaultOriginator?: string;
}

/** The name the app gave the checkpoints layer before layers had roles (draw-targets.ts then). */
export const V3_CHECKPOINTS_LAYER_NAME = 'Checkpoints';

export class CgDatabase extends Dexie {
  layers!: EntityTable<StoredLayer, 'id'>;
  chunks!: Table<ChunkRecord, [string, number]>;
  changes!: EntityTable<ChangeRecord, 'n'>;
  meta!: EntityTable<MetaRecord, 'key'>;
  conflicts!: Table<ConflictRecord, [string, string]>;
  outbox!: EntityTable<OutboxRecord, 'n'>;
  tombstones!: Table<Tombstone, [string, string]>;

  constructor(name: string = DEFAULT_DB_NAME, options: DatabaseOptions = {}) {
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
    this.version(3)
      .stores({})
      .upgrade((tx) => migrateV2ToV3(tx, options.defaultOriginator ?? ''));
    // No index changes: change records keep their label; new ones carry a summary beside it.
    this.version(4).stores({}).upgrade(migrateToV4);
    // Open conflicts from merges (packages, re-imported files, the hub), one per feature of a layer.
    this.version(5).stores({ conflicts: '[layerId+featureId], layerId' });
    // Nothing to migrate: no layer was on a hub before.
    this.version(6).stores({ outbox: '++n, &id, state, layerId' });
    // What deleted features leave, one per feature of a layer, for packages to carry (tombstone-work.ts).
    this.version(7).stores({ tombstones: '[layerId+featureId], layerId' });
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
      chunks.map((c, seq) => ({ layerId, seq, count: c.features.length, json: c.json, bbox: c.bbox, classifications: c.classifications })),
    );
    const layer = known.get(layerId) ?? recoveredLayer(layerId, migratedAt);
    const stored: StoredLayer = {
      ...layer,
      featureCount: rows.length,
      bbox: unionBBoxes(chunks.map((c) => c.bbox)),
      featureClassifications: [],
      nextSeq: chunks.length,
      rev: `migration-v2-${migratedAt}`,
    };
    await tx.table<StoredLayer, string>('layers').put(stored);
  }
  await tx.table<MetaRecord, string>('meta').put({ key: 'migratedFromV1', value: migratedAt });
}

/** A version-2 layer record: no marking yet, perhaps a classification from an older tool. */
type V2Layer = Omit<StoredLayer, 'marking' | 'featureClassifications'> & { marking?: Marking; classification?: unknown };

/**
 * Markings: each layer gets a marking (an old `classification` on the record becomes its
 * classification, mapped up, never down), every feature's classification is mapped, and chunks
 * and layers learn their features' own classifications. A chunk is rewritten only when a feature
 * in it changed; its text is otherwise kept byte for byte.
 */
async function migrateV2ToV3(tx: Transaction, originator: string): Promise<void> {
  const layers = tx.table<V2Layer, string>('layers');
  const chunks = tx.table<ChunkRecord, [string, number]>('chunks');
  const perLayer = new Map<string, Set<string>>();
  await chunks.toCollection().modify((chunk) => {
    const features = parseChunk(chunk.json);
    let changed = false;
    const migrated: CgFeature[] = features.map((f) => {
      const properties = migrateMarkedProperties(f.properties);
      if (properties === f.properties) return f;
      changed = true;
      return { ...f, properties };
    });
    if (changed) chunk.json = JSON.stringify(migrated);
    chunk.classifications = ownClassifications(migrated);
    const seen = perLayer.get(chunk.layerId) ?? new Set<string>();
    for (const c of chunk.classifications) seen.add(c);
    perLayer.set(chunk.layerId, seen);
  });
  await layers.toCollection().modify((record, ctx) => {
    const { classification, ...rest } = record;
    const marking: Marking = record.marking ?? {
      ...defaultMarking(UN_SCHEME),
      ...(typeof classification === 'string' && classification.trim() ? { classification: migrateClassification(classification) } : {}),
      originator,
    };
    const next: StoredLayer = { ...rest, marking, featureClassifications: [...(perLayer.get(record.id) ?? [])].sort() };
    ctx.value = next;
  });
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
    marking: defaultMarking(UN_SCHEME),
  };
}
