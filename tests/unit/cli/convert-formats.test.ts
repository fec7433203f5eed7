import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../shared/cli/run';
import { parseFile } from '../../../shared/import/registry';
import { fixture, memoryIo } from './helpers';
import { inEnglish } from '../english';

/** `cop convert --to gpx|gpkg`: the formats added with the app's data export, same serialisers. */

describe('cop convert --to gpx', () => {
  it('writes waypoints and routes, and names on stderr every feature GPX cannot hold', async () => {
    const m = memoryIo();
    expect(await runCli(['convert', fixture('valid.geojson'), '--to', 'gpx'], m.io)).toBe(0);
    const doc = new DOMParser().parseFromString(m.stdout(), 'text/xml');
    expect(doc.documentElement?.getAttribute('version')).toBe('1.1');
    expect(Array.from(doc.getElementsByTagName('wpt')).map((w) => w.getElementsByTagName('name')[0]?.textContent)).toEqual([
      'Bouar IDP site',
      'Health post, "Bangui" 3e',
      'Svalbard depot',
      'Polar station',
    ]);
    expect(doc.getElementsByTagName('rte')).toHaveLength(1);
    const err = m.stderr();
    expect(err).toMatch(/5 feature\(s\) in 1 layer\(s\) written as gpx to stdout/);
    expect(err).toMatch(/2 feature\(s\) cannot be written as gpx and were NOT converted:/);
    expect(err).toMatch(/sites #6: GPX has no polygons/);
    expect(err).toMatch(/sites #7: it has no location/);
    expect(err).toMatch(/GPX has no place for these attributes, which are not written: "population"/);
  });
});

describe('cop convert --to gpkg', () => {
  it('--out writes a GeoPackage that the importer reads back with every feature', async () => {
    const m = memoryIo();
    expect(await runCli(['convert', fixture('valid.geojson'), '--to', 'gpkg', '--out', '/tmp/x/out.gpkg'], m.io)).toBe(0);
    const bytes = m.written.get('/tmp/x/out.gpkg');
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode((bytes as Uint8Array).slice(0, 15))).toBe('SQLite format 3');
    const back = await parseFile('out.gpkg', bytes as Uint8Array);
    if (!back.ok) throw new Error(inEnglish(back.error));
    expect(back.layers.map((l) => [l.name, l.features.length])).toEqual([['sites', 7]]);
    expect(back.layers[0]?.features[0]?.properties).toMatchObject({ name: 'Bouar IDP site', population: 12500, feature_id: 'site-1' });
    expect(m.stderr()).toMatch(/7 feature\(s\) in 1 layer\(s\) written as gpkg to \/tmp\/x\/out\.gpkg/);
  });
});
