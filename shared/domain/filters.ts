import type { ExpressionSpecification, FilterSpecification } from '@maplibre/maplibre-gl-style-spec';
import { z } from 'zod';
import { IsoDateString, type Kind } from './common';
import { fieldSpecs, type FieldSpec, type FieldType } from './field-specs';

/**
 * Attribute filters and the time window, as plain serialisable data (they are persisted per
 * layer), turned into two things that MUST select the same features:
 *
 * - {@link toMapLibreFilter}: a MapLibre expression filter, so the map hides what is filtered out;
 * - {@link toPredicate}: a JavaScript function over feature properties, so counts and lists agree
 *   with the map without asking the map (which only knows what it has drawn).
 *
 * Both are built from the same small set of tests below, each written twice with MapLibre's
 * evaluation rules in mind (tests check them against the style spec's own evaluator):
 * - `get` of a missing property is null; `==` / `!=` compare with `===` and never coerce, so
 *   `neq` keeps features without a value and a number never equals a numeric string;
 * - ordering comparisons throw on mixed types in MapLibre (a thrown filter is false), so every
 *   ordering test is guarded by a `typeof` check and numeric operators only match numbers;
 * - `slice` and `length` count code points in MapLibre, so the predicate does the same.
 *
 * Dates. MapLibre cannot parse dates, so dates compare as strings. Stored dates are either a bare
 * day `YYYY-MM-DD` or a date-time `YYYY-MM-DDTHH:MM…`. A date-time is compared on its first 16
 * characters (to the minute: the resolution of a DTG) with bounds normalised to UTC minutes; a
 * bare day is compared with the bounds' days, so a day counts as inside a window it overlaps. A
 * stored time with an offset (`+02:00`) is compared by its wall-clock minutes as if it were UTC:
 * both the map and the counts do so, so they still agree, but such data should be stored in UTC.
 */

export const OPERATORS = ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'contains', 'isEmpty', 'notEmpty'] as const;
export type Operator = (typeof OPERATORS)[number];

export type ConditionValue = string | number | boolean | string[];

export interface Condition {
  field: string;
  op: Operator;
  value?: ConditionValue;
}

export interface LayerFilter {
  conditions: Condition[];
}

/** A span of time, ISO 8601 instants (start ≤ end); null means no time filter. */
export type TimeWindow = { start: string; end: string } | null;

export const EMPTY_FILTER: LayerFilter = { conditions: [] };

/** Operators offered per field type, in the order the editor lists them. */
export const OPERATORS_BY_TYPE: Record<FieldType, readonly Operator[]> = {
  enum: ['eq', 'neq', 'in', 'isEmpty', 'notEmpty'],
  text: ['contains', 'eq', 'neq', 'isEmpty', 'notEmpty'],
  longtext: ['contains', 'isEmpty', 'notEmpty'],
  integer: ['gt', 'gte', 'lt', 'lte', 'eq', 'neq', 'isEmpty', 'notEmpty'],
  number: ['gt', 'gte', 'lt', 'lte', 'eq', 'neq', 'isEmpty', 'notEmpty'],
  boolean: ['eq', 'neq', 'isEmpty', 'notEmpty'],
  date: ['gte', 'lte', 'gt', 'lt', 'isEmpty', 'notEmpty'],
};

/** Operators that take no value. */
export const VALUELESS_OPERATORS: readonly Operator[] = ['isEmpty', 'notEmpty'];

// ---------------------------------------------------------------------------------------------
// Which fields carry time
// ---------------------------------------------------------------------------------------------

export type TimeFields = { type: 'instant'; field: string } | { type: 'span'; start: string; end: string };

