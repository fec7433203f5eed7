import { z } from 'zod';
import { IsoDateString, KindSchema, type Kind } from './common';
import { MarkingSchema } from './marking';

/**
 * How a layer's features are coloured: by their category (event type, site type, patrol status:
 * the kind's icons and palettes), in one colour, or, for incidents, by severity (fatalities) or
 * recency (age of the event).
 */
export const COLOR_MODES = ['category', 'single', 'severity', 'recency'] as const;
export type ColorMode = (typeof COLOR_MODES)[number];

/** The colour modes a kind offers, its default first (reference layers have no categories). */
export function colorModesFor(kind: Kind): readonly ColorMode[] {
  if (kind === 'incident') return COLOR_MODES;
  if (kind === 'reference') return ['single'];
  return ['category', 'single'];
}

export const SIZE_MIN = 0.5;
export const SIZE_MAX = 2.5;

/**
 * A user's changes to a layer's default look, stored with the layer (so they travel with it and
 * every change is an undoable edit). Each field is optional: absent means the kind's default.
 */
export const LayerStyleSchema = z
  .object({
    colorMode: z.enum(COLOR_MODES).optional(),
    /** The layer's colour: everything in 'single' mode, and the uncategorised parts (areas) otherwise. */
    color: z
      .string()
      .regex(/^#[0-9a-f]{6}$/i, 'expected a colour such as #1e88e5')
      .optional(),
    /** Multiplies icon, point and line sizes. */
    size: z.number().min(SIZE_MIN).max(SIZE_MAX).optional(),
    /** The property shown as the label; null shows no labels. */
    labelField: z.string().trim().min(1).max(100).nullable().optional(),
  })
  .strict();
export type LayerStyle = z.infer<typeof LayerStyleSchema>;

/**
 * A georeferenced image drawn beneath the layer's features (a KML ground overlay from a KMZ):
 * kept as a Blob in the layer record, so an import, its undo and a deletion carry it like the rest.
 */
export const LayerImageSchema = z.object({
  name: z.string().max(200),
  blob: z.instanceof(Blob),
  /** [lng, lat] of the image's top-left, top-right, bottom-right, bottom-left corners. */
  corners: z.tuple([z.tuple([z.number(), z.number()]), z.tuple([z.number(), z.number()]), z.tuple([z.number(), z.number()]), z.tuple([z.number(), z.number()])]),
});
export type LayerImage = z.infer<typeof LayerImageSchema>;

/**
 * What code finds a layer by, never its display name (which the user may rename, in any
 * language): the reference layer drawn checkpoints go to.
 */
export const LAYER_ROLES = ['checkpoints'] as const;
export const LayerRoleSchema = z.enum(LAYER_ROLES);
export type LayerRole = z.infer<typeof LayerRoleSchema>;

export const LayerSchema = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1).max(200),
  kind: KindSchema,
  owner: z.string().max(200),
  visible: z.boolean(),
  opacity: z.number().min(0).max(1),
  /** Draw order: higher is drawn above lower. */
  order: z.number().int(),
  createdAt: IsoDateString,
  updatedAt: IsoDateString,
  /** Where the layer came from, for the user's information only. */
  source: z.object({ fileName: z.string(), format: z.string() }).optional(),
  /** The user's changes to the kind's default style. */
  style: LayerStyleSchema.optional(),
  /** The layer's marking, which its features without one of their own carry too. */
  marking: MarkingSchema,
  images: z.array(LayerImageSchema).max(100).optional(),
  role: LayerRoleSchema.optional(),
  /**
   * Set when the layer lives on the JOC hub: its owner organisation, the organisations that may
   * contribute, and whether this workstation's organisation may write to it. A layer without it
   * is local to the workstation. The hub decides these; the workstation only shows them.
   */
  hub: z
    .object({
      ownerOrg: z.string().max(100),
      contributors: z.array(z.string().max(100)).max(500),
      writable: z.boolean(),
      /** This workstation's organisation owns it: only then are its name, marking and style changed here, and sent to the hub. */
      owned: z.boolean().optional(),
    })
    .optional(),
});
export type Layer = z.infer<typeof LayerSchema>;
export type HubLayerInfo = NonNullable<Layer['hub']>;

/** Layer metadata the UI can change in place. */
export type LayerPatch = Partial<Pick<Layer, 'name' | 'visible' | 'opacity' | 'order' | 'owner' | 'style' | 'marking'>>;
