import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { CgFeature } from '../../../shared/domain/feature';
import { ChangesetError, FeatureStore } from '../../../renderer/db/feature-store';
import { CHUNK_SIZE, serialiseNewFeatures } from '../../../renderer/db/chunks';
import { chunkRecordsOf, encodeNewLayer, type EncodedLayer } from '../../../renderer/db/chunk-transfer';
import { MAX_LOGGED_IDS } from '../../../renderer/db/changes';
import type { Changeset } from '../../../shared/domain/changeset';
import { OFFICER, createLayerChangeset, freshDbName, incident, incidents, layer, openProbed, site, snapshot } from './fixtures';

const open: FeatureStore[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

async function fresh(): Promise<FeatureStore> {
  const s = await FeatureStore.open(freshDbName());
  open.push(s);
  return s;
}

/** The changeset of new layers as the import worker sends it: putLayer ops, features as chunk bytes. */
function chunked(cs: Changeset): { changeset: Changeset; layers: EncodedLayer[] } {
  const layers: EncodedLayer[] = [];
  for (const op of cs.ops) {
    if (op.op !== 'putFeatures') continue;
    const put = cs.ops.find((o) => o.op === 'putLayer' && o.layer.id === op.layerId);
    const encoded = put?.op === 'putLayer' ? encodeNewLayer(op.layerId, put.layer.kind, op.features) : null;
    if (!encoded) throw new Error('not encodable');
    layers.push(encoded);
  }
  return { changeset: { ...cs, ops: cs.ops.filter((o) => o.op === 'putLayer') }, layers };
}

/** The change log without its auto-increment, which differs between two databases. */
async function log(s: FeatureStore) {
  return (await s.recentChanges(10)).map(({ n: _n, ...r }) => r);
}

describe('chunks handed over as text', () => {
  it('decode to exactly the chunks the store would have cut and stored itself', () => {
    const features = incidents(0, CHUNK_SIZE * 2 + 5);
    const encoded = encodeNewLayer('incidents', 'incident', features);
    const expected = serialiseNewFeatures(features);
    expect(encoded?.chunks.map((c) => c.json)).toEqual(expected.map((c) => c.json));
    expect(encoded?.chunks.map((c) => [c.count, c.bbox, c.classifications])).toEqual(expected.map((c) => [c.features.length, c.bbox, c.classifications]));
    expect(encoded?.featureCount).toBe(features.length);
    expect(encoded?.loggedIds).toEqual(features.slice(0, MAX_LOGGED_IDS).map((f) => f.id));
    expect(encoded?.pointsOnly).toBe(true);
  });

  it('survive a structured clone (the hop between workers) and become the chunk records in order', () => {
    const encoded = structuredClone(encodeNewLayer('incidents', 'incident', incidents(0, CHUNK_SIZE + 1)) as EncodedLayer);
    const records = chunkRecordsOf(encoded);
    expect(records.map((r) => [r.layerId, r.seq, r.count])).toEqual([['incidents', 0, CHUNK_SIZE], ['incidents', 1, 1]]);
    expect(records.flatMap((r) => (JSON.parse(r.json) as CgFeature[]).map((f) => f.id))).toEqual(incidents(0, CHUNK_SIZE + 1).map((f) => f.id));
  });

  it('are not made when ids are missing or repeated, or for a mixed layer say it is not all points', () => {
    expect(encodeNewLayer('l', 'incident', [incident(1), incident(1)])).toBeNull();
    expect(encodeNewLayer('l', 'incident', [{ ...incident(1), id: '' }])).toBeNull();
    const ring: [number, number][] = [[0, 0], [1, 0], [1, 1], [0, 0]];
    expect(encodeNewLayer('l', 'humanitarian', [incident(1), site('s1', ring)])?.pointsOnly).toBe(false);
  });
});

describe('FeatureStore.applyNewLayers', () => {
  it('stores, logs and undoes exactly as apply() of the same changeset', async () => {
    for (const count of [CHUNK_SIZE * 2 + 5, 12]) {
      const cs = createLayerChangeset(layer('incidents'), incidents(0, count));
      const classic = await fresh();
      const fast = await fresh();
      const a = await classic.apply(cs);
      const b = await fast.applyNewLayers(chunked(cs).changeset, chunked(cs).layers);

      expect(b.inverse).toEqual(a.inverse);
      expect(b.changedLayerIds).toEqual(a.changedLayerIds);
      expect(await snapshot(fast)).toEqual(await snapshot(classic));
      expect(await fast.layerChunkTexts('incidents')).toEqual(await classic.layerChunkTexts('incidents'));
      expect(await fast.layerRev('incidents')).toBe(cs.id);
      // The change log: ops with counts, touched ids, and for a small import the diffs.
      expect(await log(fast)).toEqual(await log(classic));
      expect(await fast.history('inc-000003')).toHaveLength(1);

      expect(fast.undoSummary()).toEqual(classic.undoSummary());
      await fast.undo(OFFICER);
      expect(await fast.listLayers()).toEqual([]);
      await fast.redo(OFFICER);
      expect(await snapshot(fast)).toEqual(await snapshot(classic));
    }
  });

  it('leaves the store as it was when the transaction fails', async () => {
    const { store: s, probe } = await openProbed(freshDbName());
    open.push(s);
    await s.apply(createLayerChangeset(layer('before'), incidents(0, 10)));
    const before = await snapshot(s);
    const logBefore = await log(s);
    const undoBefore = s.undoSummary();

    probe.failOn = 'changes'; // chunks and layers are written before the log entry
    const cs = createLayerChangeset(layer('doomed'), incidents(100, CHUNK_SIZE + 3));
    const { changeset, layers } = chunked(cs);
    await expect(s.applyNewLayers(changeset, layers)).rejects.toThrow(/simulated failure/);
    probe.failOn = null;

    expect(await snapshot(s)).toEqual(before);
    expect(await log(s)).toEqual(logBefore);
    expect(s.undoSummary()).toEqual(undoBefore);
    expect(await s.layerChunkTexts('doomed')).toEqual([]);
    expect(await s.layerRev('doomed')).toBeUndefined();
  });

  it('refuses a layer that exists, and ops other than new layers, writing nothing', async () => {
    const s = await fresh();
    await s.apply(createLayerChangeset(layer('incidents'), incidents(0, 10)));
    const before = await snapshot(s);
    const again = chunked(createLayerChangeset(layer('incidents'), incidents(50, 3)));
    await expect(s.applyNewLayers(again.changeset, again.layers)).rejects.toBeInstanceOf(ChangesetError);
    const other = chunked(createLayerChangeset(layer('other'), incidents(50, 3)));
    const withDelete = { ...other.changeset, ops: [...other.changeset.ops, { op: 'deleteFeatures' as const, layerId: 'incidents', ids: ['inc-000001'] }] };
    await expect(s.applyNewLayers(withDelete, other.layers)).rejects.toBeInstanceOf(ChangesetError);
    const twice = chunked(createLayerChangeset(layer('other'), incidents(50, 3)));
    await expect(s.applyNewLayers(twice.changeset, [...twice.layers, ...twice.layers])).rejects.toBeInstanceOf(ChangesetError);
    expect(await snapshot(s)).toEqual(before);
  });

  it("answers pointsOnly from the import's own finding until the layer changes, then from its text", async () => {
    const s = await fresh();
    const { changeset, layers } = chunked(createLayerChangeset(layer('incidents'), incidents(0, CHUNK_SIZE + 1)));
    expect(layers[0]?.pointsOnly).toBe(true);
    // A finding the text contradicts shows which answer is given: the import's, at the import's rev.
    await s.applyNewLayers(changeset, layers.map((l) => ({ ...l, pointsOnly: false })));
    expect(await s.pointsOnly('incidents')).toBe(false);
    const moved: CgFeature = { ...incident(5), properties: { ...incident(5).properties, fatalities: 40 } };
    await s.apply({ ...changeset, id: 'cs-edit', ops: [{ op: 'putFeatures', layerId: 'incidents', features: [moved] }] });
    expect(await s.pointsOnly('incidents')).toBe(true);
  });

  it('can be edited afterwards as any stored layer', async () => {
    const s = await fresh();
    const { changeset, layers } = chunked(createLayerChangeset(layer('incidents'), incidents(0, CHUNK_SIZE + 1)));
    await s.applyNewLayers(changeset, layers);
    const moved: CgFeature = { ...incident(5), properties: { ...incident(5).properties, fatalities: 40 } };
    const edit = await s.apply({ ...changeset, id: 'cs-edit', ops: [{ op: 'putFeatures', layerId: 'incidents', features: [moved] }] });
    expect(edit.inverse).toEqual([{ op: 'putFeatures', layerId: 'incidents', features: [incident(5)] }]);
    expect((await s.getFeature('incidents', incident(5).id))?.properties.fatalities).toBe(40);
    expect((await s.listLayers())[0]?.featureCount).toBe(CHUNK_SIZE + 1);
  });
});
