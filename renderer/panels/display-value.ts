import type { TFunction } from 'i18next';
import type { PropertyValue } from '../../shared/domain/feature';

/** Any attribute as plain text for display; objects and arrays as compact JSON, never as markup. */
export function displayValue(v: PropertyValue, t: TFunction<'inspector'>): string {
  if (typeof v === 'boolean') return v ? t('inspector:yes') : t('inspector:no');
  if (typeof v === 'number') return v.toLocaleString();
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}
