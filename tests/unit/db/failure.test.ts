import { changeSummary } from '../../../shared/domain/changeset';
import 'fake-indexeddb/auto';
import { said } from '../english';
import { afterEach, describe, expect, it } from 'vitest';
import type { CgFeature } from '../../../shared/domain/feature';
import { ChangesetError, FeatureStore } from '../../../renderer/db/feature-store';
import { CHUNK_SIZE } from '../../../renderer/db/chunks';
import { OFFICER, changeset, createLayerChangeset, edited, freshDbName, incident, incidents, layer, openProbed, snapshot } from './fixtures';

const open: FeatureStore[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

describe('a failing changeset', () => {
  it('leaves the database and the cache as they were when an op refers to a missing layer', async () => {
    const s = await FeatureStore.open(freshDbName());
    open.push(s);
    await s.apply(createLayerChangeset(layer('incidents'), incidents(0, CHUNK_SIZE + 5)));
    // Warm the cache so the failed changeset would corrupt it if it wrote through.
    await s.apply(changeset('warm', [{ op: 'putFeatures', layerId: 'incidents', features: [edited(incident(0), { fatalities: 5 })] }]));
    const before = await snapshot(s);
    const logBefore = await s.recentChanges(100);

    const bad = changeset('Half-way failure', [
      { op: 'putFeatures', layerId: 'incidents', features: [edited(incident(1), { fatalities: 99 }), incident(888_888)] },
      { op: 'deleteFeatures', layerId: 'incidents', ids: ['inc-000002', 'inc-000003'] },
      { op: 'putLayer', layer: layer('new-layer') },
      { op: 'putFeatures', layerId: 'missing', features: [incident(5)] },
    ]);
    await expect(s.apply(bad)).rejects.toBeInstanceOf(ChangesetError);

    expect(await snapshot(s)).toEqual(before);
    expect(await s.recentChanges(100)).toEqual(logBefore);
    expect(said(s.undoSummary())).toBe('Edit warm');
    // The cache: a read through it, and an edit whose inverse is computed from it.
    expect(await s.getFeature('incidents', 'inc-000001')).toEqual(incident(1));
    expect(await s.getFeature('incidents', 'inc-888888')).toBeUndefined();
    const later = await s.apply(changeset('later', [{ op: 'putFeatures', layerId: 'incidents', features: [incident(888_888), edited(incident(1), { fatalities: 1 })] }]));
    expect(later.inverse).toEqual([
      { op: 'putFeatures', layerId: 'incidents', features: [incident(1)] },
      { op: 'deleteFeatures', layerId: 'incidents', ids: ['inc-888888'] },
    ]);
    expect((await s.listLayers())[0]?.featureCount).toBe(CHUNK_SIZE + 6);
    await s.undo(OFFICER);
    expect(await snapshot(s)).toEqual(before);
  });

  it('rolls back chunk and layer writes when a later write in the transaction fails', async () => {
    const { store: s, probe } = await openProbed(freshDbName());
    open.push(s);
    await s.apply(createLayerChangeset(layer('incidents'), incidents(0, 100)));
    await s.apply(changeset('warm', [{ op: 'deleteFeatures', layerId: 'incidents', ids: ['inc-000099'] }]));
    const before = await snapshot(s);

    probe.failOn = 'changes'; // chunks and layers are written before the log entry
    probe.reset();
    await expect(
      s.apply(changeset('doomed', [{ op: 'putFeatures', layerId: 'incidents', features: [edited(incident(1), { fatalities: 50 }), incident(5000)] }])),
    ).rejects.toThrow(/simulated failure/);
    expect(probe.mutationTypes('chunks')).toEqual(['put']); // it did get as far as writing a chunk
    probe.failOn = null;

    expect(await snapshot(s)).toEqual(before);
    await expect(
      s.apply(createLayerChangeset(layer('import'), incidents(10_000, 10))),
    ).resolves.toMatchObject({ changedLayerIds: ['import'] });
    const applied = await s.apply(changeset('retry', [{ op: 'putFeatures', layerId: 'incidents', features: [incident(5000)] }]));
    expect(applied.inverse).toEqual([{ op: 'deleteFeatures', layerId: 'incidents', ids: ['inc-005000'] }]);
    expect((await s.listLayers()).find((l) => l.id === 'incidents')?.featureCount).toBe(100);
  });

  it('a failed undo stays undoable', async () => {
    const { store: s, probe } = await openProbed(freshDbName());
    open.push(s);
    await s.apply(createLayerChangeset(layer('a'), incidents(0, 3), changeSummary('import', { file: 'A' })));
    probe.failOn = 'chunks';
    await expect(s.undo(OFFICER)).rejects.toThrow();
    probe.failOn = null;
    expect(said(s.undoSummary())).toBe('Import A');
    await s.undo(OFFICER);
    expect(await s.listLayers()).toEqual([]);
  });

  it('rejects features without a string id', async () => {
    const s = await FeatureStore.open(freshDbName());
    open.push(s);
    const noId = { ...incident(1), id: 7 } as unknown as CgFeature;
    await expect(s.apply(createLayerChangeset(layer('a'), [incident(0), noId]))).rejects.toThrow(/string id/);
    expect(await s.listLayers()).toEqual([]);
  });
});
