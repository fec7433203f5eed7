import { zipSync, type Zippable } from 'fflate';
import type { PackageInput } from './input';
import {
  FEATURE_BASE_VERSION_MEMBER,
  FEATURE_MARKING_MEMBER,
  LAYERS_FILE,
  MANIFEST_FILE,
  PACKAGE_FORMAT,
  PACKAGE_FORMAT_VERSION,
  PACKAGE_FORMAT_VERSION_WITHOUT_TOMBSTONES,
  SIGNATURE_FILE,
  TOMBSTONES_FILE,
  type TombstoneEntry,
  type Manifest,
  type SignatureFile,
} from './manifest';
import { planPackage, type PackagePlan, type PackagePreview, type SelectedLayer } from './plan';
import { keyIdOf, sha256Hex, signBytes, type SigningIdentity } from './signing';

/**
 * buildPackage: the Common Ground data package (format in manifest.ts) for one recipient, with
 * only what planPackage lets go. Withheld features and omitted fields are dropped before any
 * byte is written, so they are nowhere in the ZIP.
 */

export interface BuildOptions {
  /** Signs manifest.json; without it the package is unsigned (readers warn, not refuse). */
  signer?: SigningIdentity;
}

export interface BuiltPackage {
  bytes: Uint8Array;
  preview: PackagePreview;
  manifest: Manifest;
}

const encoder = new TextEncoder();

export async function buildPackage(input: PackageInput, options: BuildOptions = {}): Promise<BuiltPackage> {
  const plan = planPackage(input);
  const files = new Map<string, Uint8Array<ArrayBuffer>>();
  files.set(LAYERS_FILE, encoder.encode(`${JSON.stringify(plan.selected.map((s) => s.layer), null, 1)}\n`));
  const layerFiles = plan.selected.map((s, i) => `layers/${i + 1}.geojson`);
  plan.selected.forEach((s, i) => files.set(layerFiles[i] as string, encoder.encode(layerGeoJson(s))));
  const tombstones: TombstoneEntry[] = plan.selected.flatMap((s) => s.tombstones.map((t) => ({ layerId: s.layer.id, ...t })));
  if (tombstones.length) files.set(TOMBSTONES_FILE, encoder.encode(`[${tombstones.map((t) => `\n${JSON.stringify(t)}`).join(',')}\n]\n`));

  const manifest: Manifest = {
    format: PACKAGE_FORMAT,
    formatVersion: tombstones.length ? PACKAGE_FORMAT_VERSION : PACKAGE_FORMAT_VERSION_WITHOUT_TOMBSTONES,
    packageId: plan.input.packageId ?? crypto.randomUUID(),
    createdAt: plan.input.createdAt ?? new Date().toISOString(),
    title: titleOf(plan),
    sender: plan.input.sender,
    recipient: plan.input.recipient,
    marking: plan.preview.marking,
    scheme: plan.input.scheme,
    directory: plan.directory,
    layers: plan.selected.map((s, i) => ({
      id: s.layer.id,
      name: s.layer.name,
      kind: s.layer.kind,
      file: layerFiles[i] as string,
      features: s.features.length,
      withdrawn: s.tombstones.length,
      omittedFields: s.omittedFields,
    })),
    files: await Promise.all([...files].map(async ([path, data]) => ({ path, sha256: await sha256Hex(data), bytes: data.length }))),
  };
  const manifestBytes = encoder.encode(`${JSON.stringify(manifest, null, 1)}\n`);

  const mtime = new Date(manifest.createdAt);
  // manifest.json first: the import registry recognises a package by its first entry.
  const zippable: Zippable = { [MANIFEST_FILE]: [manifestBytes, { mtime }] };
  if (options.signer) {
    const signature: SignatureFile = {
      algorithm: 'Ed25519',
      keyId: await keyIdOf(options.signer.publicKey),
      publicKey: options.signer.publicKey,
      signature: await signBytes(options.signer.privateKey, manifestBytes),
    };
    zippable[SIGNATURE_FILE] = [encoder.encode(`${JSON.stringify(signature, null, 1)}\n`), { mtime }];
  }
  for (const [path, data] of files) zippable[path] = [data, { mtime }];
  return { bytes: zipSync(zippable), preview: plan.preview, manifest };
}

/** One feature per line, as the GeoJSON serialiser writes, so packages diff and stream well. */
function layerGeoJson(s: SelectedLayer): string {
  const lines = s.features.map((f) =>
    JSON.stringify({
      type: 'Feature',
      id: f.feature.id,
      geometry: f.feature.geometry,
      properties: f.feature.properties,
      ...(f.marking ? { [FEATURE_MARKING_MEMBER]: f.marking } : {}),
      ...(f.baseVersion !== undefined ? { [FEATURE_BASE_VERSION_MEMBER]: f.baseVersion } : {}),
    }),
  );
  const head = `{"type":"FeatureCollection","name":${JSON.stringify(s.layer.name)},"features":[`;
  return lines.length ? `${head}\n${lines.join(',\n')}\n]}\n` : `${head}]}\n`;
}

/** The given title, else the layer names (cut to the manifest's 200 characters), else a fixed one. */
export function titleOf(plan: PackagePlan): string {
  if (plan.input.title) return plan.input.title;
  const names = plan.selected.map((s) => s.layer.name).join(', ');
  if (!names) return 'Common Ground package';
  return names.length > 200 ? `${names.slice(0, 199)}…` : names;
}
