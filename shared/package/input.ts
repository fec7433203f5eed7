import { z } from 'zod';
import { KindSchema } from '../domain/common';
import { LayerStyleSchema } from '../domain/layer';
import { MarkingSchema, MarkingSchemeSchema } from '../domain/marking';
import { SharingDirectorySchema } from '../domain/sharing-directory';
import { CgFeatureSchema } from './feature-schema';

/**
 * What the package builders take: plain data the app gathers from its store, so this module
 * depends on no store and on no particular shape of the stored Layer.
 *
 * A feature's `version` is `feature.properties.version`, as stored. `baseVersion` is the version
 * of the feature the sender's edit started from (the version the recipient last sent or the hub
 * last confirmed); the recipient's merge (shared/sync) compares it with its own version to tell
 * an update from a conflict. `marking` is the feature's own marking; without one it takes its
 * layer's (effectiveMarking).
 */

export const PackageLayerSchema = z.object({
  id: z.string().min(1).max(200),
  name: z.string().trim().min(1).max(200),
  kind: KindSchema,
  style: LayerStyleSchema.optional(),
  marking: MarkingSchema.optional(),
});
export type PackageLayer = z.infer<typeof PackageLayerSchema>;

export const PackageFeatureSchema = z.object({
  feature: CgFeatureSchema,
  baseVersion: z.number().int().min(0).optional(),
  marking: MarkingSchema.optional(),
});
export type PackageFeature = z.infer<typeof PackageFeatureSchema>;

/**
 * A feature the sender deleted (shared/domain/tombstone.ts): only its id, the version it had and
 * the one last exchanged, its originator and own marking (the release rule applies to it as to
 * the feature), and who deleted it when.
 */
export const PackageTombstoneSchema = z.object({
  id: z.string().min(1).max(200),
  version: z.number().int().min(0),
  exchangedVersion: z.number().int().min(0).optional(),
  originator: z.string().max(100),
  marking: MarkingSchema.optional(),
  deletedAt: z.iso.datetime({ offset: true }),
  deletedBy: z.object({ name: z.string().max(200), org: z.string().max(200) }),
});
export type PackageTombstone = z.infer<typeof PackageTombstoneSchema>;

export const SenderSchema = z.object({
  /** Organisation id in the sharing directory. */
  org: z.string().trim().min(1).max(100),
  /** The person who made the package, as the app's author name. */
  person: z.string().trim().min(1).max(200),
});
export type Sender = z.infer<typeof SenderSchema>;

export const PackageInputSchema = z.object({
  layers: z.array(z.object({ layer: PackageLayerSchema, features: z.array(PackageFeatureSchema), tombstones: z.array(PackageTombstoneSchema).default([]) })),
  sender: SenderSchema,
  /** Organisation or group id of the recipient in `directory`: every release decision is taken against it (a group: against each member). */
  recipient: z.string().trim().min(1).max(100),
  directory: SharingDirectorySchema,
  scheme: MarkingSchemeSchema,
  /** Leave out the fields each kind lists as sensitive (KIND_SENSITIVE_FIELDS). */
  omitSensitive: z.boolean().default(false),
  /** Defaults: a random UUID and now; given for reproducible packages (tests, re-sends). */
  packageId: z.string().min(1).max(100).optional(),
  createdAt: z.iso.datetime().optional(),
  /** The package's title (TAK shows it); default: the layer names. */
  title: z.string().trim().min(1).max(200).optional(),
});
export type PackageInput = z.input<typeof PackageInputSchema>;
export type ParsedPackageInput = z.output<typeof PackageInputSchema>;
