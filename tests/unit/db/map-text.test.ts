import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { FeatureStore } from '../../../renderer/db/feature-store';
import { MapTextCache, slimChunk } from '../../../renderer/db/map-text';
import { mapFeatureJson, mapPropertyNames } from '../../../shared/layers/map-data';
import { createLayerChangeset, changeset, edited, freshDbName, incident, incidents, layer } from './fixtures';

describe('the map GeoJSON of a layer', () => {
  it('keeps what styles, labels and filters read, and drops authorship and long text', () => {
    const f = incident(3, { description: 'A long account of what happened…', source: 'Radio report', sidc: 'SFGPUCI----K' });
    const slim = JSON.parse(mapFeatureJson('incident', f)) as typeof f;
    expect(slim.id).toBe(f.id);
    expect(slim.geometry).toEqual(f.geometry);
    expect(Object.keys(slim.properties).sort()).toEqual(
      ['classification', 'eventDate', 'eventType', 'fatalities', 'locationName', 'name', 'org', 'sidc', 'timePrecision', 'verification', 'version'].sort(),
    );
    expect(mapPropertyNames('reference')).toBeNull();
    const ref = { ...f, properties: { ...f.properties, ADM1_EN: 'Ouaka' } };
    expect(JSON.parse(mapFeatureJson('reference', ref))).toEqual(ref);
  });

  it('re-slims only chunks whose stored text changed', () => {
    const cache = new MapTextCache();
    const a = JSON.stringify(incidents(0, 3));
    const b = JSON.stringify(incidents(3, 3));
    const first = cache.slim('L', 'incident', [a, b]);
    expect(first).toEqual([slimChunk('incident', a), slimChunk('incident', b)]);
    const b2 = JSON.stringify([edited(incident(3), { fatalities: 40 }), ...incidents(4, 2)]);
    const second = cache.slim('L', 'incident', [a, b2]);
    expect(second[0]).toBe(first[0]);
    expect(JSON.parse(second[1]!)[0].properties.fatalities).toBe(40);
  });

  const open: FeatureStore[] = [];
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });

  it('comes from the store slim, and shows an edit', async () => {
    const s = await FeatureStore.open(freshDbName());
    open.push(s);
    await s.apply(createLayerChangeset(layer('inc'), incidents(0, 2500)));
    const read = async () => JSON.parse(await (await s.layerMapBlob('inc')).text()) as { features: { id: string; properties: Record<string, unknown> }[] };
    const before = await read();
    expect(before.features).toHaveLength(2500);
    expect(before.features[0]?.properties).not.toHaveProperty('createdBy');
    expect(before.features[0]?.properties.eventType).toBe(incident(0).properties.eventType);
    await s.apply(changeset('edit', [{ op: 'putFeatures', layerId: 'inc', features: [edited(incident(2100), { fatalities: 99 })] }]));
    const after = await read();
    expect(after.features.find((f) => f.id === incident(2100).id)?.properties.fatalities).toBe(99);
    expect(after.features.find((f) => f.id === incident(2100).id)?.properties.version).toBe(2);
  });
});
