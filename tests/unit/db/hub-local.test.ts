import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ChangesetError } from '../../../renderer/db/feature-store';
import type { CgFeature } from '../../../shared/domain/feature';
import type { HubLayer } from '../../../shared/hub/protocol';
import type { RemoteChange } from '../../../shared/hub/sync-client';
import { settleConflictChangeset } from '../../../shared/sync/apply';
import { EXCHANGED_VERSION } from '../../../shared/sync/content';
import { fromHub, hubLocalSetup } from './hub-fixtures';
import { OFFICER, changeset, createLayerChangeset, edited, incident, layer, LAYER_MARKING } from './fixtures';

const setup = hubLocalSetup();

const SHARED = { ownerOrg: 'force', contributors: [], writable: true };

function remote(seq: number, id: string, features: CgFeature[], layerId = 'L'): RemoteChange {
  return { seq, changeset: { id, summary: { key: 'edit', params: { name: 'x' } }, at: '2026-12-02T10:00:00Z', by: { name: 'ocha.liaison', org: '' }, ops: [{ op: 'putFeatures', layerId, features }] } };
}

describe('the hub outbox, written with the local apply', () => {
  it('an edit of a shared layer is queued with the version it was based on; a local layer queues nothing', async () => {
    const { s, hub } = await setup();
    await s.apply(createLayerChangeset(layer('L', { hub: SHARED }), [fromHub(incident(1), 4)]));
    await s.apply(createLayerChangeset(layer('local'), [incident(2)]));
    const before = (await hub.entries()).length;
    const applied = await s.apply(changeset('edit', [{ op: 'putFeatures', layerId: 'L', features: [edited(fromHub(incident(1), 4), { fatalities: 9 })] }]));
    await s.apply(changeset('edit', [{ op: 'putFeatures', layerId: 'local', features: [edited(incident(2), { fatalities: 9 })] }]));
    expect(applied.outboxAdded).toBe(1);
    const entries = await hub.entries();
    expect(entries).toHaveLength(before + 1);
    expect(entries.at(-1)).toMatchObject({ changeset: { id: applied.changeset.id }, baseVersions: { 'inc-000001': 4 } });
  });

  it('a changeset that fails leaves neither the edit nor an outbox entry', async () => {
    const { s, hub } = await setup();
    await s.apply(createLayerChangeset(layer('L', { hub: SHARED }), [fromHub(incident(1), 1)]));
    const before = await hub.entries();
    await expect(
      s.apply(changeset('edit', [{ op: 'putFeatures', layerId: 'L', features: [edited(incident(1), { fatalities: 9 })] }, { op: 'deleteLayer', layerId: 'missing' }])),
    ).rejects.toThrow();
    expect(await hub.entries()).toEqual(before);
    expect((await s.getFeature('L', 'inc-000001'))?.properties.fatalities).toBe(incident(1).properties.fatalities);
  });

  it('refuses edits of a layer the hub shares read-only, and still takes the hub\'s own changes to it', async () => {
    const { s, hub } = await setup();
    await s.applyOutside(createLayerChangeset(layer('L', { hub: { ...SHARED, writable: false } }), [fromHub(incident(1), 1)]), { remote: true });
    await expect(s.apply(changeset('edit', [{ op: 'putFeatures', layerId: 'L', features: [edited(incident(1), { fatalities: 9 })] }]))).rejects.toBeInstanceOf(ChangesetError);
    await hub.applyRemote([remote(5, crypto.randomUUID(), [fromHub(edited(incident(1), { fatalities: 4 }), 2)])]);
    expect((await s.getFeature('L', 'inc-000001'))?.properties.fatalities).toBe(4);
  });

  it('once pushed, the hub\'s version becomes the base of the next edit, and an entry queued behind it is rebased', async () => {
    const { s, hub } = await setup();
    await s.applyOutside(createLayerChangeset(layer('L', { hub: SHARED }), [fromHub(incident(1), 3)]), { remote: true });
    const first = await s.apply(changeset('edit', [{ op: 'putFeatures', layerId: 'L', features: [edited(fromHub(incident(1), 3), { fatalities: 1 })] }]));
    const second = await s.apply(changeset('edit', [{ op: 'putFeatures', layerId: 'L', features: [edited(fromHub(incident(1), 3), { fatalities: 2 })] }]));
    await hub.remove(first.changeset.id, { 'inc-000001': 4 });
    const [waiting] = await hub.entries();
    expect(waiting).toMatchObject({ changeset: { id: second.changeset.id }, baseVersions: { 'inc-000001': 4 } });
    const local = await s.getFeature('L', 'inc-000001');
    expect(local?.properties[EXCHANGED_VERSION]).toBe(4);
    expect(local?.properties.fatalities).toBe(2);
  });
});

