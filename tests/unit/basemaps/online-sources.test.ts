import { describe, expect, it } from 'vitest';
import { buildOnlineSource, isSafeOrigin } from '../../../shared/basemaps/online-sources';

describe('buildOnlineSource', () => {
  it('keeps an XYZ template as it is and names its origin', () => {
    const r = buildOnlineSource({ type: 'xyz', name: ' OSM ', url: 'https://tile.example.org/{z}/{x}/{y}.png', attribution: '© OSM' });
    expect(r).toEqual({ ok: true, source: { type: 'xyz', name: 'OSM', tiles: 'https://tile.example.org/{z}/{x}/{y}.png', attribution: '© OSM', origin: 'https://tile.example.org' } });
  });

  it('asks for the XYZ placeholders, a name, and an http(s) URL without credentials', () => {
    expect(buildOnlineSource({ type: 'xyz', name: 'a', url: 'https://tile.example.org/tiles.png' })).toEqual({ ok: false, problems: [{ field: 'url', problem: 'xyz-placeholders' }] });
    expect(buildOnlineSource({ type: 'xyz', name: '', url: 'ftp://x.org/{z}/{x}/{y}' })).toEqual({
      ok: false,
      problems: [
        { field: 'name', problem: 'name-required' },
        { field: 'url', problem: 'url-scheme' },
      ],
    });
    expect(buildOnlineSource({ type: 'xyz', name: 'a', url: 'not a url' })).toMatchObject({ problems: [{ problem: 'url-invalid' }] });
    expect(buildOnlineSource({ type: 'xyz', name: 'a', url: 'https://u:p@x.org/{z}/{x}/{y}' })).toMatchObject({ problems: [{ problem: 'url-credentials' }] });
  });

  it('turns a WMS GetMap URL into a Web Mercator tile template, replacing parameters the user pasted', () => {
    const r = buildOnlineSource({ type: 'wms', name: 'Imagery', url: 'https://maps.example.int/wms?map=/srv/x.map&REQUEST=GetCapabilities&service=WMS', layers: 'ortho,roads', format: 'image/jpeg', version: '1.3.0' });
    expect(r.ok && r.source.tiles).toBe(
      'https://maps.example.int/wms?map=/srv/x.map&SERVICE=WMS&REQUEST=GetMap&VERSION=1.3.0&LAYERS=ortho%2Croads&STYLES=&FORMAT=image%2Fjpeg&TRANSPARENT=TRUE&WIDTH=256&HEIGHT=256&CRS=EPSG%3A3857&BBOX={bbox-epsg-3857}',
    );
    const v111 = buildOnlineSource({ type: 'wms', name: 'Old', url: 'http://10.0.0.5:8080/geoserver/wms', layers: 'a' , version: '1.1.1' });
    expect(v111.ok && v111.source.tiles).toContain('&SRS=EPSG%3A3857&');
    expect(v111.ok && v111.source.origin).toBe('http://10.0.0.5:8080');
    expect(buildOnlineSource({ type: 'wms', name: 'x', url: 'https://a.org/wms', format: 'text/html' })).toEqual({
      ok: false,
      problems: [
        { field: 'layers', problem: 'wms-layers-required' },
        { field: 'format', problem: 'wms-format' },
      ],
    });
  });

  it('builds WMTS from a REST template or from KVP parameters', () => {
    const rest = buildOnlineSource({ type: 'wmts', name: 'R', url: 'https://wmts.example.org/1.0.0/ortho/default/GoogleMapsCompatible/{TileMatrix}/{TileRow}/{TileCol}.jpg' });
    expect(rest.ok && rest.source.tiles).toBe('https://wmts.example.org/1.0.0/ortho/default/GoogleMapsCompatible/{z}/{y}/{x}.jpg');
    expect(buildOnlineSource({ type: 'wmts', name: 'R', url: 'https://w.org/{TileMatrix}/{TileCol}.png' })).toMatchObject({ ok: false, problems: [{ problem: 'wmts-placeholders' }] });
    const kvp = buildOnlineSource({ type: 'wmts', name: 'K', url: 'https://w.org/wmts', layers: 'ortho', matrixSet: 'GoogleMapsCompatible' });
    expect(kvp.ok && kvp.source.tiles).toBe('https://w.org/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=ortho&STYLE=default&TILEMATRIXSET=GoogleMapsCompatible&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&FORMAT=image%2Fpng');
    expect(buildOnlineSource({ type: 'wmts', name: 'K', url: 'https://w.org/wmts' })).toMatchObject({ ok: false, problems: [{ problem: 'wmts-layer-required' }, { problem: 'wmts-matrixset-required' }] });
  });
});

describe('isSafeOrigin', () => {
  it('accepts only scheme://host[:port]', () => {
    expect(isSafeOrigin('https://tile.example.org')).toBe(true);
    expect(isSafeOrigin('http://10.0.0.5:8080')).toBe(true);
    expect(isSafeOrigin('https://a.org; script-src *')).toBe(false);
    expect(isSafeOrigin('https://*.org')).toBe(false);
    expect(isSafeOrigin("'unsafe-inline'")).toBe(false);
    expect(isSafeOrigin('https://a.org/path')).toBe(false);
  });
});
