import { said } from '../english';
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { invertOps, type StateReader } from '../../../shared/domain/changeset';
import { updateLayerChangeset } from '../../../shared/domain/edits';
import type { Layer } from '../../../shared/domain/layer';
import { mergeLayerStyle } from '../../../shared/layers/style-override';
import { FeatureStore } from '../../../renderer/db/feature-store';
import { ANALYST, OFFICER, createLayerChangeset, freshDbName, incidents, layer } from '../db/fixtures';

const NOW = '2026-11-22T09:00:00Z';
const reader = (layers: Layer[]): StateReader => ({
  getLayer: (id) => layers.find((l) => l.id === id),
  getFeature: () => undefined,
  getLayerFeatures: () => [],
});

describe('a layer style change as a changeset', () => {
  it('puts the layer with its new style, and its inverse puts the old one back', () => {
    const before = layer('inc', { style: { color: '#1e88e5' } });
    const cs = updateLayerChangeset(before, { style: mergeLayerStyle(before.style, { colorMode: 'severity', size: 1.5 }) }, OFFICER, NOW);
    expect(said(cs)).toBe('Change style of layer Layer inc');
    expect(cs.ops).toEqual([{ op: 'putLayer', layer: { ...before, style: { color: '#1e88e5', colorMode: 'severity', size: 1.5 }, updatedAt: NOW } }]);
    expect(invertOps(cs.ops, reader([before]))).toEqual([{ op: 'putLayer', layer: before }]);
  });

  it('removes the style when it is reset to the defaults', () => {
    const before = layer('inc', { style: { size: 2 } });
    const cs = updateLayerChangeset(before, { style: mergeLayerStyle(before.style, { size: undefined }) }, OFFICER, NOW);
    const put = cs.ops[0];
    expect(put?.op === 'putLayer' && 'style' in put.layer).toBe(false);
  });

  it('refuses a style the map could not draw, naming the layer and the field', () => {
    expect(() => updateLayerChangeset(layer('inc'), { style: { color: 'blue' } }, OFFICER, NOW)).toThrow(/Style of layer Layer inc: color: expected a colour/);
  });
});

describe('a layer style change through the store', () => {
  const open: FeatureStore[] = [];
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });

  it('is stored with the layer, undo restores the style before, and it survives reopening', async () => {
    const name = freshDbName();
    const s = await FeatureStore.open(name);
    open.push(s);
    await s.apply(createLayerChangeset(layer('inc'), incidents(0, 10)));
    const [stored] = await s.listLayers();
    const style = { colorMode: 'recency', labelField: 'locationName' } as const;
    await s.apply(updateLayerChangeset(stored!, { style }, OFFICER, NOW));
    expect((await s.listLayers())[0]?.style).toEqual(style);
    await s.undo(ANALYST);
    expect((await s.listLayers())[0]?.style).toBeUndefined();
    await s.redo(ANALYST);
    expect((await s.listLayers())[0]?.style).toEqual(style);
    s.close();

    const again = await FeatureStore.open(name);
    open.push(again);
    expect((await again.listLayers())[0]?.style).toEqual(style);
  });
});

describe('a layer marking change as a changeset', () => {
  it('puts the layer with its new marking, is labelled for the history, and inverts', () => {
    const before = layer('inc');
    const marking = { classification: 'STRICTLY CONFIDENTIAL', caveats: [], originator: 'jmac', releasableTo: ['mission', 'unhcr'] };
    const cs = updateLayerChangeset(before, { marking }, OFFICER, NOW);
    expect(said(cs)).toBe('Change marking of layer Layer inc');
    expect(cs.ops).toEqual([{ op: 'putLayer', layer: { ...before, marking, updatedAt: NOW } }]);
    expect(invertOps(cs.ops, reader([before]))).toEqual([{ op: 'putLayer', layer: before }]);
  });

  it('refuses a marking that does not validate', () => {
    expect(() => updateLayerChangeset(layer('inc'), { marking: { classification: ' ', caveats: [], originator: '', releasableTo: [] } }, OFFICER, NOW)).toThrow(/Marking of layer Layer inc/);
  });
});
