/**
 * Markings: classification, caveats, originator and releasable-to parties, on every layer and
 * feature, under a marking scheme that is data (UN_SCHEME by default, NATO_SCHEME as an example).
 *
 * THE RELEASE RULE. The hub writes the same rule in SQL (row-level security); keep both in step.
 * Inputs: a marking M = (classification, caveats, originator, releasableTo), a recipient
 * organisation id R, the sharing directory D and the scheme S. Checks run in this order and the
 * first that fails gives the reason:
 *   0. R = M.originator                                  → release (the originator always sees
 *      its own data, whatever the rest of the marking says).
 *   1. R is not an organisation in D                     → refuse 'unknown-recipient'.
 *   2. M.classification is not a level of S              → refuse 'unknown-classification'
 *      (free-text values kept by the migration are released to nobody but the originator).
 *   3. rank(M.classification) > rank(R.clearance), where a clearance that is not a level of S
 *      ranks below every level                           → refuse 'above-clearance'.
 *   4. R ∉ expand(M.releasableTo)                        → refuse 'not-releasable'.
 *      expand(parties) = the party ids that are organisations in D, plus the members of the
 *      party ids that are groups in D (one level: groups contain organisations only). Unknown
 *      ids stand for nobody; an empty list releases to nobody but the originator.
 *   5. for each caveat C of M in ascending code order: C is not a caveat of S → refuse
 *      'unknown-caveat'; C restricts to parties P and R ∉ expand(P) → refuse 'caveat-restricted'.
 *   otherwise                                            → release.
 * Everything unknown fails closed.
 */
import { z } from 'zod';
import { expandParties, findOrganisation, type SharingDirectory } from './sharing-directory';

