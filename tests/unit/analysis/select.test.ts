import type { Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { CgFeature } from '../../../shared/domain/feature';
import { areaFromBox, areaFromPath, featuresInArea, mergeSelection, summariseSelection, toggleInSelection } from '../../../shared/analysis/select';

const f = (id: string, geometry: Geometry | null): CgFeature => ({ type: 'Feature', id, geometry, properties: {} }) as CgFeature;
const ref = (layerId: string, featureId: string) => ({ layerId, featureId });

describe('map selection', () => {
  // A box over Mopti and Sévaré, Mali.
  const box = areaFromBox([-3.9, 14.6], [-4.3, 14.3]);

  it('builds a box from corners in any order and closes a lasso path, refusing fewer than 3 points', () => {
    expect(box.coordinates[0]).toEqual([[-4.3, 14.3], [-3.9, 14.3], [-3.9, 14.6], [-4.3, 14.6], [-4.3, 14.3]]);
    expect(areaFromPath([[0, 0], [1, 0], [1, 1]])?.coordinates[0]).toEqual([[0, 0], [1, 0], [1, 1], [0, 0]]);
    expect(areaFromPath([[0, 0], [1, 0]])).toBeNull();
    expect(areaFromPath([[0, 0], [1, 0], [Number.NaN, 1]])).toBeNull();
  });

  it('takes points inside or on the edge, lines and polygons that touch the area, in layer then feature order', () => {
    const incidents = {
      layerId: 'incidents',
      features: [f('mopti', { type: 'Point', coordinates: [-4.1976, 14.4843] }), f('edge', { type: 'Point', coordinates: [-3.9, 14.5] }), f('timbuktu', { type: 'Point', coordinates: [-3.0, 16.77] }), f('no-geometry', null)],
    };
    const patrols = {
      layerId: 'patrols',
      features: [
        // A route crossing the box without a vertex inside it.
        f('through', { type: 'LineString', coordinates: [[-4.5, 14.45], [-3.5, 14.45]] }),
        f('away', { type: 'LineString', coordinates: [[-3.0, 15.0], [-2.0, 15.0]] }),
        // An area that contains the whole box.
        f('around', { type: 'Polygon', coordinates: [[[-5, 14], [-3, 14], [-3, 15], [-5, 15], [-5, 14]]] }),
      ],
    };
    expect(featuresInArea([incidents, patrols], box)).toEqual([ref('incidents', 'mopti'), ref('incidents', 'edge'), ref('patrols', 'through'), ref('patrols', 'around')]);
    expect(featuresInArea([{ layerId: 'empty', features: [] }], box)).toEqual([]);
  });

  it('merges without duplicates, toggles one in and out, and counts per layer in first-seen order', () => {
    const a = [ref('x', '1'), ref('y', '2')];
    expect(mergeSelection(a, [ref('y', '2'), ref('x', '3')])).toEqual([ref('x', '1'), ref('y', '2'), ref('x', '3')]);
    expect(toggleInSelection(a, ref('x', '1'))).toEqual([ref('y', '2')]);
    expect(toggleInSelection(a, ref('x', '9'))).toEqual([...a, ref('x', '9')]);
    expect(summariseSelection([ref('y', '2'), ref('x', '1'), ref('y', '3')])).toEqual([
      { layerId: 'y', count: 2 },
      { layerId: 'x', count: 1 },
    ]);
  });
});
