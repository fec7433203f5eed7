import { z } from 'zod';
import { MarkingSchema, type Marking } from '../domain/marking';
import { isZip, unzipSafely, type ZipLimits } from '../io/zip';
import { CgFeatureSchema } from './feature-schema';
import { fastCgFeature } from './fast-feature';
import {
  LAYERS_FILE,
  LayersFileSchema,
  MANIFEST_FILE,
  ManifestSchema,
  PACKAGE_FORMAT_VERSION,
  SIGNATURE_FILE,
  SignatureFileSchema,
  TOMBSTONES_FILE,
  TombstonesFileSchema,
  type Manifest,
} from './manifest';
import type { PackageFeature, PackageLayer, PackageTombstone } from './input';
import { keyIdOf, sha256Hex, verifyBytes, type TrustedKey } from './signing';

/**
 * readPackage: checks a Common Ground data package and returns its content, or refuses it.
 *
 * Order of checks, the first failure refusing the package:
 *   ZIP (within shared/io/zip.ts limits) → manifest.json present, valid, of a known version →
 *   signature.json, when present, verifies against the public key it carries (otherwise the
 *   manifest or signature was altered: 'signature-invalid') → every file the manifest lists is
 *   there with its SHA-256 → no file the manifest does not list → layers.json and each layer's
 *   GeoJSON parse against their schemas → tombstones.json, when the manifest counts tombstones,
 *   parses, names only the package's layers, counts what the manifest says per layer, and neither
 *   repeats an id nor withdraws a feature the same layer also carries.
 * The signature is checked before the hashes so that an altered hash in a signed manifest says
 * 'signature-invalid', and an altered file says 'file-hash-mismatch' naming it.
 *
 * A valid signature by a key that is not among `trustedKeys` is not a refusal: the content is
 * returned with signature 'untrusted-signer' and a warning, as is an unsigned package, so the
 * user decides (the import dialog shows it; the hub may refuse both).
 */

export type PackageRefusalCode =
  | 'not-a-zip'
  | 'zip-refused'
  | 'missing-manifest'
  | 'manifest-not-json'
  | 'bad-manifest'
  | 'unsupported-version'
  | 'signature-invalid'
  | 'duplicate-file'
  | 'missing-file'
  | 'extra-file'
  | 'file-hash-mismatch'
  | 'bad-layer-file'
  | 'layer-count-mismatch'
  | 'layer-not-defined'
  | 'tombstone-unknown-layer'
  | 'tombstone-twice'
  | 'tombstone-also-sent'
  | 'tombstone-count-mismatch';

export type PackageWarningCode = 'unsigned' | 'untrusted-signer' | 'signer-not-sender';

export interface PackageProblem<C extends string> {
  code: C;
  params: Record<string, string | number>;
}

export type SignatureCheck =
  | { status: 'valid'; keyId: string; org: string }
  | { status: 'unsigned' }
  | { status: 'untrusted-signer'; keyId: string };

/** A feature as it came out of a package; fits shared/sync's IncomingFeature for mergeIncoming. */
export interface ReadFeature {
  feature: PackageFeature['feature'];
  baseVersion?: number;
  marking?: Marking;
}

export interface ReadPackage {
  ok: true;
  manifest: Manifest;
  layers: PackageLayer[];
  /** By layer id, in file order. */
  features: Record<string, ReadFeature[]>;
  /** Features the sender deleted, by layer id (layers without any are absent). */
  tombstones: Record<string, PackageTombstone[]>;
  signature: SignatureCheck;
  warnings: PackageProblem<PackageWarningCode>[];
}

export type ReadPackageResult = ReadPackage | ({ ok: false } & PackageProblem<PackageRefusalCode>);

export interface ReadOptions {
  trustedKeys?: readonly TrustedKey[];
  limits?: Partial<ZipLimits>;
  /**
   * Called once the manifest parses (before its signature and hashes are checked, so it is not
   * yet to be trusted): lets the caller start reading what it holds of the package's layers
   * while the package is checked.
   */
  onManifest?: (manifest: Manifest) => void;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

const refuse = (code: PackageRefusalCode, params: Record<string, string | number> = {}): ReadPackageResult => ({ ok: false, code, params });

const BaseVersionSchema = z.number().int().min(0);

/** One feature of a layer file as the package carries it (its own marking and base version beside the feature), or null when invalid. */
function readFeature(raw: Record<string, unknown>): ReadFeature | null {
  const feature = fastCgFeature(raw) ?? CgFeatureSchema.safeParse({ type: raw.type, id: raw.id, geometry: raw.geometry, properties: raw.properties }).data;
  if (!feature) return null;
  const out: ReadFeature = { feature };
  if (raw.baseVersion !== undefined) {
    const v = raw.baseVersion;
    const baseVersion = typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : BaseVersionSchema.safeParse(v).data;
    if (baseVersion === undefined) return null;
    out.baseVersion = baseVersion;
  }
  if (raw.marking !== undefined) {
    const marking = MarkingSchema.safeParse(raw.marking);
    if (!marking.success) return null;
    out.marking = marking.data;
  }
  return out;
}

const LayerFileSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.looseObject({}).transform((raw, ctx) => {
      const out = readFeature(raw);
      if (!out) {
        ctx.addIssue({ code: 'custom', message: 'bad-feature' });
        return z.NEVER;
      }
      return out;
    }),
  ),
});

