import { changeSummary } from '../../../shared/domain/changeset';
import 'fake-indexeddb/auto';
import { said } from '../english';
import { afterEach, describe, expect, it } from 'vitest';
import type { Op } from '../../../shared/domain/changeset';
import { FeatureStore } from '../../../renderer/db/feature-store';
import { CHUNK_SIZE } from '../../../renderer/db/chunks';
import { ANALYST, OFFICER, changeset, createLayerChangeset, edited, freshDbName, incident, incidents, layer, site, snapshot } from './fixtures';

const open: FeatureStore[] = [];
async function seeded(): Promise<FeatureStore> {
  const s = await FeatureStore.open(freshDbName());
  open.push(s);
  await s.apply(createLayerChangeset(layer('incidents'), incidents(0, CHUNK_SIZE + 50)));
  await s.apply(createLayerChangeset(layer('sites', { kind: 'humanitarian', order: 1 }), [
    site('s1', [[20, 5], [21, 5], [21, 6], [20, 5]]),
    site('s2', [[22, 7], [23, 7], [23, 8], [22, 7]]),
  ]));
  return s;
}
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

const cases: [string, Op[]][] = [
  ['putLayer (new)', [{ op: 'putLayer', layer: layer('patrols', { kind: 'patrol', order: 5 }) }]],
  ['putLayer (update)', [{ op: 'putLayer', layer: layer('sites', { kind: 'humanitarian', order: 1, name: 'Notified sites', visible: false }) }]],
  ['deleteLayer', [{ op: 'deleteLayer', layerId: 'incidents' }]],
  ['putFeatures (new and replaced)', [{ op: 'putFeatures', layerId: 'incidents', features: [incident(900_000), edited(incident(5), { fatalities: 40 }), edited(incident(CHUNK_SIZE + 1), { name: 'Renamed' })] }]],
  ['putFeatures (moves the extent)', [{ op: 'putFeatures', layerId: 'sites', features: [site('s3', [[-5, -5], [-4, -5], [-4, -4], [-5, -5]])] }]],
  ['deleteFeatures (a whole chunk and one more)', [{ op: 'deleteFeatures', layerId: 'incidents', ids: [...incidents(CHUNK_SIZE, 50).map((f) => f.id), 'inc-000010'] }]],
  ['two new layers in one changeset (import path)', [
    { op: 'putLayer', layer: layer('x', { order: 3 }) },
    { op: 'putFeatures', layerId: 'x', features: incidents(600_000, 5) },
    { op: 'putLayer', layer: layer('y', { order: 4 }) },
    { op: 'putFeatures', layerId: 'y', features: incidents(700_000, 3) },
    { op: 'deleteFeatures', layerId: 'x', ids: ['inc-600001'] },
    { op: 'putLayer', layer: layer('gone') },
    { op: 'deleteLayer', layerId: 'gone' },
  ]],
  ['mixed', [
    { op: 'deleteFeatures', layerId: 'sites', ids: ['s1'] },
    { op: 'putLayer', layer: layer('patrols', { kind: 'patrol' }) },
    { op: 'putFeatures', layerId: 'patrols', features: incidents(500_000, 3) },
    { op: 'deleteLayer', layerId: 'incidents' },
  ]],
];

