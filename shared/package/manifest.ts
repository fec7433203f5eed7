import { z } from 'zod';
import { KindSchema } from '../domain/common';
import { LayerStyleSchema } from '../domain/layer';
import { MarkingSchema, MarkingSchemeSchema } from '../domain/marking';
import { SharingDirectorySchema } from '../domain/sharing-directory';
import { PackageTombstoneSchema } from './input';

/**
 * The Common Ground data package, format version 1: a ZIP holding
 *   manifest.json   this schema; the first entry, so the format can be sniffed
 *   signature.json  optional: an Ed25519 signature of manifest.json's exact bytes
 *   layers.json     the layer definitions (id, name, kind, style, marking), in order
 *   layers/N.geojson one RFC 7946 FeatureCollection per layer (see LayerFileSchema)
 *   tombstones.json the features the sender deleted, per layer (format version 2; only when
 *                   there are any, so a package without stays version 1 for older readers)
 * The manifest lists the SHA-256 of every file but itself and the signature, so signing the
 * manifest signs the whole package.
 */

export const PACKAGE_FORMAT = 'common-ground-package';
export const PACKAGE_FORMAT_VERSION = 2;
/** The version of a package that carries no tombstones: readers from before tombstones open it. */
export const PACKAGE_FORMAT_VERSION_WITHOUT_TOMBSTONES = 1;
export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'signature.json';
export const LAYERS_FILE = 'layers.json';
export const TOMBSTONES_FILE = 'tombstones.json';

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const ManifestLayerSchema = z.object({
  id: z.string().min(1).max(200),
  name: z.string().min(1).max(200),
  kind: KindSchema,
  /** Path of the layer's GeoJSON inside the package. */
  file: z.string().min(1).max(300),
  features: z.number().int().min(0),
  /** Tombstones of this layer in tombstones.json: features the sender deleted. */
  withdrawn: z.number().int().min(0).default(0),
  /** Sensitive fields the sender left out of this layer. */
  omittedFields: z.array(z.string()),
});
export type ManifestLayer = z.infer<typeof ManifestLayerSchema>;

export const ManifestSchema = z.object({
  format: z.literal(PACKAGE_FORMAT),
  formatVersion: z.number().int().min(1),
  packageId: z.string().min(1).max(100),
  createdAt: z.iso.datetime(),
  title: z.string().min(1).max(200),
  sender: z.object({ org: z.string().min(1), person: z.string().min(1) }),
  recipient: z.string().min(1),
  /** The most restrictive marking of everything in the package. */
  marking: MarkingSchema,
  scheme: MarkingSchemeSchema,
  /** The part of the sender's sharing directory the package's markings name. */
  directory: SharingDirectorySchema,
  layers: z.array(ManifestLayerSchema),
  files: z.array(z.object({ path: z.string().min(1).max(300), sha256: Sha256Hex, bytes: z.number().int().min(0) })),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export const LayerDefinitionSchema = z.object({
  id: z.string().min(1).max(200),
  name: z.string().min(1).max(200),
  kind: KindSchema,
  style: LayerStyleSchema.optional(),
  marking: MarkingSchema.optional(),
});
export const LayersFileSchema = z.array(LayerDefinitionSchema);

export const TombstonesFileSchema = z.array(PackageTombstoneSchema.extend({ layerId: z.string().min(1).max(200) }));
export type TombstoneEntry = z.infer<typeof TombstonesFileSchema>[number];

/**
 * Members a package adds to each GeoJSON Feature beside RFC 7946's (foreign members, §6.1, which
 * GDAL and other readers ignore): the feature's own marking, when it has one, and the version its
 * edit was based on. Properties stay exactly the stored ones, version included, so a round trip
 * compares equal and the merge sees the sender's content.
 */
export const FEATURE_MARKING_MEMBER = 'marking';
export const FEATURE_BASE_VERSION_MEMBER = 'baseVersion';

export const SignatureFileSchema = z.object({
  algorithm: z.literal('Ed25519'),
  /** Fingerprint of the public key (keyIdOf); for people to compare, not trusted by itself. */
  keyId: z.string().min(1).max(100),
  /** Raw public key, base64: lets the reader check the signature before deciding whom it trusts. */
  publicKey: z.base64().length(44),
  /** Signature of manifest.json's bytes, base64. */
  signature: z.base64().length(88),
});
export type SignatureFile = z.infer<typeof SignatureFileSchema>;
