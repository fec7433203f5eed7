import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import type { CgFeature } from '../../../shared/domain/feature';
import type { Layer } from '../../../shared/domain/layer';
import { FeatureStore } from '../../../renderer/db/feature-store';
import { CHUNK_SIZE } from '../../../renderer/db/chunks';
import { SCHEMA_VERSION } from '../../../renderer/db/schema';
import { changeset, freshDbName, incident, incidents, layer, site } from './fixtures';

/** The first prototype's database, declared as it shipped: version 1 only. */
async function createV1(name: string, layers: Layer[], features: { layerId: string; feature: CgFeature }[]): Promise<void> {
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
    const incidentLayer = layer('incidents', { order: 1 });
    const siteLayer = layer('sites', { kind: 'humanitarian', order: 0, source: { fileName: 'sites.kml', format: 'kml' } });
    const emptyLayer = layer('empty', { order: 2 });
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
      expect(store.db.verno).toBe(SCHEMA_VERSION);
      expect(store.db.tables.map((t) => t.name).sort()).toEqual(['changes', 'chunks', 'conflicts', 'layers', 'meta']);

      const layers = await store.listLayers();
      expect(layers.map((l) => l.id)).toEqual(['lost', 'sites', 'incidents', 'empty']);
      expect(layers.find((l) => l.id === 'incidents')).toEqual({
        ...incidentLayer,
        featureCount: CHUNK_SIZE + 7,
        bbox: [18, 4, 18.99, 4 + Math.floor((CHUNK_SIZE + 6) / 100) * 0.01],
      });
      expect(layers.find((l) => l.id === 'sites')).toEqual({ ...siteLayer, featureCount: 2, bbox: [20, 5, 21, 6] });
      expect(layers.find((l) => l.id === 'empty')).toEqual({ ...emptyLayer, featureCount: 0, bbox: null });
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
