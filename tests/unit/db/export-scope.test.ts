import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { FeatureStore } from '../../../renderer/db/feature-store';
import { CHUNK_SIZE } from '../../../renderer/db/chunks';
import type { FilterQuery } from '../../../renderer/db/filtered-count';
import { exportLayer } from '../../../shared/io/export-layer';
import { createLayerChangeset, freshDbName, incident, layer } from './fixtures';

const open: FeatureStore[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

const BATTLES_WITH_DEATHS: FilterQuery = {
  kind: 'incident',
  filter: { conditions: [{ field: 'eventType', op: 'eq', value: 'Battles' }, { field: 'fatalities', op: 'gt', value: 0 }] },
  window: null,
};

describe('FeatureStore.featuresForExport', () => {
  it('whole layer, filtered view (the same predicate as the layer count) and selection, in stored order', async () => {
    const s = await FeatureStore.open(freshDbName());
    open.push(s);
    const features = Array.from({ length: CHUNK_SIZE + 50 }, (_, i) => incident(i));
    await s.apply(createLayerChangeset(layer('inc'), features));

    const all = await s.featuresForExport('inc', { type: 'layer' });
    expect(all.layer?.name).toBeDefined();
    expect(all.features.map((f) => f.id)).toEqual(features.map((f) => f.id));

    const filtered = await s.featuresForExport('inc', { type: 'filtered', query: BATTLES_WITH_DEATHS });
    // Hand count: Battles every 4th (i % 4 === 0), fatalities i % 7 > 0.
    const hand = features.filter((_, i) => i % 4 === 0 && i % 7 !== 0);
    expect(filtered.features.map((f) => f.id)).toEqual(hand.map((f) => f.id));
    expect(filtered.features.length).toBe(await s.countFiltered('inc', BATTLES_WITH_DEATHS));

    const picked = [features[CHUNK_SIZE + 10]?.id, features[3]?.id, 'not-there'].filter((x): x is string => Boolean(x));
    const selection = await s.featuresForExport('inc', { type: 'selection', featureIds: picked });
    expect(selection.features.map((f) => f.id)).toEqual([features[3]?.id, features[CHUNK_SIZE + 10]?.id]);

    expect(await s.featuresForExport('nope', { type: 'layer' })).toEqual({ layer: null, features: [] });
  });
});

describe('exportLayer', () => {
  it('counts what is in scope, what was written and each refusal; KML carries the kind colour', async () => {
    const located = incident(1);
    const unlocated = { ...incident(2), geometry: null };
    const gpx = await exportLayer({ name: 'Incidents', kind: 'incident' }, [located, unlocated], 'gpx');
    expect(gpx).toMatchObject({ extension: '.gpx', mimeType: 'application/gpx+xml', inScope: 2, written: 1 });
    expect(gpx.refused).toEqual([{ code: 'no-location', layer: 'Incidents', index: 1, id: unlocated.id, name: 'Incident 2', reason: 'it has no location' }]);
    const kml = await exportLayer({ name: 'Sites', kind: 'humanitarian' }, [located], 'kml');
    expect(kml.data).toContain('<IconStyle><color>ffe5881e</color></IconStyle>');
    const gpkg = await exportLayer({ name: 'Sites', kind: 'humanitarian' }, [located], 'gpkg');
    expect(gpkg.data).toBeInstanceOf(Uint8Array);
    await expect(exportLayer({ name: 'x', kind: 'reference' }, [], 'dxf')).rejects.toThrow(/unknown output format "dxf"/);
  });
});
