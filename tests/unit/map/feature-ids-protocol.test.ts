import { describe, expect, it } from 'vitest';
import { FEATURE_ID_PROPERTY, FEATURE_PROTOCOL, loadFeatureJson } from '../../../renderer/map/feature-ids-protocol.mjs';
import { MAP_FEATURE_ID } from '../../../shared/layers/layer-style';

describe('cgjson:// protocol', () => {
  it('copies each string id into the promoted property', async () => {
    const collection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', id: '3f2a9c1e-0000-4000-8000-000000000001', geometry: { type: 'Point', coordinates: [1, 2] }, properties: { name: 'a' } },
        { type: 'Feature', id: 'b', geometry: null, properties: null },
        { type: 'Feature', geometry: null, properties: { name: 'no id' } },
      ],
    };
    const url = `data:application/json,${encodeURIComponent(JSON.stringify(collection))}`;
    const { data } = (await loadFeatureJson({ url: `${FEATURE_PROTOCOL}://${url}` }, new AbortController())) as {
      data: { features: { properties: Record<string, unknown> }[] };
    };
    expect(FEATURE_ID_PROPERTY).toBe(MAP_FEATURE_ID);
    expect(data.features.map((f) => f.properties[MAP_FEATURE_ID])).toEqual(['3f2a9c1e-0000-4000-8000-000000000001', 'b', undefined]);
    expect(data.features[0]?.properties.name).toBe('a');
  });
});
