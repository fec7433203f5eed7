import * as Comlink from 'comlink';
import type { Polygon } from 'geojson';
import type { Kind } from '../../shared/domain/common';
import type { CgFeature } from '../../shared/domain/feature';
import { planAlerts, runAnalysis, type AnalysisLayer, type AnalysisRequest, type AnalysisResult } from '../../shared/analysis/run';
import { featuresInArea, type SelectedRef } from '../../shared/analysis/select';
import type { Alert } from '../../shared/analysis/types';

/**
 * Runs the analyses off the page's thread. It keeps each layer's features parsed, keyed by the
 * layer's data version: the page sends a layer's GeoJSON Blob (from the store worker, which
 * builds it from chunk text without parsing) only when its version moved. Blobs cross threads by
 * reference, and this worker never opens IndexedDB, so the store worker stays the one reader and
 * writer of the database and there is no second cache to invalidate.
 */

export interface LayerMeta {
  id: string;
  name: string;
  kind: Kind;
  version: number;
}

interface Cached {
  version: number;
  layer: AnalysisLayer;
}

const cache = new Map<string, Cached>();

function layersOf(ids?: readonly string[]): AnalysisLayer[] {
  const out: AnalysisLayer[] = [];
  for (const [id, c] of cache) if (!ids || ids.includes(id)) out.push(c.layer);
  return out;
}

const api = {
  /** Updates names and kinds, forgets deleted layers, and returns the ids whose data must be sent. */
  sync(metas: LayerMeta[]): string[] {
    const wanted = new Set(metas.map((m) => m.id));
    for (const id of [...cache.keys()]) if (!wanted.has(id)) cache.delete(id);
    const stale: string[] = [];
    for (const m of metas) {
      const c = cache.get(m.id);
      if (!c || c.version !== m.version) stale.push(m.id);
      else c.layer = { ...c.layer, name: m.name, kind: m.kind };
    }
    return stale;
  },
  async put(meta: LayerMeta, blob: Blob): Promise<void> {
    const parsed = JSON.parse(await blob.text()) as { features?: CgFeature[] };
    cache.set(meta.id, { version: meta.version, layer: { id: meta.id, name: meta.name, kind: meta.kind, features: parsed.features ?? [] } });
  },
  run(request: AnalysisRequest): AnalysisResult {
    return runAnalysis(layersOf(), request);
  },
  planAlerts(plan: CgFeature): Alert[] {
    return planAlerts(layersOf(), plan);
  },
  select(layerIds: string[], area: Polygon): SelectedRef[] {
    return featuresInArea(
      layersOf(layerIds).map((l) => ({ layerId: l.id, features: l.features })),
      area,
    );
  },
  /** The features behind refs, in the order asked, for highlighting and saving. */
  features(refs: SelectedRef[]): { layerId: string; feature: CgFeature }[] {
    const byLayer = new Map<string, Map<string, CgFeature>>();
    const out: { layerId: string; feature: CgFeature }[] = [];
    for (const r of refs) {
      let m = byLayer.get(r.layerId);
      if (!m) {
        m = new Map((cache.get(r.layerId)?.layer.features ?? []).map((f) => [f.id, f]));
        byLayer.set(r.layerId, m);
      }
      const f = m.get(r.featureId);
      if (f) out.push({ layerId: r.layerId, feature: f });
    }
    return out;
  },
};

export type AnalysisWorkerApi = typeof api;
Comlink.expose(api);
