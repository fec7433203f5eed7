import { describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { Feature } from 'geojson';
import { diffTileFeatures, LayerTiles, ServedTiles, tileFeaturesOfChunk, type TileAddress } from '../../../shared/tiles/layer-tiles';
import { TILE_SOURCE_LAYER } from '../../../shared/layers/tile-grid';
import { CLUSTER_MAX_ZOOM, MAP_FEATURE_ID } from '../../../shared/layers/layer-style';
import { incidentBatch } from '../../../scripts/bench/synthetic-incidents';

function tileAt(lng: number, lat: number, z: number): TileAddress {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lng + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n) };
}

function decode(bytes: Uint8Array | null): Record<string, unknown>[] {
  if (!bytes) return [];
  const layer = new VectorTile(new PbfReader(bytes)).layers[TILE_SOURCE_LAYER];
  if (!layer) return [];
  return Array.from({ length: layer.length }, (_, i) => ({ ...layer.feature(i).properties, $id: layer.feature(i).id }));
}

const at = (t: TileAddress, tiles: LayerTiles, keep: ReadonlySet<string> | null = null) => decode(tiles.tile(t.z, t.x, t.y, keep));
const idOf = (f: Feature) => f.properties?.[MAP_FEATURE_ID] as string;
const moved = (f: Feature, lng: number, lat: number, props: Record<string, unknown> = {}): Feature => ({
  ...f,
  geometry: { type: 'Point', coordinates: [lng, lat] },
  properties: { ...f.properties, ...props },
});
/** Cluster counts plus single points of a tile: what a world tile says the layer holds. */
const counted = (fs: Record<string, unknown>[]) => fs.reduce((n, f) => n + (f.cluster ? (f.point_count as number) : 1), 0);

const base = (): Feature[] => tileFeaturesOfChunk('incident', JSON.stringify(incidentBatch(0, 5_000)));

describe('diffTileFeatures', () => {
  it('names the features put, changed or gone, and leaves the unchanged ones out', () => {
    const [a, b, c] = base();
    const a2 = moved(a!, 10, 10);
    const d = { ...c!, properties: { ...c!.properties, [MAP_FEATURE_ID]: 'new-one' } };
    const change = diffTileFeatures([a!, b!, c!], [a2, b!, d]);
    expect(change?.put.map(idOf)).toEqual([idOf(a2), 'new-one']);
    expect(change?.removed).toEqual([idOf(c!)]);
    expect(change?.before.map(idOf).sort()).toEqual([idOf(a!), idOf(c!)].sort());
  });

  it('gives up on features without an id', () => {
    const [a] = base();
    expect(diffTileFeatures([{ ...a!, properties: {} }], [])).toBeNull();
  });
});

describe('LayerTiles.update', () => {
  it('moves a point in place: the new place draws it, the old one no more, the counts hold', () => {
    const features = base();
    const tiles = LayerTiles.build(features, { cluster: true });
    const first = features[0]!;
    const [lng, lat] = (first.geometry as unknown as { coordinates: [number, number] }).coordinates;
    const z = CLUSTER_MAX_ZOOM + 3;
    const from = tileAt(lng, lat, z);
    const to = tileAt(lng + 1, lat + 1, z);
    expect(at(from, tiles).some((f) => f[MAP_FEATURE_ID] === idOf(first))).toBe(true);
    const after = moved(first, lng + 1, lat + 1, { eventType: 'Protests' });
    tiles.update({ removed: [], put: [after], before: [first] }, 0);
    expect(at(from, tiles).some((f) => f[MAP_FEATURE_ID] === idOf(first))).toBe(false);
    expect(at(to, tiles).find((f) => f[MAP_FEATURE_ID] === idOf(first))).toMatchObject({ eventType: 'Protests' });
    // The id travels in MAP_FEATURE_ID only: an MVT id would be a wrong integer.
    expect(at(to, tiles).find((f) => f[MAP_FEATURE_ID] === idOf(first))?.$id).toBeUndefined();
    expect(counted(at({ z: 0, x: 0, y: 0 }, tiles))).toBe(features.length);
    expect(tiles.featureCount).toBe(features.length);
  });

  it('removes a deleted feature from the clusters and the tiles', () => {
    const features = base();
    const tiles = LayerTiles.build(features, { cluster: true });
    const gone = features.slice(0, 10);
    tiles.update({ removed: gone.map(idOf), put: [], before: gone }, -10);
    expect(counted(at({ z: 0, x: 0, y: 0 }, tiles))).toBe(features.length - 10);
    expect(tiles.featureCount).toBe(features.length - 10);
    const [lng, lat] = (gone[0]!.geometry as unknown as { coordinates: [number, number] }).coordinates;
    expect(at(tileAt(lng, lat, CLUSTER_MAX_ZOOM + 3), tiles).some((f) => f[MAP_FEATURE_ID] === idOf(gone[0]!))).toBe(false);
  });

  it('updates an unclustered index the same way as building it again', () => {
    const features = base();
    const tiles = LayerTiles.build(features, { cluster: false });
    const after = features.slice(0, 50).map((f, i) => moved(f, 20 + i * 0.001, 5));
    tiles.update({ removed: [], put: after, before: features.slice(0, 50) }, 0);
    const fresh = LayerTiles.build([...features.slice(50), ...after], { cluster: false });
    for (const t of [tileAt(20, 5, 10), tileAt(20, 5, 14), { z: 0, x: 0, y: 0 }]) {
      const ids = (ts: LayerTiles) => at(t, ts).map((f) => f[MAP_FEATURE_ID]).sort();
      expect(ids(tiles)).toEqual(ids(fresh));
    }
  });
});

