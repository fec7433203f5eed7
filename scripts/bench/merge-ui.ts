/**
 * The merge benchmark through the app (`npm run bench -- --merge`): a layer of N features opened
 * from one package, then a second package of the same N features, 1 % changed by the sender and
 * 0.1 % of those changed on our side too (so in conflict), opened through the Import… dialog in
 * headless Chromium. Timed in the page, from the file chosen to the preview's counts shown, and
 * from the Import click to the dialog closing on the stored commit; long tasks on the page's
 * thread are recorded with PerformanceObserver (scripts/bench/probe.ts) over both. Beside it,
 * in this same run and on the same features, shared/sync's mergeIncoming alone and a naive
 * per-feature Array.find lookup (quadratic: run on a sample and extrapolated, as said).
 * Timings are printed, never asserted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { CgFeature } from '../../shared/domain/feature';
import { UN_SCHEME, type Marking } from '../../shared/domain/marking';
import type { SharingDirectory } from '../../shared/domain/sharing-directory';
import { buildPackage, type PackageFeature } from '../../shared/package';
import { mergeIncoming, type IncomingFeature } from '../../shared/sync';
import { chooseFile, mapIdle, openSession, waitForApp } from '../../tests/e2e/harness';
import type { BenchProbe, LongTask } from './probe';
import { prng } from './prng';

const LONG_TASK_LIMIT_MS = 100;
const SAMPLE = 2_000;
const TIMEOUT_MS = 180_000;
const MARKING: Marking = { classification: 'UNCLASSIFIED', caveats: [], originator: 'joc', releasableTo: ['ocha'] };
const DIRECTORY: SharingDirectory = {
  organisations: [
    { id: 'joc', name: 'Joint Operations Centre', clearance: 'STRICTLY CONFIDENTIAL' },
    { id: 'ocha', name: 'OCHA', clearance: 'UNCLASSIFIED' },
  ],
  groups: [],
};

/** First package: what we hold. Second: 1 % changed by them, the 0.1 % among them we changed too. */
function features(n: number): { first: PackageFeature[]; second: PackageFeature[] } {
  const rand = prng(12);
  const first: PackageFeature[] = [];
  const second: PackageFeature[] = [];
  for (let i = 0; i < n; i++) {
    const coordinates: [number, number] = [15.5 + rand() * 9, 3 + rand() * 9];
    const props = { name: `Incident ${i}`, org: 'joc', eventDate: '2026-11-21', eventType: 'Battles', fatalities: i % 7, verification: 'unverified', updatedBy: 'JOC', updatedAt: '2026-11-01T00:00:00Z' };
    const ours: CgFeature = { type: 'Feature', id: `inc-${i}`, geometry: { type: 'Point', coordinates }, properties: { ...props, version: i % 1000 === 0 ? 2 : 1 } };
    const theirs: CgFeature = { type: 'Feature', id: `inc-${i}`, geometry: { type: 'Point', coordinates: [...coordinates] }, properties: { ...props, version: 1 } };
    if (i % 100 === 0) theirs.properties = { ...theirs.properties, fatalities: 99, version: 2, updatedAt: '2026-11-02T00:00:00Z' };
    first.push({ feature: ours });
    second.push({ feature: theirs, baseVersion: 1 });
  }
  return { first, second };
}

async function packageOf(list: PackageFeature[], packageId: string): Promise<Uint8Array> {
  const built = await buildPackage({
    layers: [{ layer: { id: 'bench-incidents', name: 'Bench incidents', kind: 'incident', marking: MARKING }, features: list }],
    sender: { org: 'joc', person: 'Bench' },
    recipient: 'ocha',
    directory: DIRECTORY,
    scheme: UN_SCHEME,
    packageId,
  });
  return built.bytes;
}

function naive(ours: readonly CgFeature[], incoming: readonly IncomingFeature[]): number {
  let changed = 0;
  for (const inc of incoming) {
    const mine = ours.find((f) => f.id === inc.feature.id);
    if (!mine || mine.properties.version === inc.baseVersion) changed++;
  }
  return changed;
}