type LayerFileParse = { success: true; data: { features: ReadFeature[] } } | { success: false; error: z.ZodError };

/**
 * A layer file's features: a plain FeatureCollection of plain features is read in one loop; the
 * first feature that is not (or is invalid) sends the whole file through LayerFileSchema, so a
 * refusal and where it points are the schema's.
 */
function readLayerFile(value: unknown): LayerFileParse {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const { type, features } = value as Record<string, unknown>;
    if (type === 'FeatureCollection' && Array.isArray(features)) {
      const out: ReadFeature[] = new Array<ReadFeature>(features.length);
      let i = 0;
      for (; i < features.length; i++) {
        const raw: unknown = features[i];
        const read = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? readFeature(raw as Record<string, unknown>) : null;
        if (!read) break;
        out[i] = read;
      }
      if (i === features.length) return { success: true, data: { features: out } };
    }
  }
  return LayerFileSchema.safeParse(value);
}

function json(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(bytes));
  } catch {
    return undefined;
  }
}

/**
 * Where the first schema problem is, as a path ("features.3.geometry"): data for the message, not
 * zod's English sentence, so the refusal reads in the user's language.
 */
function firstIssueAt(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue && issue.path.length > 0 ? issue.path.join('.') : '/';
}

export async function readPackage(bytes: Uint8Array, options: ReadOptions = {}): Promise<ReadPackageResult> {
  if (!isZip(bytes)) return refuse('not-a-zip');
  const unzipped = unzipSafely(bytes, 'package', options.limits ?? {});
  if (!unzipped.ok) return unzipped.code === 'zip-invalid' ? refuse('not-a-zip') : refuse('zip-refused', { reason: unzipped.code });
  const names = unzipped.listing.map((e) => e.name).filter((n) => !n.endsWith('/'));
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) return refuse('duplicate-file', { file: duplicate });
  const entries = unzipped.entries;

  const manifestBytes = entries.get(MANIFEST_FILE);
  if (!manifestBytes) return refuse('missing-manifest');
  const manifestJson = json(manifestBytes);
  if (manifestJson === undefined) return refuse('manifest-not-json');
  const parsed = ManifestSchema.safeParse(manifestJson);
  if (!parsed.success) return refuse('bad-manifest', { at: firstIssueAt(parsed.error) });
  const manifest = parsed.data;
  if (manifest.formatVersion > PACKAGE_FORMAT_VERSION) return refuse('unsupported-version', { version: manifest.formatVersion, supported: PACKAGE_FORMAT_VERSION });
  options.onManifest?.(manifest);

  const warnings: PackageProblem<PackageWarningCode>[] = [];
  const signature = await checkSignature(entries.get(SIGNATURE_FILE), manifestBytes, manifest, options.trustedKeys ?? [], warnings);
  if (!signature) return refuse('signature-invalid');

  // Every part hashed at once (WebCrypto digests off the calling thread), and the layer files
  // decoded and parsed meanwhile; the checks below still run in the documented order, so the
  // first failure refusing the package is the same as when each step waited for the one before.
  const hashes = manifest.files.map((f) => {
    const data = entries.get(f.path);
    return data ? sha256Hex(new Uint8Array(data)) : null;
  });
  const layerJson = new Map<string, unknown>();
  for (const l of manifest.layers) {
    const data = entries.get(l.file);
    if (data && !layerJson.has(l.file)) layerJson.set(l.file, json(data));
  }
  const digests = await Promise.all(hashes);
  const listed = new Set<string>();
  for (const [i, f] of manifest.files.entries()) {
    if (!entries.get(f.path)) return refuse('missing-file', { file: f.path });
    if (digests[i] !== f.sha256) return refuse('file-hash-mismatch', { file: f.path });
    listed.add(f.path);
  }
  for (const name of entries.keys()) {
    if (name !== MANIFEST_FILE && name !== SIGNATURE_FILE && !listed.has(name)) return refuse('extra-file', { file: name });
  }

  const layersParsed = LayersFileSchema.safeParse(json(entries.get(LAYERS_FILE) ?? new Uint8Array()));
  if (!layersParsed.success) return refuse('bad-layer-file', { file: LAYERS_FILE, at: firstIssueAt(layersParsed.error) });
  const features: Record<string, ReadFeature[]> = {};
  for (const l of manifest.layers) {
    const data = entries.get(l.file);
    if (!data || !listed.has(l.file)) return refuse('missing-file', { file: l.file });
    const file = readLayerFile(layerJson.get(l.file));
    if (!file.success) return refuse('bad-layer-file', { file: l.file, at: firstIssueAt(file.error) });
    if (file.data.features.length !== l.features) return refuse('layer-count-mismatch', { file: l.file, found: file.data.features.length, expected: l.features });
    if (!layersParsed.data.some((d) => d.id === l.id)) return refuse('layer-not-defined', { file: LAYERS_FILE, layer: l.id });
    features[l.id] = file.data.features;
  }
  const tombstones = readTombstones(manifest, entries.get(TOMBSTONES_FILE), listed.has(TOMBSTONES_FILE), features);
  if (!tombstones.ok) return tombstones.refusal;
  return { ok: true, manifest, layers: layersParsed.data, features, tombstones: tombstones.byLayer, signature, warnings };
}

