import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { FeatureStore } from '../../../renderer/db/feature-store';
import { CHUNK_SIZE } from '../../../renderer/db/chunks';
import type { Feature } from 'geojson';
import { patchTileFeatures, tileFeaturesOfChunk } from '../../../shared/tiles/layer-tiles';
import type { CgFeature } from '../../../shared/domain/feature';
import { changeset, createLayerChangeset, edited, freshDbName, incident, incidents, layer } from './fixtures';

const open: FeatureStore[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

const stamps = (delta: { seq: number; stamp: string }[]): Record<number, string> => Object.fromEntries(delta.map((d) => [d.seq, d.stamp]));

describe('FeatureStore.layerChunkDelta (the tiles worker reads only changed chunks)', () => {
  it('sends every chunk first, then only the chunk an edit rewrote, and none for nothing new', async () => {
    const name = freshDbName();
    const s = await FeatureStore.open(name);
    open.push(s);
    await s.apply(createLayerChangeset(layer('incidents'), incidents(0, CHUNK_SIZE * 2 + 10)));
    const first = await s.layerChunkDelta('incidents', {});
    expect(first).toHaveLength(3);
    expect(first.every((d) => d.json !== null)).toBe(true);
    expect((await s.layerChunkDelta('incidents', stamps(first))).every((d) => d.json === null)).toBe(true);

    await s.apply(changeset('move', [{ op: 'putFeatures', layerId: 'incidents', features: [edited(incident(CHUNK_SIZE + 3), { name: 'moved' })] }]));
    const second = await s.layerChunkDelta('incidents', stamps(first));
    // One feature of a chunk changed: the reader gets that feature, not the chunk's text.
    const sent = second.filter((d) => d.json !== null || d.patches);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.json).toBeNull();
    expect(sent[0]?.patches?.map((p) => p.features).join()).toContain('"moved"');
    expect(second.map((d) => d.seq)).toEqual(first.map((d) => d.seq));

    // Another store (the app opened again) never repeats a stamp: everything is sent again.
    const again = await FeatureStore.open(name);
    open.push(again);
    expect((await again.layerChunkDelta('incidents', stamps(second))).every((d) => d.json !== null)).toBe(true);
  });

  it('sends what an edit changed in a chunk, not the chunk: patched, the kept tile features are those of the whole new chunk', async () => {
    const s = await FeatureStore.open(freshDbName());
    open.push(s);
    await s.apply(createLayerChangeset(layer('incidents'), incidents(0, CHUNK_SIZE * 2 + 10)));
    const first = await s.layerChunkDelta('incidents', {});
    const kept = new Map<number, Feature[]>(first.map((d) => [d.seq, tileFeaturesOfChunk('incident', d.json ?? '[]')]));
    const moved: CgFeature = { ...edited(incident(5), { eventType: 'Riots' }), geometry: { type: 'Point', coordinates: [19.5, 5.5] } };
    const unplaced: CgFeature = { ...edited(incident(9), {}), geometry: null };

    // Two changesets; the reader catches up on both at once.
    await s.apply(changeset('edits', [{ op: 'putFeatures', layerId: 'incidents', features: [moved, edited(incident(7), { name: 'renamed' })] }]));
    await s.apply(
      changeset('more', [
        { op: 'deleteFeatures', layerId: 'incidents', ids: [incident(8).id] },
        { op: 'putFeatures', layerId: 'incidents', features: [unplaced, incident(900_000), edited(moved, { name: 'moved twice' })] },
      ]),
    );
    const delta = await s.layerChunkDelta('incidents', stamps(first));
    const whole = new Map((await s.layerChunkDelta('incidents', {})).map((d) => [d.seq, d.json ?? '']));
    const [head, , tail] = delta;
    expect(head).toMatchObject({ json: null });
    expect(head?.patches).toHaveLength(2);
    expect(head?.patches?.[1]?.removed).toEqual([incident(8).id]);
    // The new feature went to the tail chunk, also as a patch.
    expect(tail?.json).toBeNull();
    expect(tail?.patches?.map((p) => JSON.parse(p.features).map((f: CgFeature) => f.id))).toEqual([[incident(900_000).id]]);
    expect(delta[1]).toMatchObject({ json: null });
    expect(delta[1]?.patches).toBeUndefined();

    for (const d of [head, tail]) {
      if (!d?.patches) throw new Error('no patches');
      const patched = patchTileFeatures('incident', kept.get(d.seq) ?? [], d.patches);
      expect(patched?.features).toEqual(tileFeaturesOfChunk('incident', whole.get(d.seq) ?? '[]'));
    }
    const patchedHead = patchTileFeatures('incident', kept.get(head?.seq ?? -1) ?? [], head?.patches ?? []);
    // Only the features that changed go to the diff: 5, 7, 8 and 9 as they were; 5 and 7 as they are (8 gone, 9 without geometry).
    expect(patchedHead?.before.map((f) => f.properties?.['cg:id'] ?? f.properties?.id)).toHaveLength(4);
    expect(patchedHead?.after).toHaveLength(2);
  });

  it('sends the whole chunk when the patch would be larger than half of it', async () => {
    const s = await FeatureStore.open(freshDbName());
    open.push(s);
    await s.apply(createLayerChangeset(layer('incidents'), incidents(0, CHUNK_SIZE + 10)));
    const first = await s.layerChunkDelta('incidents', {});
    await s.apply(changeset('all', [{ op: 'putFeatures', layerId: 'incidents', features: incidents(0, CHUNK_SIZE).map((f) => edited(f, { name: 'bulk' })) }]));
    const delta = await s.layerChunkDelta('incidents', stamps(first));
    expect(delta[0]?.json).toContain('"bulk"');
    expect(delta[0]?.patches).toBeUndefined();
  });
});
