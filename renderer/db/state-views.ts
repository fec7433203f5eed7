/** Read-only views over the layers a changeset works on, before and after it. */
import type { StateReader } from '../../shared/domain/changeset';
import { conflictKey, type ConflictRecord } from '../../shared/domain/conflict';
import type { CgFeature } from '../../shared/domain/feature';
import type { Layer } from '../../shared/domain/layer';
import type { ChangeView } from './changes';
import { orderedFeatures } from './layer-cache';
import type { LayerWork } from './layer-work';
import type { LayerInfo, StoredLayer } from './records';

export function toLayer(record: StoredLayer): Layer {
  const { featureCount: _count, bbox: _bbox, featureClassifications: _classifications, nextSeq: _nextSeq, rev: _rev, ...layer } = record;
  return layer;
}

export function toLayerInfo(record: StoredLayer): LayerInfo {
  const { nextSeq: _nextSeq, rev: _rev, ...info } = record;
  return info;
}

/** The state before the changeset, for invertOps. */
export class BeforeState implements StateReader {
  constructor(
    private readonly works: ReadonlyMap<string, LayerWork>,
    private readonly conflicts: ReadonlyMap<string, ConflictRecord> = new Map(),
  ) {}

  getConflict(layerId: string, featureId: string): ConflictRecord | undefined {
    return this.conflicts.get(conflictKey(layerId, featureId));
  }

  getLayer(layerId: string): Layer | undefined {
    const record = this.works.get(layerId)?.baseRecord;
    return record ? toLayer(record) : undefined;
  }

  getFeature(layerId: string, featureId: string): CgFeature | undefined {
    return this.works.get(layerId)?.base?.features.get(featureId)?.feature;
  }

  getLayerFeatures(layerId: string): readonly CgFeature[] {
    const base = this.works.get(layerId)?.base;
    return base ? orderedFeatures(base) : [];
  }
}

/** Before and after, for the change log (read after all ops are applied to the works). */
export function changeView(works: ReadonlyMap<string, LayerWork>): ChangeView {
  const before = new BeforeState(works);
  return {
    before: (layerId, featureId) => before.getFeature(layerId, featureId),
    after: (layerId, featureId) => {
      const work = works.get(layerId);
      return work?.exists ? work.getFeature(featureId) : undefined;
    },
    featureIdsBefore: (layerId) => works.get(layerId)?.base?.features.keys() ?? [],
  };
}
