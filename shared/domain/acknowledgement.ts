import { changeSummary, type Changeset } from './changeset';
import { editFeatureChangeset } from './edits';
import type { Author, CgFeature, FeatureProperties } from './feature';

/**
 * Approving a patrol plan that still has open deconfliction alerts takes an explicit
 * acknowledgement, kept with the change in the history: which alerts, and why. Who and when are
 * the changeset's own `by` and `at`.
 */

export interface AcknowledgedAlert {
  kind: 'site' | 'no-go';
  targetId: string;
  targetName?: string;
  /** Metres from the plan to the site or zone (0: touching or inside). */
  distanceM: number;
  /** The site's protection radius; absent for a no-go zone. */
  radiusM?: number;
}

export interface Acknowledgement {
  alerts: AcknowledgedAlert[];
  reason?: string;
}

export const MAX_REASON_LENGTH = 2_000;

/** Whether `patch` makes the plan approved now (it was not before). */
export function approvesPlan(feature: CgFeature, patch: FeatureProperties): boolean {
  return patch.status === 'approved' && feature.properties.status !== 'approved';
}

/**
 * The edit that approves a plan with open alerts, carrying their acknowledgement. Refuses to
 * build one without alerts (there is nothing to acknowledge: use an ordinary edit).
 */
export function acknowledgedEditChangeset(
  layerId: string,
  feature: CgFeature,
  patch: FeatureProperties,
  alerts: readonly AcknowledgedAlert[],
  reason: string,
  by: Author,
  now: string,
): Changeset {
  if (alerts.length === 0) throw new Error('An acknowledgement needs at least one open alert');
  const trimmed = reason.trim().slice(0, MAX_REASON_LENGTH);
  const cs = editFeatureChangeset(layerId, feature, patch, by, now);
  const name = String(feature.properties.name ?? feature.id);
  return {
    ...cs,
    summary: changeSummary('approveAcknowledged', { name, count: alerts.length }),
    acknowledgement: { alerts: alerts.map((a) => ({ ...a })), ...(trimmed && { reason: trimmed }) },
  };
}
