/**
 * KML and KMZ import: folders → layers, text descriptions, encodings, safety limits and the
 * real KMZ files from leaflet-kmz. Hand-written fixtures live in tests/fixtures/kml/hand.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { KMZ_FORMAT_ID, mainKmlEntry, parseKml, parseKmz } from '../../../shared/io/kml';
import { detectFormat, parseFile } from '../../../shared/import/registry';
import type { ParseResult } from '../../../shared/io/types';
import { parseXmlBytes } from '../../../shared/io/xml';
import { inEnglish, named, problemInEnglish } from '../english';

const FIXTURES = join(__dirname, '../../fixtures/kml');

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

function names(r: ParseResult): unknown[] {
  return ok(r).layers.flatMap((l) => l.features.map((f) => f.properties?.name));
}

/** Zips a folder of fixtures, in sorted path order, as a KMZ. */
function zipFolder(rel: string): Uint8Array {
  const root = join(FIXTURES, rel);
  const files: Record<string, Uint8Array> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else files[relative(root, p).split('\\').join('/')] = new Uint8Array(readFileSync(p));
    }
  };
  walk(root);
  return zipSync(files);
}

describe('KML folders become layers', () => {
  const r = parseKml(bytesOf('hand/folders.kml'), 'folders.kml');

  it('gives one layer per folder holding placemarks, named by path, and one for the document', () => {
    expect(layerSummary(r)).toEqual([
      ['Opérations Bangui', 2],
      ['Patrols / Week 47', 2],
      ['Patrols / Week 48', 1],
    ]);
  });

  it('refuses the placemark with invalid coordinates, with its index in the file', () => {
    const { refused } = ok(r);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ code: 'coords-out-of-range', index: 2, severity: 'error' });
    expect(names(r)).not.toContain('Bad coordinates');
  });

  it('keeps styles and ExtendedData as properties, and descriptions as text', () => {
    const features = ok(r).layers.flatMap((l) => l.features);
    const route = features.find((f) => f.properties?.name === 'Route Bimbo');
    expect(route?.properties).toMatchObject({ stroke: '#ff0000', 'stroke-width': 3, unit: 'BANBATT-2', status: 'approved' });
    const area = features.find((f) => f.properties?.name === 'Area PK12');
    expect(area?.properties).toMatchObject({ fill: '#ff0000' });
    expect(area?.properties?.['fill-opacity']).toBeCloseTo(0.498, 3);
    const camp = features.find((f) => f.properties?.name === 'Camp Kassaï');
    expect(camp?.properties?.description).toBe('<b>HQ</b> <script>alert(1)</script>');
  });

  it('names layers after the file when the document has no name, and keeps same-named folders apart', () => {
    const kml = `<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
      <Folder><name>A</name><Placemark><Point><coordinates>1,1</coordinates></Point></Placemark></Folder>
      <Folder><name>A</name><Placemark><Point><coordinates>2,2</coordinates></Point></Placemark></Folder>
      <Placemark><Point><coordinates>3,3</coordinates></Point></Placemark>
    </Document></kml>`;
    expect(layerSummary(parseKml(strToU8(kml), 'dir/patrols.kml'))).toEqual([
      ['A', 1],
      ['A (2)', 1],
      ['patrols', 1],
    ]);
  });
});

describe('KML warnings and empty files', () => {
  it('lists network links (with href) as refused and photo/screen overlays as warnings, never fetched', () => {
    const r = ok(parseKml(bytesOf('hand/networklink.kml'), 'networklink.kml'));
    const links = r.refused.filter((w) => w.code === 'network-link-not-fetched');
    expect(links.map((p) => problemInEnglish(p))).toEqual([
      expect.stringContaining('"http://example.invalid/live.kml"'),
      expect.stringContaining('"https://example.invalid/old.kml"'),
    ]);
    expect(problemInEnglish(links[0])).toContain('not fetched');
    expect(r.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['photo-overlay', 'screen-overlay']));
    expect(layerSummary(r)).toEqual([['Live feeds', 1]]);
  });

  it('imports a ground overlay as its footprint and says its linked image was not fetched (more in kml-overlays.test.ts)', () => {
    const r = ok(parseKml(bytesOf('togeojson/in/ground_overlay.kml'), 'ground_overlay.kml'));
    expect(problemInEnglish(r.warnings.find((w) => w.code === 'overlay-image-not-fetched'))).toContain('etna.jpg');
    expect(r.layers.flatMap((l) => l.features)).toHaveLength(1);
  });

  it('accepts a document without placemarks as one empty layer with a warning', () => {
    const r = ok(parseKml(bytesOf('hand/empty.kml'), 'empty.kml'));
    expect(layerSummary(r)).toEqual([['Nothing here', 0]]);
    expect(r.warnings.map((w) => w.code)).toEqual(['no-features']);
  });
});

