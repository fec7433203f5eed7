import { msg, type Message } from '../i18n/message';
import { unzipSync } from 'fflate';

/**
 * Unzipping with limits, for every format that arrives zipped (KMZ, zipped shapefiles …).
 *
 * The archive's central directory is read first without decompressing anything; the declared
 * sizes are checked against the limits (entry count, total size, compression ratio), and only
 * then are the selected entries inflated. fflate inflates each entry into a buffer of the
 * declared size and never grows it, so an archive that under-declares its sizes yields
 * truncated entries (which then fail to parse) rather than unbounded memory use.
 *
 * The limit checks are hand-written glue: fflate has no limits of its own.
 */

export interface ZipLimits {
  /** Most entries (files and folders) the archive may list. */
  maxEntries: number;
  /** Most bytes all selected entries may decompress to, together. */
  maxTotalBytes: number;
  /** Most bytes one selected entry may decompress to. */
  maxEntryBytes: number;
  /** Largest decompressed:compressed ratio allowed for an entry bigger than `ratioMinBytes`. */
  maxRatio: number;
  /** Entries up to this size are not ratio-checked (small text compresses very well legitimately). */
  ratioMinBytes: number;
}

const MB = 1024 * 1024;

export const DEFAULT_ZIP_LIMITS: Readonly<ZipLimits> = {
  maxEntries: 10_000,
  maxTotalBytes: 512 * MB,
  maxEntryBytes: 512 * MB,
  maxRatio: 100,
  ratioMinBytes: 1 * MB,
};

export interface UnzipOptions extends Partial<ZipLimits> {
  /** Which entries to decompress (by path inside the archive); all files when absent. */
  select?(name: string): boolean;
}

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  size: number;
}

export type UnzipResult =
  | { ok: true; entries: Map<string, Uint8Array>; listing: ZipEntryInfo[] }
  | { ok: false; code: string; error: Message };

/** Thrown from fflate's filter callback to stop reading a directory that is too long. */
class TooManyEntries {}

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

/** True when the bytes start with a ZIP local-file header. */
export function isZip(bytes: Uint8Array): boolean {
  return ZIP_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** The name of the first entry, read from the first local-file header (for sniffing). */
export function firstZipEntryName(bytes: Uint8Array): string | null {
  if (!isZip(bytes) || bytes.length < 30) return null;
  const len = (bytes[26] as number) | ((bytes[27] as number) << 8);
  if (30 + len > bytes.length) return null;
  let s = '';
  for (let i = 30; i < 30 + len; i++) s += String.fromCharCode(bytes[i] as number);
  return s;
}

/** Megabytes with one decimal, for the catalogue's "{{size, number}} MB". */
function mb(n: number): number {
  return Math.round((n / MB) * 10) / 10;
}

function isDirectory(name: string): boolean {
  return name.endsWith('/') || name.endsWith('\\');
}

/** Decompresses a ZIP archive within limits. Never throws. */
export function unzipSafely(bytes: Uint8Array, fileName: string, options: UnzipOptions = {}): UnzipResult {
  const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS };
  for (const key of Object.keys(DEFAULT_ZIP_LIMITS) as (keyof ZipLimits)[]) {
    const v = options[key];
    if (typeof v === 'number') limits[key] = v;
  }
  const select = options.select ?? (() => true);

  // Pass 1: read the directory only (the filter declines every entry, so nothing is inflated).
  const listing: ZipEntryInfo[] = [];
  try {
    unzipSync(bytes, {
      filter(info) {
        listing.push({ name: info.name, compressedSize: info.size, size: info.originalSize });
        if (listing.length > limits.maxEntries) throw new TooManyEntries();
        return false;
      },
    });
  } catch (e) {
    if (e instanceof TooManyEntries) {
      return {
        ok: false,
        code: 'zip-too-many-entries',
        error: msg('zip.too-many-entries', { max: limits.maxEntries }),
      };
    }
    return { ok: false, code: 'zip-invalid', error: msg('zip.invalid', { detail: e instanceof Error ? e.message : String(e) }) };
  }

  const wanted = new Set<string>();
  let total = 0;
  for (const entry of listing) {
    if (isDirectory(entry.name) || !select(entry.name)) continue;
    if (entry.size > limits.maxEntryBytes) {
      return {
        ok: false,
        code: 'zip-too-large',
        error: msg('zip.entry-too-large', { name: entry.name, size: mb(entry.size), max: mb(limits.maxEntryBytes) }),
      };
    }
    if (entry.size > limits.ratioMinBytes && entry.size > limits.maxRatio * Math.max(entry.compressedSize, 1)) {
      const ratio = Math.round(entry.size / Math.max(entry.compressedSize, 1));
      return {
        ok: false,
        code: 'zip-bomb',
        error: msg('zip.bomb', { name: entry.name, ratio, size: mb(entry.size), compressed: entry.compressedSize, max: limits.maxRatio }),
      };
    }
    total += entry.size;
    if (total > limits.maxTotalBytes) {
      return {
        ok: false,
        code: 'zip-too-large',
        error: msg('zip.too-large', { max: mb(limits.maxTotalBytes) }),
      };
    }
    wanted.add(entry.name);
  }

  // Pass 2: inflate the entries that passed.
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (info) => wanted.has(info.name) && !isDirectory(info.name) });
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return { ok: false, code: 'zip-invalid', error: msg('zip.inflate-failed', { detail }) };
  }
  const entries = new Map<string, Uint8Array>();
  for (const entry of listing) {
    const data = files[entry.name];
    if (data && !entries.has(entry.name)) entries.set(entry.name, data);
  }
  return { ok: true, entries, listing };
}
