import { describe, expect, it } from 'vitest';
import type { CgFeature } from '../../../shared/domain/feature';
import { CHUNK_MAX_CHARS, CHUNK_SIZE, featureCollectionParts, serialiseChunk, serialiseNewFeatures } from '../../../renderer/db/chunks';
import { unionBBoxes } from '../../../renderer/db/bbox';
import { dropOpsBeforeLayerDeletion } from '../../../renderer/db/changes';
import { incident, incidents } from './fixtures';

describe('chunk text', () => {
  it('splits new features into CHUNK_SIZE chunks with their extents', () => {
    const chunks = serialiseNewFeatures(incidents(0, CHUNK_SIZE + 1));
    expect(chunks.map((c) => c.features.length)).toEqual([CHUNK_SIZE, 1]);
    expect(JSON.parse(chunks[1]?.json ?? '')).toEqual([incident(CHUNK_SIZE)]);
    expect(chunks[1]?.bbox).toEqual([18, 4.2, 18, 4.2]);
  });

  it('splits a chunk whose text would exceed CHUNK_MAX_CHARS', () => {
    const heavy = (i: number): CgFeature => ({
      ...incident(i),
      geometry: { type: 'LineString', coordinates: Array.from({ length: 20_000 }, (_, k) => [k * 0.001, i]) },
    });
    const features = Array.from({ length: 12 }, (_, i) => heavy(i));
    const pieces = serialiseChunk(features);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(p.json.length <= CHUNK_MAX_CHARS || p.features.length === 1).toBe(true);
    expect(pieces.flatMap((p) => p.features)).toEqual(features);
  });

  it('joins chunk text into one FeatureCollection, skipping empty chunks', () => {
    const a = JSON.stringify(incidents(0, 2));
    const b = JSON.stringify(incidents(2, 1));
    const text = featureCollectionParts([a, '[]', b]).join('');
    expect(JSON.parse(text)).toEqual({ type: 'FeatureCollection', features: incidents(0, 3) });
    expect(JSON.parse(featureCollectionParts(['[]']).join(''))).toEqual({ type: 'FeatureCollection', features: [] });
  });

  it('unions boxes, ignoring nulls', () => {
    expect(unionBBoxes([null, [0, 0, 1, 1], [-1, 0.5, 0.5, 2], null])).toEqual([-1, 0, 1, 2]);
    expect(unionBBoxes([null])).toBeNull();
  });

  it('drops feature ops that a later deleteLayer makes moot', () => {
    expect(
      dropOpsBeforeLayerDeletion([
        { op: 'deleteFeatures', layerId: 'a', ids: ['1'] },
        { op: 'putFeatures', layerId: 'b', features: [] },
        { op: 'deleteLayer', layerId: 'a' },
        { op: 'putLayer', layer: { id: 'a' } as never },
        { op: 'deleteFeatures', layerId: 'a', ids: ['2'] },
      ]).map((o) => o.op),
    ).toEqual(['putFeatures', 'deleteLayer', 'putLayer', 'deleteFeatures']);
  });
});
