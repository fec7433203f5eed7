import { historyText, type ChangeSummary } from '../../shared/domain/changeset';
import { english } from '../../shared/cli/catalogue';
import { formatMessage, type Message } from '../../shared/i18n/message';
import { problemText } from '../../shared/io/problem-text';
import type { ParseResult, Problem } from '../../shared/io/types';

/** A message from shared code as the English catalogue words it, for tests that compare sentences. */
export function inEnglish(m: Message): string {
  return formatMessage(english, m);
}

/** A problem as the import dialog and `cop` word it in English (without its feature or line number). */
export function problemInEnglish(p: Problem): string;
export function problemInEnglish(p: Problem | undefined): string | undefined;
export function problemInEnglish(p: Problem | undefined): string | undefined {
  return p && problemText(english, p);
}

/** A result with its error in English words, for tests that compare `{ ok: false, error: … }` with a sentence. */
export function readable<T extends { ok: boolean }>(r: T): T | (Omit<T, 'error'> & { error: string }) {
  if (r.ok || !('error' in r)) return r;
  const error = (r as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error ? { ...r, error: inEnglish(error as Message) } : r;
}

/** A problem as the fixtures record it: its code, where it is, and the English sentence. */
export function readableProblem(p: Problem): Record<string, unknown> {
  const out: Record<string, unknown> = { code: p.code, message: problemInEnglish(p) };
  if (p.index !== undefined) out.index = p.index;
  if (p.line !== undefined) out.line = p.line;
  out.severity = p.severity;
  if (p.featureId !== undefined) out.featureId = p.featureId;
  return out;
}

/** A parse result with its error and problems in English, as the expected-output fixtures hold it. */
export function readableResult(r: ParseResult): unknown {
  if (!r.ok) return { ...r, error: inEnglish(r.error) };
  return { ...r, refused: r.refused.map(readableProblem), warnings: r.warnings.map(readableProblem) };
}

/** A failed result with its error as `cop` and the import notice print it: "<file>: <reason>". */
export function named<T extends { ok: boolean }>(fileName: string, r: T): T | (Omit<T, 'error'> & { error: string }) {
  const out = readable(r);
  return 'error' in out && typeof out.error === 'string' ? { ...out, error: `${fileName}: ${out.error}` } : out;
}

/** A change, a change record or a bare summary as the history list says it in English. */
export function said(x: ChangeSummary | { summary?: ChangeSummary | undefined; label?: string | undefined } | undefined): string | undefined {
  if (x === undefined) return undefined;
  return 'key' in x ? historyText(english, { summary: x }) : historyText(english, x);
}
