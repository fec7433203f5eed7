import { Profiler, type ProfilerOnRenderCallback, type ReactNode } from 'react';

/**
 * React commits per profiled part of the tree, counted only in an end-to-end run (`?e2e`) so the
 * tests can check that a cursor move re-renders the readout and nothing else. The build uses
 * React's profiling entry (vite.config.ts); without a mounted Profiler it times nothing.
 */
const counts = new Map<string, number>();
const enabled = typeof location !== 'undefined' && new URLSearchParams(location.search).has('e2e');

const onRender: ProfilerOnRenderCallback = (id) => {
  counts.set(id, (counts.get(id) ?? 0) + 1);
};

export function Profiled({ id, children }: { id: string; children: ReactNode }) {
  if (!enabled) return <>{children}</>;
  return (
    <Profiler id={id} onRender={onRender}>
      {children}
    </Profiler>
  );
}

export function renderCounts(): Record<string, number> {
  return Object.fromEntries(counts);
}

export function resetRenderCounts(): void {
  counts.clear();
}