describe('ServedTiles', () => {
  it('names only the served tiles whose bytes changed', () => {
    const features = base();
    const tiles = LayerTiles.build(features, { cluster: true });
    const first = features[0]!;
    const [lng, lat] = (first.geometry as unknown as { coordinates: [number, number] }).coordinates;
    const served = new ServedTiles(100);
    const near = tileAt(lng, lat, 14);
    const far = tileAt(lng + 3, lat + 3, 14);
    const world = { z: 0, x: 0, y: 0 };
    for (const t of [near, far, world]) served.record(t, tiles.tile(t.z, t.x, t.y));
    expect(served.changed(tiles, null)).toEqual([]);
    tiles.update({ removed: [], put: [moved(first, lng + 0.5, lat)], before: [first] }, 0);
    // The world tile's cluster moved a little; the far tile is untouched.
    const changed = served.changed(tiles, null);
    expect(changed).toContainEqual(near);
    expect(changed).not.toContainEqual(far);
    // Served again as they are now, nothing differs any more.
    for (const t of changed) served.record(t, tiles.tile(t.z, t.x, t.y));
    expect(served.changed(tiles, null)).toEqual([]);
  });

  it('is no longer complete past its limit', () => {
    const served = new ServedTiles(2);
    for (let x = 0; x < 3; x++) served.record({ z: 2, x, y: 0 }, null);
    expect(served.complete).toBe(false);
  });
});

describe('LayerTiles.touchedBy', () => {
  it('names every tile whose content changed (checked against cutting them all), sparing far ones', () => {
    for (const cluster of [true, false]) {
      const features = base();
      const tiles = LayerTiles.build(features, { cluster });
      const first = features[0]!;
      const [lng, lat] = (first.geometry as unknown as { coordinates: [number, number] }).coordinates;
      const spared = new ServedTiles(1_000);
      // Content as a sorted list: a clustered index cut again may list the same points in another order.
      const content = (t: TileAddress) => JSON.stringify(at(t, tiles).map((f) => JSON.stringify(f)).sort());
      const before = new Map<TileAddress, string>();
      for (const z of [0, 3, 6, 9, 10, 12, 14]) {
        const c = tileAt(lng + 0.1, lat + 0.1, z);
        for (let dx = -2; dx <= 2; dx++)
          for (let dy = -2; dy <= 2; dy++) {
            const t = { z, x: c.x + dx, y: c.y + dy };
            before.set(t, content(t));
            spared.record(t, tiles.tile(t.z, t.x, t.y));
          }
      }
      const change = { removed: [], put: [moved(first, lng + 0.2, lat + 0.2)], before: [first] };
      tiles.update(change, 0);
      const exact = [...before].filter(([t, was]) => content(t) !== was).map(([t]) => t);
      const quick = spared.changed(tiles, null, tiles.touchedBy(change));
      expect(exact.length).toBeGreaterThan(0);
      for (const t of exact) expect(quick).toContainEqual(t);
      expect(tiles.touchedBy(change)(tileAt(lng + 5, lat + 5, 12))).toBe('no');
    }
  });
});
