import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { FeatureStore, GEOJSON_MIME } from '../../../renderer/db/feature-store';
import { CHUNK_SIZE } from '../../../renderer/db/chunks';
import type { ChunkRecord } from '../../../renderer/db/records';
import { ANALYST, changeset, createLayerChangeset, edited, freshDbName, incident, incidents, layer, openProbed, site, snapshot } from './fixtures';

const open: FeatureStore[] = [];
async function store(name = freshDbName()): Promise<FeatureStore> {
  const s = await FeatureStore.open(name);
  open.push(s);
  return s;
}
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

describe('FeatureStore apply and read', () => {
  it('stores a new layer with its features and reads them back', async () => {
    const s = await store();
    const features = [
      ...incidents(0, 5),
      site('site-1', [[20, 5], [21, 5], [21, 6], [20, 6], [20, 5]]),
      { ...incident(99), geometry: null },
    ];
    const applied = await s.apply(createLayerChangeset(layer('incidents'), features));

    expect(applied.changedLayerIds).toEqual(['incidents']);
    expect(applied.layersDeleted).toEqual([]);
    expect(applied.inverse).toEqual([{ op: 'deleteLayer', layerId: 'incidents' }]);
    expect(await s.getLayerFeatures('incidents')).toEqual(features);
    expect(await s.getFeature('incidents', 'site-1')).toEqual(features[5]);
    expect(await s.getFeature('incidents', 'nope')).toBeUndefined();

    const [info] = await s.listLayers();
    expect(info).toEqual({ ...layer('incidents'), featureCount: 7, bbox: [18, 4, 21, 6], featureClassifications: ['CONFIDENTIAL', 'UNCLASSIFIED'] });

    const expected = { type: 'FeatureCollection', features };
    expect(JSON.parse(await s.layerGeoJsonText('incidents'))).toEqual(expected);
    const blob = await s.layerGeoJsonBlob('incidents');
    expect(blob.type).toBe(GEOJSON_MIME);
    expect(JSON.parse(await blob.text())).toEqual(expected);
  });

  it('builds GeoJSON across several chunks and for empty or missing layers', async () => {
    const s = await store();
    const features = incidents(0, CHUNK_SIZE * 2 + 5);
    await s.apply(createLayerChangeset(layer('big'), features));
    await s.apply(changeset('empty', [{ op: 'putLayer', layer: layer('empty', { order: 1 }) }]));
    expect(JSON.parse(await s.layerGeoJsonText('big')).features).toEqual(features);
    expect(JSON.parse(await s.layerGeoJsonText('empty'))).toEqual({ type: 'FeatureCollection', features: [] });
    expect(JSON.parse(await s.layerGeoJsonText('missing'))).toEqual({ type: 'FeatureCollection', features: [] });
    expect((await s.listLayers()).map((l) => [l.id, l.featureCount, l.bbox])).toEqual([
      ['big', CHUNK_SIZE * 2 + 5, [18, 4, 18.99, 4 + Math.floor((CHUNK_SIZE * 2 + 4) / 100) * 0.01]],
      ['empty', 0, null],
    ]);
  });

  it('imports a new layer without reading anything from the chunks table (fast path)', async () => {
    const { store: s, probe } = await openProbed(freshDbName());
    open.push(s);
    await s.apply(createLayerChangeset(layer('other'), incidents(0, 10)));
    probe.reset();

    const n = CHUNK_SIZE * 5 + 1;
    await s.apply(createLayerChangeset(layer('import'), incidents(1000, n)));

    expect(probe.reads['chunks'] ?? 0).toBe(0);
    expect(probe.reads['layers']).toBe(1); // the one bulkGet that finds the layer absent
    const chunkPuts = probe.mutations.filter((m) => m.table === 'chunks');
    expect(chunkPuts).toHaveLength(1); // one bulkPut for the whole import
    expect(chunkPuts[0]?.values).toHaveLength(6);
    expect(((chunkPuts[0]?.values ?? []) as ChunkRecord[]).map((c) => c.count)).toEqual([2000, 2000, 2000, 2000, 2000, 1]);
  });

  it('serves GeoJSON of imported and edited layers from memory, current with every change', async () => {
    const name = freshDbName();
    const { store: s, probe } = await openProbed(name);
    open.push(s);
    const features = incidents(0, CHUNK_SIZE + 10);
    await s.apply(createLayerChangeset(layer('incidents'), features));
    const fc = async (st: FeatureStore = s): Promise<unknown> => JSON.parse(await (await st.layerGeoJsonBlob('incidents')).text());

    probe.reset();
    expect(await fc()).toEqual({ type: 'FeatureCollection', features });
    const changed = edited(features[3] as (typeof features)[0], { fatalities: 30 });
    await s.apply(changeset('edit + delete', [
      { op: 'putFeatures', layerId: 'incidents', features: [changed] },
      { op: 'deleteFeatures', layerId: 'incidents', ids: features.slice(CHUNK_SIZE).map((f) => f.id) },
    ]));
    const expected = features.slice(0, CHUNK_SIZE).map((f) => (f.id === changed.id ? changed : f));
    expect(await fc()).toEqual({ type: 'FeatureCollection', features: expected });
    expect(probe.reads['chunks']).toBe(1); // the one load of the layer for the edit, none for GeoJSON

    // Another instance's write makes the cached text stale: it must be re-read.
    const other = await store(name);
    await other.apply(changeset('other', [{ op: 'deleteFeatures', layerId: 'incidents', ids: [changed.id] }]));
    expect(await fc()).toEqual({ type: 'FeatureCollection', features: expected.filter((f) => f.id !== changed.id) });
    // Undo restores what s changed, including the feature the other instance deleted since.
    await s.undo(ANALYST);
    const ids = ((await fc(other)) as { features: { id: string }[] }).features.map((f) => f.id);
    expect(ids.sort()).toEqual(features.map((f) => f.id));
    expect(await s.getFeature('incidents', changed.id)).toEqual(features[3]);
  });

  it('rewrites only the chunk of an edited feature in a 10k-feature layer', async () => {
    const name = freshDbName();
    const { store: s, probe } = await openProbed(name);
    open.push(s);
    const features = incidents(0, 10_000);
    await s.apply(createLayerChangeset(layer('incidents'), features));
    const before = await s.listLayers();
    // First edit loads the layer into the cache; the second must not read chunks at all.
    await s.apply(changeset('warm', [{ op: 'putFeatures', layerId: 'incidents', features: [edited(features[1] as typeof features[0], { fatalities: 1 })] }]));
    probe.reset();

    const target = features[4321] as (typeof features)[0];
    const changed = edited(target, { fatalities: 12, eventType: 'Battles' });
    await s.apply(changeset('Edit incident', [{ op: 'putFeatures', layerId: 'incidents', features: [changed] }], ANALYST));

    expect(probe.reads['chunks'] ?? 0).toBe(0);
    expect(probe.mutationTypes('chunks')).toEqual(['put']);
    const written = probe.written('chunks') as ChunkRecord[];
    expect(written.map((c) => [c.seq, c.count])).toEqual([[Math.floor(4321 / CHUNK_SIZE), CHUNK_SIZE]]);
    expect(probe.mutationTypes('layers')).toEqual(['put']);
    expect(probe.mutationTypes('changes')).toEqual(['add']);

    expect(await s.getFeature('incidents', target.id)).toEqual(changed);
    const after = await s.listLayers();
    expect(after).toEqual(before); // same count and extent
    const all = await s.getLayerFeatures('incidents');
    expect(all).toHaveLength(10_000);
    expect(all[4321]).toEqual(changed); // kept its place
    expect(all[4320]).toEqual(features[4320]);
  });

  it('deletes features, removing emptied chunks and shrinking the extent', async () => {
    const { store: s, probe } = await openProbed(freshDbName());
    open.push(s);
    const features = incidents(0, CHUNK_SIZE + 10);
    await s.apply(createLayerChangeset(layer('incidents'), features));
    probe.reset();

    // Delete the whole second chunk (the last 10) and one feature of the first.
    const ids = [...features.slice(CHUNK_SIZE).map((f) => f.id), 'inc-000003', 'not-there'];
    const applied = await s.apply(changeset('Delete', [{ op: 'deleteFeatures', layerId: 'incidents', ids }]));

    expect(applied.inverse).toEqual([
      { op: 'putFeatures', layerId: 'incidents', features: [...features.slice(CHUNK_SIZE), features[3]] },
    ]);
    expect(probe.mutationTypes('chunks').sort()).toEqual(['delete', 'put']);
    expect(probe.mutations.find((m) => m.table === 'chunks' && m.type === 'delete')?.values).toEqual([['incidents', 1]]);
    expect(await s.getFeature('incidents', 'inc-000003')).toBeUndefined();
    const remaining = await s.getLayerFeatures('incidents');
    expect(remaining).toEqual(features.slice(0, CHUNK_SIZE).filter((f) => f.id !== 'inc-000003'));
    const [info] = await s.listLayers();
    expect(info?.featureCount).toBe(CHUNK_SIZE - 1);
    expect(info?.bbox).toEqual([18, 4, 18.99, 4.19]);
  });

  it('deleteLayer removes the layer record and all its chunks, and leaves other layers alone', async () => {
    const s = await store();
    await s.apply(createLayerChangeset(layer('a'), incidents(0, CHUNK_SIZE * 2 + 1)));
    await s.apply(createLayerChangeset(layer('b', { order: 1 }), incidents(50_000, 3)));
    const applied = await s.apply(changeset('Delete a', [{ op: 'deleteLayer', layerId: 'a' }]));

    expect(applied.layersDeleted).toEqual(['a']);
    expect(applied.changedLayerIds).toEqual([]);
    expect(await s.db.chunks.where('[layerId+seq]').between(['a', 0], ['a', Infinity]).count()).toBe(0);
    expect(await s.db.chunks.count()).toBe(1);
    expect((await s.listLayers()).map((l) => l.id)).toEqual(['b']);
    expect(await s.getLayerFeatures('a')).toEqual([]);
    expect(await s.getFeature('a', 'inc-000000')).toBeUndefined();
  });

  it('rejects feature ops on a missing layer but accepts a layer created earlier in the changeset', async () => {
    const s = await store();
    await expect(s.apply(changeset('x', [{ op: 'putFeatures', layerId: 'ghost', features: [incident(1)] }]))).rejects.toThrow(/no layer ghost/);
    await expect(s.apply(changeset('x', [{ op: 'deleteLayer', layerId: 'ghost' }]))).rejects.toThrow(/no layer ghost/);
    await s.apply(changeset('ok', [
      { op: 'putLayer', layer: layer('new') },
      { op: 'putFeatures', layerId: 'new', features: [incident(1)] },
      { op: 'deleteFeatures', layerId: 'new', ids: ['inc-000001'] },
      { op: 'putFeatures', layerId: 'new', features: [incident(2)] },
    ]));
    expect(await s.getLayerFeatures('new')).toEqual([incident(2)]);
  });

  it('replaces a layer deleted and re-created in one changeset', async () => {
    const s = await store();
    await s.apply(createLayerChangeset(layer('a'), incidents(0, 30)));
    await s.apply(changeset('replace', [
      { op: 'deleteLayer', layerId: 'a' },
      { op: 'putLayer', layer: layer('a', { name: 'Again' }) },
      { op: 'putFeatures', layerId: 'a', features: incidents(100, 2) },
    ]));
    expect(await s.getLayerFeatures('a')).toEqual(incidents(100, 2));
    expect((await s.listLayers())[0]).toMatchObject({ name: 'Again', featureCount: 2 });
    expect(await s.db.chunks.count()).toBe(1);
  });

  it('keeps derived info when only the layer record changes', async () => {
    const s = await store();
    await s.apply(createLayerChangeset(layer('a'), incidents(0, 30)));
    await s.apply(changeset('rename', [{ op: 'putLayer', layer: layer('a', { name: 'Renamed', opacity: 0.5 }) }]));
    expect((await s.listLayers())[0]).toEqual({ ...layer('a', { name: 'Renamed', opacity: 0.5 }), featureCount: 30, bbox: [18, 4, 18.29, 4], featureClassifications: ['CONFIDENTIAL'] });
  });

  it('keeps everything across a restart', async () => {
    const name = freshDbName();
    const first = await FeatureStore.open(name);
    await first.apply(createLayerChangeset(layer('a'), incidents(0, CHUNK_SIZE + 3)));
    await first.apply(createLayerChangeset(layer('b', { order: 2 }), [site('s1', [[1, 1], [2, 1], [2, 2], [1, 1]])]));
    await first.apply(changeset('edit', [{ op: 'putFeatures', layerId: 'a', features: [edited(incident(7), { fatalities: 9 })] }]));
    const before = await snapshot(first);
    const changes = await first.recentChanges(10);
    first.close();

    const second = await store(name);
    expect(await snapshot(second)).toEqual(before);
    expect(await second.recentChanges(10)).toEqual(changes);
    expect(await second.getFeature('a', 'inc-000007')).toEqual(edited(incident(7), { fatalities: 9 }));
  });

  it('notices writes by another instance on the same database', async () => {
    const name = freshDbName();
    const a = await store(name);
    const b = await store(name);
    await a.apply(createLayerChangeset(layer('a'), incidents(0, 10)));
    await a.apply(changeset('warm a', [{ op: 'putFeatures', layerId: 'a', features: [edited(incident(1), { fatalities: 1 })] }]));
    await b.apply(changeset('b edits', [{ op: 'deleteFeatures', layerId: 'a', ids: ['inc-000002'] }]));
    // a's cache predates b's delete: it must reload, or the inverse and the chunk rewrite go wrong.
    const applied = await a.apply(changeset('a edits', [{ op: 'putFeatures', layerId: 'a', features: [incident(2)] }]));
    expect(applied.inverse).toEqual([{ op: 'deleteFeatures', layerId: 'a', ids: ['inc-000002'] }]);
    expect((await b.getLayerFeatures('a')).map((f) => f.id).sort()).toEqual(incidents(0, 10).map((f) => f.id));
    expect((await b.listLayers())[0]?.featureCount).toBe(10);
  });

  it('notifies listeners after commit, and not after a failure', async () => {
    const s = await store();
    const events: unknown[] = [];
    const off = s.onChange((e) => events.push(e));
    await s.apply(createLayerChangeset(layer('a'), incidents(0, 3)));
    await s.apply(createLayerChangeset(layer('b'), incidents(10, 3)));
    await s.apply(changeset('del', [{ op: 'deleteLayer', layerId: 'a' }, { op: 'putFeatures', layerId: 'b', features: [incident(99)] }]));
    await expect(s.apply(changeset('bad', [{ op: 'deleteLayer', layerId: 'a' }]))).rejects.toThrow();
    await s.undo(ANALYST);
    off();
    await s.apply(createLayerChangeset(layer('c'), []));
    expect(events).toEqual([
      { changedLayerIds: ['a'], deletedLayerIds: [], conflictsChanged: false },
      { changedLayerIds: ['b'], deletedLayerIds: [], conflictsChanged: false },
      { changedLayerIds: ['b'], deletedLayerIds: ['a'], conflictsChanged: false },
      { changedLayerIds: ['b', 'a'], deletedLayerIds: [], conflictsChanged: false },
    ]);
  });
});
