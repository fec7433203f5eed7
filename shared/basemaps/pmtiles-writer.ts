import { gzipSync, strToU8 } from 'fflate';
import { zxyToTileId } from 'pmtiles';

/**
 * Writes a PMTiles v3 archive (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md).
 * Hand-written because no npm package writes PMTiles (the `pmtiles` package only reads, and the
 * `go-pmtiles` converter is not available here). Small archives only: every entry goes in the root
 * directory, which the spec requires to fit, with the header, in the first 16,384 bytes; larger
 * inputs are refused rather than written without leaf directories.
 */

export type PmtilesTileType = 'mvt' | 'png' | 'jpg' | 'webp';

export interface PmtilesInput {
  tiles: { z: number; x: number; y: number; data: Uint8Array }[];
  tileType: PmtilesTileType;
  /** Whether the tile bytes are already gzip-compressed (vector tiles from MBTiles usually are). */
  tilesGzipped: boolean;
  metadata: Record<string, unknown>;
  bounds: [west: number, south: number, east: number, north: number];
  center?: [lng: number, lat: number, zoom: number];
}

const HEADER_BYTES = 127;
const ROOT_LIMIT = 16_384;
const TILE_TYPE: Record<PmtilesTileType, number> = { mvt: 1, png: 2, jpg: 3, webp: 4 };
const COMPRESSION_NONE = 1;
const COMPRESSION_GZIP = 2;

function writeVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

interface Entry {
  tileId: number;
  offset: number;
  length: number;
  runLength: number;
}

function serialiseDirectory(entries: Entry[]): Uint8Array {
  const out: number[] = [];
  writeVarint(out, entries.length);
  let last = 0;
  for (const e of entries) {
    writeVarint(out, e.tileId - last);
    last = e.tileId;
  }
  for (const e of entries) writeVarint(out, e.runLength);
  for (const e of entries) writeVarint(out, e.length);
  entries.forEach((e, i) => {
    const prev = entries[i - 1];
    // 0 means "right after the previous entry", which is what a clustered archive has throughout.
    if (prev && e.offset === prev.offset + prev.length) writeVarint(out, 0);
    else writeVarint(out, e.offset + 1);
  });
  return gzipSync(new Uint8Array(out));
}

function setUint64(view: DataView, at: number, value: number): void {
  view.setBigUint64(at, BigInt(value), true);
}

export function writePmtiles(input: PmtilesInput): Uint8Array {
  if (input.tiles.length === 0) throw new Error('PMTiles: no tiles to write');
  const sorted = input.tiles
    .map((t) => ({ ...t, tileId: zxyToTileId(t.z, t.x, t.y) }))
    .sort((a, b) => a.tileId - b.tileId);

  const entries: Entry[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const t of sorted) {
    entries.push({ tileId: t.tileId, offset, length: t.data.byteLength, runLength: 1 });
    chunks.push(t.data);
    offset += t.data.byteLength;
  }
  const root = serialiseDirectory(entries);
  if (HEADER_BYTES + root.byteLength > ROOT_LIMIT) throw new Error(`PMTiles: ${entries.length} tiles need leaf directories, which this writer does not make`);
  const metadata = gzipSync(strToU8(JSON.stringify(input.metadata)));

  const rootOffset = HEADER_BYTES;
  const metadataOffset = rootOffset + root.byteLength;
  const tileDataOffset = metadataOffset + metadata.byteLength;
  const total = tileDataOffset + offset;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(strToU8('PMTiles'), 0);
  out[7] = 3;
  setUint64(view, 8, rootOffset);
  setUint64(view, 16, root.byteLength);
  setUint64(view, 24, metadataOffset);
  setUint64(view, 32, metadata.byteLength);
  setUint64(view, 40, 0);
  setUint64(view, 48, 0);
  setUint64(view, 56, tileDataOffset);
  setUint64(view, 64, offset);
  setUint64(view, 72, entries.length);
  setUint64(view, 80, entries.length);
  setUint64(view, 88, entries.length);
  out[96] = 1;
  out[97] = COMPRESSION_GZIP;
  out[98] = input.tilesGzipped ? COMPRESSION_GZIP : COMPRESSION_NONE;
  out[99] = TILE_TYPE[input.tileType];
  const zooms = sorted.map((t) => t.z);
  out[100] = Math.min(...zooms);
  out[101] = Math.max(...zooms);
  const e7 = (deg: number): number => Math.round(deg * 1e7);
  const [west, south, east, north] = input.bounds;
  view.setInt32(102, e7(west), true);
  view.setInt32(106, e7(south), true);
  view.setInt32(110, e7(east), true);
  view.setInt32(114, e7(north), true);
  const [cLng, cLat, cZoom] = input.center ?? [(west + east) / 2, (south + north) / 2, Math.min(...zooms)];
  out[118] = cZoom;
  view.setInt32(119, e7(cLng), true);
  view.setInt32(123, e7(cLat), true);

  out.set(root, rootOffset);
  out.set(metadata, metadataOffset);
  let at = tileDataOffset;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