describe('changes pulled from the hub', () => {
  it("a colleague's change is applied, is in the history, and is not the user's to undo", async () => {
    const { s, hub, events } = await setup();
    await s.applyOutside(createLayerChangeset(layer('L', { hub: SHARED }), [fromHub(incident(1), 1)]), { remote: true });
    await s.apply(changeset('edit', [{ op: 'putLayer', layer: layer('L', { hub: SHARED, opacity: 0.5 }) }]));
    await hub.applyRemote([remote(7, crypto.randomUUID(), [fromHub(edited(incident(1), { fatalities: 6 }), 2)])]);
    expect((await s.getFeature('L', 'inc-000001'))?.properties.fatalities).toBe(6);
    expect(events.some((e) => e.type === 'applied')).toBe(true);
    const history = await s.history('inc-000001');
    expect(history[0]?.by.name).toBe('ocha.liaison');
    // The last undoable action is still the user's opacity change.
    expect(s.undoSummary()).toMatchObject({ key: 'edit' });
    await s.undo(OFFICER);
    expect((await s.getFeature('L', 'inc-000001'))?.properties.fatalities).toBe(6);
  });

  it('skips what is not newer than ours, our own change coming back, and features with an edit waiting to be pushed', async () => {
    const { s, hub } = await setup();
    await s.applyOutside(createLayerChangeset(layer('L', { hub: SHARED }), [fromHub(incident(1), 5), fromHub(incident(2), 1)]), { remote: true });
    const mine = await s.apply(changeset('edit', [{ op: 'putFeatures', layerId: 'L', features: [edited(fromHub(incident(2), 1), { fatalities: 3 })] }]));
    await hub.remove(mine.changeset.id, { 'inc-000002': 2 });
    const waiting = await s.apply(changeset('edit', [{ op: 'putFeatures', layerId: 'L', features: [edited(fromHub(incident(2), 2), { fatalities: 8 })] }]));
    await hub.applyRemote([
      remote(1, crypto.randomUUID(), [fromHub(edited(incident(1), { fatalities: 99 }), 4)]),
      remote(2, mine.changeset.id, [fromHub(edited(incident(2), { fatalities: 3 }), 2)]),
      remote(3, crypto.randomUUID(), [fromHub(edited(incident(2), { fatalities: 50 }), 3)]),
    ]);
    expect((await s.getFeature('L', 'inc-000001'))?.properties.fatalities).toBe(incident(1).properties.fatalities);
    expect((await s.getFeature('L', 'inc-000002'))?.properties.fatalities).toBe(8);
    expect((await hub.entries()).map((e) => e.changeset.id)).toEqual([waiting.changeset.id]);
  });

  it('a stale push becomes an open conflict against the hub, ours kept on the map', async () => {
    const { s, hub } = await setup();
    await s.applyOutside(createLayerChangeset(layer('L', { hub: SHARED }), [fromHub(incident(1), 1)]), { remote: true });
    const ours = edited(fromHub(incident(1), 1), { fatalities: 1 });
    const mine = await s.apply(changeset('edit', [{ op: 'putFeatures', layerId: 'L', features: [ours] }]));
    const [entry] = await hub.entries();
    const theirs = fromHub(edited(incident(1), { fatalities: 2 }), 2);
    await hub.conflicts(entry!, [{ layerId: 'L', featureId: 'inc-000001', theirs, theirVersion: 2, base: fromHub(incident(1), 1) }]);
    await hub.remove(mine.changeset.id);
    const [record] = await s.listConflicts('L');
    expect(record).toMatchObject({ source: { type: 'hub' }, conflict: { ours: { properties: { fatalities: 1 } }, theirs: { properties: { fatalities: 2 } }, base: { properties: { fatalities: incident(1).properties.fatalities } } } });
    expect(record?.conflict.fields.find((f) => f.field === 'fatalities')).toEqual({ field: 'fatalities', base: incident(1).properties.fatalities, ours: 1, theirs: 2 });
    expect((await s.getFeature('L', 'inc-000001'))?.properties.fatalities).toBe(1);
    expect(await hub.entries()).toEqual([]);
  });

  it("the colleague's version pulled after the conflict leaves ours on the map, and ours settled is pushed on top of theirs", async () => {
    const { s, hub } = await setup();
    await s.applyOutside(createLayerChangeset(layer('L', { hub: SHARED }), [fromHub(incident(1), 1)]), { remote: true });
    const mine = await s.apply(changeset('edit', [{ op: 'putFeatures', layerId: 'L', features: [edited(fromHub(incident(1), 1), { fatalities: 1 })] }]));
    const [entry] = await hub.entries();
    const theirs = fromHub(edited(incident(1), { fatalities: 2 }), 2);
    await hub.conflicts(entry!, [{ layerId: 'L', featureId: 'inc-000001', theirs, theirVersion: 2 }]);
    await hub.remove(mine.changeset.id);
    await hub.applyRemote([remote(7, crypto.randomUUID(), [theirs])]);
    expect((await s.getFeature('L', 'inc-000001'))?.properties.fatalities).toBe(1);
    const [record] = await s.listConflicts('L');
    const settled = await s.apply(settleConflictChangeset(record!, 'ours', OFFICER));
    expect(await hub.entries()).toMatchObject([{ changeset: { id: settled.changeset.id }, baseVersions: { 'inc-000001': 2 } }]);
  });
});

