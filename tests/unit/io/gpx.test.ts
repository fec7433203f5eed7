/**
 * GPX and TCX import: layers by kind, times kept per point, safety and detection. Hand-written
 * fixtures live in tests/fixtures/gpx/hand; the togeojson corpus is in gpx-togeojson.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseGpx, parseTcx } from '../../../shared/io/gpx';
import { detectFormat, getFormat } from '../../../shared/import/registry';
import type { ParseResult } from '../../../shared/io/types';
import { parseXmlBytes } from '../../../shared/io/xml';
import { inEnglish } from '../english';

const FIXTURES = join(__dirname, '../../fixtures/gpx');

function bytesOf(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, rel)));
}

function ok(r: ParseResult): Extract<ParseResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected success, got: ${r.error}`);
  return r;
}

function layerSummary(r: ParseResult): [string, number][] {
  return ok(r).layers.map((l) => [l.name, l.features.length]);
}

describe('GPX', () => {
  it('puts GPX 1.0 waypoints, routes and tracks in their own layers, with times', () => {
    const r = ok(parseGpx(bytesOf('hand/gpx10.gpx'), 'gpx10.gpx'));
    expect(layerSummary(r)).toEqual([
      ['Waypoints', 1],
      ['Routes', 1],
      ['Tracks', 2],
    ]);
    const [waypoints, routes, tracks] = r.layers;
    expect(waypoints?.features[0]?.properties).toMatchObject({ name: 'Camp', time: '2026-11-22T08:00:00Z' });
    expect(routes?.features[0]?.geometry?.type).toBe('LineString');
    expect(tracks?.features.map((f) => f.geometry?.type)).toEqual(['LineString', 'MultiLineString']);
    expect(tracks?.features[0]?.properties?.coordinateProperties).toEqual({
      times: ['2026-11-22T08:00:00Z', '2026-11-22T08:05:00Z', '2026-11-22T08:10:00Z'],
    });
    expect(tracks?.features[0]?.geometry).toEqual({
      type: 'LineString',
      coordinates: [
        [18.52, 4.33, 370],
        [18.53, 4.34, 371],
        [18.54, 4.35, 372],
      ],
    });
    expect(r.warnings).toEqual([]);
  });

  it('puts GPX 1.1 layers in the order Waypoints, Routes, Tracks', () => {
    expect(layerSummary(parseGpx(bytesOf('togeojson/in/gdal.gpx'), 'gdal.gpx'))).toEqual([
      ['Waypoints', 2],
      ['Routes', 1],
      ['Tracks', 1],
    ]);
  });

  it('refuses a waypoint with an impossible latitude, with its index, and keeps the rest', () => {
    const r = ok(parseGpx(bytesOf('hand/bad-coords.gpx'), 'bad-coords.gpx'));
    expect(layerSummary(r)).toEqual([['Waypoints', 2]]);
    expect(r.refused).toEqual([expect.objectContaining({ code: 'coords-out-of-range', index: 1, severity: 'error' })]);
  });

  it('accepts a GPX without usable content as one empty layer with a warning', () => {
    const r = ok(parseGpx(bytesOf('togeojson/in/empty_trk.gpx'), 'empty_trk.gpx'));
    expect(layerSummary(r)).toEqual([['empty_trk', 0]]);
    expect(r.warnings.map((w) => w.code)).toEqual(['no-features']);
  });

  it('refuses a DOCTYPE with entities', () => {
    expect(parseXmlBytes(bytesOf('hand/entity-bomb.gpx'))).toMatchObject({ ok: false, code: 'xml-entities' });
    const r = parseGpx(bytesOf('hand/entity-bomb.gpx'), 'entity-bomb.gpx');
    expect(!r.ok && inEnglish(r.error)).toMatch(/^refused: .*ENTITY/);
  });

  it('reports malformed XML with a line number', () => {
    const r = parseGpx(bytesOf('hand/malformed.gpx'), 'malformed.gpx');
    // xmldom places this mismatch at the end of line 6 (the error is on line 7).
    expect(!r.ok && inEnglish(r.error)).toMatch(/^not well-formed XML at line [67], column \d+: .*"trkseg" != "trk"/);
  });

  it('refuses XML that is not GPX', () => {
    const r = parseGpx(strToU8('<kml/>'), 'x.gpx');
    expect(!r.ok && inEnglish(r.error)).toBe('not GPX: the document\'s root element is <kml>, not <gpx>');
  });

  it('accepts undeclared Garmin extension prefixes', () => {
    const gpx = '<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="2"><extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>120</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions></trkpt><trkpt lat="1.1" lon="2.1"/></trkseg></trk></gpx>';
    expect(layerSummary(parseGpx(strToU8(gpx), 'hr.gpx'))).toEqual([['Tracks', 1]]);
  });
});

describe('TCX', () => {
  it('puts activity laps in "Activities" with times', () => {
    const r = ok(parseTcx(bytesOf('togeojson/in/sample.tcx'), 'sample.tcx'));
    expect(layerSummary(r)).toEqual([['Activities', 1]]);
    const times = r.layers[0]?.features[0]?.properties?.coordinateProperties as { times?: unknown[] };
    expect(Array.isArray(times.times)).toBe(true);
  });

  it('puts courses in "Courses"', () => {
    expect(layerSummary(parseTcx(bytesOf('togeojson/in/tcx-courses.tcx'), 'tcx-courses.tcx'))).toEqual([['Courses', 1]]);
  });

  it('separates activities from courses in one file', () => {
    const point = (lat: number, lon: number) =>
      `<Trackpoint><Time>2026-11-22T08:00:00Z</Time><Position><LatitudeDegrees>${lat}</LatitudeDegrees><LongitudeDegrees>${lon}</LongitudeDegrees></Position></Trackpoint>`;
    const track = `<Track>${point(4.3, 18.5)}${point(4.4, 18.6)}</Track>`;
    const tcx = `<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
      <Activities><Activity Sport="Other"><Lap StartTime="2026-11-22T08:00:00Z">${track}</Lap><Lap StartTime="2026-11-22T09:00:00Z">${track}</Lap></Activity></Activities>
      <Courses><Course><Name>Loop</Name><Lap><TotalTimeSeconds>60</TotalTimeSeconds></Lap>${track}</Course></Courses>
    </TrainingCenterDatabase>`;
    expect(layerSummary(parseTcx(strToU8(tcx), 'both.tcx'))).toEqual([
      ['Activities', 2],
      ['Courses', 1],
    ]);
  });
});

describe('GPX and TCX detection', () => {
  it('detects by extension and by content', () => {
    expect(detectFormat('a.gpx', bytesOf('hand/gpx10.gpx'))?.id).toBe('gpx');
    expect(detectFormat('upload', bytesOf('hand/gpx10.gpx'))?.id).toBe('gpx');
    expect(detectFormat('upload.xml', bytesOf('togeojson/in/sample.tcx'))?.id).toBe('tcx');
    expect(detectFormat('a.tcx', bytesOf('togeojson/in/sample.tcx'))?.id).toBe('tcx');
  });

  it('declares the GPX MIME type', () => {
    expect(getFormat('gpx')?.mimeTypes).toEqual(['application/gpx+xml']);
  });
});
