import type { CgFeature } from '../domain/feature';
import { ownMarking } from '../domain/feature-marking';
import type { Layer } from '../domain/layer';
import type { MarkingScheme } from '../domain/marking';
import type { SharingDirectory } from '../domain/sharing-directory';
import { EXCHANGED_VERSION } from '../sync';
import type { Tombstone } from '../domain/tombstone';
import type { PackageInput, PackageTombstone, Sender } from './input';

/** What the Share dialog asks for; the features come from the store. */
export interface ShareRequest {
  layerIds: string[];
  recipient: string;
  sender: Sender;
  directory: SharingDirectory;
  scheme: MarkingScheme;
  omitSensitive: boolean;
}

/**
 * The builder's input from stored layers and features: a feature's own marking is read from its
 * flat properties, and its base version is the version last exchanged with the other side (none
 * for a feature made here and never exchanged, which the recipient then adds). The layer's
 * tombstones go as the store keeps them; planPackage decides which the recipient may see.
 */
export function packageInputFrom(stored: readonly { layer: Layer; features: readonly CgFeature[]; tombstones?: readonly Tombstone[] }[], request: ShareRequest): PackageInput {
  return {
    layers: stored.map(({ layer, features, tombstones = [] }) => ({
      layer: { id: layer.id, name: layer.name, kind: layer.kind, marking: layer.marking, ...(layer.style ? { style: layer.style } : {}) },
      features: features.map((feature) => {
        const marking = ownMarking(feature.properties);
        const base = feature.properties[EXCHANGED_VERSION];
        return { feature, ...(typeof base === 'number' ? { baseVersion: base } : {}), ...(marking ? { marking } : {}) };
      }),
      tombstones: tombstones.map(packageTombstone),
    })),
    sender: request.sender,
    recipient: request.recipient,
    directory: request.directory,
    scheme: request.scheme,
    omitSensitive: request.omitSensitive,
  };
}

function packageTombstone(t: Tombstone): PackageTombstone {
  return {
    id: t.featureId,
    version: t.version,
    ...(t.exchangedVersion !== undefined ? { exchangedVersion: t.exchangedVersion } : {}),
    originator: t.originator,
    ...(t.marking ? { marking: t.marking } : {}),
    deletedAt: t.deletedAt,
    deletedBy: t.deletedBy,
  };
}
