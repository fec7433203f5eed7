import type { TFunction } from 'i18next';
import { formatDtg, isIsoDateTime } from '../../shared/domain/dtg';
import type { PropertyValue } from '../../shared/domain/feature';

/**
 * Any attribute as plain text for display: enumeration values in the user's language,
 * timestamps as date-time groups, objects as compact JSON; never as markup.
 */
export function displayValue(field: string, v: PropertyValue | undefined, t: TFunction): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'boolean') return v ? t('inspector:yes') : t('inspector:no');
  if (typeof v === 'number') return field === 'version' ? String(v) : v.toLocaleString();
  if (typeof v === 'string') {
    if (isIsoDateTime(v)) return formatDtg(v) ?? v;
    return t(`domain:values.${field}.${v}`, { defaultValue: v });
  }
  return JSON.stringify(v);
}
