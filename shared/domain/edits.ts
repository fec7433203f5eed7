import { msg, type Message } from '../i18n/message';
import { distance, feature, featureCollection, lineString, nearestPointOnLine, union } from '@turf/turf';
import type { Geometry, LineString, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { changeSummary, type ChangeSummary, type Changeset, type Op } from './changeset';
import { newId, type Author, type CgFeature, type FeatureProperties } from './feature';
import { LayerStyleSchema, type Layer, type LayerPatch } from './layer';
import { MarkingSchema, type Marking } from './marking';
import { markingPatch } from './feature-marking';

function changeset(summary: ChangeSummary, by: Author, now: string, ops: Changeset['ops']): Changeset {
  return { id: newId(), summary, at: now, by, ops };
}

function nameOf(feature: CgFeature): string {
  return String(feature.properties.name ?? feature.id);
}

/** A new version of the feature with `patch` merged in; `undefined` in the patch removes a field. */
export function editFeatureChangeset(
  layerId: string,
  feature: CgFeature,
  patch: FeatureProperties,
  by: Author,
  now: string,
  summary?: ChangeSummary,
): Changeset {
  const properties: FeatureProperties = { ...feature.properties };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete properties[k];
    else properties[k] = v;
  }
  const version = typeof feature.properties.version === 'number' ? feature.properties.version + 1 : 1;
  const next: CgFeature = { ...feature, properties: { ...properties, updatedBy: by.name, updatedAt: now, version } };
  return changeset(summary ?? changeSummary('edit', { name: nameOf(feature) }), by, now, [{ op: 'putFeatures', layerId, features: [next] }]);
}

/** The feature with `marking` as its own, or back to its layer's (undefined). */
export function featureMarkingChangeset(layerId: string, feature: CgFeature, marking: Marking | undefined, by: Author, now: string): Changeset {
  if (marking) MarkingSchema.parse(marking);
  return editFeatureChangeset(layerId, feature, markingPatch(marking), by, now, changeSummary('changeMarking', { name: nameOf(feature) }));
}

export function deleteFeaturesChangeset(layerId: string, ids: string[], summary: ChangeSummary, by: Author, now: string): Changeset {
  return changeset(summary, by, now, [{ op: 'deleteFeatures', layerId, ids }]);
}

export function updateLayerChangeset(layer: Layer, patch: LayerPatch, by: Author, now: string): Changeset {
  if (patch.style !== undefined) {
    const checked = LayerStyleSchema.safeParse(patch.style);
    if (!checked.success) throw new Error(`Style of layer ${layer.name}: ${checked.error.issues.map((i) => `${i.path.join('.') || 'style'}: ${i.message}`).join('; ')}`);
  }
  if (patch.marking !== undefined) {
    const checked = MarkingSchema.safeParse(patch.marking);
    if (!checked.success) throw new Error(`Marking of layer ${layer.name}: ${checked.error.issues.map((i) => `${i.path.join('.') || 'marking'}: ${i.message}`).join('; ')}`);
  }
  const key = patch.name && patch.name !== layer.name ? 'renameLayer' : 'style' in patch ? 'styleLayer' : patch.marking ? 'changeLayerMarking' : 'changeLayer';
  const summary = changeSummary(key, { name: layer.name });
  const next: Layer = { ...layer, ...patch, updatedAt: now };
  // A style reset to the defaults is removed, not stored as undefined.
  if ('style' in patch && patch.style === undefined) delete next.style;
  return changeset(summary, by, now, [{ op: 'putLayer', layer: next }]);
}

/**
 * Deletes a layer with its open conflicts (`openConflictIds`, the features they are about): a
 * conflict left behind would point at a layer that is gone, and undo brings both back.
 */
export function deleteLayerChangeset(layer: Layer, by: Author, now: string, openConflictIds: readonly string[] = []): Changeset {
  const ops: Op[] = openConflictIds.length ? [{ op: 'deleteConflicts', layerId: layer.id, featureIds: [...openConflictIds] }] : [];
  return changeset(changeSummary('deleteLayer', { name: layer.name }), by, now, [...ops, { op: 'deleteLayer', layerId: layer.id }]);
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
  return changeset(changeSummary('reorderLayer', { name: a.name }), by, now, [
    { op: 'putLayer', layer: { ...a, order: b.order, updatedAt: now } },
    { op: 'putLayer', layer: { ...b, order: a.order, updatedAt: now } },
  ]);
}

// ---- drawing: new features, new shapes, split and merge ----

/** Why a geometry edit could not be built, in words for the user. */
export type EditResult = { ok: true; changeset: Changeset } | { ok: false; error: Message };

/**
 * A new feature drawn by the user: the form's properties plus the fields every feature carries
 * (created/updated by and at, version 1, the author's organisation unless the form set one).
 */
export function newDrawnFeature(geometry: Geometry, properties: FeatureProperties, by: Author, now: string): CgFeature {
  // No classification of its own: a drawn feature carries its layer's marking until given one.
  const props: FeatureProperties = by.org ? { org: by.org } : {};
  for (const [k, v] of Object.entries(properties)) if (v !== undefined) props[k] = v;
  return {
    type: 'Feature',
    id: newId(),
    geometry,
    properties: { ...props, createdBy: by.name, createdAt: now, updatedBy: by.name, updatedAt: now, version: 1 },
  };
}

/** Puts a new feature into an existing layer. */
export function createFeatureChangeset(layerId: string, feature: CgFeature, by: Author, now: string): Changeset {
  return changeset(changeSummary('draw', { name: nameOf(feature) }), by, now, [{ op: 'putFeatures', layerId, features: [feature] }]);
}