interface UiRun {
  previewMs: number;
  commitMs: number;
  counts: Record<string, string>;
  /** The import worker's marks (renderer/workers/package-open.ts), in ms after the file was chosen. */
  stages: Record<string, number>;
  longTasks: LongTask[];
}

const probeOf = (page: Page): Promise<BenchProbe['longTasks'] extends () => infer R ? R : never> =>
  page.evaluate(() => (window as unknown as { __bench: BenchProbe }).__bench.longTasks());

/** Opens a package through the dialog; returns its timings once the dialog has closed on the commit. */
async function openPackage(page: Page, file: string, name: string, expectConflicts: boolean): Promise<UiRun> {
  const before = await page.evaluate(() => performance.now());
  await chooseFile(page, file);
  const dialog = page.getByRole('dialog', { name: `Open package ${name}` });
  // Resolved in the page on the frame the counts appear: no round trip in the time.
  const shownAt = (await (
    await page.waitForFunction(
      (conflicts) => {
        const cell = document.querySelector('[data-testid="package-conflict"]');
        return cell && (!conflicts || cell.textContent !== '0') ? performance.now() : false;
      },
      expectConflicts,
      { polling: 'raf', timeout: TIMEOUT_MS },
    )
  ).jsonValue()) as number;
  const chosenAt = await page.evaluate((after) => performance.getEntriesByName('bench:file-chosen', 'mark').filter((m) => m.startTime >= after).at(-1)?.startTime ?? after, before);
  const counts: Record<string, string> = {};
  for (const c of ['added', 'updated', 'unchanged', 'conflict', 'withdrawn', 'refused']) counts[c] = (await dialog.getByTestId(`package-${c}`).first().textContent()) ?? '';
  await dialog.getByLabel(/I understand that nothing proves/).check();
  const button = await dialog.getByRole('button', { name: 'Import', exact: true }).elementHandle();
  if (!button) throw new Error('no Import button');
  const clickedAt = await button.evaluate((b) => {
    const at = performance.now();
    (b as HTMLButtonElement).click();
    return at;
  });
  const closedAt = (await (
    await page.waitForFunction(() => (document.querySelector('[data-testid="package-conflict"]') ? false : performance.now()), undefined, { polling: 'raf', timeout: TIMEOUT_MS })
  ).jsonValue()) as number;
  const pageOrigin = await page.evaluate(() => performance.timeOrigin);
  const stages: Record<string, number> = {};
  for (const w of page.workers()) {
    const marks = await w.evaluate(() => performance.getEntriesByType('mark').filter((m) => m.name.startsWith('cg:pkg:')).map((m) => ({ name: m.name, at: performance.timeOrigin + m.startTime })));
    // Worker clocks have their own origin: both sides are put on the epoch, then on the file chosen.
    for (const m of marks) if (m.at >= pageOrigin + chosenAt) stages[m.name.slice('cg:pkg:'.length)] = m.at - pageOrigin - chosenAt;
  }
  const tasks = (await probeOf(page)).filter((t) => t.start + t.duration > chosenAt && t.start < closedAt);
  return { previewMs: shownAt - chosenAt, commitMs: closedAt - clickedAt, counts, stages, longTasks: tasks.map((t) => ({ start: t.start - chosenAt, duration: t.duration })) };
}

const ms = (n: number): string => `${Math.round(n).toLocaleString('en')} ms`;

/** The import worker's marks for opening a package, in order. */
const STAGES: [string, string][] = [
  ['open', 'bytes in the worker'],
  ['read', 'package read and checked'],
  ['held', 'our layer parsed'],
  ['planned', 'merge planned'],
];

