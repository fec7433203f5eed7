import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateStyleMin, type StyleSpecification, type SymbolLayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { BASEMAP_FILES, basemapStyle, countryLabelField } from '../../../shared/layers/basemap-style';

const dataDir = fileURLToPath(new URL('../../../data/', import.meta.url));
const BASE = 'http://localhost:5173/index.html';

function errorsOf(style: StyleSpecification): string[] {
  return validateStyleMin(style).map((e) => e.message);
}

describe('basemapStyle', () => {
  it('validates against the style specification in both languages', () => {
    expect(errorsOf(basemapStyle(BASE, { lang: 'en' }))).toEqual([]);
    expect(errorsOf(basemapStyle(BASE, { lang: 'fr' }))).toEqual([]);
  });

  it('needs no network: no glyphs, no sprite, every source under the page', () => {
    const style = basemapStyle('app://bundle/index.html');
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    for (const source of Object.values(style.sources)) {
      expect(source.type).toBe('geojson');
      const data = (source as { data: unknown }).data;
      expect(typeof data).toBe('string');
      expect(String(data)).toMatch(/^app:\/\/bundle\/basemap\/[\w-]+\.json$/);
    }
  });

  it('names countries in the UI language', () => {
    const labels = (lang: 'en' | 'fr') =>
      basemapStyle(BASE, { lang }).layers.find((l) => l.id === 'basemap-country-labels') as SymbolLayerSpecification;
    expect(labels('en').layout?.['text-field']).toEqual(countryLabelField('en'));
    expect(labels('fr').layout?.['text-field']).toEqual(['coalesce', ['get', 'name_fr'], ['get', 'name']]);
  });

  it('draws sea, land, borders, disputed borders, cities and country names', () => {
    const ids = basemapStyle(BASE).layers.map((l) => l.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'basemap-sea',
        'basemap-land',
        'basemap-boundaries',
        'basemap-boundaries-disputed',
        'basemap-place-labels',
        'basemap-country-labels',
      ]),
    );
    const disputed = basemapStyle(BASE).layers.find((l) => l.id === 'basemap-boundaries-disputed');
    expect(disputed?.type === 'line' && disputed.paint?.['line-dasharray']).toBeTruthy();
  });
});

describe('basemap files', () => {
  const style = basemapStyle(BASE);
  const referenced = Object.values(style.sources).map((s) => new URL(String((s as { data: unknown }).data)).pathname.replace(/^\//, ''));

  it('references every committed basemap file', () => {
    expect(referenced.sort()).toEqual(Object.values(BASEMAP_FILES).sort());
  });

  it.each(Object.values(BASEMAP_FILES))('%s exists and is a FeatureCollection with features', (path) => {
    const file = `${dataDir}${path}`;
    expect(existsSync(file)).toBe(true);
    const json = JSON.parse(readFileSync(file, 'utf8')) as { type: string; features: { type: string; geometry: { type: string; coordinates: unknown } }[] };
    expect(json.type).toBe('FeatureCollection');
    expect(json.features.length).toBeGreaterThan(0);
    for (const f of json.features) {
      expect(f.type).toBe('Feature');
      expect(['Point', 'MultiLineString', 'LineString', 'Polygon', 'MultiPolygon']).toContain(f.geometry.type);
      expect(Array.isArray(f.geometry.coordinates)).toBe(true);
    }
  });

  it('keeps the basemap small', () => {
    const bytes = Object.values(BASEMAP_FILES).reduce((sum, path) => sum + readFileSync(`${dataDir}${path}`).byteLength, 0);
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
  });

  it('has French country names', () => {
    const labels = JSON.parse(readFileSync(`${dataDir}${BASEMAP_FILES.countryLabels}`, 'utf8')) as {
      features: { properties: { name: string; name_fr: string } }[];
    };
    const germany = labels.features.find((f) => f.properties.name === 'Germany');
    expect(germany?.properties.name_fr).toBe('Allemagne');
  });
});
