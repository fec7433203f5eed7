import { describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { Feature } from 'geojson';
import { LayerTiles, tileFeaturesOfChunk } from '../../../shared/tiles/layer-tiles';
import { TILE_EXTENT, TILE_SOURCE_LAYER } from '../../../shared/layers/tile-grid';
import { CLUSTER_MAX_ZOOM, MAP_FEATURE_ID } from '../../../shared/layers/layer-style';
import { incidentBatch } from '../../../scripts/bench/synthetic-incidents';

/** The tile holding a position at zoom z (web mercator, as MapLibre asks for them). */
function tileAt(lng: number, lat: number, z: number): [number, number, number] {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return [z, Math.floor(((lng + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)];
}

function decode(bytes: Uint8Array | null): Record<string, unknown>[] {
  if (!bytes) return [];
  const layer = new VectorTile(new PbfReader(bytes)).layers[TILE_SOURCE_LAYER];
  if (!layer) return [];
  expect(layer.extent).toBe(TILE_EXTENT);
  return Array.from({ length: layer.length }, (_, i) => ({ ...layer.feature(i).properties, $type: layer.feature(i).type }));
}

const chunkOf = (features: unknown[]) => JSON.stringify(features);

describe('tileFeaturesOfChunk', () => {
  it('keeps the properties the map reads, copies the id, and drops features without geometry', () => {
    const [a, b] = incidentBatch(0, 2);
    const stored = [a, { ...b, geometry: null }];
    const out = tileFeaturesOfChunk('incident', chunkOf(stored));
    expect(out).toHaveLength(1);
    const props = out[0]?.properties as Record<string, unknown>;
    expect(props[MAP_FEATURE_ID]).toBe(a?.id);
    expect(props.eventType).toBe(a?.properties.eventType);
    expect(props.fatalities).toBe(a?.properties.fatalities);
    // Who made it and the source are for the inspector, not the map.
    expect(props).not.toHaveProperty('createdBy');
    expect(props).not.toHaveProperty('source');
    expect(out[0]).not.toHaveProperty('id');
  });

  it('keeps every imported attribute of a reference layer', () => {
    const f = { type: 'Feature', id: 'r1', geometry: { type: 'Point', coordinates: [1, 2] }, properties: { anything: 'kept', n: 3 } };
    expect(tileFeaturesOfChunk('reference', chunkOf([f]))[0]?.properties).toEqual({ anything: 'kept', n: 3, [MAP_FEATURE_ID]: 'r1' });
  });
});

describe('LayerTiles', () => {
  const incidents = incidentBatch(0, 20_000);
  const features = tileFeaturesOfChunk('incident', chunkOf(incidents));

  it('clusters every point at low zoom: the counts of one world tile add up to the layer', () => {
    const tiles = LayerTiles.build(features, { cluster: true });
    const world = decode(tiles.tile(0, 0, 0));
    expect(world.length).toBeGreaterThan(0);
    expect(world.every((f) => f.cluster === true || f[MAP_FEATURE_ID])).toBe(true);
    const counted = world.reduce((n, f) => n + (f.cluster ? (f.point_count as number) : 1), 0);
    expect(counted).toBe(incidents.length);
  });

  it('gives single incidents with their id and style properties past the cluster zoom', () => {
    const tiles = LayerTiles.build(features, { cluster: true });
    const first = incidents[0]!;
    const [lng, lat] = (first.geometry as unknown as { coordinates: [number, number] }).coordinates;
    const near = decode(tiles.tile(...tileAt(lng, lat, CLUSTER_MAX_ZOOM + 3)));
    expect(near.some((f) => f.cluster)).toBe(false);
    const hit = near.find((f) => f[MAP_FEATURE_ID] === first.id);
    expect(hit).toMatchObject({ eventType: first.properties.eventType, eventDate: first.properties.eventDate, $type: 1 });
  });

  it('expands a cluster to a zoom where it breaks apart', () => {
    const tiles = LayerTiles.build(features, { cluster: true });
    const cluster = decode(tiles.tile(0, 0, 0)).find((f) => f.cluster)!;
    const zoom = tiles.clusterExpansionZoom(cluster.cluster_id as number);
    expect(zoom).toBeGreaterThan(0);
    expect(zoom).toBeLessThanOrEqual(CLUSTER_MAX_ZOOM + 1);
  });

  it('without clustering keeps every point (the heatmap needs them all)', () => {
    const tiles = LayerTiles.build(features, { cluster: false });
    expect(decode(tiles.tile(0, 0, 0)).filter((f) => f.cluster)).toHaveLength(0);
    expect(tiles.clusterExpansionZoom(1)).toBeNull();
  });

  it('cuts lines and polygons too, and answers null where the layer has nothing', () => {
    const shapes: Feature[] = [
      { type: 'Feature', geometry: { type: 'LineString', coordinates: [[0, 0], [10, 5]] }, properties: { [MAP_FEATURE_ID]: 'line' } },
      { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[20, 0], [25, 0], [25, 5], [20, 0]]] }, properties: { [MAP_FEATURE_ID]: 'area' } },
    ];
    const tiles = LayerTiles.build(shapes, { cluster: false });
    expect(decode(tiles.tile(2, 2, 1)).map((f) => [f[MAP_FEATURE_ID], f.$type])).toEqual([
      ['line', 2],
      ['area', 3],
    ]);
    expect(tiles.tile(3, 0, 0)).toBeNull();
  });
});

describe('LayerTiles: tiles that carry only what the map reads', () => {
  it('narrows single features to the given properties and leaves cluster counts whole', () => {
    const tiles = LayerTiles.build(tileFeaturesOfChunk('incident', chunkOf(incidentBatch(0, 20_000))), { cluster: true });
    const keep = new Set([MAP_FEATURE_ID, 'eventType']);
    const world = decode(tiles.tile(0, 0, 0, keep));
    const cluster = world.find((f) => f.cluster)!;
    expect(cluster).toHaveProperty('point_count');
    expect(cluster).toHaveProperty('point_count_abbreviated');
    const first = incidentBatch(0, 1)[0]!;
    const [lng, lat] = (first.geometry as unknown as { coordinates: [number, number] }).coordinates;
    const single = decode(tiles.tile(...tileAt(lng, lat, CLUSTER_MAX_ZOOM + 3), keep)).find((f) => f[MAP_FEATURE_ID] === first.id);
    expect(single).toEqual({ [MAP_FEATURE_ID]: first.id, eventType: first.properties.eventType, $type: 1 });
  });
});