describe('KML encodings', () => {
  it('decodes a file declared ISO-8859-1 (accented names, CRLF)', () => {
    const r = parseKml(bytesOf('hand/latin1.kml'), 'latin1.kml');
    expect(layerSummary(r)).toEqual([['Préfectures', 2]]);
    expect(names(r)).toEqual(['Nana-Grébizi', 'Haute-Kotto à Bria']);
    expect(ok(r).layers[0]?.features[0]?.properties?.description).toBe('Kaga-Bandoro, près de la rivière; «zone sûre»');
    expect(ok(r).warnings).toEqual([]);
  });

  it("reads leaflet-kmz's ISO-8859-1 test file", () => {
    const bytes = bytesOf('leaflet-kmz/test-encoding.kml');
    const xml = parseXmlBytes(bytes);
    expect(xml.ok && xml.encoding).toBe('windows-1252'); // the WHATWG name for the iso-8859-1 label
    expect(names(parseKml(bytes, 'test-encoding.kml'))).toEqual(['Time Square', 'Central Park', 'Lincoln Tunnel']);
  });

  it('reads UTF-16 with a byte-order mark, and UTF-8 with one', () => {
    const kml = '<?xml version="1.0" encoding="UTF-16"?><kml><Placemark><name>Ndélé</name><Point><coordinates>20.65,8.41</coordinates></Point></Placemark></kml>';
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from(kml, 'utf16le')]);
    expect(names(parseKml(utf16, 'u16.kml'))).toEqual(['Ndélé']);
    const utf8bom = new Uint8Array([0xef, 0xbb, 0xbf, ...strToU8(kml.replace('UTF-16', 'UTF-8'))]);
    expect(names(parseKml(utf8bom, 'bom.kml'))).toEqual(['Ndélé']);
  });

  it('reads undeclared Latin-1 as Windows-1252 with a warning', () => {
    const start = strToU8('<kml><Placemark><name>Bambari, pr');
    const end = strToU8('fecture de la Ouaka</name><Point><coordinates>20.67,5.76</coordinates></Point></Placemark></kml>');
    const r = ok(parseKml(new Uint8Array([...start, 0xe9, ...end]), 'l1.kml')); // 0xE9 is "é" in Latin-1
    expect(r.warnings.map((w) => w.code)).toEqual(['encoding-guessed']);
    expect(names(r)).toEqual(['Bambari, préfecture de la Ouaka']);
  });

  it('refuses an encoding it cannot read, by name', () => {
    const r = parseKml(strToU8('<?xml version="1.0" encoding="x-klingon"?><kml/>'), 'k.kml');
    expect(r.ok).toBe(false);
    expect(!r.ok && inEnglish(r.error)).toContain('x-klingon');
  });
});

