import type { CgFeature } from '../domain/feature';
import { ownMarking } from '../domain/feature-marking';
import type { Layer } from '../domain/layer';
import type { MarkingScheme } from '../domain/marking';
import type { SharingDirectory } from '../domain/sharing-directory';
import { EXCHANGED_VERSION } from '../sync';
import type { PackageInput, Sender } from './input';

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
 * for a feature made here and never exchanged, which the recipient then adds).
 */
export function packageInputFrom(stored: readonly { layer: Layer; features: readonly CgFeature[] }[], request: ShareRequest): PackageInput {
  return {
    layers: stored.map(({ layer, features }) => ({
      layer: { id: layer.id, name: layer.name, kind: layer.kind, marking: layer.marking, ...(layer.style ? { style: layer.style } : {}) },
      features: features.map((feature) => {
        const marking = ownMarking(feature.properties);
        const base = feature.properties[EXCHANGED_VERSION];
        return { feature, ...(typeof base === 'number' ? { baseVersion: base } : {}), ...(marking ? { marking } : {}) };
      }),
    })),
    sender: request.sender,
    recipient: request.recipient,
    directory: request.directory,
    scheme: request.scheme,
    omitSensitive: request.omitSensitive,
  };
}
