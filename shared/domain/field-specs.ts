import { z } from 'zod';
import { CommonFieldsSchema, type Kind } from './common';
import { KIND_FIELDS } from './kinds';

export type FieldType = 'text' | 'longtext' | 'integer' | 'number' | 'boolean' | 'date' | 'enum';

export interface FieldSpec {
  name: string;
  type: FieldType;
  required: boolean;
  options?: readonly string[];
}

/** Long free-text fields get a multi-line editor. */
const LONG_TEXT = new Set(['description', 'source']);
/** Fields the system maintains; the form shows them read-only. */
export const SYSTEM_FIELDS = ['createdBy', 'createdAt', 'updatedBy', 'updatedAt', 'version'] as const;
const EDITABLE_COMMON = ['name', 'org', 'classification', 'releasability'] as const;

function unwrap(schema: z.ZodType): { inner: z.ZodType; required: boolean } {
  let s = schema;
  let required = true;
  for (;;) {
    if (s instanceof z.ZodOptional) {
      required = false;
      s = s.unwrap() as z.ZodType;
    } else if (s instanceof z.ZodDefault) {
      required = false;
      s = s.unwrap() as z.ZodType;
    } else return { inner: s, required };
  }
}

function describe(name: string, schema: z.ZodType): FieldSpec {
  const { inner, required } = unwrap(schema);
  if (inner instanceof z.ZodEnum) return { name, type: 'enum', required, options: inner.options.map(String) };
  if (inner instanceof z.ZodBoolean) return { name, type: 'boolean', required };
  if (inner instanceof z.ZodNumber) return { name, type: inner.format === 'safeint' ? 'integer' : 'number', required };
  if (inner instanceof z.ZodString && (inner.format === 'regex' || /Date$|At$|Start$|End$/.test(name))) {
    return { name, type: /Date$|At$|Start$|End$/.test(name) ? 'date' : 'text', required };
  }
  return { name, type: LONG_TEXT.has(name) ? 'longtext' : 'text', required };
}

/** The editable fields of a kind, common ones first, derived from the zod schemas themselves. */
export function fieldSpecs(kind: Kind): FieldSpec[] {
  const common = EDITABLE_COMMON.map((n) => describe(n, CommonFieldsSchema.shape[n]));
  const own = Object.entries(KIND_FIELDS[kind].shape).map(([n, s]) => describe(n, s as z.ZodType));
  return [...common, ...own];
}

export interface FieldError {
  field: string;
  message: string;
}

/** Validates the kind's and common editable fields of `properties`; extra attributes pass through. */
export function validateProperties(kind: Kind, properties: Record<string, unknown>): FieldError[] {
  const schema = KIND_FIELDS[kind].extend(CommonFieldsSchema.pick({ name: true, org: true, classification: true, releasability: true }).shape);
  const r = schema.safeParse(properties);
  if (r.success) return [];
  return r.error.issues.map((i) => ({ field: String(i.path[0] ?? ''), message: i.message }));
}
