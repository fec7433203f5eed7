/**
 * A feature's own marking lives flat in its properties (classification, caveats, originator,
 * releasableTo) so filters, exports and the hub's columns read it like any other field. A
 * feature without a classification has no marking of its own and inherits its layer's.
 */
import type { FeatureProperties } from './feature';
import { classificationRank, effectiveMarking, highestClassification, type EffectiveMarking, type Marking, type MarkingScheme } from './marking';

export const MARKING_FIELDS = ['classification', 'caveats', 'originator', 'releasableTo'] as const;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The feature's own marking, or undefined when it inherits its layer's. */
export function ownMarking(props: FeatureProperties): Marking | undefined {
  if (typeof props.classification !== 'string' || props.classification === '') return undefined;
  return {
    classification: props.classification,
    caveats: strings(props.caveats),
    originator: typeof props.originator === 'string' ? props.originator : '',
    releasableTo: strings(props.releasableTo),
  };
}

export function featureEffectiveMarking(props: FeatureProperties, layerMarking: Marking, scheme: MarkingScheme): EffectiveMarking {
  return effectiveMarking(ownMarking(props), layerMarking, scheme);
}

/**
 * The property patch that gives a feature `marking` as its own, or (undefined) removes its own
 * marking so it inherits the layer's again. Empty lists are left out, not stored.
 */
export function markingPatch(marking: Marking | undefined): FeatureProperties {
  if (!marking) return { classification: undefined, caveats: undefined, originator: undefined, releasableTo: undefined };
  return {
    classification: marking.classification,
    caveats: marking.caveats.length ? [...marking.caveats] : undefined,
    originator: marking.originator || undefined,
    releasableTo: marking.releasableTo.length ? [...marking.releasableTo] : undefined,
  };
}

/** What a layer contributes to "the content shown": its own marking, its features' own classifications. */
export interface MarkedContent {
  visible: boolean;
  marking: Marking;
  /** Distinct classifications the layer's features carry as their own marking. */
  featureClassifications: readonly string[];
}

/**
 * The highest classification among the visible layers and their features' own markings: what a
 * map or legend of that content must be marked at least. A layer whose every feature has its
 * own marking still counts its own (it is the marking of whatever is added to it next).
 */
export function contentClassification(layers: readonly MarkedContent[], scheme: MarkingScheme): string {
  const codes: string[] = [];
  for (const l of layers) {
    if (!l.visible) continue;
    codes.push(l.marking.classification, ...l.featureClassifications);
  }
  return highestClassification(codes, scheme);
}

/** True when `chosen` is below `required` (an unknown chosen code is never below). */
export function isBelow(chosen: string, required: string, scheme: MarkingScheme): boolean {
  return classificationRank(scheme, chosen) < classificationRank(scheme, required);
}

/** Distinct own classifications of `features`, sorted; what a stored chunk and layer remember. */
export function ownClassifications(features: readonly { properties: FeatureProperties }[]): string[] {
  const out = new Set<string>();
  for (const f of features) {
    const c = f.properties.classification;
    if (typeof c === 'string' && c !== '') out.add(c);
  }
  return [...out].sort();
}
