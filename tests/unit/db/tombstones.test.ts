import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { FeatureStore } from '../../../renderer/db/feature-store';
import { ANALYST, OFFICER, changeset, createLayerChangeset, freshDbName, incident, layer, openProbed } from './fixtures';

const open: FeatureStore[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

describe('tombstones of deleted features', () => {
  it('a delete leaves a tombstone in the same transaction, with version, originator, who and when; undo lifts it, redo brings it back', async () => {
    const { store: s, probe } = await openProbed(freshDbName());
    open.push(s);
    const exchanged = incident(2, { classification: undefined, version: 3, exchangedVersion: 3 });
    await s.apply(createLayerChangeset(layer('L'), [incident(1, { originator: 'ocha' }), exchanged, incident(3)]));
    probe.reset();
    await s.apply(changeset('delete', [{ op: 'deleteFeatures', layerId: 'L', ids: ['inc-000001', 'inc-000002', 'no-such'] }], OFFICER, '2026-11-24T09:00:00Z'));
    expect(probe.written('tombstones')).toHaveLength(2);
    expect(await s.listTombstones('L')).toEqual([
      {
        layerId: 'L',
        featureId: 'inc-000001',
        version: 1,
        originator: 'ocha',
        marking: { classification: 'CONFIDENTIAL', caveats: [], originator: 'ocha', releasableTo: [] },
        deletedAt: '2026-11-24T09:00:00Z',
        deletedBy: OFFICER,
      },
      // No marking of its own: the layer's originator.
      { layerId: 'L', featureId: 'inc-000002', version: 3, exchangedVersion: 3, originator: 'joc', deletedAt: '2026-11-24T09:00:00Z', deletedBy: OFFICER },
    ]);

    await s.undo(ANALYST);
    expect(await s.listTombstones('L')).toEqual([]);
    expect((await s.getLayerFeatures('L')).map((f) => f.id).sort()).toEqual(['inc-000001', 'inc-000002', 'inc-000003']);
    await s.redo(ANALYST);
    expect((await s.listTombstones('L')).map((t) => [t.featureId, t.deletedBy.name])).toEqual([
      ['inc-000001', ANALYST.name],
      ['inc-000002', ANALYST.name],
    ]);
  });

  it('the tombstone and the delete roll back together when the transaction fails', async () => {
    const { store: s, probe } = await openProbed(freshDbName());
    open.push(s);
    await s.apply(createLayerChangeset(layer('L'), [incident(1), incident(2)]));
    probe.failOn = 'tombstones';
    await expect(s.apply(changeset('delete', [{ op: 'deleteFeatures', layerId: 'L', ids: ['inc-000001'] }]))).rejects.toThrow();
    probe.failOn = null;
    expect(await s.listTombstones('L')).toEqual([]);
    expect(await s.getFeature('L', 'inc-000001')).toBeDefined();
  });

  it('putting the feature again lifts its tombstone; a deleted layer restored by undo lifts its features’', async () => {
    const s = await FeatureStore.open(freshDbName());
    open.push(s);
    await s.apply(createLayerChangeset(layer('L'), [incident(1), incident(2)]));
    await s.apply(changeset('delete', [{ op: 'deleteFeatures', layerId: 'L', ids: ['inc-000001', 'inc-000002'] }]));
    await s.apply(changeset('again', [{ op: 'putFeatures', layerId: 'L', features: [incident(1)] }]));
    expect((await s.listTombstones('L')).map((t) => t.featureId)).toEqual(['inc-000002']);

    await s.apply(changeset('put back', [{ op: 'putFeatures', layerId: 'L', features: [incident(2)] }]));
    await s.apply(changeset('delete one', [{ op: 'deleteFeatures', layerId: 'L', ids: ['inc-000002'] }]));
    await s.apply(changeset('drop layer', [{ op: 'deleteLayer', layerId: 'L' }]));
    // Only a feature deleted from a layer that stays leaves one; the layer's earlier ones stay.
    expect((await s.listTombstones('L')).map((t) => t.featureId)).toEqual(['inc-000002']);
    await s.undo(OFFICER);
    expect((await s.listTombstones('L')).map((t) => t.featureId)).toEqual(['inc-000002']);
    await s.undo(OFFICER);
    expect(await s.listTombstones('L')).toEqual([]);
  });
});
