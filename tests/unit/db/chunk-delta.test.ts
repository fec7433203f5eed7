import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { FeatureStore } from '../../../renderer/db/feature-store';
import { CHUNK_SIZE } from '../../../renderer/db/chunks';
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
    const sent = second.filter((d) => d.json !== null);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.json).toContain('"moved"');
    expect(second.map((d) => d.seq)).toEqual(first.map((d) => d.seq));

    // Another store (the app opened again) never repeats a stamp: everything is sent again.
    const again = await FeatureStore.open(name);
    open.push(again);
    expect((await again.layerChunkDelta('incidents', stamps(second))).every((d) => d.json !== null)).toBe(true);
  });
});
