import Dexie, { type Table } from 'dexie';

/**
 * The bytes of opened basemap files, kept so that they reopen after a restart without asking the
 * user again: the web page cannot reopen a file by its path, and this keeps both builds alike.
 * Chromium stores Blobs in IndexedDB as files on disk, and the map reads them by range (PMTiles),
 * so keeping a large file costs disk, not memory. Files above MAX_KEPT_BYTES are used for this
 * session only and must be chosen again after a restart. Separate from the feature store (which
 * lives in a worker) because it holds no operational data.
 */
export const MAX_KEPT_BYTES = 2 * 1024 * 1024 * 1024;

interface StoredFile {
  id: string;
  blob: Blob;
}

class BasemapFilesDb extends Dexie {
  files!: Table<StoredFile, string>;
  constructor() {
    super('common-ground-basemap-files');
    this.version(1).stores({ files: 'id' });
  }
}

let db: BasemapFilesDb | null = null;
const open = (): BasemapFilesDb => (db ??= new BasemapFilesDb());
/** Files opened in this session (all of them, kept or not). */
const session = new Map<string, Blob>();

/** Remembers the file; resolves whether it was kept for later sessions. */
export async function keepBasemapFile(id: string, blob: Blob): Promise<boolean> {
  session.set(id, blob);
  if (blob.size > MAX_KEPT_BYTES) return false;
  try {
    await open().files.put({ id, blob });
    return true;
  } catch (e) {
    console.warn('Basemap file could not be kept for the next session', e);
    return false;
  }
}

export async function basemapFile(id: string): Promise<Blob | null> {
  const inSession = session.get(id);
  if (inSession) return inSession;
  const stored = await open().files.get(id);
  if (stored) session.set(id, stored.blob);
  return stored?.blob ?? null;
}

export async function forgetBasemapFile(id: string): Promise<void> {
  session.delete(id);
  await open().files.delete(id);
}
