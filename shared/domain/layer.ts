import { z } from 'zod';
import { IsoDateString, KindSchema } from './common';

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
});
export type Layer = z.infer<typeof LayerSchema>;

/** Layer metadata the UI can change in place. */
export type LayerPatch = Partial<Pick<Layer, 'name' | 'visible' | 'opacity' | 'order' | 'owner'>>;
