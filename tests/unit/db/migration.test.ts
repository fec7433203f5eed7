import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import type { CgFeature } from '../../../shared/domain/feature';
import type { Layer } from '../../../shared/domain/layer';
import type { Marking } from '../../../shared/domain/marking';
import { FeatureStore } from '../../../renderer/db/feature-store';
import { CHUNK_SIZE } from '../../../renderer/db/chunks';
import { CgDatabase, SCHEMA_VERSION } from '../../../renderer/db/schema';
import type { ChangeRecord, ChunkRecord } from '../../../renderer/db/records';
import { changeSummary, historyText } from '../../../shared/domain/changeset';
import { translator } from '../../../shared/cli/catalogue';
import { said } from '../english';
import { changeset, freshDbName, incident, incidents, layer, site } from './fixtures';

/** A layer as versions 1 and 2 stored it: no marking. */
type OldLayer = Omit<Layer, 'marking'> & { classification?: string };
const oldLayer = (id: string, overrides: Partial<Layer> = {}): OldLayer => {
  const { marking: _marking, ...rest } = layer(id, overrides);
  return rest;
};
const UNMARKED: Marking = { classification: 'UNCLASSIFIED', caveats: [], originator: '', releasableTo: [] };

/** The first prototype's database, declared as it shipped: version 1 only. */
async function createV1(name: string, layers: OldLayer[], features: { layerId: string; feature: CgFeature }[]): Promise<void> {
  const v1 = new Dexie(name);
  v1.version(1).stores({ layers: 'id', features: 'id, layerId' });
  await v1.open();
  await v1.table('layers').bulkAdd(layers);
  await v1.table('features').bulkAdd(features.map(({ layerId, feature }) => ({ id: feature.id, layerId, feature })));
  v1.close();
}

describe('schema migration v1 → v2', () => {
  it('moves one-record-per-feature into chunks with counts and extents', async () => {
    const name = freshDbName();
    const incidentLayer = oldLayer('incidents', { order: 1 });
    const siteLayer = oldLayer('sites', { kind: 'humanitarian', order: 0, source: { fileName: 'sites.kml', format: 'kml' } });
    const emptyLayer = oldLayer('empty', { order: 2 });
    const incidentFeatures = incidents(0, CHUNK_SIZE + 7);
    const siteFeatures = [
      site('s1', [[20, 5], [21, 5], [21, 6], [20, 5]]),
      { ...site('s2', [[0, 0], [1, 0], [1, 1], [0, 0]]), geometry: null },
    ];
    const orphan = incident(424_242);
    await createV1(name, [incidentLayer, siteLayer, emptyLayer], [
      ...incidentFeatures.map((feature) => ({ layerId: 'incidents', feature })),
      ...siteFeatures.map((feature) => ({ layerId: 'sites', feature })),
      { layerId: 'lost', feature: orphan },
    ]);

    const store = await FeatureStore.open(name);
    try {
      // v1 → v2 → v3 → v5 → v7 in one open.
      expect(store.db.verno).toBe(SCHEMA_VERSION);
      expect(store.db.tables.map((t) => t.name).sort()).toEqual(['changes', 'chunks', 'conflicts', 'layers', 'meta', 'outbox', 'tombstones']);

      const layers = await store.listLayers();
      expect(layers.map((l) => l.id)).toEqual(['lost', 'sites', 'incidents', 'empty']);
      expect(layers.find((l) => l.id === 'incidents')).toEqual({
        ...incidentLayer,
        marking: UNMARKED,
        featureCount: CHUNK_SIZE + 7,
        bbox: [18, 4, 18.99, 4 + Math.floor((CHUNK_SIZE + 6) / 100) * 0.01],
        featureClassifications: ['CONFIDENTIAL'],
      });
      expect(layers.find((l) => l.id === 'sites')).toEqual({ ...siteLayer, marking: UNMARKED, featureCount: 2, bbox: [20, 5, 21, 6], featureClassifications: ['UNCLASSIFIED'] });
      expect(layers.find((l) => l.id === 'empty')).toEqual({ ...emptyLayer, marking: UNMARKED, featureCount: 0, bbox: null, featureClassifications: [] });
      expect(layers.find((l) => l.id === 'lost')).toMatchObject({ kind: 'reference', featureCount: 1 });

      const byId = (a: CgFeature, b: CgFeature): number => a.id.localeCompare(b.id);
      expect((await store.getLayerFeatures('incidents')).sort(byId)).toEqual([...incidentFeatures].sort(byId));
      expect((await store.getLayerFeatures('sites')).sort(byId)).toEqual(siteFeatures);
      expect(await store.getLayerFeatures('lost')).toEqual([orphan]);
      expect(await store.db.chunks.where('[layerId+seq]').between(['incidents', 0], ['incidents', Infinity]).count()).toBe(2);
      expect(await store.db.meta.get('migratedFromV1')).toBeDefined();

      // The migrated store takes edits like any other.
      await store.apply(changeset('edit', [{ op: 'deleteFeatures', layerId: 'sites', ids: ['s1'] }]));
      expect((await store.listLayers()).find((l) => l.id === 'sites')).toMatchObject({ featureCount: 1, bbox: null });
      await store.apply(changeset('add', [{ op: 'putFeatures', layerId: 'incidents', features: [incident(999_999)] }]));
      expect((await store.listLayers()).find((l) => l.id === 'incidents')?.featureCount).toBe(CHUNK_SIZE + 8);
    } finally {
      store.close();
    }
  });
});

