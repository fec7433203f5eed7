import { z } from 'zod';
import { isSafeOrigin } from '../../shared/basemaps/online-sources';

/**
 * The persisted shape of the basemap list (localStorage key BASEMAPS_KEY), apart from the zustand
 * store so that the page's CSP can be built from it before anything else loads (csp-boot.ts).
 */
export const BASEMAPS_KEY = 'common-ground:basemaps';

export const FileEntrySchema = z.object({
  id: z.string().min(1),
  type: z.literal('file'),
  name: z.string(),
  fileName: z.string(),
  format: z.enum(['pmtiles', 'mbtiles']),
  kind: z.enum(['vector', 'raster']),
  size: z.number().nonnegative(),
  /** Whether the file's bytes are kept in IndexedDB (reopened after a restart without asking). */
  kept: z.boolean(),
});

export const OnlineEntrySchema = z.object({
  id: z.string().min(1),
  type: z.literal('online'),
  name: z.string(),
  sourceType: z.enum(['xyz', 'wms', 'wmts']),
  tiles: z.string().regex(/^https?:\/\//),
  attribution: z.string(),
  origin: z.string().refine(isSafeOrigin),
});

export const EntrySchema = z.discriminatedUnion('type', [FileEntrySchema, OnlineEntrySchema]);
export type FileEntry = z.infer<typeof FileEntrySchema>;
export type OnlineEntry = z.infer<typeof OnlineEntrySchema>;
export type BasemapEntry = z.infer<typeof EntrySchema>;

export const PersistedBasemapsSchema = z.object({
  entries: z.array(z.unknown()).transform((list) => list.flatMap((e) => {
    const parsed = EntrySchema.safeParse(e);
    return parsed.success ? [parsed.data] : [];
  })),
  selectedId: z.string(),
  rasterOpacity: z.number().min(0).max(1),
});

/** Origins of the stored online sources, read from raw storage; anything malformed is ignored. */
export function storedOnlineOrigins(getItem: (key: string) => string | null): string[] {
  const raw = getItem(BASEMAPS_KEY);
  if (!raw) return [];
  const state = (JSON.parse(raw) as { state?: unknown }).state;
  const parsed = PersistedBasemapsSchema.safeParse(state);
  if (!parsed.success) return [];
  return parsed.data.entries.flatMap((e) => (e.type === 'online' ? [e.origin] : []));
}
