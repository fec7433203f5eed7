/**
 * Date-time groups as staff write them: DDHHMMZ MON YY in UTC ("221430Z NOV 26"). No library
 * formats military DTGs, and the format is fixed and short.
 */
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** The DTG of an instant, or null when `value` is not a date. */
export function formatDtg(value: string | number | Date): string | null {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return null;
  return `${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}Z ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCFullYear() % 100)}`;
}

/** True for an ISO 8601 date-time with a time part (a bare date has no meaningful DTG). */
export function isIsoDateTime(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value));
}