describe('undo and redo', () => {
  it.each(cases)('%s: undo restores the state before, redo the state after', async (label, ops) => {
    const s = await seeded();
    const before = await snapshot(s);
    await s.apply(changeset(label, ops));
    const after = await snapshot(s);
    expect(after).not.toEqual(before);

    expect(said(s.undoSummary())).toBe(`Edit ${label}`);
    const undone = await s.undo(ANALYST);
    expect(said(undone?.changeset)).toBe(`Undo: Edit ${label}`);
    expect(await snapshot(s)).toEqual(before);
    expect(said(s.redoSummary())).toBe(`Edit ${label}`);

    await s.redo(ANALYST);
    expect(await snapshot(s)).toEqual(after);
    await s.undo(ANALYST);
    expect(await snapshot(s)).toEqual(before);

    // The same holds for a fresh instance that has no cache.
    const reopened = await FeatureStore.open(s.db.name);
    open.push(reopened);
    expect(await snapshot(reopened)).toEqual(before);
  });

  it('undoes a changeset that touches the same feature several times', async () => {
    const s = await seeded();
    const before = await snapshot(s);
    const v1 = incident(7);
    await s.apply(changeset('Rework', [
      { op: 'putFeatures', layerId: 'incidents', features: [edited(v1, { fatalities: 1 })] },
      { op: 'putFeatures', layerId: 'incidents', features: [edited(edited(v1, { fatalities: 1 }), { fatalities: 2 })] },
      { op: 'deleteFeatures', layerId: 'incidents', ids: [v1.id] },
      { op: 'putFeatures', layerId: 'incidents', features: [edited(v1, { fatalities: 3 }), incident(777_777)] },
      { op: 'putFeatures', layerId: 'incidents', features: [incident(777_777, { name: 'twice' })] },
    ]));
    expect(await s.getFeature('incidents', v1.id)).toEqual(edited(v1, { fatalities: 3 }));
    expect(await s.getFeature('incidents', 'inc-777777')).toEqual(incident(777_777, { name: 'twice' }));
    expect((await s.listLayers())[0]?.featureCount).toBe(CHUNK_SIZE + 51);
    await s.undo(OFFICER);
    expect(await snapshot(s)).toEqual(before);
    expect(await s.getFeature('incidents', v1.id)).toEqual(v1);
  });

  it('undoing an import is a layer deletion, and redo brings every feature back', async () => {
    const s = await seeded();
    const features = incidents(300_000, CHUNK_SIZE * 3);
    const applied = await s.apply(createLayerChangeset(layer('import'), features));
    expect(applied.inverse).toEqual([{ op: 'deleteLayer', layerId: 'import' }]);
    await s.undo(OFFICER);
    expect(await s.getLayerFeatures('import')).toEqual([]);
    await s.redo(OFFICER);
    expect(await s.getLayerFeatures('import')).toEqual(features);
  });

  it('tracks the stacks: labels, a new apply clears redo, undo with nothing is a no-op', async () => {
    const s = await FeatureStore.open(freshDbName());
    open.push(s);
    expect([s.canUndo(), s.canRedo(), s.undoSummary(), s.redoSummary()]).toEqual([false, false, undefined, undefined]);
    expect(await s.undo(OFFICER)).toBeUndefined();
    expect(await s.redo(OFFICER)).toBeUndefined();

    await s.apply(createLayerChangeset(layer('a'), incidents(0, 2), changeSummary('import', { file: 'A' })));
    await s.apply(createLayerChangeset(layer('b'), incidents(10, 2), changeSummary('import', { file: 'B' })));
    expect(said(s.undoSummary())).toBe('Import B');
    await s.undo(OFFICER);
    expect([s.canUndo(), s.canRedo(), said(s.undoSummary()), said(s.redoSummary())]).toEqual([true, true, 'Import A', 'Import B']);
    await s.apply(createLayerChangeset(layer('c'), incidents(20, 2), changeSummary('import', { file: 'C' })));
    expect([s.canRedo(), said(s.undoSummary())]).toEqual([false, 'Import C']);

    const log = await s.recentChanges(10);
    expect(log.map((c) => said(c))).toEqual(['Import C', 'Undo: Import B', 'Import B', 'Import A']);
    expect(log[1]?.by).toEqual(OFFICER);
  });

  it('runs concurrent calls one after another', async () => {
    const s = await seeded();
    const before = await snapshot(s);
    await Promise.all([
      s.apply(changeset('one', [{ op: 'putFeatures', layerId: 'incidents', features: [edited(incident(1), { fatalities: 1 })] }])),
      s.apply(changeset('two', [{ op: 'putFeatures', layerId: 'incidents', features: [edited(incident(1), { fatalities: 2 })] }])),
      s.undo(OFFICER),
      s.undo(OFFICER),
    ]);
    expect(await snapshot(s)).toEqual(before);
  });
});
