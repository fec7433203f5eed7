import { formatMessage, isMessage, msg, type Message, type Translate } from '../i18n/message';
import type { Problem } from './types';

/** What a problem says, as one message: its `reason` when it has one, else its code's entry. */
export function problemMessage(p: Problem): Message {
  const reason = p.params?.reason;
  return isMessage(reason) ? reason : msg(`import:problems.${p.code}`, p.params);
}

/**
 * A problem in words, for the import dialog, `cop` and saved reports alike: the table or layer it
 * is in, then what is wrong. The feature or line number is the caller's to show.
 */
export function problemText(t: Translate, p: Problem): string {
  const body = p.omitted
    ? t('import:problemsOmitted', { count: p.omitted.count, total: p.omitted.total })
    : formatMessage(t, problemMessage(p));
  return p.where ? t('import:problemWhere', { where: formatMessage(t, p.where), text: body }) : body;
}
