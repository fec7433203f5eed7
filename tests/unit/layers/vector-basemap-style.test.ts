import { describe, expect, it } from 'vitest';
import { validateStyleMin, type LayerSpecification, type StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { roleOf, vectorBasemapLayers } from '../../../shared/layers/vector-basemap-style';
import type { VectorLayerInfo } from '../../../shared/basemaps/tile-archive';

const named = { class: 'String', name: 'String', 'name:fr': 'String' };
const OPENMAPTILES: VectorLayerInfo[] = ['water', 'waterway', 'landcover', 'landuse', 'park', 'boundary', 'transportation', 'building', 'water_name', 'transportation_name', 'place', 'poi', 'aeroway', 'mountain_peak', 'housenumber'].map(
  (id) => ({ id, fields: id.endsWith('name') || ['place', 'poi', 'mountain_peak'].includes(id) ? named : { class: 'String' } }),
);
const PROTOMAPS: VectorLayerInfo[] = ['earth', 'landcover', 'landuse', 'natural', 'water', 'physical_line', 'roads', 'transit', 'buildings', 'boundaries', 'pois', 'places'].map((id) => ({
  id,
  fields: ['roads', 'places', 'pois', 'water'].includes(id) ? { kind: 'String', name: 'String' } : ({ kind: 'String' } as Record<string, string>),
}));

function style(layers: LayerSpecification[]): StyleSpecification {
  return { version: 8, sources: { bm: { type: 'vector', url: 'pmtiles://x' } }, layers };
}
const errors = (layers: LayerSpecification[]) => validateStyleMin(style(layers)).map((e) => e.message);
const ids = (layers: LayerSpecification[]) => layers.map((l) => l.id);

describe('vectorBasemapLayers', () => {
  const opts = { sourceId: 'bm', layerPrefix: 'basemap-v-' };

  it('gives OpenMapTiles and Protomaps schemas a valid style', () => {
    expect(errors(vectorBasemapLayers(OPENMAPTILES, opts))).toEqual([]);
    expect(errors(vectorBasemapLayers(PROTOMAPS, { ...opts, lang: 'fr' }))).toEqual([]);
  });

  it('fills water, parks and buildings, draws roads, rivers and borders, and names places', () => {
    const layers = vectorBasemapLayers(OPENMAPTILES, opts);
    expect(ids(layers)).toEqual(
      expect.arrayContaining(['basemap-v-water-fill', 'basemap-v-park-fill', 'basemap-v-building-fill', 'basemap-v-transportation-line', 'basemap-v-transportation-casing', 'basemap-v-waterway-line', 'basemap-v-boundary-line', 'basemap-v-place-label']),
    );
    const water = layers.find((l) => l.id === 'basemap-v-water-fill');
    expect(water).toMatchObject({ type: 'fill', source: 'bm', 'source-layer': 'water', paint: { 'fill-color': '#d9e3ea' } });
    const place = layers.find((l) => l.id === 'basemap-v-place-label');
    // No name:en field in these tiles: the plain name.
    expect(place?.type === 'symbol' && place.layout?.['text-field']).toEqual(['get', 'name']);
  });

  it('labels in the UI language when the tiles have that name field', () => {
    const place = vectorBasemapLayers(OPENMAPTILES, { ...opts, lang: 'fr' }).find((l) => l.id === 'basemap-v-place-label');
    expect(place?.type === 'symbol' && place.layout?.['text-field']).toEqual(['coalesce', ['get', 'name:fr'], ['get', 'name']]);
  });

  it('draws land first, then water, roads above water, labels on top', () => {
    const order = ids(vectorBasemapLayers(OPENMAPTILES, opts));
    const at = (id: string) => order.indexOf(id);
    expect(at('basemap-v-background')).toBe(0);
    expect(at('basemap-v-landcover-fill')).toBeLessThan(at('basemap-v-water-fill'));
    expect(at('basemap-v-water-fill')).toBeLessThan(at('basemap-v-transportation-line'));
    expect(at('basemap-v-transportation-line')).toBeLessThan(at('basemap-v-place-label'));
    expect(order.at(-1)).toBe('basemap-v-place-label');
  });

  it('still draws a layer of unknown name, and needs no glyphs or sprite', () => {
    const layers = vectorBasemapLayers([{ id: 'Survey_2019', fields: {} }], opts);
    expect(ids(layers)).toEqual(['basemap-v-background', 'basemap-v-Survey_2019-fill', 'basemap-v-Survey_2019-line', 'basemap-v-Survey_2019-point']);
    expect(errors(layers)).toEqual([]);
    expect(layers.some((l) => l.type === 'symbol' && l.layout?.['icon-image'] !== undefined)).toBe(false);
  });

  it('recognises the common layer names', () => {
    expect(['water', 'ocean', 'waterway', 'roads', 'transportation', 'place', 'places', 'boundaries', 'buildings', 'park', 'earth', 'landuse', 'water_name', 'pois'].map(roleOf)).toEqual([
      'water',
      'water',
      'waterway',
      'road',
      'road',
      'place',
      'place',
      'boundary',
      'building',
      'park',
      'earth',
      'landcover',
      'label',
      'label',
    ]);
  });
});
