import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { FeatureStore } from '../../../renderer/db/feature-store';
import type { ConflictRecord } from '../../../shared/domain/conflict';
import { deleteLayerChangeset } from '../../../shared/domain/edits';
import type { CgFeature } from '../../../shared/domain/feature';
import { mergeIncoming, resolveConflict, resolutionOps } from '../../../shared/sync';
import { ANALYST, OFFICER, changeset, createLayerChangeset, edited, freshDbName, incident, layer, openProbed } from './fixtures';

const open: FeatureStore[] = [];
async function store(name = freshDbName()): Promise<FeatureStore> {
  const s = await FeatureStore.open(name);
  open.push(s);
  return s;
}
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

/** A layer whose feature inc-000001 we edited locally, and a file that changed it too. */
async function conflicted(s: FeatureStore): Promise<{ ours: CgFeature; record: ConflictRecord }> {
  await s.apply(createLayerChangeset(layer('L'), [incident(1), incident(2)]));
  const ours = edited(incident(1), { fatalities: 3 }, OFFICER);
  await s.apply(changeset('edit', [{ op: 'putFeatures', layerId: 'L', features: [ours] }]));
  const theirs = { ...incident(1, { fatalities: 5, updatedBy: 'OCHA', version: 2 }) };
  const plan = mergeIncoming([ours, incident(2)], [{ feature: theirs, baseVersion: 1 }], { match: { by: 'id' } });
  const conflict = plan.conflicts[0];
  if (!conflict) throw new Error('fixture should conflict');
  const record: ConflictRecord = { layerId: 'L', featureId: conflict.id, source: { type: 'package', name: 'ocha.cgpkg' }, detectedAt: '2026-12-02T10:00:00Z', conflict };
  return { ours, record };
}

describe('open conflicts in the store', () => {
  it('recording a conflict keeps both sides, in the same transaction as the merge, and undo removes it', async () => {
    const { store: s, probe } = await openProbed(freshDbName());
    open.push(s);
    const { record } = await conflicted(s);
    probe.reset();
    const applied = await s.apply(
      changeset('merge', [
        { op: 'putFeatures', layerId: 'L', features: [incident(3)] },
        { op: 'putConflicts', layerId: 'L', conflicts: [record] },
      ]),
    );
    expect(applied.conflictsChanged).toBe(true);
    expect(probe.written('conflicts')).toHaveLength(1);
    const [stored] = await s.listConflicts('L');
    expect(stored?.conflict.ours.properties.fatalities).toBe(3);
    expect(stored?.conflict.theirs?.properties.fatalities).toBe(5);
    expect(stored?.source).toEqual({ type: 'package', name: 'ocha.cgpkg' });
    expect(await s.listConflicts('other')).toEqual([]);

    await s.undo(ANALYST);
    expect(await s.listConflicts()).toEqual([]);
    expect(await s.getFeature('L', incident(3).id)).toBeUndefined();
  });

  it('settling a conflict writes the feature and drops the record as one undoable step; undo brings the conflict back', async () => {
    const s = await store();
    const { record } = await conflicted(s);
    await s.apply(changeset('merge', [{ op: 'putConflicts', layerId: 'L', conflicts: [record] }]));
    const resolved = resolveConflict(record.conflict, { fatalities: 'theirs' }, ANALYST, '2026-12-02T11:00:00Z');
    await s.apply(
      changeset('resolve', [...resolutionOps('L', record.conflict, resolved), { op: 'deleteConflicts', layerId: 'L', featureIds: [record.featureId] }]),
    );
    expect(await s.listConflicts()).toEqual([]);
    expect((await s.getFeature('L', record.featureId))?.properties).toMatchObject({ fatalities: 5, updatedBy: ANALYST.name, version: 3 });

    await s.undo(ANALYST);
    expect((await s.listConflicts()).map((c) => c.featureId)).toEqual([record.featureId]);
    expect((await s.getFeature('L', record.featureId))?.properties.fatalities).toBe(3);

    await s.redo(ANALYST);
    expect(await s.listConflicts()).toEqual([]);
    expect((await s.getFeature('L', record.featureId))?.properties.fatalities).toBe(5);
  });

  it('deleting a layer takes its open conflicts with it, and undo brings both back', async () => {
    const s = await store();
    const { record } = await conflicted(s);
    await s.apply(changeset('merge', [{ op: 'putConflicts', layerId: 'L', conflicts: [record] }]));
    const [l] = await s.listLayers();
    const open = (await s.listConflicts('L')).map((c) => c.featureId);
    const applied = await s.apply(deleteLayerChangeset(l!, OFFICER, '2026-12-03T10:00:00Z', open));
    expect(applied.conflictsChanged).toBe(true);
    expect(await s.listLayers()).toEqual([]);
    expect(await s.listConflicts()).toEqual([]);
    await s.undo(OFFICER);
    expect((await s.listLayers()).map((x) => x.id)).toEqual(['L']);
    expect((await s.listConflicts('L')).map((c) => c.featureId)).toEqual([record.featureId]);
  });

  it('a newer conflict on the same feature replaces the older, and undo puts the older back', async () => {
    const s = await store();
    const { record } = await conflicted(s);
    await s.apply(changeset('first', [{ op: 'putConflicts', layerId: 'L', conflicts: [record] }]));
    const newer: ConflictRecord = { ...record, detectedAt: '2026-12-02T12:00:00Z', source: { type: 'file', name: 'ocha-v2.csv' } };
    await s.apply(changeset('second', [{ op: 'putConflicts', layerId: 'L', conflicts: [newer] }]));
    expect((await s.listConflicts()).map((c) => c.source.name)).toEqual(['ocha-v2.csv']);
    await s.undo(ANALYST);
    expect((await s.listConflicts()).map((c) => c.source.name)).toEqual(['ocha.cgpkg']);
  });

  it('recording and settling appear in the feature history', async () => {
    const s = await store();
    const { record } = await conflicted(s);
    await s.apply(changeset('Conflict recorded', [{ op: 'putConflicts', layerId: 'L', conflicts: [record] }]));
    const said = (await s.history(record.featureId)).map((h) => h.summary);
    expect(said[0]).toEqual({ key: 'edit', params: { name: 'Conflict recorded' } });
  });

  it('a failing write leaves neither the features nor the conflict records changed', async () => {
    const { store: s, probe } = await openProbed(freshDbName());
    open.push(s);
    const { record } = await conflicted(s);
    probe.failOn = 'conflicts';
    await expect(
      s.apply(changeset('merge', [{ op: 'putFeatures', layerId: 'L', features: [incident(3)] }, { op: 'putConflicts', layerId: 'L', conflicts: [record] }])),
    ).rejects.toThrow(/simulated failure/);
    probe.failOn = null;
    expect(await s.listConflicts()).toEqual([]);
    expect(await s.getFeature('L', incident(3).id)).toBeUndefined();
  });
});
