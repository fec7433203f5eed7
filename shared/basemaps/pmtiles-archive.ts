import { TileType, type PMTiles, type RangeResponse, type Source } from 'pmtiles';
import { parseTileMetadata, TileArchiveError, type TileArchiveInfo } from './tile-archive';

/**
 * A PMTiles source over a Blob: each range is a `slice`, so a File the user chose (or one kept in
 * IndexedDB, which Chromium stores on disk) is never read whole into memory. The package's own
 * FileSource does the same but only takes a File and keys it by name; two files of the same name
 * must not share a cache entry, hence the explicit key.
 */
export class BlobSource implements Source {
  constructor(
    private readonly blob: Blob,
    private readonly key: string,
  ) {}

  getKey(): string {
    return this.key;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    return { data: await this.blob.slice(offset, offset + length).arrayBuffer() };
  }
}

const TILE_FORMATS: Partial<Record<TileType, string>> = {
  [TileType.Mvt]: 'pbf',
  [TileType.Png]: 'png',
  [TileType.Jpeg]: 'jpg',
  [TileType.Webp]: 'webp',
};

/** The archive's description from its header (zooms, bounds, tile type) and metadata (name, layers). */
export async function pmtilesInfo(archive: PMTiles): Promise<TileArchiveInfo> {
  let header;
  try {
    header = await archive.getHeader();
  } catch (e) {
    throw new TileArchiveError(`not a PMTiles v3 archive (${e instanceof Error ? e.message : String(e)})`);
  }
  const format = TILE_FORMATS[header.tileType];
  if (!format) throw new TileArchiveError(`unsupported PMTiles tile type ${header.tileType} (expected MVT, PNG, JPEG or WebP)`);
  const metadata = (await archive.getMetadata().catch(() => ({}))) as Record<string, unknown> | null;
  return parseTileMetadata({
    ...(metadata && typeof metadata === 'object' ? metadata : {}),
    format,
    minzoom: header.minZoom,
    maxzoom: header.maxZoom,
    bounds: [header.minLon, header.minLat, header.maxLon, header.maxLat],
  });
}
