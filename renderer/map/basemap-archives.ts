import * as maplibregl from 'maplibre-gl';
import { PMTiles, Protocol } from 'pmtiles';
import { gunzipSync } from 'fflate';
import type { SourceSpecification } from '@maplibre/maplibre-gl-style-spec';
import { BlobSource, pmtilesInfo } from '../../shared/basemaps/pmtiles-archive';
import { TileArchiveError, type TileArchiveInfo } from '../../shared/basemaps/tile-archive';
import type { MbtilesArchive } from '../../shared/basemaps/mbtiles';

/**
 * Offline tile archives the user opened, served to MapLibre through two protocols registered once
 * per page: `pmtiles://<key>/{z}/{x}/{y}` (the pmtiles package's Protocol, reading ranges of the
 * file's Blob through BlobSource) and `mbtiles://<key>/{z}/{x}/{y}` (sql.js over the whole file).
 * The Blob is the same kind of object in both builds (a File from the input in the web page, the
 * bytes from the open dialog in Electron), so the map has one code path for both.
 */

export type ArchiveFormat = 'pmtiles' | 'mbtiles';

export interface OpenedArchive {
  key: string;
  format: ArchiveFormat;
  info: TileArchiveInfo;
  /** The MapLibre source for the archive's tiles. */
  source: SourceSpecification;
}

const pmtilesProtocol = new Protocol();
const mbtiles = new Map<string, MbtilesArchive>();
let registered = false;

/** A 1×1 transparent PNG: a raster tile missing inside the bounds draws nothing rather than failing. */
const EMPTY_PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));

const MBTILES_URL = /^mbtiles:\/\/([^/]+)\/(\d+)\/(\d+)\/(\d+)$/;

async function loadMbtilesTile(params: { url: string }): Promise<{ data: ArrayBuffer }> {
  const m = MBTILES_URL.exec(params.url);
  const archive = m ? mbtiles.get(m[1] as string) : undefined;
  if (!m || !archive) throw new Error(`Unknown MBTiles tile ${params.url}`);
  const tile = archive.getTile(Number(m[2]), Number(m[3]), Number(m[4]));
  const copy = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;
  if (archive.info.kind === 'raster') return { data: copy(tile ?? EMPTY_PNG) };
  if (!tile) return { data: new ArrayBuffer(0) };
  // Vector tiles in MBTiles are usually gzip'd; a fetch would undo that through Content-Encoding, a protocol must do it itself.
  return { data: copy(tile[0] === 0x1f && tile[1] === 0x8b ? gunzipSync(tile) : tile) };
}

function register(): void {
  if (registered) return;
  registered = true;
  maplibregl.addProtocol('pmtiles', pmtilesProtocol.tile as Parameters<typeof maplibregl.addProtocol>[1]);
  maplibregl.addProtocol('mbtiles', loadMbtilesTile as Parameters<typeof maplibregl.addProtocol>[1]);
}

function sourceFor(url: string, info: TileArchiveInfo): SourceSpecification {
  const common = {
    tiles: [`${url}/{z}/{x}/{y}`],
    minzoom: info.minzoom,
    maxzoom: info.maxzoom,
    ...(info.bounds ? { bounds: info.bounds } : {}),
    ...(info.attribution ? { attribution: info.attribution } : {}),
  };
  return info.kind === 'vector' ? { type: 'vector', ...common } : { type: 'raster', tileSize: 256, ...common };
}

/** Which format a file is, from its first bytes (the name may lie or be missing). */
export async function sniffArchive(blob: Blob): Promise<ArchiveFormat | null> {
  const head = new Uint8Array(await blob.slice(0, 16).arrayBuffer());
  const text = new TextDecoder('latin1').decode(head);
  if (text.startsWith('PMTiles')) return 'pmtiles';
  if (text === 'SQLite format 3\0') return 'mbtiles';
  return null;
}

/** Opens (or returns the already opened) archive under `key`; throws TileArchiveError naming what is wrong. */
export async function openArchive(key: string, blob: Blob, sqlWasmUrl: string): Promise<OpenedArchive> {
  register();
  const format = await sniffArchive(blob);
  if (format === 'pmtiles') {
    const archive = pmtilesProtocol.get(key) ?? new PMTiles(new BlobSource(blob, key));
    const info = await pmtilesInfo(archive);
    pmtilesProtocol.add(archive);
    return { key, format, info, source: sourceFor(`pmtiles://${key}`, info) };
  }
  if (format === 'mbtiles') {
    let archive = mbtiles.get(key);
    if (!archive) {
      const { openMbtiles, checkMbtilesSize } = await import('../../shared/basemaps/mbtiles');
      checkMbtilesSize(blob.size);
      archive = await openMbtiles(new Uint8Array(await blob.arrayBuffer()), { sqlWasmUrl });
      mbtiles.set(key, archive);
    }
    return { key, format, info: archive.info, source: sourceFor(`mbtiles://${key}`, archive.info) };
  }
  throw new TileArchiveError('neither a PMTiles nor an MBTiles file');
}

/** Forgets an archive (its memory, for MBTiles) once the user removed the basemap. */
export function closeArchive(key: string): void {
  mbtiles.get(key)?.close();
  mbtiles.delete(key);
  pmtilesProtocol.tiles.delete(key);
}
