import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { z } from 'zod';
import { EMPTY_FILTER, OPERATORS, TimeWindowSchema, type LayerFilter, type TimeWindow } from '../../shared/domain/filters';

/**
 * The time window (one for the whole map) and each layer's attribute filter, kept in localStorage
 * so the picture looks the same after a restart. Whether a condition suits its layer's kind is
 * checked where it is used (toMapLibreFilter and toPredicate leave out conditions that do not
 * validate, the editor shows why), because a layer's kind can change after its filter was saved.
 */
const PersistedSchema = z.object({
  window: TimeWindowSchema,
  byLayer: z.record(
    z.string(),
    z.object({
      conditions: z.array(
        z.object({
          field: z.string(),
          op: z.enum(OPERATORS),
          value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).optional(),
        }),
      ),
    }),
  ),
});

export interface FiltersState {
  window: TimeWindow;
  byLayer: Record<string, LayerFilter>;
  /** Whether the time slider is playing; not persisted (a restart must not start playing). */
  playing: boolean;
}

interface FiltersActions {
  setWindow(window: TimeWindow): void;
  setLayerFilter(layerId: string, filter: LayerFilter): void;
  clearLayerFilter(layerId: string): void;
  /** Drops the filters of layers that no longer exist (call after the layer list changes). */
  pruneLayers(existingLayerIds: readonly string[]): void;
  setPlaying(playing: boolean): void;
  clearAll(): void;
}

const INITIAL: FiltersState = { window: null, byLayer: {}, playing: false };

export const useFilters = create<FiltersState & FiltersActions>()(
  persist(
    (set) => ({
      ...INITIAL,
      // A window that would not validate (end before start) is refused rather than stored.
      setWindow: (window) => set(TimeWindowSchema.safeParse(window).success ? { window } : {}),
      setLayerFilter: (layerId, filter) =>
        set((s) => {
          if (filter.conditions.length === 0) return { byLayer: without(s.byLayer, layerId) };
          return { byLayer: { ...s.byLayer, [layerId]: filter } };
        }),
      clearLayerFilter: (layerId) => set((s) => ({ byLayer: without(s.byLayer, layerId) })),
      pruneLayers: (ids) =>
        set((s) => {
          const keep = new Set(ids);
          const stale = Object.keys(s.byLayer).filter((id) => !keep.has(id));
          if (stale.length === 0) return {};
          return { byLayer: Object.fromEntries(Object.entries(s.byLayer).filter(([id]) => keep.has(id))) };
        }),
      setPlaying: (playing) => set({ playing }),
      clearAll: () => set({ window: null, byLayer: {}, playing: false }),
    }),
    {
      name: 'common-ground:filters',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ window: s.window, byLayer: s.byLayer }),
      // A hand-edited or older record must not break start-up: keep what validates, default the rest.
      merge: (persisted, current) => {
        const parsed = PersistedSchema.partial().safeParse(persisted);
        return { ...current, ...(parsed.success ? parsed.data : {}) };
      },
    },
  ),
);

/** The filter of one layer, or the empty filter: a selector for components. */

export const selectLayerFilter =
  (layerId: string) =>
  (s: FiltersState): LayerFilter =>
    s.byLayer[layerId] ?? EMPTY_FILTER;

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  if (!(key in record)) return record;
  const next = { ...record };
  delete next[key];
  return next;
}
