/**
 * Page side of the store-only sub-bench (`npm run bench -- --store`), bundled by esbuild:
 * in real Chromium IndexedDB (fake-indexeddb timings mean nothing), a chunk-size sweep of raw
 * chunk writes, then an import of synthetic points through FeatureStore.apply, the layer's
 * GeoJSON Blob, and single-feature edits and undo on the big layer.
 */
import Dexie from 'dexie';
import { changeSummary, type Changeset } from '../../shared/domain/changeset';
import type { CgFeature } from '../../shared/domain/feature';
import type { Layer } from '../../shared/domain/layer';
import { FeatureStore } from '../../renderer/db/feature-store';
import type { ChunkRecord } from '../../renderer/db/records';
import { CgDatabase } from '../../renderer/db/schema';
import { defaultMarking, UN_SCHEME } from '../../shared/domain/marking';

export interface SweepRow {
  records: number;
  serialise: number;
  write: number;
  rewriteOne: number;
  read: number;
  parseOne: number;
}

export interface StoreBenchResult {
  features: number;
  sweep: Record<number, SweepRow>;
  importApply: number;
  readChunks: number;
  blobFromStrings: number;
  geoJsonBlob: number;
  blobMB: number;
  firstEditLoadsLayer: number;
  nextEdit: number;
  undoEdit: number;
}

const at = '2026-11-22T14:30:00Z';
const by = { name: 'bench', org: 'bench' };
const ms = (t: number): number => Math.round(performance.now() - t);

function feature(i: number): CgFeature {
  return {
    type: 'Feature',
    id: `f${i}`,
    geometry: { type: 'Point', coordinates: [Math.random() * 360 - 180, Math.random() * 170 - 85] },
    properties: {
      name: `City ${i}`,
      classification: 'UNCLASSIFIED',
      createdBy: 'import',
      createdAt: at,
      updatedBy: 'import',
      updatedAt: at,
      version: 1,
      eventDate: '2026-11-21',
      eventType: 'Battles',
      fatalities: i % 7,
      population: i * 13,
      country: 'XX',
    },
  };
}

async function sweep(features: CgFeature[]): Promise<Record<number, SweepRow>> {
  const out: Record<number, SweepRow> = {};
  for (const size of [500, 1000, 2000, 5000, 10000]) {
    const name = `sweep-${size}`;
    const db = new CgDatabase(name);
    await db.open();
    let t = performance.now();
    const records: ChunkRecord[] = [];
    for (let i = 0, seq = 0; i < features.length; i += size, seq++) {
      const slice = features.slice(i, i + size);
      records.push({ layerId: 'x', seq, count: slice.length, json: JSON.stringify(slice), bbox: null, classifications: [] });
    }
    const serialise = ms(t);
    t = performance.now();
    await db.chunks.bulkPut(records);
    const write = ms(t);
    t = performance.now();
    const first = features.slice(0, size);
    await db.chunks.put({ layerId: 'x', seq: 0, count: first.length, json: JSON.stringify(first), bbox: null, classifications: [] });
    const rewriteOne = ms(t);
    t = performance.now();
    const back = await db.chunks.toArray();
    const read = ms(t);
    t = performance.now();
    if (back[0]) JSON.parse(back[0].json);
    const parseOne = ms(t);
    out[size] = { records: records.length, serialise, write, rewriteOne, read, parseOne };
    db.close();
    await Dexie.delete(name);
  }
  return out;
}

async function run(count: number): Promise<StoreBenchResult> {
  const features = Array.from({ length: count }, (_, i) => feature(i));
  const sweepResult = await sweep(features);
  const store = await FeatureStore.open('bench-store');
  const layer: Layer = { id: 'big', name: 'Big', kind: 'reference', owner: '', visible: true, opacity: 1, order: 0, createdAt: at, updatedAt: at, marking: defaultMarking(UN_SCHEME) };
  const changeset = (id: string, name: string, ops: Changeset['ops']): Changeset => ({ id, summary: changeSummary('edit', { name }), at, by, ops });

  let t = performance.now();
  await store.apply(changeset('import', 'Import', [{ op: 'putLayer', layer }, { op: 'putFeatures', layerId: 'big', features }]));
  const importApply = ms(t);
  t = performance.now();
  const chunks = await store.db.chunks.toArray();
  const readChunks = ms(t);
  t = performance.now();
  const parts = ['{"type":"FeatureCollection","features":['];
  chunks.forEach((c, i) => parts.push((i ? ',' : '') + c.json.slice(1, -1)));
  parts.push(']}');
  void new Blob(parts, { type: 'application/geo+json' });
  const blobFromStrings = ms(t);
  t = performance.now();
  const blob = await store.layerGeoJsonBlob('big');
  const geoJsonBlob = ms(t);

  const edit = (id: string, i: number) => {
    const f = features[i] as CgFeature;
    return store.apply(changeset(id, 'Edit', [{ op: 'putFeatures', layerId: 'big', features: [{ ...f, properties: { ...f.properties, fatalities: 99 } }] }]));
  };
  t = performance.now();
  await edit('e1', 5);
  const firstEditLoadsLayer = ms(t);
  t = performance.now();
  await edit('e2', 100_000 % count);
  const nextEdit = ms(t);
  t = performance.now();
  await store.undo(by);
  const undoEdit = ms(t);
  store.close();
  await Dexie.delete('bench-store');
  return {
    features: count,
    sweep: sweepResult,
    importApply,
    readChunks,
    blobFromStrings,
    geoJsonBlob,
    blobMB: Math.round(blob.size / 1e6),
    firstEditLoadsLayer,
    nextEdit,
    undoEdit,
  };
}

Object.defineProperty(window, '__benchStore', { value: { run }, configurable: true });
