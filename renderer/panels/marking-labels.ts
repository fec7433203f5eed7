import type { TFunction } from 'i18next';
import { levelOf, type Marking, type MarkingScheme } from '../../shared/domain/marking';
import type { SharingDirectory } from '../../shared/domain/sharing-directory';

/** The neutral colours of a classification the scheme does not know (kept free text). */
export const UNKNOWN_LEVEL_COLORS = { background: '#4d4d4d', color: '#ffffff' } as const;

/** A level in the reader's language: the scheme's own label, else the catalogue's, else the code. */
export function levelLabel(t: TFunction, language: string, scheme: MarkingScheme, code: string): string {
  const level = levelOf(scheme, code);
  if (!level) return code;
  return level.labels?.[language] ?? t(`markings:levels.${code}`, { defaultValue: code });
}

export function levelColors(scheme: MarkingScheme, code: string): { background: string; color: string } {
  const level = levelOf(scheme, code);
  return level ? { background: level.background, color: level.color } : UNKNOWN_LEVEL_COLORS;
}

/** An organisation's short name or name, a group's name; an id the directory does not know as itself. */
export function partyName(directory: SharingDirectory, id: string): string {
  const org = directory.organisations.find((o) => o.id === id);
  if (org) return org.shortName ?? org.name;
  return directory.groups.find((g) => g.id === id)?.name ?? id;
}

/** "from JOC · releasable to Mission-wide, UNHCR" (caveats first): the marking beside its level. */
export function markingDetails(t: TFunction, directory: SharingDirectory, m: Marking): string {
  const parts = [...m.caveats];
  if (m.originator) parts.push(t('markings:summaryOriginator', { originator: partyName(directory, m.originator) }));
  const parties = m.releasableTo.map((p) => partyName(directory, p)).join(', ');
  parts.push(t('markings:summaryReleasable', { parties: parties || t('markings:nobody') }));
  return parts.join(' · ');
}

/** "CONFIDENTIAL · from JOC · releasable to Mission-wide, UNHCR", for titles and the inspector. */
export function markingSummary(t: TFunction, language: string, scheme: MarkingScheme, directory: SharingDirectory, m: Marking): string {
  return `${levelLabel(t, language, scheme, m.classification)} · ${markingDetails(t, directory, m)}`;
}
