import { vi } from 'vitest';
import type { Author } from '../../../shared/domain/feature';

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
  const notify = vi.fn((tone: Notified['tone'], text: string, action?: Notified['action']) => void seen.push(action ? { tone, text, action } : { tone, text }));
  return { seen, notify };
}
