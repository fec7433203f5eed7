import type { Kind } from './common';
import type { FeatureProperties } from './feature';

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

export interface DrawTarget {
  kind: Kind;
  /** Name of the layer created when the user has none of this kind (or chooses a new one). */
  defaultLayerName: string;
  /** Properties every feature of this target gets, beside the form's. */
  fixed: FeatureProperties;
}

export function drawTarget(tool: CreateTool, pointKind: PointKind): DrawTarget {
  if (tool !== 'point') return { kind: 'patrol', defaultLayerName: 'Patrol plans', fixed: {} };
  switch (pointKind) {
    case 'humanitarian':
      return { kind: 'humanitarian', defaultLayerName: 'Humanitarian sites', fixed: {} };
    case 'ddr':
      return { kind: 'ddr', defaultLayerName: 'DDR points', fixed: {} };
    case 'incident':
      return { kind: 'incident', defaultLayerName: 'Incidents', fixed: {} };
    case 'checkpoint':
      return { kind: 'reference', defaultLayerName: 'Checkpoints', fixed: { sidc: CHECKPOINT_SIDC, pointType: 'checkpoint' } };
  }
}

/** Whether a layer of `kind` named `name` is a fitting existing target for `target`. */
export function fitsTarget(target: DrawTarget, layer: { kind: Kind; name: string }): boolean {
  if (layer.kind !== target.kind) return false;
  // Any reference layer could hold anything: checkpoints go only to a layer meant for them.
  return target.kind !== 'reference' || layer.name === target.defaultLayerName;
}

