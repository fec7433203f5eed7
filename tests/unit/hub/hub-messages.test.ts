import { describe, expect, it } from 'vitest';
import { translator } from '../../../shared/cli/catalogue';
import { ERROR_CODES } from '../../../shared/hub/protocol';
import { formatMessage } from '../../../shared/i18n/message';

/** Every code the hub or the client's transport can give (`hub.<code>`) is worded in both languages. */
const CLIENT_CODES = ['unreachable', 'live-closed', 'bad-answer'];

describe('hub messages', () => {
  it('words every hub error code and client failure in English and in French', () => {
    for (const lang of ['en', 'fr'] as const) {
      const t = translator(lang);
      for (const code of [...ERROR_CODES, ...CLIENT_CODES]) {
        const text = formatMessage(t, { code: `hub.${code}`, params: { path: 'x', issue: 'y', method: 'PUT', classification: 'Z', reason: 'r' } });
        expect(text, `${lang} hub.${code}`).not.toBe(`hub.${code}`);
        expect(text.length, `${lang} hub.${code}`).toBeGreaterThan(10);
      }
    }
    // French falls back to English when an entry is missing: each must be worded in French itself.
    for (const code of [...ERROR_CODES, ...CLIENT_CODES]) {
      const m = { code: `hub.${code}`, params: { path: 'x', issue: 'y', method: 'PUT', classification: 'Z', reason: 'r' } };
      expect(formatMessage(translator('fr'), m), `fr hub.${code}`).not.toBe(formatMessage(translator('en'), m));
    }
    expect(formatMessage(translator('fr'), { code: 'hub.token-expired' })).toBe('la session avec le hub du JOC a expiré : reconnectez-vous');
  });
});
