import { beforeAll, describe, expect, it } from 'vitest';

/** What an older version saved: layouts with markings from before the UN scheme. */
const OLD_LAYOUT = { paper: 'A4', orientation: 'landscape', dpi: 300, format: 'pdf', grid: 'mgrs', title: 'Weekly', subtitle: '', markingColor: '', sources: '' };
const saved = {
  state: {
    last: { ...OLD_LAYOUT, marking: 'UN RESTRICTED' },
    presets: [
      { name: 'Secret brief', layout: { ...OLD_LAYOUT, marking: 'UN SECRET' } },
      { name: 'Exercise', layout: { ...OLD_LAYOUT, marking: 'EXERCISE ONLY' } },
      { name: 'Broken', layout: { ...OLD_LAYOUT, paper: 'Napkin', marking: 'UN CONFIDENTIAL' } },
    ],
  },
  version: 1,
};

describe('saved map export layouts', () => {
  beforeAll(() => {
    const items = new Map<string, string>([['common-ground:export-presets', JSON.stringify(saved)]]);
    const storage = { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
    Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true });
  });

  it('read old markings as the UN scheme’s levels, never lower, and keep typed text', async () => {
    const { useExportPresets } = await import('../../../renderer/state/export-presets');
    const s = useExportPresets.getState();
    expect(s.last?.marking).toBe('CONFIDENTIAL');
    expect(s.presets.map((p) => [p.name, p.layout.marking])).toEqual([
      ['Secret brief', 'STRICTLY CONFIDENTIAL'],
      ['Exercise', 'EXERCISE ONLY'],
    ]);
  });
});