describe("the hub's layers", () => {
  const hubLayer = (id: string, overrides: Partial<HubLayer> = {}): HubLayer => ({
    id,
    name: `Hub ${id}`,
    kind: 'incident',
    ownerOrg: 'ocha',
    contributors: [],
    marking: LAYER_MARKING,
    writable: false,
    style: {},
    ...overrides,
  });

  it('a new one is joined from its snapshot pages and the cursor starts at the snapshot; one no longer listed is removed with what waited for it', async () => {
    const { s, hub, events } = await setup();
    await s.applyOutside(createLayerChangeset(layer('gone', { hub: SHARED }), [fromHub(incident(9), 1)]), { remote: true });
    await s.apply(changeset('edit', [{ op: 'putFeatures', layerId: 'gone', features: [edited(fromHub(incident(9), 1), { fatalities: 2 })] }]));
    const pages: Record<string, { features: CgFeature[]; seq: number; next: string | null }> = {
      start: { features: [fromHub(incident(1), 1), fromHub(incident(2), 1)], seq: 40, next: 'inc-000002' },
      'inc-000002': { features: [fromHub(incident(3), 2)], seq: 41, next: null },
    };
    await hub.layers([hubLayer('new')], async (_id, after) => pages[after ?? 'start']!);
    const layers = await s.listLayers();
    expect(layers.map((l) => l.id)).toEqual(['new']);
    expect(layers[0]).toMatchObject({ featureCount: 3, hub: { ownerOrg: 'ocha', writable: false } });
    expect(await hub.readCursor()).toBe(40);
    expect(await hub.entries()).toEqual([]);
    expect(events).toContainEqual({ type: 'notice', tone: 'error', code: 'hubLayerWithdrawn', params: { name: 'Layer gone', count: 1 } });
  });

  it('logging out removes every hub layer, the outbox and the cursor, and keeps local layers', async () => {
    const { s, hub } = await setup();
    await s.apply(createLayerChangeset(layer('local'), [incident(2)]));
    await s.applyOutside(createLayerChangeset(layer('L', { hub: SHARED }), [fromHub(incident(1), 1)]), { remote: true });
    await s.apply(changeset('edit', [{ op: 'putFeatures', layerId: 'L', features: [edited(fromHub(incident(1), 1), { fatalities: 2 })] }]));
    await hub.writeCursor(12);
    expect(await hub.forget()).toBe(1);
    expect((await s.listLayers()).map((l) => l.id)).toEqual(['local']);
    expect(await hub.entries()).toEqual([]);
    expect(await hub.readCursor()).toBe(0);
  });
});
