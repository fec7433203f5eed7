import i18next from 'i18next';
import enDomain from '../../renderer/i18n/locales/en/domain.json';
import enDraw from '../../renderer/i18n/locales/en/draw.json';
import enHistory from '../../renderer/i18n/locales/en/history.json';
import enImport from '../../renderer/i18n/locales/en/import.json';
import enMap from '../../renderer/i18n/locales/en/map.json';
import enMessages from '../../renderer/i18n/locales/en/messages.json';
import enPackage from '../../renderer/i18n/locales/en/package.json';
import frDomain from '../../renderer/i18n/locales/fr/domain.json';
import frDraw from '../../renderer/i18n/locales/fr/draw.json';
import frHistory from '../../renderer/i18n/locales/fr/history.json';
import frImport from '../../renderer/i18n/locales/fr/import.json';
import frMap from '../../renderer/i18n/locales/fr/map.json';
import frMessages from '../../renderer/i18n/locales/fr/messages.json';
import frPackage from '../../renderer/i18n/locales/fr/package.json';
import type { Translate } from '../i18n/message';

/**
 * The app's own catalogues under node, without React: `cop` says what the import dialog says, in
 * English unless `--lang fr`. Only the namespaces that shared code's messages reach are loaded.
 */

export const CLI_LANGUAGES = ['en', 'fr'] as const;
export type CliLanguage = (typeof CLI_LANGUAGES)[number];

const RESOURCES = {
  en: { messages: enMessages, import: enImport, domain: enDomain, map: enMap, draw: enDraw, history: enHistory, package: enPackage },
  fr: { messages: frMessages, import: frImport, domain: frDomain, map: frMap, draw: frDraw, history: frHistory, package: frPackage },
};

const translators = new Map<CliLanguage, Translate>();

export function translator(lang: CliLanguage): Translate {
  let t = translators.get(lang);
  if (!t) {
    const instance = i18next.createInstance();
    void instance.init({
      resources: RESOURCES,
      lng: lang,
      fallbackLng: 'en',
      ns: Object.keys(RESOURCES.en),
      defaultNS: 'messages',
      interpolation: { escapeValue: false },
      initAsync: false,
    });
    const fixed = instance.getFixedT(lang);
    t = (key, values) => fixed(key, values ?? {});
    translators.set(lang, t);
  }
  return t;
}

/** English, as `cop` prints by default and tests compare. */
export const english: Translate = (key, values) => translator('en')(key, values);