export async function runMergeUiBench(baseUrl: string, probeJs: string, count = 100_000, runCount = 3): Promise<void> {
  const { first, second } = features(count);
  const dir = mkdtempSync(join(tmpdir(), 'cg-merge-bench-'));
  const held = join(dir, 'bench-held.cgpkg');
  const update = join(dir, 'bench-update.cgpkg');
  writeFileSync(held, await packageOf(first, 'bench-held'));
  writeFileSync(update, await packageOf(second, 'bench-update'));

  // The engine and the naive lookup, in node, on the features the recipient holds after the first package.
  const ours = first.map((f) => f.feature);
  const incoming: IncomingFeature[] = second.map((f) => ({ feature: f.feature, baseVersion: f.baseVersion as number }));
  mergeIncoming(ours.slice(0, 1000), incoming.slice(0, 1000), { match: { by: 'id' } });
  const t0 = performance.now();
  const plan = mergeIncoming(ours, incoming, { match: { by: 'id' } });
  const engineMs = performance.now() - t0;
  const sample = incoming.filter((_, i) => i % Math.max(1, Math.floor(count / SAMPLE)) === 0);
  const t1 = performance.now();
  naive(ours, sample);
  const naiveMs = ((performance.now() - t1) * incoming.length) / sample.length;

  const runs: UiRun[] = [];
  const errors: string[] = [];
  for (let r = 0; r < runCount; r++) {
    // A fresh profile each run: the held layer is opened again (setup, not timed), then the update.
    const s = await openSession(baseUrl);
    try {
      await s.context.addInitScript({ content: probeJs });
      await s.page.goto(`${baseUrl}?e2e`);
      await waitForApp(s.page);
      console.log(`run ${r + 1}/${runCount}: opening the first package (${count.toLocaleString('en')} features, setup, not timed), then the update …`);
      await openPackage(s.page, held, 'bench-held.cgpkg', false);
      // The first layer drawn and settled, so its loading is not counted against the update.
      await mapIdle(s.page);
      await s.page.waitForTimeout(2000);
      runs.push(await openPackage(s.page, update, 'bench-update.cgpkg', true));
      errors.push(...s.errors);
    } finally {
      await s.close();
    }
  }
  rmSync(dir, { recursive: true, force: true });

  const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? NaN;
  const previewMs = median(runs.map((r) => r.previewMs));
  const commitMs = median(runs.map((r) => r.commitMs));
  const tasks = runs.flatMap((r) => r.longTasks);
  const over = tasks.filter((t) => t.duration > LONG_TASK_LIMIT_MS);
  const max = Math.max(0, ...tasks.map((t) => t.duration));
  const each = (f: (r: UiRun) => number): string => runs.map((r) => Math.round(f(r)).toLocaleString('en')).join(' / ');
  console.log(`\nmerge: ${count.toLocaleString('en')} incoming into ${count.toLocaleString('en')}; engine counts ${JSON.stringify(plan.counts)}; preview showed ${JSON.stringify(runs[0]?.counts)}`);
  console.log(`  | step | median of ${runs.length} (runs) | ratio |`);
  console.log(`  |---|---|---|`);
  console.log(`  | file chosen → preview shown (app, worker) | ${ms(previewMs)} (${each((r) => r.previewMs)}) | ${(previewMs / engineMs).toFixed(1)}× the engine |`);
  console.log(`  | Import clicked → committed (app) | ${ms(commitMs)} (${each((r) => r.commitMs)}) | ${(commitMs / engineMs).toFixed(1)}× the engine |`);
  console.log(`  | mergeIncoming alone (node) | ${ms(engineMs)} | 1× |`);
  console.log(`  | naive Array.find lookup (node, extrapolated from ${sample.length.toLocaleString('en')}) | ${ms(naiveMs)} | ${(naiveMs / engineMs).toFixed(1)}× the engine, ${(naiveMs / previewMs).toFixed(1)}× the app's preview |`);
  console.log(`  import worker, ms after the file was chosen (per run): ${STAGES.map(([k, label]) => `${label} ${each((r) => r.stages[k] ?? NaN)}`).join('; ')}`);
  console.log(`  main-thread long tasks from file chosen to committed, all runs: ${tasks.length}, longest ${ms(max)}, over ${LONG_TASK_LIMIT_MS} ms: ${over.length}`);
  for (const t of over) console.log(`    at +${ms(t.start)}: ${ms(t.duration)}`);
  if (errors.length) console.log(`  page errors: ${errors.join('; ')}`);
}