/** The date field(s) a time window applies to, or null when the kind has none (the UI says so). */
export function timeFieldsOf(kind: Kind): TimeFields | null {
  switch (kind) {
    case 'incident':
      return { type: 'instant', field: 'eventDate' };
    case 'patrol':
      return { type: 'span', start: 'plannedStart', end: 'plannedEnd' };
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

const ConditionShape = z.object({
  field: z.string().min(1),
  op: z.enum(OPERATORS),
  value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).optional(),
});

/** The filterable fields of a kind: what the editor offers and validation accepts. */
export function filterableFields(kind: Kind): FieldSpec[] {
  return fieldSpecs(kind);
}

/** Why a condition cannot apply to the kind, or null when it can. */
function conditionProblem(specs: readonly FieldSpec[], c: Condition): string | null {
  const spec = specs.find((s) => s.name === c.field);
  if (!spec) return `unknown field "${c.field}"`;
  if (!OPERATORS_BY_TYPE[spec.type].includes(c.op)) return `operator "${c.op}" does not apply to ${spec.type} field "${c.field}"`;
  const v = c.value;
  if (VALUELESS_OPERATORS.includes(c.op)) return v === undefined ? null : `operator "${c.op}" takes no value`;
  if (v === undefined) return `"${c.field}" ${c.op} needs a value`;
  switch (spec.type) {
    case 'enum': {
      const options = spec.options ?? [];
      if (c.op === 'in') {
        if (!Array.isArray(v) || v.length === 0) return `"${c.field}" in needs a non-empty list of values`;
        const bad = v.filter((x) => !options.includes(x));
        return bad.length ? `"${c.field}": ${bad.map((x) => `"${x}"`).join(', ')} not among ${options.join(', ')}` : null;
      }
      return typeof v === 'string' && options.includes(v) ? null : `"${c.field}": ${JSON.stringify(v)} is not one of ${options.join(', ')}`;
    }
    case 'text':
    case 'longtext':
      if (typeof v !== 'string') return `"${c.field}" ${c.op} needs text`;
      return c.op === 'contains' && v === '' ? `"${c.field}" contains needs some text` : null;
    case 'integer':
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? null : `"${c.field}" ${c.op} needs a number, got ${JSON.stringify(v)}`;
    case 'boolean':
      return typeof v === 'boolean' ? null : `"${c.field}" ${c.op} needs true or false`;
    case 'date':
      return typeof v === 'string' && IsoDateString.safeParse(v).success && boundKey(v, 'start') !== null
        ? null
        : `"${c.field}" ${c.op} needs an ISO 8601 date such as 2026-11-22, got ${JSON.stringify(v)}`;
  }
}

/** The zod schema of a kind's layer filter: shape, then each condition against fieldSpecs(kind). */
export function layerFilterSchema(kind: Kind) {
  const specs = filterableFields(kind);
  return z.object({ conditions: z.array(ConditionShape) }).superRefine((f, ctx) => {
    f.conditions.forEach((c, i) => {
      const problem = conditionProblem(specs, c);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['conditions', i] });
    });
  });
}

export interface FilterIssue {
  /** Index of the condition, or null for a problem with the whole filter. */
  index: number | null;
  message: string;
}

export type FilterResult = { ok: true; filter: LayerFilter } | { ok: false; issues: FilterIssue[] };

/** Validates untrusted input (persisted state, a hand-edited file) as a filter for `kind`. */
export function parseLayerFilter(kind: Kind, input: unknown): FilterResult {
  const r = layerFilterSchema(kind).safeParse(input);
  if (r.success) return { ok: true, filter: r.data };
  return {
    ok: false,
    issues: r.error.issues.map((i) => ({
      index: i.path[0] === 'conditions' && typeof i.path[1] === 'number' ? i.path[1] : null,
      message: i.path.length > 2 ? `${i.path.slice(2).join('.')}: ${i.message}` : i.message,
    })),
  };
}

/** The problem of each condition (null when fine), index for index: what the editor shows. */
export function conditionProblems(kind: Kind, filter: LayerFilter): (string | null)[] {
  const specs = filterableFields(kind);
  return filter.conditions.map((c) => conditionProblem(specs, c));
}

export const TimeWindowSchema = z
  .object({ start: IsoDateString, end: IsoDateString })
  .refine((w) => boundKey(w.start, 'start') !== null && boundKey(w.end, 'end') !== null, 'window bounds must be real dates')
  .refine((w) => (boundKey(w.start, 'start') ?? '') <= (boundKey(w.end, 'end') ?? ''), 'window must not end before it starts')
  .nullable();

// ---------------------------------------------------------------------------------------------
// Dates as comparable keys
// ---------------------------------------------------------------------------------------------

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_LENGTH = 10;
const MINUTE_LENGTH = 16;

/**
 * A bound as the UTC minute `YYYY-MM-DDTHH:MM`; a bare day stands for its first minute as a
 * start and its last minute as an end, so "up to 2026-11-22" includes that whole day. A date-time
 * without a zone is read as UTC (not as the machine's local time, as Date.parse would).
 * Null when not a date.
 */
export function boundKey(value: string, side: 'start' | 'end'): string | null {
  if (DAY.test(value)) return Number.isNaN(Date.parse(value)) ? null : `${value}T${side === 'start' ? '00:00' : '23:59'}`;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2') : `${value}Z`;
  const t = Date.parse(zoned);
  return Number.isNaN(t) ? null : new Date(t).toISOString().slice(0, MINUTE_LENGTH);
}

function requireKey(value: string, side: 'start' | 'end'): string {
  const key = boundKey(value, side);
  if (key === null) throw new Error(`not a date: ${value}`);
  return key;
}

