import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { validateStyleMin, type LayerSpecification, type StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { CLUSTER_MIN_FEATURES, clusterLayerIds, selectionLayerIds } from '../../../shared/layers/layer-style';
import { EMPTY_COLLECTION, TILED_MIN_FEATURES, mapScene, needsPointsOnly, shouldTile, type MapSceneInput, type SceneLayerInput } from '../../../shared/layers/map-scene';
import { sceneChanges } from '../../../shared/layers/scene-diff';
import { TILE_SOURCE_LAYER } from '../../../shared/layers/tile-grid';

const NOW = Date.parse('2026-06-01T00:00:00Z');

function layer(id: string, over: Partial<SceneLayerInput> = {}): SceneLayerInput {
  return { id, kind: 'incident', visible: true, opacity: 1, order: 0, featureCount: 10, ...over };
}

/** The stores as they are after start: nothing filtered, selected or chosen. */
function input(layers: SceneLayerInput[], over: Partial<MapSceneInput> = {}): MapSceneInput {
  return {
    layers,
    dataVersions: Object.fromEntries(layers.map((l) => [l.id, 1])),
    pointsOnly: {},
    filters: { byLayer: {}, window: null },
    display: {},
    selection: null,
    grid: 'none',
    basemap: { view: { kind: 'bundled' }, rasterOpacity: 1 },
    highlight: { result: null, resultMax: 1, selection: EMPTY_COLLECTION },
    now: NOW,
    ...over,
  };
}

const styleLayer = (specs: LayerSpecification[], id: string): LayerSpecification => {
  const found = specs.find((s) => s.id === id);
  if (!found) throw new Error(`no style layer ${id} in ${specs.map((s) => s.id).join(', ')}`);
  return found;
};
const filterOf = (spec: LayerSpecification): unknown => ('filter' in spec ? spec.filter : undefined);

describe('mapScene: layers and their data', () => {
  it('orders layers bottom to top by order, ties in list order', () => {
    const scene = mapScene(input([layer('a', { order: 2 }), layer('b', { order: 1 }), layer('c', { order: 2 })]));
    expect(scene.layers.map((l) => l.id)).toEqual(['b', 'a', 'c']);
  });

  it('tiles from the threshold on, whatever the geometry; GeoJSON below it', () => {
    expect(shouldTile(TILED_MIN_FEATURES)).toBe(true);
    expect(shouldTile(TILED_MIN_FEATURES - 1)).toBe(false);
    const scene = mapScene(
      input([layer('small', { featureCount: TILED_MIN_FEATURES - 1 }), layer('big', { featureCount: TILED_MIN_FEATURES, kind: 'reference' })], { pointsOnly: { big: false } }),
    );
    const [small, big] = scene.layers;
    expect(small?.data).toEqual({ type: 'geojson', layerId: 'small', version: 1 });
    expect(big?.data.type).toBe('tiled');
    expect(big?.data.type === 'tiled' && big.data.load).toMatchObject({ layerId: 'big', version: 1, kind: 'reference', cluster: false, query: null });
    for (const spec of big?.styleLayers ?? []) expect(spec).toHaveProperty('source-layer', TILE_SOURCE_LAYER);
    for (const spec of small?.styleLayers ?? []) expect(spec).not.toHaveProperty('source-layer');
  });

  it('clusters only big all-point layers drawn as icons', () => {
    const big = CLUSTER_MIN_FEATURES;
    const scene = mapScene(
      input(
        [
          layer('incidents', { featureCount: big }),
          layer('small', { featureCount: big - 1 }),
          layer('sites', { kind: 'humanitarian', featureCount: big }),
          layer('mixed', { kind: 'reference', featureCount: 1_000_000 }),
          layer('heat', { featureCount: big }),
        ],
        { pointsOnly: { sites: true, mixed: false }, display: { heat: 'heatmap' } },
      ),
    );
    const cluster = Object.fromEntries(scene.layers.map((l) => [l.id, l.data.type === 'tiled' && l.data.load.cluster]));
    expect(cluster).toEqual({ incidents: true, small: false, sites: true, mixed: false, heat: false });
    const ids = (id: string) => scene.layers.find((l) => l.id === id)?.styleLayers.map((s) => s.id) ?? [];
    expect(ids('incidents')).toEqual(expect.arrayContaining(clusterLayerIds('incidents')));
    expect(ids('heat')).toContain('op:heat:heatmap');
    expect(ids('heat')).not.toEqual(expect.arrayContaining(clusterLayerIds('heat')));
  });

  it('leaves a big layer out until the store said whether it holds points only (incidents always do)', () => {
    const sites = layer('sites', { kind: 'humanitarian', featureCount: TILED_MIN_FEATURES });
    expect(needsPointsOnly(sites)).toBe(true);
    expect(needsPointsOnly(layer('i', { featureCount: TILED_MIN_FEATURES }))).toBe(false);
    expect(needsPointsOnly({ ...sites, featureCount: 10 })).toBe(false);
    expect(mapScene(input([sites])).layers).toEqual([]);
    expect(mapScene(input([sites], { pointsOnly: { sites: false } })).layers).toHaveLength(1);
  });

  it('keeps a display mode the kind does not have from reaching the map', () => {
    const scene = mapScene(input([layer('sites', { kind: 'humanitarian' })], { display: { sites: 'heatmap' } }));
    expect(scene.layers[0]?.display).toBe('points');
  });

  it('draws images beneath the layer, with its visibility and opacity', () => {
    const image = { blob: new Blob(['x']), corners: [[0, 1], [1, 1], [1, 0], [0, 0]] as [[number, number], [number, number], [number, number], [number, number]] };
    const scene = mapScene(input([layer('r', { kind: 'reference', images: [image], visible: false, opacity: 0.4 })]));
    const first = scene.layers[0]?.styleLayers[0];
    expect(first).toMatchObject({ id: 'layer:r::image:0:raster', type: 'raster', source: 'layer:r::image:0', layout: { visibility: 'none' }, paint: { 'raster-opacity': 0.4 } });
  });
});

describe('mapScene: filters and selection merged into the style layers', () => {
  const filtered = input([layer('inc')], {
    filters: { byLayer: { inc: { conditions: [{ field: 'fatalities', op: 'gte', value: 5 }] } }, window: null },
  });

  it('adds the user filter to every style layer’s own filter', () => {
    const plain = mapScene(input([layer('inc')])).layers[0];
    const scene = mapScene(filtered).layers[0];
    expect(scene?.filter).not.toBeNull();
    for (const spec of scene?.styleLayers ?? []) {
      const own = filterOf(styleLayer(plain?.styleLayers ?? [], spec.id));
      if (selectionLayerIds('inc').includes(spec.id)) continue;
      expect(filterOf(spec)).toEqual(own ? ['all', own, scene?.filter] : scene?.filter);
    }
  });

  it('highlights the selected feature of its own layer only, and not when filtered out', () => {
    const selection = { layerId: 'inc', featureId: 'f-1' };
    const scene = mapScene(input([layer('inc'), layer('other')], { selection }));
    const [inc, other] = scene.layers;
    expect(inc?.selected).toBe('f-1');
    expect(other?.selected).toBeNull();
    expect(JSON.stringify(filterOf(styleLayer(inc?.styleLayers ?? [], 'op:inc:selected-point')))).toContain('"f-1"');
    expect(JSON.stringify(filterOf(styleLayer(other?.styleLayers ?? [], 'op:other:selected-point')))).not.toContain('"f-1"');
    const both = mapScene({ ...filtered, selection }).layers[0];
    const ring = filterOf(styleLayer(both?.styleLayers ?? [], 'op:inc:selected-point')) as unknown[];
    expect(ring[0]).toBe('all');
    expect(ring[2]).toEqual(both?.filter);
  });

  it('leaves the clusters of a tiled layer to the tiles worker: unfiltered on the map, the query in the tile load', () => {
    const big = { ...filtered, layers: [layer('inc', { featureCount: CLUSTER_MIN_FEATURES })] };
    const scene = mapScene(big).layers[0];
    for (const id of clusterLayerIds('inc')) expect(JSON.stringify(filterOf(styleLayer(scene?.styleLayers ?? [], id)))).not.toContain('fatalities');
    expect(scene?.data.type === 'tiled' && scene.data.load.query).toEqual({ filter: big.filters.byLayer.inc, window: null });
    expect(scene?.data.type === 'tiled' && scene.data.load.properties).toContain('fatalities');
  });

  it('validates as a style', () => {
    const scene = mapScene({ ...filtered, selection: { layerId: 'inc', featureId: 'x' } });
    const style: StyleSpecification = { version: 8, glyphs: 'x/{fontstack}/{range}.pbf', sources: { 'layer:inc': { type: 'geojson', data: EMPTY_COLLECTION } }, layers: scene.layers.flatMap((l) => l.styleLayers) };
    expect(validateStyleMin(style).map((e) => e.message)).toEqual([]);
  });
});

describe('sceneChanges', () => {
  const base = input([layer('a'), layer('b', { kind: 'reference', order: 1 })]);

  it('from nothing: every source added, every style layer added in order, at the top of ours', () => {
    const next = mapScene(base);
    const changes = sceneChanges(null, next);
    expect(changes.addSources.map((l) => l.id)).toEqual(['a', 'b']);
    const added = changes.style.filter((c) => c.command === 'addLayer').map((c) => (c.command === 'addLayer' ? c.args[0].id : ''));
    expect(added.sort()).toEqual(next.layers.flatMap((l) => l.styleLayers.map((s) => s.id)).sort());
    expect(changes.basemap && changes.highlight).toBe(true);
  });

  it('the same scene again changes nothing', () => {
    const changes = sceneChanges(mapScene(base), mapScene(base));
    expect(changes).toMatchObject({ addSources: [], removeSources: [], rebuildSources: [], reloadSources: [], style: [], grid: false, basemap: false, highlight: false });
  });

  it('a selection is two setFilter commands on the highlight layers, and nothing else', () => {
    const changes = sceneChanges(mapScene(base), mapScene({ ...base, selection: { layerId: 'a', featureId: 'f' } }));
    expect(changes.style.map((c) => `${c.command}:${String(c.args[0])}`).sort()).toEqual(selectionLayerIds('a').map((id) => `setFilter:${id}`).sort());
    expect(changes.reloadSources).toEqual([]);
  });

  it('visibility and opacity are property changes, not new layers', () => {
    const next = { ...base, layers: [layer('a', { visible: false, opacity: 0.5 }), base.layers[1] as SceneLayerInput] };
    const commands = sceneChanges(mapScene(base), mapScene(next)).style.map((c) => c.command);
    expect(new Set(commands)).toEqual(new Set(['setLayoutProperty', 'setPaintProperty']));
  });

  it('a new data version reloads that source only; a deleted layer loses its style layers and source', () => {
    const prev = mapScene(base);
    const reloaded = sceneChanges(prev, mapScene({ ...base, dataVersions: { a: 2, b: 1 } }));
    expect(reloaded.reloadSources.map((l) => l.id)).toEqual(['a']);
    expect(reloaded.style).toEqual([]);
    const gone = sceneChanges(prev, mapScene({ ...base, layers: [base.layers[0] as SceneLayerInput] }));
    expect(gone.removeSources).toEqual(['b']);
    const removed = gone.style.filter((c) => c.command === 'removeLayer').map((c) => c.args[0]);
    expect(removed.sort()).toEqual((prev.layers[1]?.styleLayers.map((s) => s.id) ?? []).sort());
  });

  it('a layer growing past the tile threshold rebuilds its source: its old style layers go first, then come back', () => {
    const prev = mapScene(base);
    const next = mapScene({ ...base, layers: [layer('a', { featureCount: TILED_MIN_FEATURES }), base.layers[1] as SceneLayerInput] });
    const changes = sceneChanges(prev, next);
    expect(changes.rebuildSources.map((l) => l.id)).toEqual(['a']);
    expect(changes.rebuiltStyleLayers.sort()).toEqual((prev.layers[0]?.styleLayers.map((s) => s.id) ?? []).sort());
    const added = changes.style.filter((c) => c.command === 'addLayer').map((c) => (c.command === 'addLayer' ? c.args[0].id : ''));
    expect(added.sort()).toEqual((next.layers[0]?.styleLayers.map((s) => s.id) ?? []).sort());
    expect(changes.style.some((c) => c.command === 'removeLayer')).toBe(false);
  });

  it('a filter on a clustered big layer is a new tile load (clusters are rebuilt); on a small one only setFilter', () => {
    const big = input([layer('a', { featureCount: TILED_MIN_FEATURES })]);
    const filters = { byLayer: { a: { conditions: [{ field: 'fatalities', op: 'gte' as const, value: 1 }] } }, window: null };
    expect(sceneChanges(mapScene(big), mapScene({ ...big, filters })).reloadSources.map((l) => l.id)).toEqual(['a']);
    const small = sceneChanges(mapScene(base), mapScene({ ...base, filters }));
    expect(small.reloadSources).toEqual([]);
    expect(new Set(small.style.map((c) => c.command))).toEqual(new Set(['setFilter']));
  });

  it('moving a layer above another re-adds only the moved style layers, before the right neighbour', () => {
    const prev = mapScene(base);
    const next = mapScene({ ...base, layers: [layer('a', { order: 5 }), base.layers[1] as SceneLayerInput] });
    const changes = sceneChanges(prev, next);
    const order = next.layers.flatMap((l) => l.styleLayers.map((s) => s.id));
    // Replaying the commands on the old order gives the new one.
    const replay = prev.layers.flatMap((l) => l.styleLayers.map((s) => s.id));
    for (const c of changes.style) {
      if (c.command === 'removeLayer') replay.splice(replay.indexOf(c.args[0]), 1);
      if (c.command === 'addLayer') {
        const at = c.args[1] === undefined ? replay.length : replay.indexOf(c.args[1]);
        replay.splice(at, 0, c.args[0].id);
      }
    }
    expect(replay).toEqual(order);
  });

  it('grid, basemap and highlights are flagged when they change', () => {
    const result: FeatureCollection = { type: 'FeatureCollection', features: [] };
    const prev = mapScene(base);
    expect(sceneChanges(prev, mapScene({ ...base, grid: 'mgrs' })).grid).toBe(true);
    expect(sceneChanges(prev, mapScene({ ...base, basemap: { view: { kind: 'bundled' }, rasterOpacity: 0.5 } })).basemap).toBe(true);
    expect(sceneChanges(prev, mapScene({ ...base, highlight: { result, resultMax: 3, selection: EMPTY_COLLECTION } })).highlight).toBe(true);
  });
});
