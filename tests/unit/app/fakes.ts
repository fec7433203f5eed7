import { vi } from 'vitest';
import type { Author } from '../../../shared/domain/feature';
import { noticeText, type NoticeText } from '../../../renderer/state/ui-store';

/** A localStorage for the renderer's persisted stores under node: a plain map. */
export function installMemoryStorage(): void {
  const data = new Map<string, string>();
  const storage: Storage = {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => void data.delete(k),
    setItem: (k, v) => void data.set(k, String(v)),
  };
  Object.defineProperty(globalThis, 'localStorage', { configurable: true, value: storage });
}

/** i18next's `t` as a fake: the key and its values, so a test sees which message was chosen with what. */
export const fakeT = (key: string, values?: Record<string, unknown>) => (values ? `${key} ${JSON.stringify(values)}` : key);

export const AUTHOR: Author = { name: 'Duty Officer', org: 'joc' };

export interface Notified {
  tone: 'info' | 'error';
  text: string;
  action?: { label: string; run: () => void };
}

/** A notify that records what the user would have been told. */
export function notifications() {
  const seen: Notified[] = [];
  // Read as the user would, at once: a notice's words may be a function translating them at each render.
  const notify = vi.fn((tone: Notified['tone'], words: NoticeText, action?: { label: NoticeText; run: () => void }) => {
    const text = noticeText(words);
    seen.push(action ? { tone, text, action: { label: noticeText(action.label), run: action.run } } : { tone, text });
  });
  return { seen, notify };
}