const HexColor = z.string().regex(/^#[0-9a-f]{6}$/i);

export const MarkingLevelSchema = z.object({
  /** The stored value, e.g. 'CONFIDENTIAL'. */
  code: z.string().trim().min(1).max(100),
  /** Higher is more restrictive. */
  rank: z.number().int(),
  /** Banner colours, #rrggbb. */
  background: HexColor,
  color: HexColor,
  /** The scheme's own label per language; without one the UI uses its catalogue's key for the code. */
  labels: z.record(z.string(), z.string().min(1)).optional(),
});
export type MarkingLevel = z.infer<typeof MarkingLevelSchema>;

export const SchemeCaveatSchema = z.object({
  code: z.string().trim().min(1).max(100),
  labels: z.record(z.string(), z.string().min(1)).optional(),
  /** When present, data with this caveat goes only to these parties (organisation or group ids). */
  restrictedTo: z.array(z.string().min(1)).optional(),
});
export type SchemeCaveat = z.infer<typeof SchemeCaveatSchema>;

export const MarkingSchemeSchema = z
  .object({
    id: z.string().trim().min(1).max(100),
    name: z.string().trim().min(1).max(200),
    levels: z.array(MarkingLevelSchema).min(1),
    caveats: z.array(SchemeCaveatSchema),
  })
  .superRefine((s, ctx) => {
    const codes = new Set(s.levels.map((l) => l.code));
    const ranks = new Set(s.levels.map((l) => l.rank));
    if (codes.size !== s.levels.length) ctx.addIssue({ code: 'custom', path: ['levels'], message: 'duplicate-level-code' });
    if (ranks.size !== s.levels.length) ctx.addIssue({ code: 'custom', path: ['levels'], message: 'duplicate-level-rank' });
  });
export type MarkingScheme = z.infer<typeof MarkingSchemeSchema>;

/** ST/SGB/2007/6, the UN's information sensitivity classification. */
export const UN_SCHEME: MarkingScheme = {
  id: 'un',
  name: 'United Nations (ST/SGB/2007/6)',
  levels: [
    { code: 'UNCLASSIFIED', rank: 0, background: '#007a33', color: '#ffffff' },
    { code: 'CONFIDENTIAL', rank: 1, background: '#0055a4', color: '#ffffff' },
    { code: 'STRICTLY CONFIDENTIAL', rank: 2, background: '#c8102e', color: '#ffffff' },
  ],
  caveats: [],
};

/** NATO markings, carried as data only to show that a mission can configure its own scheme. */
export const NATO_SCHEME: MarkingScheme = {
  id: 'nato',
  name: 'NATO',
  levels: [
    { code: 'NATO UNCLASSIFIED', rank: 0, background: '#007a33', color: '#ffffff', labels: { en: 'NATO UNCLASSIFIED', fr: 'NATO NON CLASSIFIÉ' } },
    { code: 'NATO RESTRICTED', rank: 1, background: '#0055a4', color: '#ffffff', labels: { en: 'NATO RESTRICTED', fr: 'NATO DIFFUSION RESTREINTE' } },
    { code: 'NATO CONFIDENTIAL', rank: 2, background: '#c8102e', color: '#ffffff', labels: { en: 'NATO CONFIDENTIAL', fr: 'NATO CONFIDENTIEL' } },
    { code: 'NATO SECRET', rank: 3, background: '#f2a900', color: '#000000', labels: { en: 'NATO SECRET', fr: 'NATO SECRET' } },
  ],
  caveats: [{ code: 'RELEASABLE TO ISAF', labels: { en: 'RELEASABLE TO ISAF', fr: 'COMMUNICABLE ISAF' } }],
};

export const MarkingSchema = z.object({
  classification: z.string().trim().min(1).max(100),
  caveats: z.array(z.string().trim().min(1).max(100)),
  /** Organisation id of the originating organisation ('' when several originators were combined). */
  originator: z.string().max(100),
  /** Party ids: organisation ids or group ids of the sharing directory. */
  releasableTo: z.array(z.string().trim().min(1).max(100)),
});
export type Marking = z.infer<typeof MarkingSchema>;

export const levelOf = (scheme: MarkingScheme, code: string): MarkingLevel | undefined => scheme.levels.find((l) => l.code === code);

/** The scheme's levels, least restrictive first. */
export const orderedLevels = (scheme: MarkingScheme): MarkingLevel[] => [...scheme.levels].sort((a, b) => a.rank - b.rank);

/** The least restrictive level, the marking of anything nobody marked. */
export const lowestLevel = (scheme: MarkingScheme): MarkingLevel => orderedLevels(scheme)[0] as MarkingLevel;

export const defaultMarking = (scheme: MarkingScheme): Marking => ({
  classification: lowestLevel(scheme).code,
  caveats: [],
  originator: '',
  releasableTo: [],
});

/**
 * A rank for comparing classifications: a code the scheme does not know ranks above every level,
 * so combining it with anything keeps it and nothing is released on a guess.
 */
export function classificationRank(scheme: MarkingScheme, code: string): number {
  return levelOf(scheme, code)?.rank ?? Number.POSITIVE_INFINITY;
}

export interface EffectiveMarking {
  marking: Marking;
  /** True when the feature had no marking of its own and took its layer's. */
  inherited: boolean;
}

/** A feature's own marking when it has one, otherwise its layer's (or the scheme's default). */
export function effectiveMarking(featureMarking: Marking | undefined, layerMarking: Marking | undefined, scheme: MarkingScheme = UN_SCHEME): EffectiveMarking {
  if (featureMarking) return { marking: featureMarking, inherited: false };
  return { marking: layerMarking ?? defaultMarking(scheme), inherited: true };
}

/**
 * The marking of something made of both `a` and `b` (a map export, a package): the higher
 * classification; the union of the caveats; releasable to the organisations both release to.
 *
 * Originator rule: each originator sees its own data, so each side's expanded releasable-to set
 * first gains that side's originator; the result is the intersection of those sets, as
 * organisation ids. The result keeps the originator only when both sides share it; otherwise it
 * is '' (no one), so an originator sees the combination only when the other side released to it.
 */
export function mostRestrictive(a: Marking, b: Marking, scheme: MarkingScheme, directory: SharingDirectory): Marking {
  const ra = classificationRank(scheme, a.classification);
  const rb = classificationRank(scheme, b.classification);
  const classification = rb > ra ? b.classification : a.classification;
  const reach = (m: Marking): Set<string> => {
    const s = expandParties(m.releasableTo, directory);
    if (m.originator) s.add(m.originator);
    return s;
  };
  const rbSet = reach(b);
  const releasableTo = [...reach(a)].filter((id) => rbSet.has(id)).sort();
  const caveats = [...new Set([...a.caveats, ...b.caveats])].sort();
  return { classification, caveats, originator: a.originator === b.originator ? a.originator : '', releasableTo };
}

/** mostRestrictive folded over a non-empty list. */
export function mostRestrictiveOf(markings: readonly Marking[], scheme: MarkingScheme, directory: SharingDirectory): Marking | undefined {
  const [first, ...rest] = markings;
  if (!first) return undefined;
  return rest.reduce((acc, m) => mostRestrictive(acc, m, scheme, directory), first);
}

/** The highest classification among `codes` (unknown codes win, see classificationRank). */
export function highestClassification(codes: Iterable<string>, scheme: MarkingScheme): string {
  let best = lowestLevel(scheme).code;
  for (const c of codes) if (classificationRank(scheme, c) > classificationRank(scheme, best)) best = c;
  return best;
}

export const RELEASE_REFUSALS = ['unknown-recipient', 'unknown-classification', 'above-clearance', 'not-releasable', 'unknown-caveat', 'caveat-restricted'] as const;
export type ReleaseRefusal = (typeof RELEASE_REFUSALS)[number];

export type ReleaseDecision =
  | { release: true }
  | { release: false; reason: { code: ReleaseRefusal; params: Record<string, string> } };

const refuse = (code: ReleaseRefusal, params: Record<string, string>): ReleaseDecision => ({ release: false, reason: { code, params } });

/** Whether `recipientOrgId` may receive data marked `marking`: the rule in this module's header. */
export function releaseDecision(marking: Marking, recipientOrgId: string, directory: SharingDirectory, scheme: MarkingScheme): ReleaseDecision {
  if (marking.originator !== '' && recipientOrgId === marking.originator) return { release: true };
  const recipient = findOrganisation(directory, recipientOrgId);
  if (!recipient) return refuse('unknown-recipient', { recipient: recipientOrgId });
  const level = levelOf(scheme, marking.classification);
  if (!level) return refuse('unknown-classification', { classification: marking.classification });
  const clearanceRank = levelOf(scheme, recipient.clearance)?.rank ?? Number.NEGATIVE_INFINITY;
  if (level.rank > clearanceRank) {
    return refuse('above-clearance', { recipient: recipientOrgId, classification: level.code, clearance: recipient.clearance });
  }
  if (!expandParties(marking.releasableTo, directory).has(recipientOrgId)) return refuse('not-releasable', { recipient: recipientOrgId });
  for (const code of [...marking.caveats].sort()) {
    const caveat = scheme.caveats.find((c) => c.code === code);
    if (!caveat) return refuse('unknown-caveat', { caveat: code });
    if (caveat.restrictedTo && !expandParties(caveat.restrictedTo, directory).has(recipientOrgId)) {
      return refuse('caveat-restricted', { recipient: recipientOrgId, caveat: code });
    }
  }
  return { release: true };
}
