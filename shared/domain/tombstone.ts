import type { Author, CgFeature } from './feature';
import { ownMarking } from './feature-marking';
import type { Marking } from './marking';

/**
 * The record a deleted feature leaves behind, so a package (or later the hub) can carry the
 * deletion: a site no longer notified for deconfliction must disappear at the recipient too.
 *
 * Every deletion of a feature leaves one, not only deletions of exchanged features or of our own
 * organisation's: the store cannot know what was shared by other means (a file, a USB stick),
 * and the recipient decides what a tombstone may withdraw (only features that came from the
 * sending organisation, shared/sync). Restoring the feature (undo, a put) removes its tombstone.
 */
export interface Tombstone {
  layerId: string;
  featureId: string;
  /** The feature's version when it was deleted. */
  version: number;
  /** The version last exchanged with the other side, when it was (the base of the withdrawal). */
  exchangedVersion?: number;
  /** Organisation that originated the feature: its own marking's, else its layer's. */
  originator: string;
  /** The feature's own marking, when it had one: the package applies the release rule to it. */
  marking?: Marking;
  deletedAt: string;
  deletedBy: Author;
}

function numberOr(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** The tombstone of `feature`, deleted from the layer marked `layerMarking` at `at` by `by`. */
export function tombstoneOf(layerId: string, feature: CgFeature, layerMarking: Marking | undefined, at: string, by: Author): Tombstone {
  const own = ownMarking(feature.properties);
  // shared/sync's EXCHANGED_VERSION; domain does not import sync, which builds on it.
  const exchanged = feature.properties.exchangedVersion;
  return {
    layerId,
    featureId: feature.id,
    version: numberOr(feature.properties.version, 1),
    ...(typeof exchanged === 'number' ? { exchangedVersion: exchanged } : {}),
    originator: own?.originator || layerMarking?.originator || '',
    ...(own ? { marking: own } : {}),
    deletedAt: at,
    deletedBy: { name: by.name, org: by.org },
  };
}
