import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];
export const NAMESPACES = ['common', 'layers', 'import', 'inspector', 'map', 'domain', 'filters', 'dataExport', 'draw', 'style', 'basemaps', 'analysis', 'exportMap', 'conflicts', 'package', 'markings', 'messages', 'history', 'hub'] as const;

// Every catalogue is bundled: the app runs offline, so nothing is fetched at run time.
const catalogues = import.meta.glob<{ default: Record<string, unknown> }>('./locales/*/*.json', { eager: true });

function resources(): Record<string, Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [path, mod] of Object.entries(catalogues)) {
    const m = /\.\/locales\/(\w+)\/(\w+)\.json$/.exec(path);
    if (!m) continue;
    const [, lng, ns] = m as unknown as [string, string, string];
    (out[lng] ??= {})[ns] = mod.default;
  }
  return out;
}

export function initI18n(language: Language): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: resources(),
    lng: language,
    fallbackLng: 'en',
    ns: [...NAMESPACES],
    defaultNS: 'common',
    // React escapes text itself; i18next must not, or imported names would show as entities.
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return i18next;
}

export function detectLanguage(saved: string | null | undefined): Language {
  if (saved === 'en' || saved === 'fr') return saved;
  return navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}
