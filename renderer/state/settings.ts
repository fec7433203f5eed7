import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { z } from 'zod';
import { GRID_MODES } from '../../shared/layers/grid-style';
import { defaultMarking, type Marking, type MarkingScheme } from '../../shared/domain/marking';
import { SchemeChoiceSchema, schemeOf } from '../../shared/domain/marking-scheme-file';

export const COORD_FORMATS = ['dd', 'dms', 'mgrs'] as const;
export type CoordFormat = (typeof COORD_FORMATS)[number];

/** What the user chose and expects to find again next time; kept in localStorage. */
const SettingsSchema = z.object({
  language: z.enum(['en', 'fr']).nullable(),
  coordFormat: z.enum(COORD_FORMATS),
  authorName: z.string().max(200),
  authorOrg: z.string().max(200),
  /** The user's organisation in the sharing directory: originator of what they mark ('' for none chosen). */
  organisationId: z.string().max(100),
  layerPanelOpen: z.boolean(),
  /** The draw and measure toolbar unfolded over the map's left edge. */
  drawToolsOpen: z.boolean(),
  grid: z.enum(GRID_MODES),
  /** The mission's marking scheme: 'un' (default), 'nato', or one imported from a JSON file. */
  markingScheme: SchemeChoiceSchema,
  /** Where the map was left, restored at the next start. */
  view: z
    .object({ center: z.tuple([z.number().min(-540).max(540), z.number().min(-90).max(90)]), zoom: z.number().min(0).max(24), bearing: z.number() })
    .nullable(),
});
export type Settings = z.infer<typeof SettingsSchema>;

const DEFAULTS: Settings = {
  language: null,
  coordFormat: 'dd',
  authorName: 'JOC duty officer',
  authorOrg: 'JOC',
  organisationId: '',
  layerPanelOpen: true,
  drawToolsOpen: true,
  grid: 'none',
  markingScheme: 'un',
  view: null,
};

interface SettingsActions {
  update(patch: Partial<Settings>): void;
}

export const useSettings = create<Settings & SettingsActions>()(
  persist(
    (set) => ({
      ...DEFAULTS,
      update: (patch) => set(SettingsSchema.partial().parse(patch)),
    }),
    {
      name: 'common-ground:settings',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      // A hand-edited or older record must not break start-up: keep what validates, default the rest.
      merge: (persisted, current) => {
        const parsed = SettingsSchema.partial().safeParse(persisted);
        return { ...current, ...(parsed.success ? parsed.data : {}) };
      },
    },
  ),
);

/** The marking a layer the user creates starts with: the scheme's lowest level, originated by their organisation. */
export function newLayerMarking(): Marking {
  return { ...defaultMarking(currentScheme()), originator: useSettings.getState().organisationId };
}

/** The marking scheme chosen in the settings, for code outside React. */
export function currentScheme(): MarkingScheme {
  return schemeOf(useSettings.getState().markingScheme);
}

/** The marking scheme chosen in the settings; components re-render when it changes. */
export function useMarkingScheme(): MarkingScheme {
  return schemeOf(useSettings((s) => s.markingScheme));
}