describe('KML safety', () => {
  it('refuses a DOCTYPE with entity declarations (billion laughs), naming the file', () => {
    const xml = parseXmlBytes(bytesOf('hand/entity-bomb.kml'));
    expect(xml).toMatchObject({ ok: false, code: 'xml-entities' });
    const r = parseKml(bytesOf('hand/entity-bomb.kml'), 'entity-bomb.kml');
    expect(r.ok).toBe(false);
    expect(!r.ok && inEnglish(r.error)).toMatch(/^refused: .*ENTITY/);
  });

  it('refuses an external entity (XXE)', () => {
    expect(parseXmlBytes(bytesOf('hand/xxe.kml'))).toMatchObject({ ok: false, code: 'xml-entities' });
  });

  it('reports malformed XML with line and column', () => {
    const xml = parseXmlBytes(bytesOf('hand/malformed.kml'));
    expect(xml).toMatchObject({ ok: false, code: 'xml-malformed', line: 5 });
    const r = parseKml(bytesOf('hand/malformed.kml'), 'malformed.kml');
    expect(!r.ok && inEnglish(r.error)).toMatch(/^not well-formed XML at line 5, column \d+: .*"name" != "nam"/);
  });

  it('refuses an empty file and a file that is XML but not KML', () => {
    expect(named('e.kml', parseKml(new Uint8Array(0), 'e.kml'))).toMatchObject({ ok: false, error: 'e.kml: the file is empty' });
    const r = parseKml(strToU8('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'x.kml');
    expect(!r.ok && inEnglish(r.error)).toContain('not KML');
  });

  it('accepts the undeclared gx: prefix that real files use', () => {
    const kml = '<kml><Placemark><gx:Track><when>2026-11-22T08:00:00Z</when><when>2026-11-22T08:01:00Z</when><gx:coord>18.5 4.3 0</gx:coord><gx:coord>18.6 4.4 0</gx:coord></gx:Track></Placemark></kml>';
    const r = ok(parseKml(strToU8(kml), 'gx.kml'));
    expect(r.layers[0]?.features[0]?.geometry?.type).toBe('LineString');
    expect(r.layers[0]?.features[0]?.properties?.coordinateProperties).toEqual({ times: ['2026-11-22T08:00:00Z', '2026-11-22T08:01:00Z'] });
  });
});

describe('KMZ', () => {
  it.each([
    ['capitals.kmz', [['capitali-europee', 5]]],
    ['globe.kmz', [['globe', 3]]],
    ['multigeometry.kmz', [['multigeometry', 1]]],
    ['regions.kmz', [['Confini', 20], ['Capoluoghi', 20]]],
  ])('imports leaflet-kmz %s', async (file, layers) => {
    const r = await parseFile(file, bytesOf(`leaflet-kmz/${file}`));
    expect(r.format).toBe(KMZ_FORMAT_ID);
    expect(ok(r).refused).toEqual([]);
    expect(layerSummary(r).map(([, n]) => n)).toEqual(layers.map(([, n]) => n));
    if (file !== 'globe.kmz' && file !== 'multigeometry.kmz') expect(layerSummary(r)).toEqual(layers);
  });

  it('keeps icon hrefs inside the KMZ as text', () => {
    const r = ok(parseKmz(bytesOf('leaflet-kmz/capitals.kmz'), 'capitals.kmz'));
    expect(r.layers[0]?.features[0]?.properties?.icon).toBe('images/icon-1.png');
  });

  it('uses the shallowest .kml when there is no doc.kml, and imports the others as further layers', () => {
    const r = ok(parseKmz(zipFolder('hand/kmz-no-doc'), 'no-doc.kmz'));
    expect(layerSummary(r)).toEqual([
      ['Main document', 1],
      ['Humanitarian sites / Health', 1],
    ]);
    expect(names(r)).toEqual(['HQ', 'Hôpital communautaire']);
    const link = r.refused.find((w) => w.code === 'network-link-in-archive');
    expect(problemInEnglish(link)).toContain('inside this KMZ');
    expect(r.warnings.map((w) => w.code)).toContain('kmz-extra-kml');
  });

  it('resolves a network link relative to the linking document inside the KMZ', () => {
    const main = '<kml><Document><NetworkLink><Link><href>sub/x.kml</href></Link></NetworkLink></Document></kml>';
    const other = '<kml><Placemark><name>P</name><Point><coordinates>1,2</coordinates></Point></Placemark></kml>';
    const r = ok(parseKmz(zipSync({ 'a/main.kml': strToU8(main), 'a/sub/x.kml': strToU8(other) }), 'rel.kmz'));
    expect(r.refused.find((w) => w.code === 'network-link-in-archive')?.params?.reason).toMatchObject({ params: { name: '', entry: 'a/sub/x.kml' } });
    expect(layerSummary(r)).toEqual([['x', 1]]);
  });

  it('prefers doc.kml wherever it sits in the archive order', () => {
    expect(mainKmlEntry(['a/b.kml', 'z.kml', 'doc.kml'])).toBe('doc.kml');
    expect(mainKmlEntry(['a/b/c.kml', 'a/d.kml', 'x/y.kml'])).toBe('a/d.kml');
    expect(mainKmlEntry(['icon.png'])).toBeNull();
  });

  it('fails clearly when the archive holds no KML', () => {
    const r = parseKmz(zipSync({ 'images/a.png': strToU8('x') }), 'icons.kmz');
    expect(!r.ok && inEnglish(r.error)).toBe('the KMZ holds no .kml document (it contains: images/a.png)');
  });

  it('refuses a zip bomb inside a KMZ', () => {
    const bomb = zipSync({ 'doc.kml': new Uint8Array(50 * 1024 * 1024) }, { level: 9 });
    const r = parseKmz(bomb, 'bomb.kmz');
    expect(!r.ok && inEnglish(r.error)).toMatch(/^refused as a likely zip bomb/);
  });

  it('refuses the whole KMZ when any document inside declares entities', () => {
    const kmz = zipSync({ 'doc.kml': strToU8('<kml/>'), 'more/x.kml': bytesOf('hand/entity-bomb.kml') });
    const r = parseKmz(kmz, 'mixed.kmz');
    expect(!r.ok && inEnglish(r.error)).toContain('mixed.kmz/more/x.kml: refused');
  });

  it('skips a malformed secondary document with a warning', () => {
    const kmz = zipSync({ 'doc.kml': bytesOf('hand/networklink.kml'), 'more/bad.kml': bytesOf('hand/malformed.kml') });
    const r = ok(parseKmz(kmz, 'partly.kmz'));
    expect(problemInEnglish(r.warnings.find((w) => w.code === 'kmz-entry-skipped'))).toContain('line 5');
    expect(layerSummary(r)).toEqual([['Live feeds', 1]]);
  });
});

describe('KML and KMZ detection', () => {
  it('detects by extension and by content', () => {
    const kml = bytesOf('hand/folders.kml');
    expect(detectFormat('a.kml', kml)?.id).toBe('kml');
    expect(detectFormat('upload', kml)?.id).toBe('kml');
    expect(detectFormat('upload', bytesOf('leaflet-kmz/capitals.kmz'))?.id).toBe('kmz');
    expect(detectFormat('a.kmz', zipSync({ 'x/y.png': strToU8('x') }))?.id).toBe('kmz');
    const u16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('<?xml version="1.0"?><kml/>', 'utf16le')]);
    expect(detectFormat('upload', u16)?.id).toBe('kml');
  });

  it('declares the KML and KMZ MIME types', async () => {
    const { getFormat } = await import('../../../shared/import/registry');
    expect(getFormat('kml')?.mimeTypes).toContain('application/vnd.google-earth.kml+xml');
    expect(getFormat('kmz')?.mimeTypes).toContain('application/vnd.google-earth.kmz');
  });
});
