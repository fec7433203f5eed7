import { z } from 'zod';

export const KINDS = ['incident', 'humanitarian', 'ddr', 'patrol', 'reference'] as const;
export type Kind = (typeof KINDS)[number];
export const KindSchema = z.enum(KINDS);

/** ISO 8601 date or date-time, as stored. */
export const IsoDateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/, 'expected an ISO 8601 date such as 2026-11-22 or 2026-11-22T14:30:00Z');

/**
 * Fields every feature carries whatever its kind. They live in GeoJSON `properties` beside the
 * kind's fields so MapLibre filters and exports see one flat record.
 */
export const CommonFieldsSchema = z.object({
  name: z.string().max(500).optional(),
  org: z.string().max(200).optional(),
  /**
   * The feature's own marking (see feature-marking.ts), flat like the rest: a feature without a
   * classification has no marking of its own and carries its layer's. Codes are the marking
   * scheme's levels (shared/domain/marking.ts); free text kept by the migration stays as it is.
   */
  classification: z.string().min(1).max(100).optional(),
  caveats: z.array(z.string().trim().min(1).max(100)).optional(),
  originator: z.string().max(100).optional(),
  releasableTo: z.array(z.string().trim().min(1).max(100)).optional(),
  /** Free text from before releasable-to parties existed; kept as it was written. */
  releasability: z.string().max(200).optional(),
  createdBy: z.string().max(200),
  createdAt: IsoDateString,
  updatedBy: z.string().max(200),
  updatedAt: IsoDateString,
  version: z.number().int().min(1),
});
export type CommonFields = z.infer<typeof CommonFieldsSchema>;

export const COMMON_FIELD_NAMES = Object.keys(CommonFieldsSchema.shape) as (keyof CommonFields)[];
