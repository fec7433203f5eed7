import type { Changeset } from './changeset';
import { newId, type Author, type CgFeature, type FeatureProperties } from './feature';
import { LayerStyleSchema, type Layer, type LayerPatch } from './layer';

function changeset(label: string, by: Author, now: string, ops: Changeset['ops']): Changeset {
  return { id: newId(), label, at: now, by, ops };
}

/** A new version of the feature with `patch` merged in; `undefined` in the patch removes a field. */
export function editFeatureChangeset(
  layerId: string,
  feature: CgFeature,
  patch: FeatureProperties,
  by: Author,
  now: string,
): Changeset {
  const properties: FeatureProperties = { ...feature.properties };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete properties[k];
    else properties[k] = v;
  }
  const version = typeof feature.properties.version === 'number' ? feature.properties.version + 1 : 1;
  const next: CgFeature = { ...feature, properties: { ...properties, updatedBy: by.name, updatedAt: now, version } };
  const label = `Edit ${String(feature.properties.name ?? feature.id)}`;
  return changeset(label, by, now, [{ op: 'putFeatures', layerId, features: [next] }]);
}

export function deleteFeaturesChangeset(layerId: string, ids: string[], label: string, by: Author, now: string): Changeset {
  return changeset(label, by, now, [{ op: 'deleteFeatures', layerId, ids }]);
}

export function updateLayerChangeset(layer: Layer, patch: LayerPatch, by: Author, now: string): Changeset {
  if (patch.style !== undefined) {
    const checked = LayerStyleSchema.safeParse(patch.style);
    if (!checked.success) throw new Error(`Style of layer ${layer.name}: ${checked.error.issues.map((i) => `${i.path.join('.') || 'style'}: ${i.message}`).join('; ')}`);
  }
  const label =
    patch.name && patch.name !== layer.name ? `Rename layer ${layer.name}` : 'style' in patch ? `Change style of layer ${layer.name}` : `Change layer ${layer.name}`;
  const next: Layer = { ...layer, ...patch, updatedAt: now };
  // A style reset to the defaults is removed, not stored as undefined.
  if ('style' in patch && patch.style === undefined) delete next.style;
  return changeset(label, by, now, [{ op: 'putLayer', layer: next }]);
}

export function deleteLayerChangeset(layer: Layer, by: Author, now: string): Changeset {
  return changeset(`Delete layer ${layer.name}`, by, now, [{ op: 'deleteLayer', layerId: layer.id }]);
}

/**
 * Moves one layer up or down the draw order by swapping `order` with its neighbour; returns
 * null at either end. `layers` must be sorted by order ascending.
 */
export function reorderLayerChangeset(layers: readonly Layer[], layerId: string, direction: 'up' | 'down', by: Author, now: string): Changeset | null {
  const i = layers.findIndex((l) => l.id === layerId);
  const j = direction === 'up' ? i + 1 : i - 1;
  const a = layers[i];
  const b = layers[j];
  if (!a || !b) return null;
  return changeset(`Reorder layer ${a.name}`, by, now, [
    { op: 'putLayer', layer: { ...a, order: b.order, updatedAt: now } },
    { op: 'putLayer', layer: { ...b, order: a.order, updatedAt: now } },
  ]);
}