// The four comparisons of a stored date string `v` with a bound key, written for both sides.
// A bare day compares with the bound's day; a date-time with the bound's minute.

const codePoints = (s: string): string[] => [...s];
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * A stored date as the map compares it: whether it is a bare day, and its first 16 code points.
 * Stored dates are ASCII, where code points are UTF-16 units, so the split into code points is
 * only made when a surrogate is present: it dominated the analyses' time on 100k incidents.
 */
function dateParts(v: string): { bareDay: boolean; minute: string } {
  if (!SURROGATE.test(v)) return { bareDay: v.length === DAY_LENGTH, minute: v.slice(0, MINUTE_LENGTH) };
  const cp = codePoints(v);
  return { bareDay: cp.length === DAY_LENGTH, minute: cp.slice(0, MINUTE_LENGTH).join('') };
}

function jsAtOrAfter(v: string, key: string): boolean {
  const d = dateParts(v);
  return d.bareDay ? v >= key.slice(0, DAY_LENGTH) : d.minute >= key;
}

function jsAtOrBefore(v: string, key: string): boolean {
  const d = dateParts(v);
  return d.bareDay ? v <= key.slice(0, DAY_LENGTH) : d.minute <= key;
}

const get = (field: string): ExpressionSpecification => ['get', field];
const isString = (field: string): ExpressionSpecification => ['==', ['typeof', get(field)], 'string'];
const isNumber = (field: string): ExpressionSpecification => ['==', ['typeof', get(field)], 'number'];

/** `case` evaluates lazily, so the test never sees a value of the wrong type (which would throw). */
const guarded = (guard: ExpressionSpecification, test: ExpressionSpecification): ExpressionSpecification => ['case', guard, test, false];

function mlAtOrAfter(field: string, key: string): ExpressionSpecification {
  const v: ExpressionSpecification = ['string', get(field)];
  return guarded(
    isString(field),
    ['case', ['==', ['length', v], DAY_LENGTH], ['>=', v, key.slice(0, DAY_LENGTH)], ['>=', ['slice', v, 0, MINUTE_LENGTH], key]],
  );
}

function mlAtOrBefore(field: string, key: string): ExpressionSpecification {
  const v: ExpressionSpecification = ['string', get(field)];
  return guarded(
    isString(field),
    ['case', ['==', ['length', v], DAY_LENGTH], ['<=', v, key.slice(0, DAY_LENGTH)], ['<=', ['slice', v, 0, MINUTE_LENGTH], key]],
  );
}

// ---------------------------------------------------------------------------------------------
// One condition, twice
// ---------------------------------------------------------------------------------------------

type Props = Readonly<Record<string, unknown>>;
type Test = (props: Props) => boolean;

interface Compiled {
  expression: ExpressionSpecification;
  test: Test;
}

const isEmptyValue = (v: unknown): boolean => v === undefined || v === null || v === '';

