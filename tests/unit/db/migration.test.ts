import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import type { CgFeature } from '../../../shared/domain/feature';
import type { Layer } from '../../../shared/domain/layer';
import { FeatureStore } from '../../../renderer/db/feature-store';
import { CHUNK_SIZE } from '../../../renderer/db/chunks';
import { changeSummary, historyText } from '../../../shared/domain/changeset';
import { translator } from '../../../shared/cli/catalogue';
import type { ChangeRecord } from '../../../renderer/db/records';
import { said } from '../english';
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
      expect(store.db.verno).toBe(4);
      expect(store.db.tables.map((t) => t.name).sort()).toEqual(['changes', 'chunks', 'layers', 'meta']);

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

/** A version-2 database as it shipped before issue 15: change records with English labels, layers without roles. */
async function createV2(name: string, layers: Layer[], changes: { id: string; label: string }[]): Promise<void> {
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

describe('schema migration v2 → v4', () => {
  it('keeps stored history labels as they were, and gives the checkpoints layer its role once, by its old name', async () => {
    const name = freshDbName();
    await createV2(
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
      expect(store.db.verno).toBe(4);
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
