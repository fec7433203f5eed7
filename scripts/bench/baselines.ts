/**
 * Baselines measured in the app's page, in the same Chromium as the import (bundled by esbuild
 * at bench time and loaded as a same-origin script, which the app's CSP allows):
 * decoding and JSON.parse of the very bytes the import reads, and a naive import that puts
 * one IndexedDB record per feature with Dexie's bulkPut, as the app's first prototype
 * (schema version 1: 'id, layerId') did.
 */
import Dexie, { type Table } from 'dexie';

export interface BaselineResult {
  bytes: number;
  features: number;
  decodeMs: number;
  /** Every JSON.parse run (the bench reports the median). */
  parseMs: number[];
  naiveBulkPutMs: number;
  naiveRecords: number;
}

interface NaiveRecord {
  id: string;
  layerId: string;
  feature: unknown;
}

const PARSE_RUNS = 3;

async function run(url: string): Promise<BaselineResult> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());

  let t = performance.now();
  const text = new TextDecoder().decode(bytes);
  const decodeMs = performance.now() - t;

  const parseMs: number[] = [];
  let parsed: { features?: unknown[] } = {};
  for (let i = 0; i < PARSE_RUNS; i++) {
    t = performance.now();
    parsed = JSON.parse(text) as { features?: unknown[] };
    parseMs.push(performance.now() - t);
  }
  const features = parsed.features ?? [];

  const name = `bench-naive-${Date.now()}`;
  const db = new Dexie(name);
  db.version(1).stores({ features: 'id, layerId' });
  await db.open();
  const table = db.table<NaiveRecord, string>('features') as Table<NaiveRecord, string>;
  const records = features.map((feature, i): NaiveRecord => ({ id: `f${i}`, layerId: 'naive', feature }));
  t = performance.now();
  await table.bulkPut(records);
  const naiveBulkPutMs = performance.now() - t;
  db.close();
  await Dexie.delete(name);

  return { bytes: bytes.byteLength, features: features.length, decodeMs, parseMs, naiveBulkPutMs, naiveRecords: records.length };
}

Object.defineProperty(window, '__benchBaselines', { value: { run }, configurable: true });
