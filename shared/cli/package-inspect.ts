import { SharingDirectorySchema } from '../domain/sharing-directory';
import { english } from './catalogue';

/** A package code's English words, from the app's `package` catalogue that `cop` loads. */
const packageText = (key: string, values?: Record<string, unknown>): string => english(`package:${key}`, values);
const codeText = (section: 'refusals' | 'warnings' | 'signature', problem: { code: string; params: Record<string, string | number> }): string =>
  packageText(`${section}.${problem.code}`, problem.params);
import { readPackage, type ReadPackageResult } from '../package/read';
import { trustedKeysOf, type TrustedKey } from '../package/signing';

/**
 * `cop package inspect`: what a data package holds and whether it checks out (integrity and
 * signature), in English from the `package` catalogue, or as one JSON object.
 */

interface CodedText {
  code: string;
  params: Record<string, string | number>;
  message: string;
}

export interface PackageInspectReport {
  file: string;
  ok: boolean;
  /** Why the file could not be read at all (not a package code); null otherwise. */
  error: string | null;
  refusal: CodedText | null;
  package: {
    id: string;
    title: string;
    formatVersion: number;
    createdAt: string;
    sender: { org: string; person: string };
    recipient: string;
    marking: { classification: string; caveats: string[]; originator: string; releasableTo: string[] };
  } | null;
  layers: { id: string; name: string; kind: string; features: number; omittedFields: string[] }[];
  /** Every listed file was present with its SHA-256 (a package that reads at all passed this). */
  integrity: { files: number; ok: true } | null;
  signature: { status: string; keyId?: string; org?: string; message: string } | null;
  warnings: CodedText[];
}

export function unreadablePackage(file: string, reason: string): PackageInspectReport {
  return { file, ok: false, error: `cannot read ${file}: ${reason}`, refusal: null, package: null, layers: [], integrity: null, signature: null, warnings: [] };
}

/** Trusted keys from a sharing directory file; an error text when it is not one. */
export function trustedKeysFromDirectoryText(text: string): { ok: true; keys: TrustedKey[] } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  const parsed = SharingDirectorySchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: `not a sharing directory (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})` };
  return { ok: true, keys: trustedKeysOf(parsed.data) };
}

export async function inspectPackage(file: string, bytes: Uint8Array, trustedKeys: readonly TrustedKey[]): Promise<PackageInspectReport> {
  return reportOf(file, await readPackage(bytes, { trustedKeys }));
}

function reportOf(file: string, r: ReadPackageResult): PackageInspectReport {
  if (!r.ok) {
    return { ...unreadablePackage(file, ''), error: null, refusal: { code: r.code, params: r.params, message: codeText('refusals', r) } };
  }
  const m = r.manifest;
  const sig = r.signature;
  return {
    file,
    ok: true,
    error: null,
    refusal: null,
    package: { id: m.packageId, title: m.title, formatVersion: m.formatVersion, createdAt: m.createdAt, sender: m.sender, recipient: m.recipient, marking: m.marking },
    layers: m.layers.map((l) => ({ id: l.id, name: l.name, kind: l.kind, features: r.features[l.id]?.length ?? 0, omittedFields: l.omittedFields })),
    integrity: { files: m.files.length, ok: true },
    signature: { ...sig, message: codeText('signature', { code: sig.status, params: sig.status === 'unsigned' ? {} : { ...sig } }) },
    warnings: r.warnings.map((w) => ({ ...w, message: codeText('warnings', w) })),
  };
}

/** The readable summary printed without --json. */
export function formatPackageInspectText(r: PackageInspectReport): string {
  const lines = [packageText('inspect.file', { file: r.file })];
  if (r.error !== null) lines.push(r.error);
  if (r.refusal) lines.push(packageText('inspect.refused', { reason: r.refusal.message }));
  const p = r.package;
  if (p) {
    lines.push(
      packageText('inspect.package', { title: p.title, id: p.id }),
      packageText('inspect.sender', { org: p.sender.org, person: p.sender.person }),
      packageText('inspect.recipient', { recipient: p.recipient }),
      packageText('inspect.created', { at: p.createdAt }),
      packageText('inspect.marking', { classification: p.marking.classification }),
    );
    if (p.marking.caveats.length) lines.push(packageText('inspect.caveats', { caveats: p.marking.caveats.join(', ') }));
    lines.push(packageText('inspect.releasableTo', { parties: p.marking.releasableTo.join(', ') || packageText('inspect.nobody') }));
  }
  if (r.integrity) lines.push(packageText('inspect.integrity', { count: r.integrity.files }));
  if (r.signature) lines.push(packageText('inspect.signature', { status: r.signature.message }));
  for (const l of r.layers) {
    lines.push(packageText('inspect.layer', { name: l.name, kind: l.kind, count: l.features }));
    if (l.omittedFields.length) lines.push(packageText('inspect.omitted', { fields: l.omittedFields.join(', ') }));
  }
  for (const w of r.warnings) lines.push(packageText('inspect.warning', { text: w.message }));
  return `${lines.join('\n')}\n`;
}