/** The database as version 2 shipped: chunks of JSON text, layers without markings. */
async function createV2(name: string, layers: object[], chunks: Omit<ChunkRecord, 'classifications'>[], changes: object[]): Promise<void> {
  const v2 = new Dexie(name);
  v2.version(1).stores({ layers: 'id', features: 'id, layerId' });
  v2.version(2).stores({ layers: 'id, order', chunks: '[layerId+seq]', changes: '++n, &id, *featureIds', meta: 'key', features: null });
  await v2.open();
  await v2.table('layers').bulkAdd(layers);
  await v2.table('chunks').bulkAdd(chunks);
  await v2.table('changes').bulkAdd(changes);
  v2.close();
}

describe('schema migration v2 → v3 (markings)', () => {
  it('maps old classification values up onto the UN scheme, gives layers a marking, and loses nothing', async () => {
    const name = freshDbName();
    const old = (i: number, classification: string | undefined, extra: Record<string, string> = {}) => {
      const f = incident(i, { ...extra });
      if (classification === undefined) delete f.properties.classification;
      else f.properties.classification = classification;
      return f;
    };
    const mixed = [
      old(1, 'UN RESTRICTED', { releasability: 'Releasable to TCCs' }),
      old(2, 'UN CONFIDENTIAL'),
      old(3, 'UN SECRET'),
      old(4, 'UNCLASSIFIED'),
      old(5, 'un restricted'),
      old(6, 'Secret-ish'),
      old(7, undefined),
    ];
    const untouched = [old(8, 'UNCLASSIFIED'), old(9, undefined)];
    const record = (l: OldLayer, count: number, nextSeq: number) => ({ ...l, featureCount: count, bbox: [18, 4, 18.1, 4] as const, nextSeq, rev: 'v2-rev' });
    const incidentLayer = oldLayer('incidents', { order: 1 });
    const restricted: OldLayer = { ...oldLayer('restricted', { order: 0, kind: 'reference' }), classification: 'UN SECRET' };
    const unchangedJson = JSON.stringify(untouched);
    await createV2(
      name,
      [record(incidentLayer, 9, 2), record(restricted, 0, 0)],
      [
        { layerId: 'incidents', seq: 0, count: mixed.length, json: JSON.stringify(mixed), bbox: [18, 4, 18.1, 4] },
        { layerId: 'incidents', seq: 1, count: untouched.length, json: unchangedJson, bbox: [18, 4, 18.1, 4] },
      ],
      [{ id: 'cs-old', at: '2026-11-22T15:00:00Z', by: { name: 'x', org: 'y' }, label: 'Import old', ops: [], featureIds: ['inc-000001'], truncated: false }],
    );

    const store = await FeatureStore.attach(new CgDatabase(name, { defaultOriginator: 'joc' }));
    try {
      expect(store.db.verno).toBe(SCHEMA_VERSION);
      const layers = await store.listLayers();
      expect(layers.find((l) => l.id === 'incidents')).toEqual({
        ...incidentLayer,
        marking: { ...UNMARKED, originator: 'joc' },
        featureCount: 9,
        bbox: [18, 4, 18.1, 4],
        featureClassifications: ['CONFIDENTIAL', 'STRICTLY CONFIDENTIAL', 'Secret-ish', 'UNCLASSIFIED'],
      });
      // A classification on an old layer record becomes its marking's, mapped up; the field goes.
      const restrictedInfo = layers.find((l) => l.id === 'restricted');
      expect(restrictedInfo?.marking).toEqual({ classification: 'STRICTLY CONFIDENTIAL', caveats: [], originator: 'joc', releasableTo: [] });
      expect(restrictedInfo).not.toHaveProperty('classification');

      const byId = (a: CgFeature, b: CgFeature): number => a.id.localeCompare(b.id);
      const migrated = (await store.getLayerFeatures('incidents')).sort(byId);
      const expected = [...mixed, ...untouched].map((f, k) => {
        const to = ['CONFIDENTIAL', 'CONFIDENTIAL', 'STRICTLY CONFIDENTIAL', 'UNCLASSIFIED', 'CONFIDENTIAL', 'Secret-ish', undefined, 'UNCLASSIFIED', undefined][k];
        const properties = { ...f.properties };
        if (to === undefined) delete properties.classification;
        else properties.classification = to;
        return { ...f, properties };
      });
      // Every feature is still there with every other property as it was (releasability included).
      expect(migrated).toEqual(expected);
      expect(migrated[0]?.properties.releasability).toBe('Releasable to TCCs');

      const chunks = await store.db.chunks.toArray();
      expect(chunks.map((c) => c.classifications)).toEqual([['CONFIDENTIAL', 'STRICTLY CONFIDENTIAL', 'Secret-ish', 'UNCLASSIFIED'], ['UNCLASSIFIED']]);
      // A chunk with nothing to map keeps its text byte for byte.
      expect(chunks[1]?.json).toBe(unchangedJson);
      // The change log is a record of what happened and is kept as written.
      expect((await store.db.changes.toArray()).map((c) => c.id)).toEqual(['cs-old']);

      // The migrated store takes marking edits and keeps the layer's classifications current.
      const third = migrated[2] as CgFeature;
      await store.apply(changeset('mark', [{ op: 'putFeatures', layerId: 'incidents', features: [{ ...third, properties: { ...third.properties, classification: 'CONFIDENTIAL' } }] }]));
      expect((await store.listLayers()).find((l) => l.id === 'incidents')?.featureClassifications).toEqual(['CONFIDENTIAL', 'Secret-ish', 'UNCLASSIFIED']);
    } finally {
      store.close();
    }
  });
});

