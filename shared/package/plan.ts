import type { CgFeature } from '../domain/feature';
import { KIND_SENSITIVE_FIELDS } from '../domain/kinds';
import { defaultMarking, effectiveMarking, mostRestrictiveOf, releaseDecision, type Marking, type MarkingScheme, type ReleaseDecision, type ReleaseRefusal } from '../domain/marking';
import { expandParties, type SharingDirectory } from '../domain/sharing-directory';
import { PackageInputSchema, type PackageFeature, type PackageInput, type PackageLayer, type PackageTombstone, type ParsedPackageInput } from './input';

/**
 * What goes into a package for one recipient, decided before anything is written, so the dialog
 * shows exactly what buildPackage and buildTakPackage will write.
 *
 * The recipient is an organisation id or a group id of the directory. A package for a group is
 * read by every member, so something goes only when it is released to each member organisation;
 * the first member that it is not released to gives the reason. A group without members, like
 * an id the directory does not know, receives nothing ('unknown-recipient').
 *
 * Rules (fail closed):
 * - A layer goes only when its own marking (or, unmarked, the scheme's default, which releases
 *   to nobody) is released to the recipient by `releaseDecision`; otherwise the whole layer is
 *   withheld, its name and style too, and each of its features is withheld as 'layer-withheld'.
 * - In a layer that goes, each feature goes when its effective marking is released; otherwise it
 *   is withheld with releaseDecision's reason code.
 * - With `omitSensitive`, the fields its kind lists (KIND_SENSITIVE_FIELDS) are removed from
 *   every feature that goes; the preview lists, per layer, the sensitive fields present and
 *   those removed.
 * - Tombstones (features the sender deleted) go with their layer when their own marking, or the
 *   layer's, is released, like the features they were; the others stay behind uncounted, since
 *   the recipient could not have had those features from us.
 * - The package marking is the most restrictive of the markings of every layer and feature that
 *   goes (the scheme's default when nothing goes).
 */

export type WithheldCode = ReleaseRefusal | 'layer-withheld';

export interface Reason {
  code: WithheldCode;
  params: Record<string, string>;
}

export interface WithheldFeature {
  id: string;
  /** The feature's name property, when it has one, for the sender's preview only. */
  name?: string;
  reason: Reason;
}

export interface LayerPreview {
  layerId: string;
  name: string;
  kind: PackageLayer['kind'];
  /** Null when the layer goes; otherwise why the whole layer stays behind. */
  layerWithheld: Reason | null;
  sent: number;
  /** Tombstones that go: deletions the recipient's merge applies to the features it has. */
  withdrawn: number;
  withheld: WithheldFeature[];
  withheldByReason: Partial<Record<WithheldCode, number>>;
  /** Fields of this kind's sensitive list that features going carry, sorted. */
  sensitiveFields: string[];
  /** Of those, the ones left out (all of them with omitSensitive, none without). */
  omittedFields: string[];
}

export interface PackagePreview {
  recipient: string;
  marking: Marking;
  layers: LayerPreview[];
  totals: { layers: number; sent: number; withdrawn: number; withheld: number };
}

/** A layer that goes, with the features that go, already stripped of omitted fields. */
export interface SelectedLayer {
  layer: PackageLayer;
  features: PackageFeature[];
  tombstones: PackageTombstone[];
  omittedFields: string[];
}

export interface PackagePlan {
  input: ParsedPackageInput;
  selected: SelectedLayer[];
  preview: PackagePreview;
  /** The directory entries the recipient needs to read the markings that go. */
  directory: SharingDirectory;
}

