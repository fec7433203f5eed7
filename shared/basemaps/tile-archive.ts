/**
 * What the map needs to know about an offline tile archive (PMTiles or MBTiles), whichever format
 * it came in: vector or raster, the tile format, zoom range, bounds, attribution and, for vector
 * tiles, the layers and fields from the `vector_layers` metadata (used to generate a style).
 */

export type TileFormat = 'pbf' | 'png' | 'jpg' | 'webp';

export interface VectorLayerInfo {
  id: string;
  fields: Record<string, string>;
  minzoom?: number;
  maxzoom?: number;
}

export interface TileArchiveInfo {
  kind: 'vector' | 'raster';
  format: TileFormat;
  name: string | null;
  attribution: string | null;
  minzoom: number;
  maxzoom: number;
  bounds: [number, number, number, number] | null;
  vectorLayers: VectorLayerInfo[];
}

export class TileArchiveError extends Error {}

const FORMATS: Record<string, TileFormat> = { pbf: 'pbf', mvt: 'pbf', png: 'png', jpg: 'jpg', jpeg: 'jpg', webp: 'webp' };

export function tileFormat(value: string): TileFormat | null {
  return FORMATS[value.trim().toLowerCase()] ?? null;
}

function finite(value: unknown, fallback: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : fallback;
}

function parseBounds(value: unknown): TileArchiveInfo['bounds'] {
  const parts = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : null;
  if (!parts || parts.length !== 4) return null;
  const nums = parts.map((p) => finite(p, Number.NaN));
  if (nums.some((n) => !Number.isFinite(n))) return null;
  const [w, s, e, n] = nums as [number, number, number, number];
  if (w >= e || s >= n || s < -90 || n > 90) return null;
  return [Math.max(w, -180), Math.max(s, -85.0511), Math.min(e, 180), Math.min(n, 85.0511)];
}

/** `vector_layers` as written by tippecanoe, GDAL, planetiler and the OpenMapTiles tools; malformed entries are skipped. */
export function parseVectorLayers(value: unknown): VectorLayerInfo[] {
  if (!Array.isArray(value)) return [];
  const out: VectorLayerInfo[] = [];
  for (const item of value) {
    if (!item || typeof item !== 'object') continue;
    const { id, fields, minzoom, maxzoom } = item as Record<string, unknown>;
    if (typeof id !== 'string' || id === '') continue;
    const f: Record<string, string> = {};
    if (fields && typeof fields === 'object')
      for (const [k, v] of Object.entries(fields as Record<string, unknown>)) f[k] = typeof v === 'string' ? v : 'String';
    out.push({
      id,
      fields: f,
      ...(typeof minzoom === 'number' ? { minzoom } : {}),
      ...(typeof maxzoom === 'number' ? { maxzoom } : {}),
    });
  }
  return out;
}

/**
 * From MBTiles metadata rows (strings) or a PMTiles metadata object. The MBTiles spec keeps
 * `vector_layers` inside the `json` row; PMTiles puts it at the top level.
 */
export function parseTileMetadata(meta: Record<string, unknown>): TileArchiveInfo {
  const format = tileFormat(String(meta.format ?? ''));
  if (!format) throw new TileArchiveError(`unsupported tile format "${String(meta.format ?? '')}" (expected pbf, png, jpg or webp)`);
  let vectorLayers = parseVectorLayers(meta.vector_layers);
  if (vectorLayers.length === 0 && typeof meta.json === 'string') {
    try {
      vectorLayers = parseVectorLayers((JSON.parse(meta.json) as Record<string, unknown>).vector_layers);
    } catch {
      throw new TileArchiveError('the "json" metadata is not valid JSON');
    }
  }
  const kind = format === 'pbf' ? 'vector' : 'raster';
  if (kind === 'vector' && vectorLayers.length === 0) throw new TileArchiveError('vector tiles without "vector_layers" metadata: the layers to draw are unknown');
  const minzoom = Math.max(0, Math.min(24, Math.round(finite(meta.minzoom, 0))));
  const maxzoom = Math.max(minzoom, Math.min(24, Math.round(finite(meta.maxzoom, 14))));
  return {
    kind,
    format,
    name: typeof meta.name === 'string' && meta.name.trim() ? meta.name.trim() : null,
    attribution: typeof meta.attribution === 'string' && meta.attribution.trim() ? meta.attribution.trim() : null,
    minzoom,
    maxzoom,
    bounds: parseBounds(meta.bounds),
    vectorLayers,
  };
}
