import type { Kind } from '../../shared/domain/common';

const KEY = 'common-ground:field-mappings';
const MAX_ENTRIES = 50;

/**
 * Field mappings the user confirmed, keyed by kind and the file's column layout, so the next
 * file from the same source maps itself. Kept in localStorage: small, per user, and losing it
 * only costs a re-suggestion.
 */
function layoutKey(kind: Kind, columns: readonly string[]): string {
  return `${kind}|${[...columns].sort().join('\u0001')}`;
}

function readAll(): Record<string, Record<string, string>> {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, Record<string, string>>) : {};
  } catch {
    return {};
  }
}

export function rememberedMapping(kind: Kind, columns: readonly string[]): Record<string, string> | null {
  const m = readAll()[layoutKey(kind, columns)];
  if (!m || typeof m !== 'object') return null;
  // Only keep entries for columns this file really has.
  return Object.fromEntries(Object.entries(m).filter(([k, v]) => columns.includes(k) && typeof v === 'string'));
}

export function rememberMapping(kind: Kind, columns: readonly string[], mapping: Record<string, string>): void {
  const all = readAll();
  const key = layoutKey(kind, columns);
  delete all[key];
  all[key] = mapping;
  const keys = Object.keys(all);
  for (const k of keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES))) delete all[k];
  localStorage.setItem(KEY, JSON.stringify(all));
}
