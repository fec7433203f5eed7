import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { z } from 'zod';
import { DISPLAY_MODES, type DisplayMode } from '../../shared/layers/layer-style';

/**
 * How each layer's points are drawn (icons or heatmap), kept in localStorage like the filters so
 * the picture looks the same after a restart. It is a view choice, not data: it lives here rather
 * than in the Layer schema, so it needs no changeset and no undo step. Layers without an entry
 * are drawn as points.
 */
const PersistedSchema = z.object({ byLayer: z.record(z.string(), z.enum(DISPLAY_MODES)) });

export interface DisplayState {
  byLayer: Record<string, DisplayMode>;
}

interface DisplayActions {
  setMode(layerId: string, mode: DisplayMode): void;
  /** Drops the choices of layers that no longer exist. */
  pruneLayers(existingLayerIds: readonly string[]): void;
}

export const useDisplay = create<DisplayState & DisplayActions>()(
  persist(
    (set) => ({
      byLayer: {},
      setMode: (layerId, mode) =>
        set((s) => {
          if ((s.byLayer[layerId] ?? 'points') === mode) return {};
          if (mode === 'points') {
            const next = { ...s.byLayer };
            delete next[layerId];
            return { byLayer: next };
          }
          return { byLayer: { ...s.byLayer, [layerId]: mode } };
        }),
      pruneLayers: (ids) =>
        set((s) => {
          const keep = new Set(ids);
          if (Object.keys(s.byLayer).every((id) => keep.has(id))) return {};
          return { byLayer: Object.fromEntries(Object.entries(s.byLayer).filter(([id]) => keep.has(id))) };
        }),
    }),
    {
      name: 'common-ground:display',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ byLayer: s.byLayer }),
      // A hand-edited or older record must not break start-up: keep what validates.
      merge: (persisted, current) => {
        const parsed = PersistedSchema.safeParse(persisted);
        return { ...current, ...(parsed.success ? parsed.data : {}) };
      },
    },
  ),
);

/** The display mode of one layer: a selector for components. */
export const selectDisplayMode =
  (layerId: string) =>
  (s: DisplayState): DisplayMode =>
    s.byLayer[layerId] ?? 'points';
