import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { FeatureStore } from '../../../renderer/db/feature-store';
import { createLayerChangeset, freshDbName, incident, layer } from './fixtures';

const open: FeatureStore[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

async function storeWith(): Promise<FeatureStore> {
  const store = await FeatureStore.open(freshDbName());
  open.push(store);
  const features = [
    incident(1, { name: 'Ménaka attack', eventDate: '2026-11-15' }),
    incident(2, { name: 'Bria clash', eventDate: '2026-11-13T06:00:00Z' }),
    incident(3, { name: 'Bambari looting', eventDate: '2026-11-12' }),
    incident(4, { name: 'Ménaka market protest', eventDate: '2026-11-20' }),
  ];
  await store.apply(createLayerChangeset(layer('inc', { name: 'Incidents', kind: 'incident' }), features));
  return store;
}

describe('store queries for the go-to box and the time slider', () => {
  it('finds features by name ignoring case and accents, exact and prefix matches first', async () => {
    const store = await storeWith();
    const hits = await store.searchNames('menaka');
    expect(hits.map((h) => h.label)).toEqual(['Ménaka attack — Incidents', 'Ménaka market protest — Incidents']);
    expect(typeof hits[0]?.lng).toBe('number');
    expect(await store.searchNames('  ')).toEqual([]);
    expect(await store.searchNames('kidal')).toEqual([]);
  });

  it('gives the span of a layer’s event dates', async () => {
    const store = await storeWith();
    const extent = await store.dateExtent('inc', 'incident');
    expect(extent?.min.slice(0, 10)).toBe('2026-11-12');
    expect(extent?.max.slice(0, 10)).toBe('2026-11-20');
    expect(await store.dateExtent('inc', 'reference')).toBeNull();
    expect(await store.dateExtent('missing', 'incident')).toBeNull();
  });
});
