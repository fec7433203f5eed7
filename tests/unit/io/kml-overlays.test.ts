import { changeSummary } from '../../../shared/domain/changeset';
/**
 * KML ground overlays: the footprint polygon is imported in its folder's layer, and the overlay's
 * corners (and, from a KMZ, the image bytes) come with the result for an image layer. Inputs:
 * togeojson's ground_overlay.kml (LatLonBox with rotation) and ground_overlay_quad.kml
 * (gx:LatLonQuad) with the peer's expected footprints, and a KMZ zipped here with a PNG inside.
 */
import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import type { FeatureCollection, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../shared/import/registry';
import type { ParseResult } from '../../../shared/io/types';

const fixture = (p: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/kml/${p}`, import.meta.url)));
const expected = (p: string) => JSON.parse(readFileSync(new URL(`../../fixtures/kml/togeojson/expected/${p}`, import.meta.url), 'utf8')) as FeatureCollection;

function ok(r: ParseResult): Extract<ParseResult, { ok: true }> {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r;
}

/** A 2×2 PNG (red, green / blue, white), written by hand: signature, IHDR, IDAT, IEND. */
const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

const overlayKml = (href: string) =>
  new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>Bangui sketch</name>
  <Folder><name>Imagery</name>
    <GroundOverlay><name>PK5 sketch map</name><Icon><href>${href}</href></Icon>
      <LatLonBox><north>4.40</north><south>4.35</south><east>18.58</east><west>18.53</west><rotation>10</rotation></LatLonBox>
    </GroundOverlay>
  </Folder>
  <Placemark><name>MINUSCA HQ</name><Point><coordinates>18.55,4.37</coordinates></Point></Placemark>
</Document></kml>`);

describe('KML ground overlays', () => {
  it('LatLonBox with rotation: the footprint equals togeojson’s, corners in image order (NW, NE, SE, SW)', async () => {
    const r = ok(await parseFile('ground_overlay.kml', fixture('togeojson/in/ground_overlay.kml')));
    const peer = expected('ground_overlay.kml.expected.json').features[0]?.geometry as Polygon;
    const features = r.layers.flatMap((l) => l.features);
    expect(features).toHaveLength(1);
    const ring = (features[0]?.geometry as Polygon).coordinates[0]!;
    // Same corners; ours is rewound to RFC 7946's counter-clockwise.
    const key = (p: number[]) => p.map((v) => v.toFixed(9)).join(',');
    expect(new Set(ring.map(key))).toEqual(new Set(peer.coordinates[0]!.map(key)));
    expect(features[0]?.properties).toMatchObject({ name: 'Large-scale overlay on terrain', overlayImage: 'https://developers.google.com/kml/documentation/images/etna.jpg' });
    const [overlay] = r.overlays ?? [];
    expect(overlay?.corners.map(key)).toEqual(peer.coordinates[0]!.slice(0, 4).map(key));
    expect(overlay).toMatchObject({ name: 'Large-scale overlay on terrain', image: null, layer: 'Ground Overlays', index: 0 });
  });

  it('a linked image is listed with its address, never fetched', async () => {
    const r = ok(await parseFile('ground_overlay.kml', fixture('togeojson/in/ground_overlay.kml')));
    expect(r.warnings).toContainEqual(
      expect.objectContaining({ code: 'overlay-image-not-fetched', index: 0, params: { name: 'Large-scale overlay on terrain', href: 'https://developers.google.com/kml/documentation/images/etna.jpg' } }),
    );
    expect(r.warnings.map((w) => w.code)).not.toContain('ground-overlay');
  });

  it('gx:LatLonQuad: the footprint has the manifest’s bbox and the corners go upper-left first', async () => {
    const r = ok(await parseFile('ground_overlay_quad.kml', fixture('togeojson/in/ground_overlay_quad.kml')));
    expect(r.layers.flatMap((l) => l.features)).toHaveLength(1);
    expect(r.layers[0]?.bbox?.map((v) => Math.round(v * 1000) / 1000)).toEqual([81.509, 43.665, 83.53, 44.321]);
    expect(r.overlays?.[0]?.corners).toEqual([
      [81.509322, 44.321015],
      [82.947737, 44.248831],
      [83.529902, 43.665148],
      [81.601884, 44.160723],
    ]);
  });

  it('KMZ with the image inside: the overlay carries the PNG bytes; the footprint sits in the folder’s layer', async () => {
    const kmz = zipSync({ 'doc.kml': overlayKml('files/pk5.png'), 'files/pk5.png': PNG });
    const r = ok(await parseFile('bangui.kmz', kmz));
    expect(r.layers.map((l) => [l.name, l.features.length])).toEqual([
      ['Imagery', 1],
      ['Bangui sketch', 1],
    ]);
    const [o] = r.overlays ?? [];
    expect(o?.image?.mimeType).toBe('image/png');
    expect([...(o?.image?.bytes ?? [])]).toEqual([...PNG]);
    expect(o?.layer).toBe('Imagery');
    expect(r.warnings.filter((w) => w.code.startsWith('overlay-'))).toEqual([]);
  });

  it('KMZ whose overlay names an image that is not in the archive lists it by name', async () => {
    const kmz = zipSync({ 'doc.kml': overlayKml('files/missing.png') });
    const r = ok(await parseFile('bangui.kmz', kmz));
    expect(r.overlays?.[0]?.image).toBeNull();
    expect(r.warnings).toContainEqual(expect.objectContaining({ code: 'overlay-image-not-fetched', params: { name: 'PK5 sketch map', href: 'files/missing.png' } }));
  });
});

describe('importing a KMZ ground overlay', () => {
  it('puts the image into the new layer’s record as a Blob with its corners, so undo and redo carry it', async () => {
    const { ImportSession } = await import('../../../shared/import/import-session');
    const s = new ImportSession();
    const kmz = zipSync({ 'doc.kml': overlayKml('files/pk5.png'), 'files/pk5.png': PNG });
    const p = await s.inspect('bangui.kmz', kmz);
    if (!p.ok) throw new Error(JSON.stringify(p.error));
    expect(p.layers.map((l) => [l.name, l.images])).toEqual([
      ['Imagery', 1],
      ['Bangui sketch', 0],
    ]);
    const author = { name: 'test', org: 'UN' };
    const commit = s.prepareCommit({
      author,
      now: '2026-12-02T00:00:00.000Z',
      summary: changeSummary('import', { file: 'bangui.kmz' }),
      layers: [0, 1].map((i) => ({ layerIndex: i, kind: 'reference' as const, mapping: null, target: { newLayer: { name: `L${i}`, order: i, owner: 'UN', fileName: 'bangui.kmz', format: 'kmz' } } })),
    });
    const puts = commit.changeset.ops.flatMap((op) => (op.op === 'putLayer' ? [op.layer] : []));
    expect(puts.map((l) => l.images?.length ?? 0)).toEqual([1, 0]);
    const image = puts[0]?.images?.[0];
    expect(image?.blob.type).toBe('image/png');
    expect(new Uint8Array(await image!.blob.arrayBuffer())).toEqual(PNG);
    expect(image?.corners).toEqual(ok(await parseFile('bangui.kmz', kmz)).overlays?.[0]?.corners);
  });
});

describe('cop inspect on ground overlays', () => {
  it('lists each overlay with its layer and whether its image is in the file', async () => {
    const { formatInspectText, inspect } = await import('../../../shared/cli/inspect');
    const inKmz = await inspect('bangui.kmz', zipSync({ 'doc.kml': overlayKml('files/pk5.png'), 'files/pk5.png': PNG }));
    expect(inKmz.overlays).toEqual([expect.objectContaining({ name: 'PK5 sketch map', layer: 'Imagery', index: 0, image: 'in-file' })]);
    const linked = await inspect('ground_overlay.kml', fixture('togeojson/in/ground_overlay.kml'));
    expect(formatInspectText(linked)).toContain('ground overlay "Large-scale overlay on terrain" (feature 0, layer "Ground Overlays"): linked image, not fetched');
  });
});
