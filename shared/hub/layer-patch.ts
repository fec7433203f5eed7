import type { Layer } from '../domain/layer';
import type { UpdateLayerRequest } from './protocol';

/**
 * What a local change to a shared layer's record sends to the hub. Only the owner's choices
 * travel: the name, the marking and the style every workstation starts from. Visibility,
 * opacity and order are each workstation's own. The marking's originator is the hub's to say.
 */
export function layerPatchFor(before: Layer, after: Layer): UpdateLayerRequest | null {
  const patch: UpdateLayerRequest = {};
  if (after.name !== before.name) patch.name = after.name;
  const marking = { classification: after.marking.classification, caveats: after.marking.caveats, releasableTo: after.marking.releasableTo };
  const was = { classification: before.marking.classification, caveats: before.marking.caveats, releasableTo: before.marking.releasableTo };
  if (JSON.stringify(marking) !== JSON.stringify(was)) patch.marking = marking;
  if (JSON.stringify(after.style ?? {}) !== JSON.stringify(before.style ?? {})) patch.style = { ...(after.style ?? {}) };
  return Object.keys(patch).length > 0 ? patch : null;
}

/** Two patches of one layer waiting together: the later one's fields win. */
export function mergeLayerPatches(older: UpdateLayerRequest, newer: UpdateLayerRequest): UpdateLayerRequest {
  return { ...older, ...newer };
}

/**
 * Which of a change's fields only the owner may make. Anybody may restyle their own view of a
 * layer; renaming or re-marking it is the owner's, on the hub.
 */
export function ownerOnlyChange(patch: UpdateLayerRequest): boolean {
  return patch.name !== undefined || patch.marking !== undefined;
}
