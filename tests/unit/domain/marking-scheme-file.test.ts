import { describe, expect, it } from 'vitest';
import { NATO_SCHEME, UN_SCHEME } from '../../../shared/domain/marking';
import { readSchemeFile, schemeOf, SchemeChoiceSchema, unknownLevelWarning } from '../../../shared/domain/marking-scheme-file';
import i18next from 'i18next';
import enMarkings from '../../../renderer/i18n/locales/en/markings.json';
import frMarkings from '../../../renderer/i18n/locales/fr/markings.json';

/** The app's markings catalogue in one language, without React. */
function translator(lng: 'en' | 'fr') {
  const instance = i18next.createInstance();
  void instance.init({ lng, initAsync: false, resources: { en: { markings: enMarkings }, fr: { markings: frMarkings } }, interpolation: { escapeValue: false } });
  return instance.t.bind(instance) as (key: string, params?: Record<string, unknown>) => string;
}
const en = translator('en');
const fr = translator('fr');

describe('the mission marking scheme', () => {
  it('reads a scheme JSON file, and the choice stored in settings gives it back', () => {
    const r = readSchemeFile(JSON.stringify(NATO_SCHEME));
    expect(r).toEqual({ ok: true, scheme: NATO_SCHEME });
    const choice = SchemeChoiceSchema.parse({ imported: NATO_SCHEME });
    expect(schemeOf(choice)).toEqual(NATO_SCHEME);
    expect(schemeOf('un')).toBe(UN_SCHEME);
    expect(schemeOf('nato')).toBe(NATO_SCHEME);
  });

  it.each([
    ['not JSON', '{levels:', 'scheme.not-json', {}],
    ['no levels', JSON.stringify({ id: 'x', name: 'X', levels: [], caveats: [] }), 'scheme.invalid', { where: 'levels' }],
    ['a level without colours', JSON.stringify({ id: 'x', name: 'X', levels: [{ code: 'A', rank: 0 }], caveats: [] }), 'scheme.invalid', { where: 'levels.0.background' }],
    ['two levels of one code', JSON.stringify({ ...UN_SCHEME, levels: [UN_SCHEME.levels[0], { ...UN_SCHEME.levels[1], code: 'UNCLASSIFIED' }] }), 'scheme.duplicate-level-code', { where: 'levels' }],
    ['two levels of one rank', JSON.stringify({ ...UN_SCHEME, levels: [UN_SCHEME.levels[0], { ...UN_SCHEME.levels[1], rank: 0 }] }), 'scheme.duplicate-level-rank', { where: 'levels' }],
  ])('refuses %s with its own code, worded in English and French', (_what, text, code, params) => {
    const r = readSchemeFile(text);
    expect(r).toEqual({ ok: false, code, params });
    const key = `markings:schemeRefusals.${code}`;
    for (const t of [en, fr]) {
      const words = t(key, params);
      expect(words).not.toBe(key);
      expect(words).not.toMatch(/schemeRefusals/);
    }
    expect(en(key, params)).not.toBe(fr(key, params));
  });

  it('a stored classification the chosen scheme does not know gets a warning code, and is not remapped', () => {
    expect(unknownLevelWarning(NATO_SCHEME, 'CONFIDENTIAL')).toEqual({ code: 'markings:unknownLevel', params: { code: 'CONFIDENTIAL', scheme: 'NATO' } });
    expect(unknownLevelWarning(UN_SCHEME, 'CONFIDENTIAL')).toBeNull();
    expect(en('markings:unknownLevel', { code: 'CONFIDENTIAL', scheme: 'NATO' })).toBe('CONFIDENTIAL is not a level of the NATO scheme: shown as stored, not remapped');
    expect(fr('markings:unknownLevel', { code: 'CONFIDENTIAL', scheme: 'NATO' })).toMatch(/^CONFIDENTIAL n’est pas un niveau du système NATO/);
  });
});
