import type { CgFeature, PropertyValue } from './feature';

/**
 * A feature both sides changed since their common base, as the merge engine (shared/sync) finds
 * it and the store keeps it until the user settles it. Lives in domain, not in sync, because
 * changesets carry conflict records (putConflicts / deleteConflicts), so that recording and
 * settling a conflict are undoable like any other change.
 */
export interface FieldConflict {
  /** A property name, or '@geometry'. */
  field: string;
  base: PropertyValue | CgFeature['geometry'] | undefined;
  ours: PropertyValue | CgFeature['geometry'] | undefined;
  theirs: PropertyValue | CgFeature['geometry'] | undefined;
}

export interface Conflict {
  id: string;
  base?: CgFeature;
  ours: CgFeature;
  /** null: they withdrew the feature that we edited (delete against edit). */
  theirs: CgFeature | null;
  /** Fields where ours and theirs differ, with each side's value; both sides are kept whole above. */
  fields: FieldConflict[];
  oursBy: { updatedBy?: string; updatedAt?: string };
  theirsBy: { updatedBy?: string; updatedAt?: string; originator?: string };
}

/** Where the other side of a conflict came from, for the Conflicts panel. */
export interface ConflictSource {
  type: 'file' | 'package' | 'hub';
  /** The file or package name, or the hub's address. */
  name: string;
}

/** One open conflict as stored: at most one per feature of a layer; a newer one replaces it. */
export interface ConflictRecord {
  layerId: string;
  featureId: string;
  source: ConflictSource;
  detectedAt: string;
  conflict: Conflict;
}

/** One string per (layer, feature), for maps keyed by conflict. */
export const conflictKey = (layerId: string, featureId: string): string => `${layerId}\u0000${featureId}`;
