/**
 * What shared code says to a person, as data: a catalogue code and its values. The words live in
 * the catalogues (renderer/i18n/locales/<lang>/messages.json), so the map, the dialogs and `cop`
 * say the same thing in the reader's language. A value may itself be a message (a reason inside a
 * refusal), translated first; a list of strings is joined by the catalogue's own list format, a
 * list of messages by its separator.
 */
import type { Message, MessageParam } from '../base/types';

export type { Message, MessageParam };

export function msg(code: string, params?: Record<string, MessageParam>): Message {
  return params ? { code, params } : { code };
}

export function isMessage(v: unknown): v is Message {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { code?: unknown }).code === 'string';
}

/** i18next's `t`, or anything that looks a key up with values. */
export type Translate = (key: string, values?: Record<string, unknown>) => string;

/** The values of a message with the nested messages already in words. */
export function messageValues(t: Translate, params: Message['params']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params ?? {})) {
    if (isMessage(v)) out[k] = formatMessage(t, v);
    else if (Array.isArray(v) && v.some(isMessage)) out[k] = (v as Message[]).map((m) => formatMessage(t, m)).join(t('messages:separator'));
    else out[k] = v;
  }
  return out;
}

/** A message in words; its code is a key of the `messages` namespace, or a key with its own namespace ("import:problems.x"). */
export function formatMessage(t: Translate, m: Message): string {
  return t(m.code.includes(':') ? m.code : `messages:${m.code}`, messageValues(t, m.params));
}