function nextVersion(feature: CgFeature, by: Author, now: string, patch: Partial<CgFeature> = {}): CgFeature {
  const version = typeof feature.properties.version === 'number' ? feature.properties.version + 1 : 1;
  return { ...feature, ...patch, properties: { ...feature.properties, ...(patch.properties ?? {}), updatedBy: by.name, updatedAt: now, version } };
}

/** The same feature with a new shape (moved, reshaped); its attributes are unchanged. */
export function geometryUpdateChangeset(layerId: string, feature: CgFeature, geometry: Geometry, by: Author, now: string): Changeset {
  return changeset(changeSummary('reshape', { name: nameOf(feature) }), by, now, [{ op: 'putFeatures', layerId, features: [nextVersion(feature, by, now, { geometry })] }]);
}

/**
 * Splits a line where `at` falls on it (the nearest point of the line): the feature keeps the
 * first part, a new feature with the same attributes takes the second, in one changeset.
 */
export function splitLineChangeset(layerId: string, feature: CgFeature, at: Position, by: Author, now: string): EditResult {
  const g = feature.geometry;
  if (g?.type !== 'LineString') return { ok: false, error: msg('draw:errors.splitNotLine') };
  const coords = g.coordinates;
  const snapped = nearestPointOnLine(lineString(coords), [at[0] ?? 0, at[1] ?? 0], { units: 'meters' });
  const p = snapped.geometry.coordinates;
  const index = snapped.properties.index ?? 0;
  const first = [...coords.slice(0, index + 1), p];
  const second = [p, ...coords.slice(index + 1)];
  const distinct = (line: Position[]) => line.some((q) => q[0] !== line[0]?.[0] || q[1] !== line[0]?.[1]);
  if (!distinct(dedupe(first)) || !distinct(dedupe(second))) return { ok: false, error: msg('draw:errors.splitAtEnd') };
  const name = String(feature.properties.name ?? feature.id);
  const head = nextVersion(feature, by, now, { geometry: { type: 'LineString', coordinates: dedupe(first) } });
  const tail: CgFeature = {
    type: 'Feature',
    id: newId(),
    geometry: { type: 'LineString', coordinates: dedupe(second) },
    properties: { ...feature.properties, ...(feature.properties.name !== undefined ? { name: `${name} (2)` } : {}), createdBy: by.name, createdAt: now, updatedBy: by.name, updatedAt: now, version: 1 },
  };
  return { ok: true, changeset: changeset(changeSummary('split', { name }), by, now, [{ op: 'putFeatures', layerId, features: [head, tail] }]) };
}

/** Endpoints closer than this (metres) are joined when two lines merge. */
const JOIN_TOLERANCE_M = 1;

/**
 * Merges `other` into `keep` (same layer): two polygons become their union, two lines one line
 * when an end of one meets an end of the other, else a MultiLineString. `keep` keeps its
 * attributes and id; `other` is deleted. Points and mixed shapes are refused.
 */
export function mergeFeaturesChangeset(layerId: string, keep: CgFeature, other: CgFeature, by: Author, now: string): EditResult {
  if (keep.id === other.id) return { ok: false, error: msg('draw:errors.mergeSame') };
  const a = keep.geometry;
  const b = other.geometry;
  if (!a || !b) return { ok: false, error: msg('draw:errors.mergeNoGeometry') };
  let merged: Geometry;
  if (isAreal(a) && isAreal(b)) {
    const u = union(featureCollection([feature(a), feature(b)]));
    if (!u) return { ok: false, error: msg('draw:errors.mergeNoUnion') };
    merged = u.geometry;
  } else if (isLinear(a) && isLinear(b)) {
    merged = mergeLines(a, b);
  } else {
    return { ok: false, error: msg('draw:errors.mergeTypes', { a: a.type, b: b.type }) };
  }
  const summary = changeSummary('merge', { other: nameOf(other), name: nameOf(keep) });
  return {
    ok: true,
    changeset: changeset(summary, by, now, [
      { op: 'putFeatures', layerId, features: [nextVersion(keep, by, now, { geometry: merged })] },
      { op: 'deleteFeatures', layerId, ids: [other.id] },
    ]),
  };
}

function isAreal(g: Geometry): g is Polygon | MultiPolygon {
  return g.type === 'Polygon' || g.type === 'MultiPolygon';
}

function isLinear(g: Geometry): g is LineString | MultiLineString {
  return g.type === 'LineString' || g.type === 'MultiLineString';
}

function mergeLines(a: LineString | MultiLineString, b: LineString | MultiLineString): LineString | MultiLineString {
  const parts = (g: LineString | MultiLineString) => (g.type === 'LineString' ? [g.coordinates] : g.coordinates);
  if (a.type === 'LineString' && b.type === 'LineString') {
    const near = (p: Position | undefined, q: Position | undefined) => !!p && !!q && distance(p, q, { units: 'meters' }) <= JOIN_TOLERANCE_M;
    const [x, y] = [a.coordinates, b.coordinates];
    const xs = x[0];
    const xe = x[x.length - 1];
    const ys = y[0];
    const ye = y[y.length - 1];
    if (near(xe, ys)) return { type: 'LineString', coordinates: [...x, ...y.slice(1)] };
    if (near(xe, ye)) return { type: 'LineString', coordinates: [...x, ...[...y].reverse().slice(1)] };
    if (near(xs, ye)) return { type: 'LineString', coordinates: [...y, ...x.slice(1)] };
    if (near(xs, ys)) return { type: 'LineString', coordinates: [...[...y].reverse(), ...x.slice(1)] };
  }
  return { type: 'MultiLineString', coordinates: [...parts(a), ...parts(b)] };
}

function dedupe(line: Position[]): Position[] {
  return line.filter((p, i) => i === 0 || p[0] !== line[i - 1]?.[0] || p[1] !== line[i - 1]?.[1]);
}
