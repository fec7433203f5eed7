import { describe, expect, it } from 'vitest';
import { CoalescedRefresh, type RefreshAsk } from '../../../renderer/app/coalesced-refresh';
import type { ApplySummary } from '../../../renderer/workers/store.worker';

const change = (changed: string[], deleted: string[] = [], conflictsChanged = false): ApplySummary => ({
  summary: { key: 'edit', params: {} },
  changedLayerIds: changed,
  deletedLayerIds: deleted,
  conflictsChanged,
});

/** A refresh that waits until released, recording what each run was asked. */
function gatedRun(): { runs: { changed: string[]; deleted: string[]; conflicts: boolean }[]; release: () => void; run: (a: RefreshAsk) => Promise<void> } {
  const runs: { changed: string[]; deleted: string[]; conflicts: boolean }[] = [];
  let open: (() => void)[] = [];
  return {
    runs,
    release: () => {
      const waiting = open;
      open = [];
      for (const r of waiting) r();
    },
    run: (a) => {
      runs.push({ changed: [...a.changedLayerIds].sort(), deleted: [...a.deletedLayerIds].sort(), conflicts: a.reloadConflicts });
      return new Promise<void>((resolve) => open.push(resolve));
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('CoalescedRefresh', () => {
  it('merges the changes that arrive while a refresh runs into one next refresh, and settles every caller', async () => {
    const g = gatedRun();
    const q = new CoalescedRefresh(g.run);
    const settled: number[] = [];
    const first = q.request(change(['a'])).then(() => settled.push(1));
    const more = Array.from({ length: 50 }, (_, i) => q.request(change([i % 2 ? 'b' : 'c'])).then(() => settled.push(i + 2)));
    await tick();
    expect(g.runs).toEqual([{ changed: ['a'], deleted: [], conflicts: false }]);
    g.release();
    await first;
    await tick();
    expect(g.runs).toHaveLength(2);
    expect(g.runs[1]).toEqual({ changed: ['b', 'c'], deleted: [], conflicts: false });
    expect(settled).toEqual([1]);
    g.release();
    await Promise.all(more);
    expect(settled).toHaveLength(51);
    expect(g.runs).toHaveLength(2);
  });

  it('keeps the last word on a layer deleted and made again, and asks for conflicts when any change or a full refresh did', async () => {
    const g = gatedRun();
    const q = new CoalescedRefresh(g.run);
    void q.request(change(['x']));
    await tick();
    void q.request(change([], ['L']));
    void q.request(change(['L', 'M']));
    void q.request(change([], ['M'], true));
    void q.request(null);
    g.release();
    await tick();
    expect(g.runs[1]).toEqual({ changed: ['L'], deleted: ['M'], conflicts: true });
    g.release();
  });

  it('rejects the callers of a refresh that failed, and runs the next one', async () => {
    let fail = true;
    const asked: string[][] = [];
    const q = new CoalescedRefresh(async (a) => {
      asked.push([...a.changedLayerIds]);
      if (fail) throw new Error('store gone');
    });
    await expect(q.request(change(['a']))).rejects.toThrow('store gone');
    fail = false;
    await expect(q.request(change(['b']))).resolves.toBeUndefined();
    expect(asked).toEqual([['a'], ['b']]);
  });
});
