/**
 * Merge benchmark: mergeIncoming with N incoming features into an N-feature layer (1 % changed
 * by them, 0.1 % changed on both sides), beside a naive baseline on the same data that finds each
 * incoming feature's match with Array.find. The naive loop is quadratic, so it runs on a sample
 * and is extrapolated (the output says so). Timings are printed, never asserted.
 *
 *   node --import tsx scripts/bench/merge.ts [--count N]
 *   npm run bench -- --merge [--count N]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CgFeature } from '../../shared/domain/feature';
import { mergeIncoming, type IncomingFeature } from '../../shared/sync';
import { prng } from './prng';

const SAMPLE = 2_000;

function data(n: number): { ours: CgFeature[]; incoming: IncomingFeature[] } {
  const rand = prng(12);
  const ours: CgFeature[] = [];
  const incoming: IncomingFeature[] = [];
  for (let i = 0; i < n; i++) {
    const coords: [number, number] = [15.5 + rand() * 9, 3 + rand() * 9];
    const props = { name: `incident ${i}`, org: 'MINUSCA', fatalities: i % 7, version: 3, updatedBy: 'a', updatedAt: '2026-11-01T00:00:00Z' };
    const mine: CgFeature = { type: 'Feature', id: `f${i}`, geometry: { type: 'Point', coordinates: coords }, properties: props };
    const theirs: CgFeature = { type: 'Feature', id: `f${i}`, geometry: { type: 'Point', coordinates: [...coords] }, properties: { ...props } };
    if (i % 100 === 0) theirs.properties = { ...theirs.properties, fatalities: 99, version: 4 };
    if (i % 1000 === 0) mine.properties = { ...mine.properties, name: 'edited here', version: 4 };
    ours.push(mine);
    incoming.push({ feature: theirs, baseVersion: 3 });
  }
  return { ours, incoming };
}

/** The baseline: the same per-feature decision, with the match found by a scan. */
function naive(ours: CgFeature[], incoming: IncomingFeature[]): number {
  let changed = 0;
  for (const inc of incoming) {
    const mine = ours.find((f) => f.id === inc.feature.id);
    if (!mine || mine.properties.version === inc.baseVersion) changed++;
  }
  return changed;
}

export function runMergeBench(count = 100_000): void {
  const { ours, incoming } = data(count);
  mergeIncoming(ours.slice(0, 1000), incoming.slice(0, 1000), { match: { by: 'id' } });
  const t0 = performance.now();
  const plan = mergeIncoming(ours, incoming, { match: { by: 'id' } });
  const oursMs = performance.now() - t0;
  const sample = incoming.filter((_, i) => i % Math.max(1, Math.floor(count / SAMPLE)) === 0);
  const t1 = performance.now();
  naive(ours, sample);
  const naiveMs = ((performance.now() - t1) * incoming.length) / sample.length;
  console.log(`merge: ${count.toLocaleString('en')} incoming into ${count.toLocaleString('en')} (counts ${JSON.stringify(plan.counts)})`);
  console.log(`  mergeIncoming      ${oursMs.toFixed(0)} ms`);
  console.log(`  naive Array.find   ${naiveMs.toFixed(0)} ms (extrapolated from ${sample.length.toLocaleString('en')} lookups)`);
  console.log(`  ratio              ${(naiveMs / oursMs).toFixed(1)}×`);
}

// Runnable on its own as well as from scripts/bench.ts.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const i = process.argv.indexOf('--count');
  runMergeBench(i > 0 ? Number(process.argv[i + 1]) || 100_000 : 100_000);
}