/** A version-2 database as it shipped before issue 15: change records with English labels, layers without roles. */
async function createV2WithLabels(name: string, layers: Layer[], changes: { id: string; label: string }[]): Promise<void> {
  const v2 = new Dexie(name);
  v2.version(1).stores({ layers: 'id', features: 'id, layerId' });
  v2.version(2).stores({ layers: 'id, order', chunks: '[layerId+seq]', changes: '++n, &id, *featureIds', meta: 'key', features: null });
  await v2.open();
  await v2.table('layers').bulkAdd(layers.map((l) => ({ ...l, featureCount: 0, bbox: null, nextSeq: 0, rev: 'v2' })));
  await v2.table('changes').bulkAdd(
    changes.map((c, i) => ({ ...c, at: `2026-11-2${i}T10:00:00Z`, by: { name: 'Maj. Diallo', org: 'MINUSCA' }, ops: [], featureIds: [], truncated: false })),
  );
  v2.close();
}

describe('schema migration v2 → v4 (history summaries, layer roles)', () => {
  it('keeps stored history labels as they were, and gives the checkpoints layer its role once, by its old name', async () => {
    const name = freshDbName();
    await createV2WithLabels(
      name,
      [
        layer('cp', { kind: 'reference', name: 'Checkpoints' }),
        layer('renamed', { kind: 'reference', name: 'Points de contrôle' }),
        layer('inc', { kind: 'incident', name: 'Checkpoints' }),
        layer('ref', { kind: 'reference', name: 'Roads' }),
      ],
      [
        { id: 'old-1', label: 'Import incidents.geojson' },
        { id: 'old-2', label: 'Undo: Edit Bambari bridge' },
      ],
    );
    const store = await FeatureStore.open(name);
    try {
      expect(store.db.verno).toBe(SCHEMA_VERSION);
      const roles = Object.fromEntries((await store.listLayers()).map((l) => [l.id, l.role ?? null]));
      // Only the reference layer the app itself named "Checkpoints"; a renamed one is not guessed at.
      expect(roles).toEqual({ cp: 'checkpoints', renamed: null, inc: null, ref: null });

      const log = await store.recentChanges(10);
      expect(log.map((c) => [c.id, c.summary ?? null, said(c)])).toEqual([
        ['old-2', null, 'Undo: Edit Bambari bridge'],
        ['old-1', null, 'Import incidents.geojson'],
      ]);
      // A change made after the upgrade carries its summary and says it in the reader's language.
      await store.apply(changeset(changeSummary('renameLayer', { name: 'Roads' }), [{ op: 'putLayer', layer: layer('ref', { kind: 'reference', name: 'Routes' }) }]));
      const [latest] = await store.recentChanges(1);
      expect(latest?.summary).toEqual({ key: 'renameLayer', params: { name: 'Roads' } });
      expect(said(latest)).toBe('Rename layer Roads');
      expect(latest && historyText(translator('fr'), latest)).toBe('Renommage de la couche Roads');
      expect(historyText(translator('fr'), log[0] as ChangeRecord)).toBe('Undo: Edit Bambari bridge');
    } finally {
      store.close();
    }
  });
});

