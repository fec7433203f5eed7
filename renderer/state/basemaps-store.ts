import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { BASEMAPS_KEY, PersistedBasemapsSchema, type BasemapEntry } from './basemaps-persisted';

export type { BasemapEntry, FileEntry, OnlineEntry } from './basemaps-persisted';

/** The bundled Natural Earth basemap: always present, the default, never removed. */
export const BUNDLED_ID = 'bundled';

/**
 * The basemaps the user can choose from (persisted in localStorage): the bundled one, offline
 * files they opened, online sources they added. Which one is shown and the imagery opacity too.
 * A view choice, not data: no changeset, no undo.
 */
export interface BasemapsState {
  entries: BasemapEntry[];
  selectedId: string;
  /** Opacity of raster basemaps (imagery), 0–1. */
  rasterOpacity: number;
}

interface BasemapsActions {
  add(entry: BasemapEntry): void;
  select(id: string): void;
  remove(id: string): void;
  setRasterOpacity(opacity: number): void;
}

export const useBasemaps = create<BasemapsState & BasemapsActions>()(
  persist(
    (set) => ({
      entries: [],
      selectedId: BUNDLED_ID,
      rasterOpacity: 1,
      add: (entry) => set((s) => ({ entries: [...s.entries.filter((e) => e.id !== entry.id), entry] })),
      select: (id) => set((s) => (id === BUNDLED_ID || s.entries.some((e) => e.id === id) ? { selectedId: id } : {})),
      remove: (id) =>
        set((s) => ({ entries: s.entries.filter((e) => e.id !== id), selectedId: s.selectedId === id ? BUNDLED_ID : s.selectedId })),
      setRasterOpacity: (opacity) => set({ rasterOpacity: Math.min(1, Math.max(0, opacity)) }),
    }),
    {
      name: BASEMAPS_KEY,
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ entries: s.entries, selectedId: s.selectedId, rasterOpacity: s.rasterOpacity }),
      // A hand-edited or older record must not break start-up: keep what validates.
      merge: (persisted, current) => {
        const parsed = PersistedBasemapsSchema.safeParse(persisted);
        if (!parsed.success) return current;
        const { entries, selectedId, rasterOpacity } = parsed.data;
        const known = selectedId === BUNDLED_ID || entries.some((e) => e.id === selectedId);
        return { ...current, entries, rasterOpacity, selectedId: known ? selectedId : BUNDLED_ID };
      },
    },
  ),
);

export function selectedEntry(s: BasemapsState): BasemapEntry | null {
  return s.entries.find((e) => e.id === s.selectedId) ?? null;
}
