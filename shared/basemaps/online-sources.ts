/**
 * Online basemap sources the user adds by hand (XYZ tiles, a WMS, a WMTS), turned into one tile URL
 * template for MapLibre's raster source. Nothing here fetches anything: the app only reaches the
 * network for a source the user added and then selected.
 *
 * WMS is asked for 256-pixel images in Web Mercator (EPSG:3857) with MapLibre's `{bbox-epsg-3857}`
 * placeholder. WMTS is supported for Web-Mercator tile matrix sets whose matrix identifiers are
 * the zoom levels (GoogleMapsCompatible and the like), either as a REST template or KVP GetTile.
 */

export type OnlineSourceType = 'xyz' | 'wms' | 'wmts';

export interface OnlineSourceInput {
  type: OnlineSourceType;
  name: string;
  url: string;
  attribution?: string;
  /** WMS: comma-separated layer names. WMTS (KVP): the layer identifier. */
  layers?: string;
  /** WMS/WMTS image format, e.g. image/png. */
  format?: string;
  /** WMS version: 1.1.1 (SRS=) or 1.3.0 (CRS=). */
  version?: '1.1.1' | '1.3.0';
  /** WMTS (KVP): style and tile matrix set. */
  style?: string;
  matrixSet?: string;
}

export interface OnlineSource {
  type: OnlineSourceType;
  name: string;
  /** The tile URL template MapLibre requests. */
  tiles: string;
  attribution: string;
  /** scheme://host[:port], the only origin the app may reach for this source. */
  origin: string;
}

export type OnlineSourceProblem =
  | 'name-required'
  | 'url-invalid'
  | 'url-scheme'
  | 'url-credentials'
  | 'xyz-placeholders'
  | 'wms-layers-required'
  | 'wms-format'
  | 'wmts-placeholders'
  | 'wmts-layer-required'
  | 'wmts-matrixset-required';

export type OnlineSourceResult = { ok: true; source: OnlineSource } | { ok: false; problems: { field: keyof OnlineSourceInput; problem: OnlineSourceProblem }[] };

const IMAGE_FORMATS = ['image/png', 'image/jpeg', 'image/webp', 'image/png8', 'image/jpg'];

/** Parses with the placeholders kept literally (URL would percent-encode the braces). */
function parseTemplate(url: string): URL | null {
  try {
    return new URL(url.trim().replace(/[{}]/g, (c) => (c === '{' ? '__OPEN__' : '__CLOSE__')));
  } catch {
    return null;
  }
}

function checkUrl(url: string): { url: URL } | { problem: OnlineSourceProblem } {
  const parsed = parseTemplate(url);
  if (!parsed || !parsed.hostname) return { problem: 'url-invalid' };
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return { problem: 'url-scheme' };
  if (parsed.username || parsed.password) return { problem: 'url-credentials' };
  return { url: parsed };
}

/** The query parameters of a service URL, without those we set ourselves (case-insensitively). */
function withoutParams(url: string, names: string[]): string {
  const [base = '', query = ''] = url.trim().split('?', 2);
  const drop = new Set(names.map((n) => n.toLowerCase()));
  const kept = query
    .split('&')
    .filter((p) => p && !drop.has(decodeURIComponent(p.split('=')[0] ?? '').toLowerCase()));
  return kept.length ? `${base}?${kept.join('&')}` : base;
}

const joinQuery = (base: string, params: [string, string][]): string =>
  `${base}${base.includes('?') ? '&' : '?'}${params.map(([k, v]) => `${k}=${v.startsWith('{') ? v : encodeURIComponent(v)}`).join('&')}`;

const WMS_PARAMS = ['service', 'request', 'version', 'layers', 'styles', 'format', 'transparent', 'width', 'height', 'crs', 'srs', 'bbox'];
const WMTS_PARAMS = ['service', 'request', 'version', 'layer', 'style', 'tilematrixset', 'tilematrix', 'tilerow', 'tilecol', 'format'];

export function buildOnlineSource(input: OnlineSourceInput): OnlineSourceResult {
  const problems: { field: keyof OnlineSourceInput; problem: OnlineSourceProblem }[] = [];
  if (!input.name.trim()) problems.push({ field: 'name', problem: 'name-required' });
  const checked = checkUrl(input.url);
  if ('problem' in checked) {
    problems.push({ field: 'url', problem: checked.problem });
    return { ok: false, problems };
  }
  const url = input.url.trim();
  let tiles: string;
  if (input.type === 'xyz') {
    if (!['{z}', '{x}', '{y}'].every((p) => url.includes(p)) && !url.includes('{quadkey}')) problems.push({ field: 'url', problem: 'xyz-placeholders' });
    tiles = url;
  } else if (input.type === 'wms') {
    const layers = input.layers?.trim() ?? '';
    if (!layers) problems.push({ field: 'layers', problem: 'wms-layers-required' });
    const format = input.format?.trim() || 'image/png';
    if (!IMAGE_FORMATS.includes(format)) problems.push({ field: 'format', problem: 'wms-format' });
    const version = input.version ?? '1.3.0';
    tiles = joinQuery(withoutParams(url, WMS_PARAMS), [
      ['SERVICE', 'WMS'],
      ['REQUEST', 'GetMap'],
      ['VERSION', version],
      ['LAYERS', layers],
      ['STYLES', ''],
      ['FORMAT', format],
      ['TRANSPARENT', 'TRUE'],
      ['WIDTH', '256'],
      ['HEIGHT', '256'],
      [version === '1.3.0' ? 'CRS' : 'SRS', 'EPSG:3857'],
      ['BBOX', '{bbox-epsg-3857}'],
    ]);
  } else {
    const rest = /\{TileMatrix\}/i.test(url);
    if (rest) {
      if (!/\{TileRow\}/i.test(url) || !/\{TileCol\}/i.test(url)) problems.push({ field: 'url', problem: 'wmts-placeholders' });
      tiles = url.replace(/\{TileMatrix\}/gi, '{z}').replace(/\{TileRow\}/gi, '{y}').replace(/\{TileCol\}/gi, '{x}');
    } else {
      const layer = input.layers?.trim() ?? '';
      const matrixSet = input.matrixSet?.trim() ?? '';
      if (!layer) problems.push({ field: 'layers', problem: 'wmts-layer-required' });
      if (!matrixSet) problems.push({ field: 'matrixSet', problem: 'wmts-matrixset-required' });
      tiles = joinQuery(withoutParams(url, WMTS_PARAMS), [
        ['SERVICE', 'WMTS'],
        ['REQUEST', 'GetTile'],
        ['VERSION', '1.0.0'],
        ['LAYER', layer],
        ['STYLE', input.style?.trim() || 'default'],
        ['TILEMATRIXSET', matrixSet],
        ['TILEMATRIX', '{z}'],
        ['TILEROW', '{y}'],
        ['TILECOL', '{x}'],
        ['FORMAT', input.format?.trim() || 'image/png'],
      ]);
    }
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    source: { type: input.type, name: input.name.trim(), tiles, attribution: input.attribution?.trim() ?? '', origin: checked.url.origin },
  };
}

/**
 * Whether `origin` is exactly scheme://host[:port] with nothing that could smuggle a directive
 * into a Content-Security-Policy (spaces, semicolons, commas, quotes, wildcards).
 */
export function isSafeOrigin(origin: string): boolean {
  return /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(origin) || /^https?:\/\/\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(origin);
}