/** A version-5 database as it shipped (the stores of versions 1 to 5), with a layer, its chunk, a change and an open conflict. */
async function createV5(name: string, stored: object, chunk: ChunkRecord, conflict: object): Promise<void> {
  const v5 = new Dexie(name);
  v5.version(1).stores({ layers: 'id', features: 'id, layerId' });
  v5.version(2).stores({ layers: 'id, order', chunks: '[layerId+seq]', changes: '++n, &id, *featureIds', meta: 'key', features: null });
  v5.version(5).stores({ conflicts: '[layerId+featureId], layerId' });
  await v5.open();
  await v5.table('layers').add(stored);
  await v5.table('chunks').add(chunk);
  await v5.table('changes').add({ id: 'cs-v5', at: '2026-11-22T15:00:00Z', by: { name: 'x', org: 'y' }, summary: { key: 'import', params: { file: 'a.geojson' } }, ops: [], featureIds: ['inc-000001'], truncated: false });
  await v5.table('conflicts').add(conflict);
  v5.close();
}

describe('schema migration v5 → v7 (tombstones)', () => {
  it('keeps layers, chunks, history and open conflicts as they were, and deletes from then on leave tombstones', async () => {
    const name = freshDbName();
    const features = [incident(1), incident(2)];
    const stored = { ...layer('L'), featureCount: 2, bbox: [18, 4, 18.01, 4], featureClassifications: ['CONFIDENTIAL'], nextSeq: 1, rev: 'v5-rev' };
    const chunk: ChunkRecord = { layerId: 'L', seq: 0, count: 2, json: JSON.stringify(features), bbox: [18, 4, 18.01, 4], classifications: ['CONFIDENTIAL'] };
    const conflict = {
      layerId: 'L',
      featureId: 'inc-000001',
      source: { type: 'package', name: 'ocha.cgpkg' },
      detectedAt: '2026-12-01T10:00:00Z',
      conflict: { id: 'inc-000001', ours: features[0], theirs: null, fields: [], oursBy: {}, theirsBy: {} },
    };
    await createV5(name, stored, chunk, conflict);

    const store = await FeatureStore.open(name);
    try {
      expect(store.db.verno).toBe(SCHEMA_VERSION);
      expect(SCHEMA_VERSION).toBe(7);
      expect(store.db.tables.map((t) => t.name)).toContain('tombstones');
      expect(await store.db.chunks.toArray()).toEqual([chunk]);
      expect((await store.listLayers())[0]).toMatchObject({ id: 'L', featureCount: 2 });
      expect(await store.listConflicts()).toEqual([conflict]);
      expect((await store.recentChanges(5)).map((c) => c.id)).toEqual(['cs-v5']);
      expect(await store.listTombstones('L')).toEqual([]);

      await store.apply(changeset('delete', [{ op: 'deleteFeatures', layerId: 'L', ids: ['inc-000002'] }]));
      expect((await store.listTombstones('L')).map((t) => [t.featureId, t.version, t.originator])).toEqual([['inc-000002', 1, 'joc']]);
    } finally {
      store.close();
    }
  });
});
