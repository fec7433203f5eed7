import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { FeatureStore } from '../../../renderer/db/feature-store';
import type { CgFeature } from '../../../shared/domain/feature';
import type { RemoteChange } from '../../../shared/hub/sync-client';
import { fromHub, hubLocalSetup } from './hub-fixtures';
import { OFFICER, changeset, createLayerChangeset, edited, incident, layer } from './fixtures';

/**
 * Hub data leaving the workstation (features re-marked beyond our sight, a layer no longer
 * shared, a logout) leaves every table that holds a copy of it: chunks, the outbox, open
 * conflicts, tombstones, the change log's before/after copies, and the undo stack.
 */

const setup = hubLocalSetup();

const SHARED = { ownerOrg: 'force', contributors: ['ocha'], writable: true };
const SECRET = 'informant-7-bridge';

function withdrawal(seq: number, ids: string[], layerId = 'L'): RemoteChange {
  return { seq, changeset: { id: crypto.randomUUID(), summary: { key: 'hubChange' }, at: '2026-12-03T10:00:00Z', by: { name: 'force.ops', org: '' }, ops: [] }, withdrawn: { layerId, ids } };
}

function put(seq: number, features: CgFeature[], layerId = 'L'): RemoteChange {
  return { seq, changeset: { id: crypto.randomUUID(), summary: { key: 'hubChange' }, at: '2026-12-03T10:00:00Z', by: { name: 'force.ops', org: '' }, ops: [{ op: 'putFeatures', layerId, features }] } };
}

/** Everything the workstation's database holds, as text, to look for a withdrawn feature in. */
async function everything(s: FeatureStore): Promise<string> {
  const db = s.db;
  const [layers, chunks, changes, conflicts, outbox, tombstones] = await Promise.all([db.layers.toArray(), db.chunks.toArray(), db.changes.toArray(), db.conflicts.toArray(), db.outbox.toArray(), db.tombstones.toArray()]);
  return JSON.stringify({ layers, chunks, changes, conflicts, outbox, tombstones });
}

/** Shared layer L from the hub holding features 1 (its name a secret to find) and 2, both edited here and not yet pushed. */
async function heldAndEdited(s: FeatureStore): Promise<void> {
  await s.applyOutside(createLayerChangeset(layer('L', { hub: SHARED }), [fromHub(incident(1, { name: SECRET }), 1), fromHub(incident(2), 1)]), { remote: true });
  await s.apply(changeset('edit', [{ op: 'putFeatures', layerId: 'L', features: [edited(fromHub(incident(1, { name: SECRET }), 1), { fatalities: 5 })] }]));
  await s.apply(changeset('edit', [{ op: 'putFeatures', layerId: 'L', features: [edited(fromHub(incident(1, { name: SECRET }), 1), { fatalities: 6 }), edited(fromHub(incident(2), 1), { fatalities: 7 })] }]));
}

describe('features withdrawn by the hub', () => {
  it('leave the layer, the outbox, the change log and the undo stack; the rest of the layer and its edits stay', async () => {
    const { s, hub, events } = await setup();
    await heldAndEdited(s);
    expect(await everything(s)).toContain(SECRET);

    await hub.applyRemote([withdrawal(20, ['inc-000001'])]);

    expect(await s.getFeature('L', 'inc-000001')).toBeUndefined();
    expect((await s.getFeature('L', 'inc-000002'))?.properties.fatalities).toBe(7);
    expect(await everything(s)).not.toContain(SECRET);
    expect(JSON.stringify(await s.db.changes.toArray())).not.toContain('inc-000001');
    const waiting = await hub.entries();
    expect(waiting.flatMap((e) => e.changeset.ops.flatMap((op) => (op.op === 'putFeatures' ? op.features.map((f) => f.id) : [])))).toEqual(['inc-000002']);
    expect(waiting.every((e) => !('inc-000001' in e.baseVersions))).toBe(true);
    expect(await s.db.tombstones.count()).toBe(0);
    // Both local edits touched the withdrawn feature: undo has nothing left that could bring it back.
    expect(await s.undo(OFFICER)).toBeUndefined();
    expect(await s.getFeature('L', 'inc-000001')).toBeUndefined();
    expect(events).toContainEqual({ type: 'notice', tone: 'info', code: 'hubFeaturesWithdrawnEdits', params: { count: 1, layer: 'Layer L', dropped: 2 } });
    const last = (await s.db.changes.toArray()).at(-1);
    expect(last).toMatchObject({ summary: { key: 'hubFeaturesWithdrawn', params: { count: 1 } }, featureIds: [] });
    expect(last?.diffs ?? []).toEqual([]);
  });

  it('take the open conflict of a withdrawn feature with them', async () => {
    const { s, hub } = await setup();
    await heldAndEdited(s);
    const [entry] = await hub.entries();
    if (!entry) throw new Error('no entry');
    await hub.conflicts(entry, [{ layerId: 'L', featureId: 'inc-000001', theirs: fromHub(incident(1, { name: `${SECRET} (theirs)` }), 2), theirVersion: 2 }]);
    expect(await s.listConflicts()).toHaveLength(1);
    await hub.applyRemote([withdrawal(21, ['inc-000001'])]);
    expect(await s.listConflicts()).toEqual([]);
    expect(await everything(s)).not.toContain(SECRET);
  });

  it('come back as a change like any other when a later change of the same page releases them again', async () => {
    const { s, hub, events } = await setup();
    await s.applyOutside(createLayerChangeset(layer('L', { hub: SHARED }), [fromHub(incident(1), 1)]), { remote: true });
    await hub.applyRemote([withdrawal(30, ['inc-000001']), put(31, [fromHub(incident(1, { name: 'Ford (open again)' }), 3)])]);
    expect((await s.getFeature('L', 'inc-000001'))?.properties.name).toBe('Ford (open again)');
    expect(events.some((e) => e.type === 'notice' && e.code.startsWith('hubFeaturesWithdrawn'))).toBe(false);
  });

  it('a withdrawal of a feature this workstation never held changes nothing and says nothing', async () => {
    const { s, hub, events } = await setup();
    await s.applyOutside(createLayerChangeset(layer('L', { hub: SHARED }), [fromHub(incident(1), 1)]), { remote: true });
    const before = await s.db.changes.count();
    await hub.applyRemote([withdrawal(40, ['inc-000099'])]);
    expect(await s.db.changes.count()).toBe(before);
    expect(events).toEqual([]);
  });
});

describe('a hub layer leaving the workstation', () => {
  it('takes the copies the change log held of its features, when it is no longer shared and at a logout', async () => {
    for (const leave of ['withdrawn', 'logout'] as const) {
      const { s, hub } = await setup();
      await heldAndEdited(s);
      await s.apply(createLayerChangeset(layer('local'), [incident(3, { name: 'kept locally' })]));
      if (leave === 'withdrawn') await hub.layers([], async () => ({ features: [], seq: 0, next: null }));
      else await hub.forget();
      const text = await everything(s);
      expect(text, leave).not.toContain(SECRET);
      expect(text, leave).toContain('kept locally');
      // The local import stays undoable; the hub layer's edits went with it.
      expect(await s.undo(OFFICER), leave).toBeDefined();
      expect(await s.undo(OFFICER), leave).toBeUndefined();
      expect(await s.listLayers()).toEqual([]);
    }
  });
});
