import { z } from 'zod';
import type { Message } from '../i18n/message';
import { MarkingSchemeSchema, NATO_SCHEME, UN_SCHEME, levelOf, type MarkingScheme } from './marking';

/**
 * The mission's marking scheme as the user chooses it: the UN's (the default), the NATO example,
 * or a scheme read from a JSON file (MarkingSchemeSchema), kept whole in the settings. Stored
 * markings are never rewritten when the scheme changes: a classification the chosen scheme does
 * not know is shown as stored, with 'markings.unknown-level'.
 */

export const SchemeChoiceSchema = z.union([z.literal('un'), z.literal('nato'), z.object({ imported: MarkingSchemeSchema })]);
export type SchemeChoice = z.infer<typeof SchemeChoiceSchema>;

export function schemeOf(choice: SchemeChoice): MarkingScheme {
  if (choice === 'un') return UN_SCHEME;
  if (choice === 'nato') return NATO_SCHEME;
  return choice.imported;
}

export type SchemeFileRefusal = 'scheme.not-json' | 'scheme.invalid' | 'scheme.duplicate-level-code' | 'scheme.duplicate-level-rank';

export type SchemeFileResult = { ok: true; scheme: MarkingScheme } | { ok: false; code: SchemeFileRefusal; params: Record<string, string> };

/** A scheme JSON file's text, validated; each refusal is a code with where it failed. */
export function readSchemeFile(text: string): SchemeFileResult {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { ok: false, code: 'scheme.not-json', params: {} };
  }
  const parsed = MarkingSchemeSchema.safeParse(json);
  if (parsed.success) return { ok: true, scheme: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue ? issue.path.join('.') || '(root)' : '(root)';
  if (issue?.message === 'duplicate-level-code') return { ok: false, code: 'scheme.duplicate-level-code', params: { where } };
  if (issue?.message === 'duplicate-level-rank') return { ok: false, code: 'scheme.duplicate-level-rank', params: { where } };
  return { ok: false, code: 'scheme.invalid', params: { where } };
}

/** The warning for a stored classification the scheme does not know, or null when it knows it. */
export function unknownLevelWarning(scheme: MarkingScheme, code: string): Message | null {
  return levelOf(scheme, code) ? null : { code: 'markings:unknownLevel', params: { code, scheme: scheme.name } };
}
