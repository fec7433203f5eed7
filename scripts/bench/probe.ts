/**
 * Page side of the import benchmark, installed before the app's own scripts (addInitScript):
 * records long tasks from the start, marks the moment a file is chosen, and offers
 * `window.__bench.waitVisible()`, which resolves once an import is stored, handed to the map,
 * drawn (map idle) and its features are queryable on screen.
 *
 * Bundled by esbuild at bench time; it reads the app only through its ?e2e test hook and the
 * performance marks that renderer/app/workspace.ts and renderer/map/map-controller.ts set.
 */

export interface LongTask {
  start: number;
  duration: number;
}

export interface MarkEntry {
  name: string;
  start: number;
}

export interface Visible {
  layerId: string;
  featureCount: number;
  /** Features MapLibre reports as drawn in the viewport. */
  rendered: number;
  /** performance.now() when the map went idle with the data drawn. */
  idleAt: number;
  /** How long queryRenderedFeatures took (after idleAt, not part of the import). */
  queryMs: number;
}

export interface StoredCounts {
  layers: number;
  chunks: number;
  changes: number;
}

export interface BenchProbe {
  longTasks(): LongTask[];
  /** Records in the app's database, read with the raw IndexedDB API (for diagnosing a hang). */
  storedCounts(): Promise<StoredCounts | string>;
  marks(): MarkEntry[];
  waitVisible(timeoutMs: number): Promise<Visible>;
}

interface CgHook {
  whenIdle(): Promise<void>;
  renderedFeatures(layerId: string): unknown[];
  layers(): { id: string; name: string; featureCount: number }[];
}

const longTasks: LongTask[] = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch (error) {
  console.warn('bench: long tasks cannot be observed here', error);
}

window.addEventListener(
  'change',
  (e) => {
    if (e.target instanceof HTMLInputElement && e.target.type === 'file') performance.mark('bench:file-chosen');
  },
  true,
);

function lastMark(name: string): number | null {
  const entries = performance.getEntriesByName(name, 'mark');
  const last = entries[entries.length - 1];
  return last ? last.startTime : null;
}

/** The map was given data after the commit stored it. */
function dataHandedToMap(): boolean {
  const stored = lastMark('cg:commit:stored');
  const set = lastMark('cg:map:data-set');
  return stored !== null && set !== null && set >= stored;
}

/** Resolves when `test` holds, checked now and after every new performance mark. */
function untilMarked(test: () => boolean, timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (test()) return resolve();
    const observer = new PerformanceObserver(() => {
      if (!test()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error(`bench: no map data after the commit within ${timeoutMs} ms`));
    }, timeoutMs);
    observer.observe({ type: 'mark' });
  });
}

async function waitVisible(timeoutMs: number): Promise<Visible> {
  const deadline = performance.now() + timeoutMs;
  await untilMarked(dataHandedToMap, timeoutMs);
  const hook = (window as unknown as { __cg: CgHook }).__cg;
  const layer = hook.layers().at(-1);
  if (!layer) throw new Error('bench: no layer after the import');
  while (performance.now() < deadline) {
    await hook.whenIdle();
    const idleAt = performance.now();
    performance.mark('bench:idle');
    // Query in a task of its own, so its cost (seconds for 171k points) is not counted as
    // part of the import's last long task.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const queryStart = performance.now();
    const rendered = hook.renderedFeatures(layer.id).length;
    const queryMs = performance.now() - queryStart;
    if (rendered > 0) return { layerId: layer.id, featureCount: layer.featureCount, rendered, idleAt, queryMs };
  }
  throw new Error(`bench: the imported layer was not drawn within ${timeoutMs} ms`);
}

function storedCounts(): Promise<StoredCounts | string> {
  return new Promise((resolve) => {
    setTimeout(() => resolve('no answer within 5 s: a read-write transaction still holds the database'), 5000);
    const req = indexedDB.open('common-ground');
    req.onerror = () => resolve(`cannot open: ${String(req.error)}`);
    req.onsuccess = () => {
      const db = req.result;
      const names = ['layers', 'chunks', 'changes'].filter((n) => db.objectStoreNames.contains(n));
      const tx = db.transaction(names, 'readonly');
      const out: StoredCounts = { layers: 0, chunks: 0, changes: 0 };
      let done = 0;
      for (const name of names) {
        const count = tx.objectStore(name).count();
        count.onsuccess = () => {
          out[name as keyof StoredCounts] = count.result;
          if (++done === names.length) {
            db.close();
            resolve(out);
          }
        };
      }
    };
  });
}

const probe: BenchProbe = {
  longTasks: () => longTasks.slice(),
  storedCounts,
  marks: () => performance.getEntriesByType('mark').map((m) => ({ name: m.name, start: m.startTime })),
  waitVisible,
};
Object.defineProperty(window, '__bench', { value: probe, configurable: true });
