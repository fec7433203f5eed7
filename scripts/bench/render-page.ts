/**
 * Page side of the render benchmark's set-up (`npm run bench -- --render`), bundled by esbuild
 * and run on the app's own origin before the app is opened: writes N synthetic incidents into
 * the app's database as one layer, in the records an import writes (chunks of CHUNK_SIZE made
 * by the store's own serialiser, a layer record with count, extent and rev). Batches of 50,000
 * keep the page's memory flat at 1M points; FeatureStore.apply would hold every feature at once.
 */
import { serialiseNewFeatures } from '../../renderer/db/chunks';
import { unionBBoxes, type BBox } from '../../renderer/db/bbox';
import { CgDatabase, DEFAULT_DB_NAME } from '../../renderer/db/schema';
import type { StoredLayer } from '../../renderer/db/records';
import { incidentBatch } from './synthetic-incidents';
import { defaultMarking, UN_SCHEME } from '../../shared/domain/marking';

export interface StoreResult {
  features: number;
  chunks: number;
  ms: number;
  chars: number;
}

const BATCH = 50_000;

async function store(count: number): Promise<StoreResult> {
  const t0 = performance.now();
  const db = new CgDatabase(DEFAULT_DB_NAME);
  await db.open();
  await db.transaction('rw', db.layers, db.chunks, db.changes, async () => {
    await db.layers.clear();
    await db.chunks.clear();
    await db.changes.clear();
  });
  let seq = 0;
  let chars = 0;
  const boxes: (BBox | null)[] = [];
  const classifications = new Set<string>();
  for (let from = 0; from < count; from += BATCH) {
    const chunks = serialiseNewFeatures(incidentBatch(from, Math.min(BATCH, count - from)));
    await db.chunks.bulkAdd(chunks.map((c) => ({ layerId: 'bench-incidents', seq: seq++, count: c.features.length, json: c.json, bbox: c.bbox, classifications: c.classifications })));
    for (const c of chunks) {
      chars += c.json.length;
      boxes.push(c.bbox);
      for (const code of c.classifications) classifications.add(code);
    }
  }
  const at = '2026-11-22T06:00:00.000Z';
  const layer: StoredLayer = {
    id: 'bench-incidents',
    name: `Synthetic incidents (${count.toLocaleString('en-GB')})`,
    kind: 'incident',
    owner: 'bench',
    visible: true,
    opacity: 1,
    order: 0,
    createdAt: at,
    updatedAt: at,
    featureCount: count,
    bbox: unionBBoxes(boxes),
    featureClassifications: [...classifications].sort(),
    marking: defaultMarking(UN_SCHEME),
    nextSeq: seq,
    rev: `bench-${Date.now()}`,
  };
  await db.layers.put(layer);
  db.close();
  return { features: count, chunks: seq, ms: Math.round(performance.now() - t0), chars };
}

Object.defineProperty(window, '__benchRenderStore', { value: { store }, configurable: true });
