import type { Kind } from '../../shared/domain/common';
import { KINDS } from '../../shared/domain/common';

const KEY = 'common-ground:field-mappings:v2';
const MAX_ENTRIES = 50;

export interface RememberedChoice {
  kind: Kind;
  mapping: Record<string, string>;
}

/**
 * The kind and field mapping the user confirmed for a column layout, so the next file from the
 * same source (same columns) maps itself. Kept in localStorage: small, per user, and losing it
 * only costs a re-suggestion.
 */
function layoutKey(columns: readonly string[]): string {
  return [...columns].sort().join('\u0001');
}

function readAll(): Record<string, RememberedChoice> {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, RememberedChoice>) : {};
  } catch {
    return {};
  }
}

export function rememberedChoice(columns: readonly string[]): RememberedChoice | null {
  const c = readAll()[layoutKey(columns)];
  if (!c || typeof c !== 'object' || !(KINDS as readonly string[]).includes(c.kind) || typeof c.mapping !== 'object') return null;
  // Only keep entries for columns this file really has.
  const mapping = Object.fromEntries(Object.entries(c.mapping).filter(([k, v]) => columns.includes(k) && typeof v === 'string'));
  return { kind: c.kind, mapping };
}

export function rememberChoice(columns: readonly string[], choice: RememberedChoice): void {
  const all = readAll();
  const key = layoutKey(columns);
  delete all[key];
  all[key] = choice;
  const keys = Object.keys(all);
  for (const k of keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES))) delete all[k];
  localStorage.setItem(KEY, JSON.stringify(all));
}

const CRS_KEY = 'common-ground:crs-choices:v1';

function readCrsAll(): Record<string, string> {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(CRS_KEY) ?? '{}');
    return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/**
 * The coordinate system the user chose for a source that declares none, by its attribute layout
 * and format: the next file from the same source is read in it without asking (the preview still
 * says so). Sources without attributes are not remembered: nothing tells one from another.
 */
export function rememberedCrs(format: string, columns: readonly string[]): string | null {
  if (!columns.length) return null;
  const code = readCrsAll()[`${format}\u0002${layoutKey(columns)}`];
  return typeof code === 'string' && /^EPSG:\d{4,5}$/.test(code) ? code : null;
}

export function rememberCrs(format: string, columns: readonly string[], code: string): void {
  if (!columns.length) return;
  const all = readCrsAll();
  const key = `${format}\u0002${layoutKey(columns)}`;
  delete all[key];
  all[key] = code;
  const keys = Object.keys(all);
  for (const k of keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES))) delete all[k];
  localStorage.setItem(CRS_KEY, JSON.stringify(all));
}
