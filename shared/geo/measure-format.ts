/**
 * Metric readouts of measurements, in the UI language's number format: lengths in m or km,
 * areas in ha or km², bearings as three-digit degrees ("045°") as written in orders.
 */

function number(value: number, digits: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(value);
}

export function formatLength(metres: number, lang = 'en'): string {
  if (!Number.isFinite(metres)) return '—';
  if (metres < 1000) return `${number(metres, 0, lang)} m`;
  return `${number(metres / 1000, metres < 100_000 ? 2 : 1, lang)} km`;
}

export function formatArea(m2: number, lang = 'en'): string {
  if (!Number.isFinite(m2)) return '—';
  if (m2 < 1_000_000) return `${number(m2 / 10_000, 2, lang)} ha`;
  return `${number(m2 / 1_000_000, m2 < 100_000_000 ? 2 : 0, lang)} km²`;
}

export function formatBearing(deg: number): string {
  if (!Number.isFinite(deg)) return '—';
  const rounded = Math.round(deg) % 360;
  return `${String(rounded).padStart(3, '0')}°`;
}
