import { z } from 'zod';

export const KINDS = ['incident', 'humanitarian', 'ddr', 'patrol', 'reference'] as const;
export type Kind = (typeof KINDS)[number];
export const KindSchema = z.enum(KINDS);

export const CLASSIFICATIONS = ['UNCLASSIFIED', 'UN RESTRICTED', 'UN CONFIDENTIAL', 'UN SECRET'] as const;

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
  classification: z.string().min(1).max(100).default('UNCLASSIFIED'),
  releasability: z.string().max(200).optional(),
  createdBy: z.string().max(200),
  createdAt: IsoDateString,
  updatedBy: z.string().max(200),
  updatedAt: IsoDateString,
  version: z.number().int().min(1),
});
export type CommonFields = z.infer<typeof CommonFieldsSchema>;

export const COMMON_FIELD_NAMES = Object.keys(CommonFieldsSchema.shape) as (keyof CommonFields)[];
