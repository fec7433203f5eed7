import type { CgFeature } from '../domain/feature';

/**
 * Well-known stable identifiers, most specific first: ACLED's event id per country and its data
 * id, then site and place codes.
 */
export const KNOWN_KEY_COLUMNS = ['event_id_cnty', 'data_id', 'site_id', 'site_code', 'pcode', 'code', 'id'] as const;

export interface KeySuggestion {
  column: string;
  /** 'known': a well-known id column, present and unique; 'unique': the first column present and unique on every row. */
  reason: 'known' | 'unique';
}

/** Proposes the key column for re-importing a plain file, or null when no column qualifies. */
export function suggestKeyColumn(features: readonly CgFeature[]): KeySuggestion | null {
  if (features.length === 0) return null;
  const columns = new Map<string, string>();
  for (const f of features) for (const k of Object.keys(f.properties)) if (!columns.has(k.toLowerCase())) columns.set(k.toLowerCase(), k);
  for (const known of KNOWN_KEY_COLUMNS) {
    const col = columns.get(known);
    if (col && uniqueOnEveryRow(features, col)) return { column: col, reason: 'known' };
  }
  for (const col of columns.values()) if (uniqueOnEveryRow(features, col)) return { column: col, reason: 'unique' };
  return null;
}

function uniqueOnEveryRow(features: readonly CgFeature[], column: string): boolean {
  const seen = new Set<string>();
  for (const f of features) {
    const v = f.properties[column];
    if (typeof v !== 'string' && typeof v !== 'number') return false;
    const s = String(v).trim();
    if (s === '' || seen.has(s)) return false;
    seen.add(s);
  }
  return true;
}
