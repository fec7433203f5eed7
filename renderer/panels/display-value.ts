import type { TFunction } from 'i18next';
import { formatDtg, isIsoDateTime } from '../../shared/domain/dtg';
import type { PropertyValue } from '../../shared/domain/feature';
import { useHubPeople } from '../state/hub-people';
import { useSharingDirectory } from '../state/sharing-directory-store';

/** Fields that name who made or changed a feature: on a hub feature, an account id. */
const PERSON_FIELDS = new Set(['updatedBy', 'createdBy']);

/**
 * A person as stored: a name typed at a workstation is shown as it is; a hub account id as its
 * login and organisation ("ocha.liaison (OCHA)"), when the hub's directory has named it.
 */
export function personLabel(who: string): string {
  const person = useHubPeople.getState().people[who];
  if (!person) return who;
  const org = useSharingDirectory.getState().directory.organisations.find((o) => o.id === person.orgId);
  return `${person.login} (${org?.name ?? person.orgId})`;
}

/**
 * Any attribute as plain text for display: enumeration values in the user's language,
 * timestamps as date-time groups, objects as compact JSON; never as markup.
 */
export function displayValue(field: string, v: PropertyValue | undefined, t: TFunction): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'boolean') return v ? t('inspector:yes') : t('inspector:no');
  if (typeof v === 'number') return field === 'version' ? String(v) : v.toLocaleString();
  if (typeof v === 'string') {
    if (PERSON_FIELDS.has(field)) return personLabel(v);
    if (isIsoDateTime(v)) return formatDtg(v) ?? v;
    return t(`domain:values.${field}.${v}`, { defaultValue: v });
  }
  return JSON.stringify(v);
}