type TombstonesRead = { ok: true; byLayer: Record<string, PackageTombstone[]> } | { ok: false; refusal: ReadPackageResult };

function readTombstones(manifest: Manifest, data: Uint8Array | undefined, listed: boolean, features: Record<string, ReadFeature[]>): TombstonesRead {
  const bad = (code: PackageRefusalCode, params: Record<string, string | number>): TombstonesRead => ({ ok: false, refusal: refuse(code, { file: TOMBSTONES_FILE, ...params }) });
  const expected = manifest.layers.reduce((n, l) => n + l.withdrawn, 0);
  if (!data || !listed) return expected === 0 ? { ok: true, byLayer: {} } : { ok: false, refusal: refuse('missing-file', { file: TOMBSTONES_FILE }) };
  const parsed = TombstonesFileSchema.safeParse(json(data));
  if (!parsed.success) return bad('bad-layer-file', { at: firstIssueAt(parsed.error) });
  const byLayer: Record<string, PackageTombstone[]> = {};
  const sent = new Map<string, Set<string>>();
  const sentIn = (layerId: string): Set<string> => {
    let ids = sent.get(layerId);
    if (!ids) sent.set(layerId, (ids = new Set((features[layerId] ?? []).map((f) => f.feature.id))));
    return ids;
  };
  const seen = new Set<string>();
  for (const { layerId, ...t } of parsed.data) {
    if (!manifest.layers.some((l) => l.id === layerId)) return bad('tombstone-unknown-layer', { layer: layerId });
    const key = JSON.stringify([layerId, t.id]);
    if (seen.has(key)) return bad('tombstone-twice', { feature: t.id, layer: layerId });
    seen.add(key);
    if (sentIn(layerId).has(t.id)) return bad('tombstone-also-sent', { feature: t.id, layer: layerId });
    (byLayer[layerId] ??= []).push(t);
  }
  for (const l of manifest.layers) {
    const n = byLayer[l.id]?.length ?? 0;
    if (n !== l.withdrawn) return bad('tombstone-count-mismatch', { layer: l.id, found: n, expected: l.withdrawn });
  }
  return { ok: true, byLayer };
}

/** The signature's status, or null when it does not verify. */
async function checkSignature(
  file: Uint8Array | undefined,
  manifestBytes: Uint8Array,
  manifest: Manifest,
  trusted: readonly TrustedKey[],
  warnings: PackageProblem<PackageWarningCode>[],
): Promise<SignatureCheck | null> {
  if (!file) {
    warnings.push({ code: 'unsigned', params: { sender: manifest.sender.org } });
    return { status: 'unsigned' };
  }
  const sig = SignatureFileSchema.safeParse(json(file));
  if (!sig.success) return null;
  if (!(await verifyBytes(sig.data.publicKey, sig.data.signature, new Uint8Array(manifestBytes)))) return null;
  const keyId = await keyIdOf(sig.data.publicKey);
  const key = trusted.find((k) => k.publicKey === sig.data.publicKey);
  if (!key) {
    warnings.push({ code: 'untrusted-signer', params: { keyId, sender: manifest.sender.org } });
    return { status: 'untrusted-signer', keyId };
  }
  if (key.org !== manifest.sender.org) warnings.push({ code: 'signer-not-sender', params: { keyId, org: key.org, sender: manifest.sender.org } });
  return { status: 'valid', keyId, org: key.org };
}
