import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { FeatureStore } from '../../../renderer/db/feature-store';
import { createLayerChangeset, freshDbName, incident, layer } from './fixtures';
import { chunkTextsDateExtent } from '../../../renderer/db/layer-queries';
import { layerDateExtent } from '../../../shared/domain/time-window';

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

describe('points-only check that decides map clustering', () => {
  it('is true for a layer of points and false once it holds a polygon or a feature without geometry', async () => {
    const store = await storeWith();
    expect(await store.pointsOnly('inc')).toBe(true);
    const poly = incident(9, { name: 'area' });
    poly.geometry = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };
    await store.apply(createLayerChangeset(layer('mixed', { name: 'Mixed', kind: 'reference' }), [incident(10), poly]));
    expect(await store.pointsOnly('mixed')).toBe(false);
    const unlocated = incident(11);
    unlocated.geometry = null;
    await store.apply(createLayerChangeset(layer('nul', { name: 'Null', kind: 'reference' }), [incident(12), unlocated]));
    expect(await store.pointsOnly('nul')).toBe(false);
    expect(await store.pointsOnly('missing')).toBe(false);
  });

  it('is not fooled by text that looks like a geometry inside an attribute', async () => {
    const store = await storeWith();
    const tricky = incident(20, { notes: '"geometry":{"type":"Polygon"' });
    await store.apply(createLayerChangeset(layer('tricky', { name: 'Tricky', kind: 'reference' }), [tricky]));
    expect(await store.pointsOnly('tricky')).toBe(true);
  });
});

describe('date span read from the chunks’ text', () => {
  const chunk = (props: Record<string, unknown>[]) => JSON.stringify(props.map((p, i) => ({ type: 'Feature', id: `f${i}`, geometry: null, properties: p })));

  it('matches the span computed from the parsed properties, for instants and planned spans', () => {
    const incidents = [
      { eventDate: '2026-11-15', notes: 'said "eventDate":"1999-01-01" in the report' },
      { eventDate: '2026-11-13T06:00:00Z', other: { eventDate: 'x' } },
      { eventDate: null },
      { eventDate: 'junk' },
      { eventDate: '2026-11-2\u00300' },
    ];
    const patrols = [{ plannedStart: '2026-11-10T06:00Z', plannedEnd: '2026-11-12T18:00Z' }, { plannedEnd: '2026-11-20T00:00Z' }, {}];
    expect(chunkTextsDateExtent('incident', [chunk(incidents.slice(0, 2)), '[]', chunk(incidents.slice(2))])).toEqual(layerDateExtent('incident', incidents));
    expect(chunkTextsDateExtent('incident', [chunk(incidents)])?.min.slice(0, 10)).toBe('2026-11-13');
    expect(chunkTextsDateExtent('patrol', [chunk(patrols)])).toEqual(layerDateExtent('patrol', patrols));
    expect(chunkTextsDateExtent('incident', [])).toBeNull();
    expect(chunkTextsDateExtent('reference', [chunk(incidents)])).toBeNull();
  });

  it('reads a date written with escapes as JSON does', () => {
    const text = '[{"type":"Feature","id":"a","geometry":null,"properties":{"eventDate":"2026-11-0\\u0035"}}]';
    expect(chunkTextsDateExtent('incident', [text])).toEqual(layerDateExtent('incident', [{ eventDate: '2026-11-05' }]));
  });
});