/** Both forms of a condition that passed validation for a field of type `type`. */
function compileCondition(type: FieldType, c: Condition): Compiled {
  const f = c.field;
  const v = c.value;
  const empty: ExpressionSpecification = ['any', ['==', ['typeof', get(f)], 'null'], ['==', get(f), '']];
  switch (c.op) {
    case 'isEmpty':
      return { expression: empty, test: (p) => isEmptyValue(p[f]) };
    case 'notEmpty':
      return { expression: ['!', empty], test: (p) => !isEmptyValue(p[f]) };
    case 'eq':
      return { expression: ['==', get(f), v as string | number | boolean], test: (p) => p[f] === v };
    case 'neq':
      return { expression: ['!=', get(f), v as string | number | boolean], test: (p) => p[f] !== v };
    case 'in': {
      const values = [...new Set(v as string[])];
      // match compares the input's runtime type with the labels' (strings): a number never matches.
      return {
        expression: ['match', get(f), values, true, false] as ExpressionSpecification,
        test: (p) => typeof p[f] === 'string' && values.includes(p[f]),
      };
    }
    case 'contains': {
      const needle = String(v).toLowerCase();
      return {
        expression: guarded(isString(f), ['in', needle, ['downcase', ['string', get(f)]]]),
        test: (p) => typeof p[f] === 'string' && p[f].toLowerCase().includes(needle),
      };
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return type === 'date' ? compileDateOrder(c.op, f, String(v)) : compileNumberOrder(c.op, f, Number(v));
  }
}

function compileNumberOrder(op: 'gt' | 'gte' | 'lt' | 'lte', f: string, n: number): Compiled {
  const symbol = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
  const compare = { gt: (a: number) => a > n, gte: (a: number) => a >= n, lt: (a: number) => a < n, lte: (a: number) => a <= n }[op];
  return {
    expression: guarded(isNumber(f), [symbol[op], ['number', get(f)], n] as ExpressionSpecification),
    test: (p) => {
      const x = p[f];
      return typeof x === 'number' && compare(x);
    },
  };
}

/**
 * Date order on a field: `gte d` is "not before d", `lte d` "not after d"; `gt d` is "after the
 * end of d" and `lt d` "before the start of d", so for a bare day `gt 2026-11-21` starts on the 22nd.
 */
function compileDateOrder(op: 'gt' | 'gte' | 'lt' | 'lte', f: string, d: string): Compiled {
  const start = requireKey(d, 'start');
  const end = requireKey(d, 'end');
  const str = (test: (s: string) => boolean): Test => (p) => {
    const x = p[f];
    return typeof x === 'string' && test(x);
  };
  switch (op) {
    case 'gte':
      return { expression: mlAtOrAfter(f, start), test: str((s) => jsAtOrAfter(s, start)) };
    case 'lte':
      return { expression: mlAtOrBefore(f, end), test: str((s) => jsAtOrBefore(s, end)) };
    case 'gt':
      return { expression: guarded(isString(f), ['!', mlAtOrBefore(f, end)]), test: str((s) => !jsAtOrBefore(s, end)) };
    case 'lt':
      return { expression: guarded(isString(f), ['!', mlAtOrAfter(f, start)]), test: str((s) => !jsAtOrAfter(s, start)) };
  }
}

/**
 * The time window on a kind's date fields. An incident is inside when its date is within the
 * window. A patrol is inside when its planned span overlaps the window; a missing planned start
 * or end leaves that side open, and a patrol with neither cannot be placed in time, so it is out.
 */
function compileWindow(time: TimeFields, window: NonNullable<TimeWindow>): Compiled {
  const start = requireKey(window.start, 'start');
  const end = requireKey(window.end, 'end');
  if (time.type === 'instant') {
    const f = time.field;
    return {
      expression: ['all', mlAtOrAfter(f, start), mlAtOrBefore(f, end)],
      test: (p) => {
        const x = p[f];
        return typeof x === 'string' && jsAtOrAfter(x, start) && jsAtOrBefore(x, end);
      },
    };
  }
  const s = time.start;
  const e = time.end;
  return {
    expression: [
      'all',
      ['any', isString(s), isString(e)],
      ['any', ['!', isString(s)], mlAtOrBefore(s, end)],
      ['any', ['!', isString(e)], mlAtOrAfter(e, start)],
    ],
    test: (p) => {
      const ps = p[s];
      const pe = p[e];
      if (typeof ps !== 'string' && typeof pe !== 'string') return false;
      return (typeof ps !== 'string' || jsAtOrBefore(ps, end)) && (typeof pe !== 'string' || jsAtOrAfter(pe, start));
    },
  };
}

/**
 * Both forms of the whole filter. Conditions that do not validate for the kind (a persisted
 * filter from before a layer's kind changed, say) are left out of both, so the two still agree;
 * the editor shows them with their problem. A window is ignored for kinds without a date field.
 */
function compile(kind: Kind, filter: LayerFilter | null | undefined, window: TimeWindow): Compiled[] {
  const specs = filterableFields(kind);
  const parts: Compiled[] = [];
  for (const c of filter?.conditions ?? []) {
    if (conditionProblem(specs, c) !== null) continue;
    const spec = specs.find((s) => s.name === c.field) as FieldSpec;
    parts.push(compileCondition(spec.type, c));
  }
  const time = timeFieldsOf(kind);
  if (time && window && TimeWindowSchema.safeParse(window).success) parts.push(compileWindow(time, window));
  return parts;
}

/** The MapLibre filter selecting what passes, or null when nothing is filtered. */
export function toMapLibreFilter(kind: Kind, filter: LayerFilter | null | undefined, window: TimeWindow): FilterSpecification | null {
  const parts = compile(kind, filter, window);
  if (parts.length === 0) return null;
  return ['all', ...parts.map((p) => p.expression)];
}

/** The same selection as {@link toMapLibreFilter}, as a function of a feature's properties. */
export function toPredicate(kind: Kind, filter: LayerFilter | null | undefined, window: TimeWindow): (props: Props | null | undefined) => boolean {
  const tests = compile(kind, filter, window).map((p) => p.test);
  if (tests.length === 0) return () => true;
  return (props) => {
    const p = props ?? {};
    return tests.every((t) => t(p));
  };
}

/** Whether the filter and window would hide anything for this kind. */
export function isFiltering(kind: Kind, filter: LayerFilter | null | undefined, window: TimeWindow): boolean {
  return compile(kind, filter, window).length > 0;
}
