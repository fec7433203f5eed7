import 'fake-indexeddb/auto';
import { said } from '../english';
import { afterEach, describe, expect, it } from 'vitest';
import { FeatureStore } from '../../../renderer/db/feature-store';
import { MAX_DIFF_FEATURES, MAX_LOGGED_IDS } from '../../../renderer/db/changes';
import { ANALYST, OFFICER, changeset, createLayerChangeset, edited, freshDbName, incident, incidents, layer } from './fixtures';

const open: FeatureStore[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

describe('change log', () => {
  it('history(featureId) gives who, when and before/after, newest first', async () => {
    const s = await FeatureStore.open(freshDbName());
    open.push(s);
    const v1 = incident(1);
    const v2 = edited(v1, { fatalities: 4, verification: 'verified' }, ANALYST);
    await s.apply(changeset('Add incidents', [{ op: 'putLayer', layer: layer('inc') }, { op: 'putFeatures', layerId: 'inc', features: [v1, incident(2)] }], OFFICER, '2026-11-22T10:00:00Z'));
    await s.apply(changeset('Verify incident', [{ op: 'putFeatures', layerId: 'inc', features: [v2] }], ANALYST, '2026-11-22T11:00:00Z'));
    await s.apply(changeset('Other edit', [{ op: 'putFeatures', layerId: 'inc', features: [edited(incident(2), { fatalities: 1 })] }], ANALYST, '2026-11-22T11:30:00Z'));
    await s.apply(changeset('Delete incident', [{ op: 'deleteFeatures', layerId: 'inc', ids: [v1.id] }], OFFICER, '2026-11-22T12:00:00Z'));

    const h = await s.history(v1.id);
    expect(h.map((r) => [said(r), r.by, r.at])).toEqual([
      ['Edit Delete incident', OFFICER, '2026-11-22T12:00:00Z'],
      ['Edit Verify incident', ANALYST, '2026-11-22T11:00:00Z'],
      ['Edit Add incidents', OFFICER, '2026-11-22T10:00:00Z'],
    ]);
    expect(h.map((r) => r.diffs)).toEqual([
      [{ layerId: 'inc', featureId: v1.id, before: v2, after: null }],
      [{ layerId: 'inc', featureId: v1.id, before: v1, after: v2 }],
      [{ layerId: 'inc', featureId: v1.id, before: null, after: v1 }],
    ]);
    expect(h[2]?.ops).toEqual([{ op: 'putLayer', layerId: 'inc', count: 1 }, { op: 'putFeatures', layerId: 'inc', count: 2 }]);
    expect(h[2]?.featureIds).toEqual([v1.id, 'inc-000002']);

    await s.undo(ANALYST);
    const afterUndo = await s.history(v1.id);
    expect(afterUndo[0]).toMatchObject({ by: ANALYST, diffs: [{ before: null, after: v2 }] });
    expect(said(afterUndo[0])).toBe('Undo: Edit Delete incident');
  });

  it('records deleted layers\' features, and keeps no diffs for large changesets', async () => {
    const s = await FeatureStore.open(freshDbName());
    open.push(s);
    await s.apply(createLayerChangeset(layer('small'), incidents(0, 3)));
    await s.apply(createLayerChangeset(layer('big'), incidents(10_000, MAX_DIFF_FEATURES + 1)));
    await s.apply(changeset('Drop small', [{ op: 'deleteLayer', layerId: 'small' }]));
    const dropped = (await s.history('inc-000002'))[0];
    expect(dropped).toMatchObject({ diffs: [{ layerId: 'small', before: incident(2), after: null }] });
    expect(said(dropped)).toBe('Edit Drop small');
    const [, big] = await s.recentChanges(2);
    expect(big?.diffs).toBeUndefined();
    expect(big?.featureIds).toHaveLength(MAX_DIFF_FEATURES + 1);
    expect(big?.truncated).toBe(false);
  });

  it('caps the feature ids of huge changesets and says so', async () => {
    const s = await FeatureStore.open(freshDbName());
    open.push(s);
    await s.apply(createLayerChangeset(layer('huge'), incidents(0, MAX_LOGGED_IDS + 10)));
    const [rec] = await s.recentChanges(1);
    expect(rec?.featureIds).toHaveLength(MAX_LOGGED_IDS);
    expect(rec?.truncated).toBe(true);
    expect(await s.history('inc-000000')).toHaveLength(1);
    expect(await s.history(`inc-00${MAX_LOGGED_IDS + 5}`)).toHaveLength(0);
  });
});