/** Validates the input and decides what goes. Throws a ZodError on input that breaks the schema (a bug in the caller). */
export function planPackage(raw: PackageInput): PackagePlan {
  const input = PackageInputSchema.parse(raw);
  const { directory, scheme, recipient } = input;
  const decide = releaseTo(recipient, directory, scheme);
  const previews: LayerPreview[] = [];
  const selected: SelectedLayer[] = [];
  // Distinct markings only: a layer's features mostly share a few, and folding is per marking.
  const markingsByKey = new Map<string, Marking>();
  const keep = (m: Marking): void => void markingsByKey.set(JSON.stringify(m), m);

  for (const { layer, features, tombstones } of input.layers) {
    const layerMarking = layer.marking ?? defaultMarking(scheme);
    const layerDecision = decide(layerMarking);
    const withheld: WithheldFeature[] = [];
    const going: PackageFeature[] = [];
    const withdrawn: PackageTombstone[] = [];
    if (!layerDecision.release) {
      for (const f of features) withheld.push(withheldFeature(f.feature, { code: 'layer-withheld', params: { layer: layer.name } }));
    } else {
      keep(layerMarking);
      for (const f of features) {
        const marking = effectiveMarking(f.marking, layerMarking, scheme).marking;
        const decision = decide(marking);
        if (decision.release) {
          going.push(f);
          keep(marking);
        } else {
          withheld.push(withheldFeature(f.feature, decision.reason));
        }
      }
      for (const t of tombstones) {
        const marking = effectiveMarking(t.marking, layerMarking, scheme).marking;
        if (decide(marking).release) withdrawn.push(t);
      }
    }
    const sensitive = sensitivePresent(layer, going);
    const omittedFields = input.omitSensitive ? sensitive : [];
    if (layerDecision.release) selected.push({ layer, features: omittedFields.length ? going.map((f) => omit(f, omittedFields)) : going, tombstones: withdrawn, omittedFields });
    const withheldByReason: Partial<Record<WithheldCode, number>> = {};
    for (const w of withheld) withheldByReason[w.reason.code] = (withheldByReason[w.reason.code] ?? 0) + 1;
    previews.push({
      layerId: layer.id,
      name: layer.name,
      kind: layer.kind,
      layerWithheld: layerDecision.release ? null : layerDecision.reason,
      sent: going.length,
      withdrawn: withdrawn.length,
      withheld,
      withheldByReason,
      sensitiveFields: sensitive,
      omittedFields,
    });
  }

  const markings = [...markingsByKey.values()];
  const marking = mostRestrictiveOf(markings, scheme, directory) ?? defaultMarking(scheme);
  const preview: PackagePreview = {
    recipient,
    marking,
    layers: previews,
    totals: {
      layers: selected.length,
      sent: previews.reduce((n, l) => n + l.sent, 0),
      withdrawn: previews.reduce((n, l) => n + l.withdrawn, 0),
      withheld: previews.reduce((n, l) => n + l.withheld.length, 0),
    },
  };
  return { input, selected, preview, directory: directoryFor(input, markings) };
}

/** The release decision for an organisation, or for every member of a group. */
function releaseTo(recipient: string, directory: SharingDirectory, scheme: MarkingScheme): (m: Marking) => ReleaseDecision {
  const group = directory.groups.find((g) => g.id === recipient);
  if (!group) return (m) => releaseDecision(m, recipient, directory, scheme);
  const members = [...expandParties([recipient], directory)].sort();
  if (!members.length) return () => ({ release: false, reason: { code: 'unknown-recipient', params: { recipient } } });
  return (m) => {
    for (const org of members) {
      const d = releaseDecision(m, org, directory, scheme);
      if (!d.release) return d;
    }
    return { release: true };
  };
}

function withheldFeature(f: CgFeature, reason: Reason): WithheldFeature {
  const name = f.properties.name;
  return { id: f.id, ...(typeof name === 'string' && name ? { name } : {}), reason };
}

function sensitivePresent(layer: PackageLayer, features: readonly PackageFeature[]): string[] {
  const listed = KIND_SENSITIVE_FIELDS[layer.kind];
  return listed.filter((k) => features.some((f) => f.feature.properties[k] !== undefined)).sort();
}

function omit(f: PackageFeature, fields: readonly string[]): PackageFeature {
  const properties = { ...f.feature.properties };
  for (const k of fields) delete properties[k];
  return { ...f, feature: { ...f.feature, properties } };
}

/**
 * The sender, the recipient, and every organisation and group the markings that go name
 * (originators, releasable-to parties and the organisations of those groups, caveat parties),
 * so the recipient can read and re-apply them. Nothing else of the sender's directory goes.
 */
function directoryFor(input: ParsedPackageInput, markings: readonly Marking[]): SharingDirectory {
  const { directory, scheme } = input;
  // The recipient's own entry (an organisation, or a group and its members) always goes.
  const parties = new Set<string>([input.sender.org, input.recipient]);
  for (const m of markings) {
    if (m.originator) parties.add(m.originator);
    for (const p of m.releasableTo) parties.add(p);
    for (const c of m.caveats) for (const p of scheme.caveats.find((x) => x.code === c)?.restrictedTo ?? []) parties.add(p);
  }
  const groups = directory.groups.filter((g) => parties.has(g.id));
  const orgIds = expandParties([...parties], directory);
  for (const g of groups) for (const m of g.members) orgIds.add(m);
  return { organisations: directory.organisations.filter((o) => orgIds.has(o.id)), groups };
}
