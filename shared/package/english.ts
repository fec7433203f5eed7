import i18next, { type TFunction } from 'i18next';
import en from '../../renderer/i18n/locales/en/package.json';

/**
 * English text for the package codes, from the app's own catalogue (renderer/i18n/locales/en/
 * package.json), for the places that print without the UI: `cop package inspect` and the
 * `message` of the import registry's problems. The UI translates the same keys itself.
 */

const instance = i18next.createInstance();
void instance.init({
  lng: 'en',
  resources: { en: { package: en } },
  ns: ['package'],
  defaultNS: 'package',
  // Plain text for a terminal or a report: nothing is HTML-escaped.
  interpolation: { escapeValue: false },
  initAsync: false,
});

export const packageText: TFunction = instance.t.bind(instance);

export type Section = 'refusals' | 'warnings' | 'withheld' | 'signature';

/** The English sentence for a code of one section, with its parameters. */
export function codeText(section: Section, problem: { code: string; params: Record<string, string | number> }): string {
  return instance.t(`${section}.${problem.code}`, problem.params);
}
