import { DOMParser } from '@xmldom/xmldom';
import type { Feature, Geometry } from 'geojson';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../../shared/import/registry';
import { defuseCell, serialiseCsv } from '../../../../shared/io/serialise/csv';
import { gpkgGeometry, serialiseGeoPackage } from '../../../../shared/io/serialise/geopackage';
import { serialiseGpx } from '../../../../shared/io/serialise/gpx';
import { kmlColor, serialiseKml } from '../../../../shared/io/serialise/kml';
import { bytesOfOutput, sourceLayers, textOf } from './helpers';
import { inEnglish } from '../../english';

const f = (geometry: Geometry | null, properties: Record<string, unknown> = {}, id?: string): Feature =>
  ({ type: 'Feature', ...(id ? { id } : {}), properties, geometry }) as Feature;

describe('CSV: spreadsheet formulas are defused', () => {
  it('prefixes text starting with = + - @ tab or CR with a quote, but not numbers', () => {
    expect(['=1+1', '+33 1', '-x', '@SUM(A1)', '\tx', '\rx'].map(defuseCell)).toEqual(["'=1+1", "'+33 1", "'-x", "'@SUM(A1)", "'\tx", "'\rx"]);
    expect(['-12.5', '+3', '-1e5', 'Bangui', '', "'quoted"].map(defuseCell)).toEqual(['-12.5', '+3', '-1e5', 'Bangui', '', "'quoted"]);
  });

  it('defuses cells and column names but never numbers or coordinates, and counts what it changed', () => {
    const out = serialiseCsv([{ name: '=layer', features: [f({ type: 'Point', coordinates: [-12.5, -7.25] }, { '=col': '=cmd|x', n: -4 })] }]);
    const rows = Papa.parse<Record<string, string>>(textOf(out), { header: true, skipEmptyLines: true });
    expect(rows.meta.fields?.slice(0, 3)).toEqual(['layer', "'=col", 'n']);
    expect(rows.data[0]).toMatchObject({ layer: "'=layer", "'=col": "'=cmd|x", n: '-4', longitude: '-12.5', latitude: '-7.25' });
    expect(out.warnings).toEqual(["2 cell(s) that a spreadsheet would run as a formula are prefixed with '"]);
  });
});

describe('KML: styles', () => {
  it('one Style per layer in the layer colour, referenced by every Placemark', () => {
    expect(kmlColor('#1e88e5', 255)).toBe('ffe5881e');
    expect(kmlColor('#1e88e5', 102)).toBe('66e5881e');
    const kml = textOf(
      serialiseKml([
        { name: 'sites', color: '#1e88e5', features: [f({ type: 'Point', coordinates: [1, 2] }, { name: 'a' })] },
        { name: 'ddr', color: '#ef6c00', features: [f({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }, { name: 'b' })] },
      ]),
    );
    const doc = new DOMParser().parseFromString(kml, 'text/xml');
    const styles = Array.from(doc.getElementsByTagName('Style'));
    expect(styles.map((s) => [s.getAttribute('id'), s.getElementsByTagName('IconStyle')[0]?.textContent, s.getElementsByTagName('PolyStyle')[0]?.textContent])).toEqual([
      ['layer-0', 'ffe5881e', '66e5881e'],
      ['layer-1', 'ff006cef', '66006cef'],
    ]);
    expect(Array.from(doc.getElementsByTagName('styleUrl')).map((s) => s.textContent)).toEqual(['#layer-0', '#layer-1']);
  });
});

describe('GPX', () => {
  it('points → wpt, lines → rte, multi-lines → trk; polygons and unlocated features refused with reasons', async () => {
    const layers = await sourceLayers('mixed.geojson');
    const out = serialiseGpx(layers);
    const doc = new DOMParser().parseFromString(textOf(out), 'text/xml');
    expect(doc.getElementsByTagName('wpt')).toHaveLength(4); // 2 points + a 2-point MultiPoint
    expect(doc.getElementsByTagName('rte')).toHaveLength(1);
    expect(doc.getElementsByTagName('trk')).toHaveLength(1);
    expect(doc.getElementsByTagName('trkseg')).toHaveLength(2);
    expect(out.refused?.map((r) => [r.index, r.id, r.reason])).toEqual([
      [3, 'area-1', 'GPX has no polygons (only waypoints, routes and tracks)'],
      [6, 'zones-1', 'GPX has no polygons (only waypoints, routes and tracks)'],
      [7, 'unlocated-1', 'it has no location'],
    ]);
    // Read back by the app's GPX importer: names, times and altitude survive.
    const back = await parseFile('back.gpx', new TextEncoder().encode(textOf(out)));
    if (!back.ok) throw new Error(inEnglish(back.error));
    const all = back.layers.flatMap((l) => l.features);
    expect(all.map((x) => x.properties?.name)).toEqual(
      expect.arrayContaining(['Bangui – Boy-Rabé', 'Bria', 'MSR-1 Bangui → Damara', 'Ouham river patrol']),
    );
    const bria = all.find((x) => x.properties?.name === 'Bria');
    expect(bria?.geometry).toEqual({ type: 'Point', coordinates: [21.9861, 6.5423, 570] });
    expect(bria?.properties?.time).toBe('2026-11-21T06:05:00.000Z');
  });
});

describe('GeoPackage', () => {
  it('geometry blobs: GP header, little-endian, envelope for non-points, SRS 4326', () => {
    const { blob } = gpkgGeometry({ type: 'Point', coordinates: [18.5, 4.25] });
    expect([...blob.slice(0, 4)]).toEqual([0x47, 0x50, 0, 1]);
    const v = new DataView(blob.buffer, blob.byteOffset);
    expect(v.getInt32(4, true)).toBe(4326);
    expect(blob.length).toBe(8 + 21);
    const line = gpkgGeometry({ type: 'LineString', coordinates: [[1, 2], [3, -4]] });
    expect(line.blob[3]).toBe(0b011);
    expect(line.env).toEqual([1, 3, -4, 2]);
    expect(gpkgGeometry({ type: 'Point', coordinates: [1, 2, 3] }).z).toBe(true);
  });

  it('read back by the app\'s GeoPackage importer gives the same features', async () => {
    const layers = await sourceLayers('mixed.geojson');
    const out = await serialiseGeoPackage(layers);
    const back = await parseFile('back.gpkg', bytesOfOutput(out));
    if (!back.ok) throw new Error(inEnglish(back.error));
    expect(back.layers.map((l) => l.name)).toEqual(['Mixed – CAR']);
    const source = layers[0]?.features ?? [];
    const got = back.layers[0]?.features ?? [];
    expect(got).toHaveLength(source.length);
    got.forEach((g, i) => {
      const s = source[i] as Feature;
      expect(g.geometry).toEqual(s.geometry);
      expect(g.properties?.feature_id).toBe(s.id);
      expect(g.properties?.name).toBe(s.properties?.name);
      expect(g.properties?.fatalities ?? null).toBe(s.properties?.fatalities ?? null);
      expect(g.properties?.score ?? null).toBe(s.properties?.score ?? null);
    });
  });

  it('renames columns that clash case-insensitively and tables with reserved names, and says so', async () => {
    const out = await serialiseGeoPackage([
      { name: 'gpkg_things', features: [f({ type: 'Point', coordinates: [1, 2] }, { Name: 'a', name: 'b', fid: 3 })] },
    ]);
    expect(out.warnings).toEqual([
      'layer "gpkg_things" is the table "layer_gpkg_things"',
      'gpkg_things: properties written under another column name: "name" as "name_2", "fid" as "fid_2"',
    ]);
  });
});
