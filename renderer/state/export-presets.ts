import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { z } from 'zod';
import { DPIS, ORIENTATIONS, PAPERS } from '../../shared/export/paper';
import { migrateClassification } from '../../shared/domain/marking-migration';

/**
 * The map export's layout choices: named presets the user saved, and the last layout used (the
 * dialog opens with it). Kept in localStorage; what does not validate is dropped, not fatal.
 */
export const ExportLayoutSchema = z.object({
  paper: z.enum(PAPERS),
  orientation: z.enum(ORIENTATIONS),
  dpi: z.union([z.literal(DPIS[0]), z.literal(DPIS[1])]),
  format: z.enum(['pdf', 'png']),
  grid: z.enum(['none', 'latlon', 'mgrs']),
  title: z.string().max(200),
  subtitle: z.string().max(300),
  marking: z.string().max(80),
  /** The banner colour the user chose (#rrggbb); empty: the marking's usual colour. */
  markingColor: z.string().regex(/^(#[0-9a-fA-F]{6})?$/).default(''),
  sources: z.string().max(500),
});
export type ExportLayout = z.infer<typeof ExportLayoutSchema>;

export const DEFAULT_LAYOUT: ExportLayout = {
  paper: 'A4',
  orientation: 'landscape',
  dpi: 300,
  format: 'pdf',
  grid: 'mgrs',
  title: '',
  subtitle: '',
  marking: 'UNCLASSIFIED',
  markingColor: '',
  sources: '',
};

const PresetSchema = z.object({ name: z.string().min(1).max(80), layout: ExportLayoutSchema });
export type ExportPreset = z.infer<typeof PresetSchema>;

interface PresetsState {
  last: ExportLayout | null;
  presets: ExportPreset[];
  remember(layout: ExportLayout): void;
  /** Saves under `name`, replacing a preset of the same name. */
  save(name: string, layout: ExportLayout): void;
  remove(name: string): void;
}

export const useExportPresets = create<PresetsState>()(
  persist(
    (set) => ({
      last: null,
      presets: [],
      remember: (layout) => set({ last: ExportLayoutSchema.parse(layout) }),
      save: (name, layout) =>
        set((s) => {
          const preset = PresetSchema.parse({ name: name.trim(), layout });
          return { presets: [...s.presets.filter((p) => p.name !== preset.name), preset].sort((a, b) => a.name.localeCompare(b.name)) };
        }),
      remove: (name) => set((s) => ({ presets: s.presets.filter((p) => p.name !== name) })),
    }),
    {
      name: 'common-ground:export-presets',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ last: s.last, presets: s.presets }),
      merge: (persisted, current) => {
        const p = (persisted ?? {}) as { last?: unknown; presets?: unknown };
        const last = ExportLayoutSchema.safeParse(p.last);
        const presets = Array.isArray(p.presets) ? p.presets.flatMap((x) => PresetSchema.safeParse(x).data ?? []) : [];
        return { ...current, last: last.success ? migratedLayout(last.data) : null, presets: presets.map((x) => ({ ...x, layout: migratedLayout(x.layout) })) };
      },
    },
  ),
);

/**
 * Layouts saved before the UN scheme name old markings ("UN RESTRICTED"): they read as the
 * scheme's level, never a lower one (marking-migration.ts); free text stays as typed.
 */
export function migratedLayout(layout: ExportLayout): ExportLayout {
  const marking = migrateClassification(layout.marking);
  return marking === layout.marking ? layout : { ...layout, marking };
}
