import type { Kind } from './common';
import type { FeatureProperties } from './feature';
import type { LayerRole } from './layer';

/**
 * What each drawing tool creates. Patrol areas, circles and routes are patrols; points are
 * humanitarian sites, DDR points, incidents or checkpoints.
 *
 * A checkpoint is a Point in a reference layer carrying the APP-6 / MIL-STD-2525C checkpoint
 * control-measure code, so the map draws it with milsymbol like any SIDC point, exports keep the
 * code, and it needs no new kind (no kind fits: patrols are lines and areas only).
 */
export const CHECKPOINT_SIDC = 'GFGPGPPK-------';

export const POINT_KINDS = ['humanitarian', 'ddr', 'incident', 'checkpoint'] as const;
export type PointKind = (typeof POINT_KINDS)[number];

export type CreateTool = 'route' | 'area' | 'circle' | 'point';

/** Which catalogue name (draw:defaultLayers.<key>) a layer made for a drawing target gets. */
export type DefaultLayerKey = 'patrols' | 'humanitarian' | 'ddr' | 'incidents' | 'checkpoints';

export interface DrawTarget {
  kind: Kind;
  /** Name of the layer created when the user has none of this kind, as a catalogue key (the reader's language). */
  defaultLayer: DefaultLayerKey;
  /** The role an existing layer must have to take this target's features, and a new one gets. */
  role?: LayerRole;
  /** Properties every feature of this target gets, beside the form's. */
  fixed: FeatureProperties;
}

export function drawTarget(tool: CreateTool, pointKind: PointKind): DrawTarget {
  if (tool !== 'point') return { kind: 'patrol', defaultLayer: 'patrols', fixed: {} };
  switch (pointKind) {
    case 'humanitarian':
      return { kind: 'humanitarian', defaultLayer: 'humanitarian', fixed: {} };
    case 'ddr':
      return { kind: 'ddr', defaultLayer: 'ddr', fixed: {} };
    case 'incident':
      return { kind: 'incident', defaultLayer: 'incidents', fixed: {} };
    case 'checkpoint':
      return { kind: 'reference', defaultLayer: 'checkpoints', role: 'checkpoints', fixed: { sidc: CHECKPOINT_SIDC, pointType: 'checkpoint' } };
  }
}

/** Whether an existing layer is a fitting target for `target`: the same kind and, where the target has one, the same role. */
export function fitsTarget(target: DrawTarget, layer: { kind: Kind; role?: LayerRole | undefined }): boolean {
  if (layer.kind !== target.kind) return false;
  // Any reference layer could hold anything: checkpoints go only to the layer whose role is theirs.
  return target.role === undefined || layer.role === target.role;
}
