/**
 * Map export benchmark (`npm run bench -- --export [--runs N]`): an A3 landscape, 300 dpi
 * briefing PDF of a layer of 100,000 incidents, exported through the app's dialog as a user does
 * (the time is from the click on "Export PDF" to the file arriving as a download), beside a
 * baseline measured in the same page and run: a bare MapLibre map off screen at the same canvas
 * size and pixel ratio with the same basemap and points, JPEG-encoded and embedded with pdf-lib
 * (scripts/bench/export-page.ts). Runs alternate app / baseline so both see the same machine load.
 * The goals (< 5 s, < 15 MB) are printed beside the numbers, never asserted.
 * Results go to bench-results/export-<date>.json.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';
import { pageGeometry } from '../../shared/export/layout';
import { CSS_PX_PER_INCH, POINTS_PER_INCH } from '../../shared/export/paper';
import { mapIdle, openSession, waitForApp, type Session } from '../../tests/e2e/harness';
import { EXPORT_INCIDENTS, exportIncidents, paddedExtent } from './export-data';
import type { ExportBaselineRequest, ExportBaselineResult } from './export-page';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RESULTS = join(ROOT, 'bench-results');
const GOALS = { ms: 5000, bytes: 15 * 1024 * 1024 };
const DPI = 300;
/** renderer/app/map-export.ts MAP_JPEG_QUALITY (not imported: that module needs the DOM). */
const JPEG_QUALITY = 0.88;
const LAYER = 'bench-incidents-100k';

interface AppRun {
  ms: number;
  bytes: number;
  /** In-page stages from the app's performance marks, ms. */
  mapDrawnMs: number;
  /** Parts of mapDrawnMs: style and sources loaded; tiles built and draw calls issued; the GPU done. */
  mapLoadedMs: number;
  mapIdleMs: number;
  gpuMs: number;
  mapEncodedMs: number;
  pdfMs: number;
  pageSize: string;
}

type Hook = { layers(): { name: string; featureCount: number }[] };

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const fmt = (ms: number): string => Math.round(ms).toLocaleString('en-GB');
const mb = (b: number): string => (b / 1024 / 1024).toFixed(2);

async function importLayer(s: Session, file: string): Promise<void> {
  const chooser = s.page.waitForEvent('filechooser');
  await s.page.getByRole('button', { name: 'Import…' }).first().click();
  await (await chooser).setFiles(file);
  const button = s.page.getByRole('dialog').getByRole('button', { name: /^Import [\d,.\s\u202f]+ features?$/ });
  await button.waitFor({ timeout: 180_000 });
  while (!(await button.isEnabled())) await new Promise((r) => setTimeout(r, 50));
  await button.click();
  await s.page.waitForFunction((n) => (window as unknown as { __cg: Hook }).__cg.layers().some((l) => l.featureCount === n), EXPORT_INCIDENTS, { timeout: 180_000 });
  await mapIdle(s.page);
}

async function exportOnce(s: Session, dir: string, i: number, first: boolean): Promise<AppRun> {
  await s.page.getByRole('button', { name: 'Export map…' }).click();
  const d = s.page.getByRole('dialog', { name: 'Export map' });
  await d.waitFor();
  if (first) {
    await d.getByLabel('Paper').selectOption('A3');
    await d.getByLabel('Orientation').selectOption('landscape');
    await d.getByLabel('Resolution').selectOption(String(DPI));
    await d.getByLabel('Format').selectOption('pdf');
    await d.getByLabel('Grid ticks on the frame').selectOption('mgrs');
    await d.getByLabel('Title', { exact: true }).fill('Incidents, Central African Republic, November');
    await d.getByLabel('Date-time group').fill('301200Z NOV 26');
    await d.getByLabel('Classification').selectOption('CONFIDENTIAL');
  }
  await d.getByLabel('Map extent').selectOption({ label: `Fit layer: ${LAYER}` });
  // The preview draws first; the export is timed alone.
  await d.locator('[data-testid="export-preview"][data-state="ready"]').waitFor({ timeout: 180_000 });
  await s.page.evaluate(() => performance.clearMarks());
  const download = s.page.waitForEvent('download', { timeout: 300_000 });
  const t0 = performance.now();
  await d.getByRole('button', { name: 'Export PDF' }).click();
  const file = await download;
  const path = join(dir, `app-${i}.pdf`);
  await file.saveAs(path);
  const ms = performance.now() - t0;
  await d.waitFor({ state: 'hidden' });
  const marks = await s.page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('cg:export:')).map((m) => [m.name, m.startTime])));
  const at = (name: string): number => marks[name] ?? Number.NaN;
  const start = at('cg:export:start');
  const pageSize = /Page size:\s*(.*)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))?.[1] ?? '?';
  return {
    ms,
    bytes: statSync(path).size,
    mapDrawnMs: at('cg:export:map-drawn') - start,
    mapLoadedMs: at('cg:export:map-loaded') - start,
    mapIdleMs: at('cg:export:map-idle') - at('cg:export:map-loaded'),
    gpuMs: at('cg:export:map-drawn') - at('cg:export:map-idle'),
    mapEncodedMs: at('cg:export:map-encoded') - at('cg:export:map-drawn'),
    pdfMs: at('cg:export:end') - at('cg:export:map-encoded'),
    pageSize,
  };
}

