import { DOMParser } from '@xmldom/xmldom';
import type { Feature, Geometry } from 'geojson';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { getOutputFormat, listOutputFormats, type SerialisableLayer, type SerialiseOutput } from '../../../shared/io/serialise';
import { serialiseCsv } from '../../../shared/io/serialise/csv';
import { serialiseGeoJSON } from '../../../shared/io/serialise/geojson';
import { serialiseKml } from '../../../shared/io/serialise/kml';

const feature = (geometry: Geometry | null, properties: Record<string, unknown> = {}, id?: string | number): Feature =>
  ({ type: 'Feature', ...(id === undefined ? {} : { id }), properties, geometry }) as Feature;
const point = (x: number, y: number, props: Record<string, unknown> = {}) => feature({ type: 'Point', coordinates: [x, y] }, props);

const text = (o: SerialiseOutput) => {
  if (!('text' in o)) throw new Error('expected text output');
  return o.text;
};

const twoLayers: SerialisableLayer[] = [
  { name: 'incidents', features: [point(20.123456789, 6.5, { name: 'a' }), point(21, 7, { name: 'b' })] },
  { name: 'sites', features: [feature({ type: 'LineString', coordinates: [[1, 2], [3, 4]] }, { title: 'c' })] },
];

describe('output format registry', () => {
  it('lists geojson, kml, csv, gpx and gpkg with extensions and MIME types', () => {
    expect(listOutputFormats().map((f) => [f.id, f.extension])).toEqual([
      ['geojson', '.geojson'],
      ['kml', '.kml'],
      ['csv', '.csv'],
      ['gpx', '.gpx'],
      ['gpkg', '.gpkg'],
    ]);
    expect(getOutputFormat('gpkg')?.binary).toBe(true);
    expect(getOutputFormat('kml')?.mimeType).toBe('application/vnd.google-earth.kml+xml');
    expect(getOutputFormat('dxf')).toBeUndefined();
  });

  it('serialisers are pure: the input is not changed', () => {
    const layers = structuredClone(twoLayers);
    for (const f of listOutputFormats()) f.serialise(layers, { coordinatePrecision: 2 });
    expect(layers).toEqual(twoLayers);
  });
});

describe('GeoJSON serialiser', () => {
  it('one layer: a named FeatureCollection, features unchanged, one per line', () => {
    const out = text(serialiseGeoJSON([twoLayers[0] as SerialisableLayer]));
    const fc = JSON.parse(out) as { name: string; features: Feature[] };
    expect(fc.name).toBe('incidents');
    expect(fc.features).toEqual(twoLayers[0]?.features);
    expect(out.split('\n')).toHaveLength(5); // head, 2 features, tail, final newline
  });

  it('several layers: one FeatureCollection, the layer name in a "layer" property', () => {
    const fc = JSON.parse(text(serialiseGeoJSON(twoLayers))) as { name?: string; features: Feature[] };
    expect(fc.name).toBeUndefined();
    expect(fc.features.map((f) => f.properties?.layer)).toEqual(['incidents', 'incidents', 'sites']);
  });

  it('never overwrites a "layer" property: the layer name goes under "_layer" instead, with a warning', () => {
    const layers = [{ name: 'x', features: [point(1, 2, { layer: 'mine' })] }, { name: 'y', features: [] }];
    const out = serialiseGeoJSON(layers);
    const fc = JSON.parse(text(out)) as { features: Feature[] };
    expect(fc.features[0]?.properties).toEqual({ layer: 'mine', _layer: 'x' });
    expect(out.warnings).toEqual([expect.stringContaining('"_layer"')]);
  });

  it('rounds coordinates only when asked', () => {
    const rounded = JSON.parse(text(serialiseGeoJSON(twoLayers, { coordinatePrecision: 6 }))) as { features: Feature[] };
    expect(rounded.features[0]?.geometry).toEqual({ type: 'Point', coordinates: [20.123457, 6.5] });
    const full = JSON.parse(text(serialiseGeoJSON(twoLayers))) as { features: Feature[] };
    expect(full.features[0]?.geometry).toEqual({ type: 'Point', coordinates: [20.123456789, 6.5] });
  });

  it('writes an empty collection as valid JSON', () => {
    expect(text(serialiseGeoJSON([{ name: 'e', features: [] }]))).toBe('{"type":"FeatureCollection","name":"e","features":[]}\n');
  });
});

describe('CSV serialiser', () => {
  it('columns: layer, the union of property keys in first-seen order, then the geometry columns', () => {
    const rows = Papa.parse<Record<string, string>>(text(serialiseCsv(twoLayers)), { header: true, skipEmptyLines: true });
    expect(rows.meta.fields).toEqual(['layer', 'name', 'title', 'geometry_type', 'longitude', 'latitude', 'altitude', 'mgrs', 'wkt']);
    expect(rows.data.map((r) => [r.layer, r.name, r.title, r.geometry_type])).toEqual([
      ['incidents', 'a', '', 'Point'],
      ['incidents', 'b', '', 'Point'],
      ['sites', '', 'c', 'LineString'],
    ]);
    expect(rows.data[2]?.wkt).toBe('LINESTRING (1 2, 3 4)');
  });

  it('renames properties that clash with its own columns, and says so', () => {
    const out = serialiseCsv([{ name: 'l', features: [point(1, 2, { latitude: 'high', property_latitude: 'x', wkt: 'w' })] }]);
    const rows = Papa.parse<Record<string, string>>(text(out), { header: true, skipEmptyLines: true });
    expect(rows.data[0]).toMatchObject({ latitude: '2', property_latitude: 'high', property_property_latitude: 'x', property_wkt: 'w', wkt: '' });
    expect(out.warnings?.[0]).toMatch(/"latitude" as "property_latitude"/);
  });
});

describe('KML serialiser', () => {
  const parse = (kml: string) => new DOMParser().parseFromString(kml, 'text/xml');

  it('one Folder per layer, names from name or title, other properties in ExtendedData', () => {
    const doc = parse(text(serialiseKml(twoLayers)));
    const folders = Array.from(doc.getElementsByTagName('Folder'));
    expect(folders.map((f) => f.getElementsByTagName('name')[0]?.textContent)).toEqual(['incidents', 'sites']);
    expect(folders.map((f) => f.getElementsByTagName('Placemark').length)).toEqual([2, 1]);
    const c = folders[1]?.getElementsByTagName('Placemark')[0];
    expect(c?.getElementsByTagName('name')[0]?.textContent).toBe('c');
    expect(Array.from(c?.getElementsByTagName('Data') ?? []).map((d) => d.getAttribute('name'))).toEqual(['title']);
  });

  it('writes an HTML-looking description as text, a non-boolean visibility as data, and only XML-safe ids', () => {
    const f = feature({ type: 'Point', coordinates: [1, 2] }, { description: { '@type': 'html', value: '<script>x</script>' }, visibility: 'no' }, '12 bad id');
    const kml = text(serialiseKml([{ name: 'l', features: [f] }]));
    expect(kml).not.toContain('CDATA');
    expect(kml).not.toContain('<script>');
    expect(kml).not.toContain('<visibility>');
    expect(kml).toContain('<Data name="visibility_value"><value>no</value></Data>');
    expect(kml).not.toContain('id="12 bad id"');
  });

  it('keeps altitudes as the third coordinate', () => {
    const out = serialiseKml([{ name: 'l', features: [feature({ type: 'Point', coordinates: [1, 2, 300] })] }]);
    expect(out.warnings).toBeUndefined();
    expect(text(out)).toContain('<coordinates>1,2,300</coordinates>');
  });
});
