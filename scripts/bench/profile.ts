/**
 * CPU profiles of the page and of every dedicated worker (import, store, tiles …) over one stretch
 * of an import, through the Chrome DevTools Protocol: `--profile` of scripts/bench.ts. A trace
 * (`--trace`) shows the main thread's tasks; it does not say which function of which worker the
 * commit spends its time in, which is what this is for. Workers are reached with
 * Target.setAutoAttach on the page's CDP session and driven through Target.sendMessageToTarget,
 * as Playwright's CDPSession cannot address a child session itself.
 *
 * Build without minifying for readable names: `npx vite build --minify false`.
 */
import type { CDPSession, Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

export interface ThreadProfile {
  thread: string;
  /** Sampled ms with this thread busy (idle and program samples left out). */
  busyMs: number;
  self: { fn: string; ms: number }[];
  inclusive: { fn: string; ms: number }[];
}

interface Child {
  sessionId: string;
  name: string;
}

export interface Profiling {
  stop(): Promise<ThreadProfile[]>;
}

const TOP = 25;

/** Start sampling the page and its workers (1 ms interval); `stop` returns a summary per thread. */
export async function startProfiling(page: Page): Promise<Profiling> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const children: Child[] = [];
  let next = 1;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  cdp.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
    const m = JSON.parse(e.message) as { id?: number; result?: unknown; error?: { message: string } };
    if (m.id === undefined) return;
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.error) w.reject(new Error(m.error.message));
    else w.resolve(m.result);
  });
  let sampling = false;
  const pending: Promise<void>[] = [];
  const attached = new Promise<void>((resolve) => {
    cdp.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { type: string; title: string; url: string } }) => {
      if (e.targetInfo.type !== 'worker') return;
      const name = e.targetInfo.title || e.targetInfo.url.split('/').pop() || 'worker';
      const child = { sessionId: e.sessionId, name };
      children.push(child);
      // A worker started after sampling began (the import worker, at the file's arrival) is sampled from then on.
      if (sampling) pending.push(start(child));
      resolve();
    });
  });
  const send = (sessionId: string, method: string, params: object = {}): Promise<unknown> => {
    const id = next++;
    const done = new Promise<unknown>((resolve, reject) => waiting.set(id, { resolve, reject }));
    void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    return done;
  };
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  await Promise.race([attached, new Promise((r) => setTimeout(r, 1000))]);
  await new Promise((r) => setTimeout(r, 200));
  async function start(s: Child | null): Promise<void> {
    if (!s) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
      await cdp.send('Profiler.start');
      return;
    }
    await send(s.sessionId, 'Profiler.enable');
    await send(s.sessionId, 'Profiler.setSamplingInterval', { interval: 1000 });
    await send(s.sessionId, 'Profiler.start');
  }
  sampling = true;
  await Promise.all([start(null), ...children.map(start)]);
  return {
    async stop() {
      await Promise.allSettled(pending);
      const out: ThreadProfile[] = [];
      const main = (await cdp.send('Profiler.stop')) as { profile: CpuProfile };
      out.push(summarise('page (main thread)', main.profile));
      for (const c of children) {
        try {
          const r = (await send(c.sessionId, 'Profiler.stop')) as { profile: CpuProfile };
          out.push(summarise(`worker ${c.name}`, r.profile));
        } catch (error) {
          out.push({ thread: `worker ${c.name} (${(error as Error).message})`, busyMs: 0, self: [], inclusive: [] });
        }
      }
      await cdp.detach();
      return out;
    },
  };
}

function keyOf(n: ProfileNode): string {
  const f = n.callFrame;
  const file = f.url.split('/').pop() ?? '';
  return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
}

function summarise(thread: string, p: CpuProfile): ThreadProfile {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  let busy = 0;
  for (let i = 0; i < samples.length; i++) {
    // A sample's time is the gap to the next one.
    const ms = (deltas[i + 1] ?? 0) / 1000;
    const sample = samples[i];
    const node = sample === undefined ? undefined : byId.get(sample);
    if (!node) continue;
    const name = node.callFrame.functionName;
    if (name === '(idle)' || name === '(program)' || name === '(root)') continue;
    busy += ms;
    const k = keyOf(node);
    self.set(k, (self.get(k) ?? 0) + ms);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const n = byId.get(id);
      if (!n || n.callFrame.functionName === '(root)') continue;
      const key = keyOf(n);
      if (seen.has(key)) continue;
      seen.add(key);
      incl.set(key, (incl.get(key) ?? 0) + ms);
    }
  }
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([fn, ms]) => ({ fn, ms: Math.round(ms) }));
  return { thread, busyMs: Math.round(busy), self: top(self), inclusive: top(incl) };
}

export function profileReport(threads: ThreadProfile[]): string {
  const lines: string[] = [];
  for (const t of threads) {
    if (t.busyMs < 20) continue;
    lines.push(`\n== ${t.thread}: ${t.busyMs} ms busy`);
    lines.push('  self ms   function');
    for (const r of t.self) lines.push(`  ${String(r.ms).padStart(7)}   ${r.fn}`);
    lines.push('  incl ms   function');
    for (const r of t.inclusive) lines.push(`  ${String(r.ms).padStart(7)}   ${r.fn}`);
  }
  return lines.join('\n');
}