export async function runExportBench(baselineJs: string, runs: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cg-export-bench-'));
  const started = new Date();
  const loadAtStart = loadavg().map((n) => n.toFixed(2)).join(' ');
  const fc = exportIncidents();
  const dataPath = join(dir, `${LAYER}.geojson`);
  writeFileSync(dataPath, JSON.stringify(fc));
  const bounds = paddedExtent(fc);
  const worker = readdirSync(join(ROOT, 'dist/assets')).find((f) => /^maplibre-gl-worker-.*\.mjs$/.test(f));
  if (!worker) throw new Error('dist/assets has no maplibre-gl-worker-*.mjs: run `npm run bench` (it builds first)');

  const server = await preview({ configFile: join(ROOT, 'vite.config.ts'), preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false }, logLevel: 'warn' });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no port');
  const baseUrl = `http://127.0.0.1:${address.port}/`;
  const origin = new URL(baseUrl).origin;
  const s = await openSession(baseUrl);
  try {
    await s.page.route(`${origin}/__bench/incidents.geojson`, (route) => route.fulfill({ path: dataPath, contentType: 'application/geo+json' }));
    await s.page.route(`${origin}/__bench/export-baseline.js`, (route) => route.fulfill({ body: baselineJs, contentType: 'text/javascript' }));
    s.page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') console.log(`  page ${m.type()}: ${m.text().slice(0, 300)}`);
    });
    await s.page.goto(`${baseUrl}?e2e`);
    await waitForApp(s.page);
    await mapIdle(s.page);
    console.log(`importing ${EXPORT_INCIDENTS.toLocaleString('en-GB')} incidents through the UI …`);
    await importLayer(s, dataPath);
    await s.page.addScriptTag({ url: `${origin}/__bench/export-baseline.js` });

    const g = pageGeometry('A3', 'landscape');
    const req: ExportBaselineRequest = {
      dataUrl: `${origin}/__bench/incidents.geojson`,
      workerUrl: `${origin}/assets/${worker}`,
      widthCss: Math.round((g.frame.width / POINTS_PER_INCH) * CSS_PX_PER_INCH),
      heightCss: Math.round((g.frame.height / POINTS_PER_INCH) * CSS_PX_PER_INCH),
      pixelRatio: DPI / CSS_PX_PER_INCH,
      bounds,
      pageWidthPt: g.page.width,
      pageHeightPt: g.page.height,
      jpegQuality: JPEG_QUALITY,
    };
    const app: AppRun[] = [];
    const base: ExportBaselineResult[] = [];
    for (let i = 0; i < runs; i++) {
      console.log(`run ${i + 1}/${runs}: app export (A3 landscape, ${DPI} dpi PDF) …`);
      app.push(await exportOnce(s, dir, i, i === 0));
      console.log(`  ${fmt(app.at(-1)!.ms)} ms, ${mb(app.at(-1)!.bytes)} MB`);
      console.log(`run ${i + 1}/${runs}: baseline (bare MapLibre off screen + pdf-lib) …`);
      base.push(await s.page.evaluate((r) => (window as unknown as { __benchExport: { run(r: ExportBaselineRequest): Promise<ExportBaselineResult> } }).__benchExport.run(r), req));
      console.log(`  ${fmt(base.at(-1)!.totalMs)} ms, ${mb(base.at(-1)!.pdfBytes)} MB`);
    }

    const appMs = median(app.map((r) => r.ms));
    const baseMs = median(base.map((r) => r.totalMs));
    const appBytes = median(app.map((r) => r.bytes));
    const rows: string[][] = [
      ['', 'ms (median)', 'runs', 'MB', '/ baseline', 'goal'],
      ['app: click → PDF downloaded', fmt(appMs), app.map((r) => fmt(r.ms)).join(' / '), mb(appBytes), `${(appMs / baseMs).toFixed(2)}×`, `< ${GOALS.ms} ms, < ${mb(GOALS.bytes)} MB`],
      ['    map drawn off screen', fmt(median(app.map((r) => r.mapDrawnMs))), app.map((r) => fmt(r.mapDrawnMs)).join(' / '), '', '', ''],
      ['      style and sources loaded', fmt(median(app.map((r) => r.mapLoadedMs))), app.map((r) => fmt(r.mapLoadedMs)).join(' / '), '', '', ''],
      ['      tiles built, frame drawn (idle)', fmt(median(app.map((r) => r.mapIdleMs))), app.map((r) => fmt(r.mapIdleMs)).join(' / '), '', '', ''],
      ['      GPU finished', fmt(median(app.map((r) => r.gpuMs))), app.map((r) => fmt(r.gpuMs)).join(' / '), '', '', ''],
      ['    map JPEG encoded', fmt(median(app.map((r) => r.mapEncodedMs))), app.map((r) => fmt(r.mapEncodedMs)).join(' / '), '', '', ''],
      ['    page laid out + PDF written', fmt(median(app.map((r) => r.pdfMs))), app.map((r) => fmt(r.pdfMs)).join(' / '), '', '', ''],
      ['baseline: bare MapLibre + pdf-lib', fmt(baseMs), base.map((r) => fmt(r.totalMs)).join(' / '), mb(median(base.map((r) => r.pdfBytes))), '1.00×', ''],
      ['    map drawn off screen', fmt(median(base.map((r) => r.drawMs))), base.map((r) => fmt(r.drawMs)).join(' / '), '', '', ''],
      ['    map JPEG encoded', fmt(median(base.map((r) => r.encodeMs))), base.map((r) => fmt(r.encodeMs)).join(' / '), '', '', ''],
      ['    PDF written', fmt(median(base.map((r) => r.pdfMs))), base.map((r) => fmt(r.pdfMs)).join(' / '), '', '', ''],
    ];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
    const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    const base0 = base[0]!;
    console.log(
      [
        `\nMap export: ${EXPORT_INCIDENTS.toLocaleString('en-GB')} incidents, A3 landscape ${DPI} dpi PDF; map image ${base0.widthPx} × ${base0.heightPx} px; page ${app[0]!.pageSize}`,
        line(rows[0]!),
        widths.map((w) => '-'.repeat(w)).join('  '),
        ...rows.slice(1).map(line),
        `goals: time ${appMs < GOALS.ms ? 'met' : 'NOT met'}, size ${appBytes < GOALS.bytes ? 'met' : 'NOT met'}; ${cpus().length} CPUs, load at start ${loadAtStart}`,
      ].join('\n'),
    );
    if (s.external.length) console.log(`external requests (refused): ${s.external.join(', ')}`);
    mkdirSync(RESULTS, { recursive: true });
    const out = join(RESULTS, `export-${started.toISOString().slice(0, 19).replace(/:/g, '-')}.json`);
    // The first exported PDF is kept beside the numbers, to look at.
    copyFileSync(join(dir, 'app-0.pdf'), out.replace(/\.json$/, '.pdf'));
    writeFileSync(out, JSON.stringify({ started, cpus: cpus().length, loadAtStart, incidents: EXPORT_INCIDENTS, dpi: DPI, app, baseline: base, ratio: appMs / baseMs, errors: s.errors }, null, 2));
    console.log(`results: ${out} (and the first PDF beside it)`);
  } finally {
    await s.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
