import type { Feature, Geometry } from 'geojson';
import type { z } from 'zod';
import { msg, type Message, type MessageParam } from '../i18n/message';
import type { Problem } from '../base/types';
import { IsoDateString, type Kind } from './common';
import { UN_SCHEME } from './marking';
import { migrateClassification } from './marking-migration';
import type { Author, CgFeature, FeatureProperties, PropertyValue } from './feature';
import { newId } from './feature';
import { MAPPABLE_COMMON_FIELDS, reservedFieldNames } from './field-mapping';
import { KIND_FIELDS, KIND_GEOMETRIES } from './kinds';

/**
 * Turns parsed GeoJSON features into stored features of a kind: maps and converts source values,
 * validates against the kind's schema and geometry types, stamps the common fields.
 * Features that cannot be made valid are refused one by one, with a message naming the field.
 */

export interface NormalizeInput {
  features: readonly Feature[];
  kind: Kind;
  /** Source property → target field (kind field or name/org/classification/releasability). */
  mapping: Record<string, string>;
  author: Author;
  /** ISO time stamped as createdAt/updatedAt. */
  now: string;
  /**
   * Classification given to every feature when no column is mapped to it; without one the
   * features have no marking of their own and carry their layer's.
   */
  classification?: string;
}

export interface NormalizeResult {
  features: CgFeature[];
  refused: Problem[];
  warnings: Problem[];
}

// ---------------------------------------------------------------------------------------------
// Value conversion

type FieldType =
  | { t: 'string'; max?: number }
  | { t: 'date' }
  | { t: 'int' }
  | { t: 'number' }
  | { t: 'boolean' }
  | { t: 'enum'; values: readonly string[]; lookup: Map<string, string> };

interface FieldDesc {
  name: string;
  type: FieldType;
  required: boolean;
}

class ConversionError {
  constructor(readonly reason: Message) {}
}

function conversion(code: string, params: Message['params']): ConversionError {
  return new ConversionError(msg(code, params));
}

const MONTHS: Record<string, number> = {};
[
  ['january', 'janvier', 'jan', 'janv'],
  ['february', 'fevrier', 'feb', 'fev', 'fevr'],
  ['march', 'mars', 'mar'],
  ['april', 'avril', 'apr', 'avr'],
  ['may', 'mai'],
  ['june', 'juin', 'jun'],
  ['july', 'juillet', 'jul', 'juil'],
  ['august', 'aout', 'aug'],
  ['september', 'septembre', 'sep', 'sept'],
  ['october', 'octobre', 'oct'],
  ['november', 'novembre', 'nov'],
  ['december', 'decembre', 'dec'],
].forEach((names, i) => {
  for (const n of names) MONTHS[n] = i + 1;
});

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function ymd(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1000 || y > 9999) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null; // 31 February and the like
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

function fullYear(y: number): number {
  return y < 100 ? 2000 + y : y;
}

function stripAccents(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** Same pattern as IsoDateString, tested directly: this runs once per value on large files. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Dates in the forms people and tools write, to ISO 8601. Null when not a date. */
export function toIsoDate(value: unknown): string | null {
  if (typeof value === 'number') {
    // Epoch milliseconds (1973 onwards); smaller numbers are too ambiguous to guess.
    if (Number.isFinite(value) && value >= 1e11 && value < 1e14) return new Date(value).toISOString();
    return null;
  }
  if (typeof value !== 'string') return null;
  const s = value.trim();
  if (s === '') return null;
  if (ISO_DATE.test(s)) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
    return m && ymd(Number(m[1]), Number(m[2]), Number(m[3])) ? s : null;
  }
  let m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(s);
  if (m) {
    const d = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
    if (!d) return null;
    return `${d}T${m[4]}:${m[5]}${m[6] ? `:${m[6]}${m[7] ?? ''}` : ''}${(m[8] ?? '').toUpperCase()}`;
  }
  // 2026/11/22
  m = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  // 22/11/2026, 22.11.2026, 22-11-2026; 11/22/2026 when the second number cannot be a month.
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = fullYear(Number(m[3]));
    return b > 12 && a <= 12 ? ymd(y, a, b) : ymd(y, b, a);
  }
  // DTG: 221430Z NOV 26
  m = /^(\d{2})(\d{2})(\d{2})([A-Z])\s*([A-Za-z]{3})\s*(\d{2}|\d{4})$/.exec(s);
  if (m) {
    const month = MONTHS[(m[5] as string).toLowerCase()];
    const d = month ? ymd(fullYear(Number(m[6])), month, Number(m[1])) : null;
    if (!d || Number(m[2]) > 23 || Number(m[3]) > 59) return null;
    return m[4] === 'Z' ? `${d}T${m[2]}:${m[3]}Z` : `${d}T${m[2]}:${m[3]}`;
  }
  const words = stripAccents(s).toLowerCase().replace(/,/g, ' ').replace(/\s+/g, ' ').trim();
  // 22 November 2026, 22-Nov-2026, 22 nov. 2026
  m = /^(\d{1,2})(?:st|nd|rd|th|er)?[ -]([a-z]+)\.?[ -](\d{4}|\d{2})$/.exec(words);
  if (m) {
    const month = MONTHS[m[2] as string];
    return month ? ymd(fullYear(Number(m[3])), month, Number(m[1])) : null;
  }
  // November 22 2026
  m = /^([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)? (\d{4})$/.exec(words);
  if (m) {
    const month = MONTHS[m[1] as string];
    return month ? ymd(Number(m[3]), month, Number(m[2])) : null;
  }
  return null;
}

/** Numbers, also from text such as "1,234", "1 234", "12,5". Null when not a number. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  let s = value.trim().replace(/[\s\u00a0\u202f']/g, '');
  if (s === '') return null;
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  else if (/^[+-]?\d+,\d+$/.test(s)) s = s.replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'oui', 'o', 'x', 'vrai', 'notified']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'non', 'faux', '']);

function toBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : null;
  if (typeof value !== 'string') return null;
  const s = value.trim().toLowerCase();
  if (TRUE_WORDS.has(s)) return true;
  if (FALSE_WORDS.has(s)) return false;
  return null;
}

/** "Explosions / Remote Violence" → "explosionsremoteviolence". */
function enumKey(s: string): string {
  return stripAccents(s).toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** Other spellings of enum values, per field: key (enumKey form) → canonical value. */
const ENUM_ALIASES: Record<string, Record<string, string>> = {
  timePrecision: { '1': 'day', '2': 'week', '3': 'month', '4': 'year', days: 'day', weeks: 'week', months: 'month', years: 'year', jour: 'day', semaine: 'week', mois: 'month', annee: 'year' },
  eventType: {
    battle: 'Battles',
    remoteviolence: 'Explosions/Remote violence',
    explosions: 'Explosions/Remote violence',
    explosionremoteviolence: 'Explosions/Remote violence',
    violenceagainstcivilian: 'Violence against civilians',
    protest: 'Protests',
    riot: 'Riots',
    strategicdevelopment: 'Strategic developments',
  },
  subEventType: {
    airstrike: 'Air/drone strike',
    dronestrike: 'Air/drone strike',
    shelling: 'Shelling/artillery/missile attack',
    ied: 'Remote explosive/landmine/IED',
    landmine: 'Remote explosive/landmine/IED',
    abduction: 'Abduction/forced disappearance',
    lootingpropertydestruction: 'Looting/property destruction',
    looting: 'Looting/property destruction',
  },
  infoCredibility: {},
  verification: { unconfirmed: 'unverified', confirmed: 'verified', yes: 'verified', no: 'unverified', true: 'verified', false: 'unverified', discredited: 'discounted', rejected: 'discounted' },
  siteType: {
    idp: 'idp_site',
    idpcamp: 'idp_site',
    camp: 'idp_site',
    siteidp: 'idp_site',
    refugeecamp: 'refugee_camp',
    refugee: 'refugee_camp',
    health: 'health_facility',
    healthfacility: 'health_facility',
    healthcentre: 'health_facility',
    healthcenter: 'health_facility',
    hospital: 'health_facility',
    clinic: 'health_facility',
    school: 'school',
    ecole: 'school',
    waterpoint: 'water_point',
    borehole: 'water_point',
    well: 'water_point',
    warehouse: 'warehouse',
    entrepot: 'warehouse',
    distributionpoint: 'distribution_point',
    distributionsite: 'distribution_point',
    office: 'office',
    compound: 'office',
    humanitarianoffice: 'office',
  },
  cluster: {
    campcoordinationandcampmanagement: 'CCCM',
    foodsecurity: 'Food Security',
    food: 'Food Security',
    fsl: 'Food Security',
    watersanitationandhygiene: 'WASH',
    emergencyshelter: 'Shelter',
    sheltersnfi: 'Shelter',
    sheltersnfis: 'Shelter',
    etc: 'Emergency Telecommunications',
  },
  ddrType: {
    cantonmentsite: 'cantonment',
    weaponscollectionpoint: 'weapons_collection',
    weaponcollection: 'weapons_collection',
    demobilisation: 'demobilization',
    demobilizationsite: 'demobilization',
    demobilisationsite: 'demobilization',
    reintegrationcentre: 'reintegration',
    reintegrationcenter: 'reintegration',
  },
  patrolType: { footpatrol: 'foot', dismounted: 'foot', vehicle: 'mounted', motorised: 'mounted', motorized: 'mounted', mountedpatrol: 'mounted', helicopter: 'air', aerial: 'air', airpatrol: 'air', boat: 'river', riverine: 'river', riverpatrol: 'river' },
  timeOfDay: { daytime: 'day', jour: 'day', nuit: 'night', nighttime: 'night' },
  range: { shortrange: 'short', longrange: 'long', srp: 'short', lrp: 'long' },
};

type AnySchema = z.ZodType;

/** Reads a kind's zod schema into the converters the fields need. */
function describeFields(kind: Kind): FieldDesc[] {
  const shape = KIND_FIELDS[kind].shape as Record<string, AnySchema>;
  return Object.entries(shape).map(([name, schema]) => {
    let s: AnySchema = schema;
    let required = true;
    for (;;) {
      const def = s.def as { type: string; innerType?: AnySchema };
      if ((def.type === 'optional' || def.type === 'default') && def.innerType) {
        required = false;
        s = def.innerType;
      } else break;
    }
    const def = s.def as { type: string; checks?: { _zod: { def: { check?: string; format?: string } } }[]; entries?: Record<string, string> };
    let type: FieldType;
    if (s === IsoDateString) type = { t: 'date' };
    else if (def.type === 'enum') {
      const values = Object.values(def.entries ?? {});
      const lookup = new Map<string, string>();
      for (const v of values) lookup.set(enumKey(v), v);
      for (const [alias, v] of Object.entries(ENUM_ALIASES[name] ?? {})) if (!lookup.has(alias)) lookup.set(alias, v);
      type = { t: 'enum', values, lookup };
    } else if (def.type === 'number') {
      const isInt = (def.checks ?? []).some((c) => c._zod.def.format === 'safeint' || c._zod.def.check === 'number_format');
      type = isInt ? { t: 'int' } : { t: 'number' };
    } else if (def.type === 'boolean') type = { t: 'boolean' };
    else type = { t: 'string' };
    return { name, type, required };
  });
}

const FIELD_CACHE = new Map<Kind, FieldDesc[]>();
function fieldsOf(kind: Kind): FieldDesc[] {
  let f = FIELD_CACHE.get(kind);
  if (!f) FIELD_CACHE.set(kind, (f = describeFields(kind)));
  return f;
}

function show(value: unknown): MessageParam {
  if (value === undefined) return msg('value.empty');
  const s = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return `"${s.length > 60 ? s.slice(0, 60) + '…' : s}"`;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function toText(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Converts one source value for a field, remembering text conversions: real files repeat the same
 * dates, types and names thousands of times. Throws ConversionError with the plain reason.
 */
function convertCached(field: FieldDesc, value: unknown, cache: Map<string, PropertyValue | ConversionError>): PropertyValue {
  if (typeof value !== 'string' || field.type.t === 'string') return convert(field, value);
  let hit = cache.get(value);
  if (hit === undefined) {
    try {
      hit = convert(field, value);
    } catch (e) {
      if (!(e instanceof ConversionError)) throw e;
      hit = e;
    }
    if (cache.size < 50_000) cache.set(value, hit);
  }
  if (hit instanceof ConversionError) throw hit;
  return hit;
}

/** Converts one source value for a field; throws ConversionError with the plain reason. */
function convert(field: FieldDesc, value: unknown): PropertyValue {
  const type = field.type;
  switch (type.t) {
    case 'string':
      return toText(value);
    case 'date': {
      const d = toIsoDate(value);
      if (d === null) throw conversion('field.not-a-date', { field: field.name, value: show(value) });
      return d;
    }
    case 'int':
    case 'number': {
      const n = toNumber(value);
      if (n === null) throw conversion('field.not-a-number', { field: field.name, value: show(value) });
      if (type.t === 'int' && !Number.isInteger(n)) throw conversion('field.not-whole', { field: field.name, value: show(value) });
      return n;
    }
    case 'boolean': {
      const b = toBoolean(value);
      if (b === null) throw conversion('field.not-boolean', { field: field.name, value: show(value) });
      return b;
    }
    case 'enum': {
      const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : null;
      const hit = text === null ? undefined : type.lookup.get(enumKey(text));
      if (hit === undefined) {
        throw conversion('field.not-one-of', { field: field.name, value: show(value), values: type.values.join(', ') });
      }
      return hit;
    }
  }
}

/** Plain words for a zod issue on a kind field. */
function issueMessage(issue: z.core.$ZodIssue, values: Record<string, unknown>): Message {
  const field = String(issue.path[0] ?? 'value');
  const value = values[field];
  if (value === undefined && issue.code === 'invalid_value') return msg('field.missing-one-of', { field, values: issue.values.map(String).join(', ') });
  switch (issue.code) {
    case 'invalid_type':
      return value === undefined ? msg('field.missing', { field }) : msg('field.wrong-type', { field, value: show(value) });
    case 'too_small':
      return msg(issue.origin === 'string' ? 'field.too-short' : 'field.too-small', { field, value: show(value), limit: String(issue.minimum) });
    case 'too_big':
      return msg(issue.origin === 'string' ? 'field.too-long' : 'field.too-big', { field, value: show(value), limit: String(issue.maximum) });
    case 'invalid_value':
      return msg('field.not-one-of', { field, value: show(value), values: issue.values.map(String).join(', ') });
    default:
      // zod's own words for an issue we do not word ourselves (a refinement on a kind field).
      return msg('field.other', { field, detail: issue.message });
  }
}

// ---------------------------------------------------------------------------------------------
// Geometry per kind

const SINGLE_OF: Record<string, string> = { MultiPoint: 'Point', MultiLineString: 'LineString', MultiPolygon: 'Polygon' };

/** The geometry the kind accepts, unwrapping a one-part Multi* where the kind needs a single part. */
function geometryForKind(g: Geometry, allowed: readonly string[]): Geometry | null {
  if (allowed.includes(g.type)) return g;
  const single = SINGLE_OF[g.type];
  if (single && allowed.includes(single) && 'coordinates' in g && g.coordinates.length === 1) {
    return { type: single, coordinates: g.coordinates[0] } as Geometry;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------

const COMMON_TARGETS: ReadonlySet<string> = new Set(MAPPABLE_COMMON_FIELDS);
const CLASSIFICATION_BY_KEY = new Map<string, string>(UN_SCHEME.levels.map((l) => [enumKey(l.code), l.code]));

/**
 * An imported classification as a level of the scheme: old values ("UN RESTRICTED") go through
 * the migration first (never downgrading), then spellings are matched; free text stays as it is.
 */
function importedClassification(text: string): string {
  const migrated = migrateClassification(text);
  return CLASSIFICATION_BY_KEY.get(enumKey(migrated)) ?? migrated;
}

/**
 * Normalises features into the kind. Never throws for bad data (only for a bad `now`).
 * Feature numbers in messages are the 0-based positions in `features`.
 */
export function normalizeFeatures(input: NormalizeInput): NormalizeResult {
  const { features, kind, mapping, author, now } = input;
  if (!IsoDateString.safeParse(now).success) throw new Error(`normalizeFeatures: "now" must be an ISO 8601 time, got ${now}`);
  const defaultClassification = input.classification?.trim() ? importedClassification(input.classification.trim()) : undefined;
  const schema = KIND_FIELDS[kind];
  const fields = fieldsOf(kind);
  const fieldByName = new Map(fields.map((f) => [f.name, f]));
  const allowedGeometries = KIND_GEOMETRIES[kind];
  const reserved = reservedFieldNames(kind);

  // Resolve the mapping once: source → kind field / common field; unknown targets are ignored.
  const kindSources: [string, FieldDesc, Map<string, PropertyValue | ConversionError>][] = [];
  const commonSources: [string, string][] = [];
  const badTargets: string[] = [];
  for (const [source, target] of Object.entries(mapping)) {
    const f = fieldByName.get(target);
    if (f) kindSources.push([source, f, new Map()]);
    else if (COMMON_TARGETS.has(target)) commonSources.push([source, target]);
    else badTargets.push(`${source} → ${target}`);
  }
  const mappedSources = new Set(Object.keys(mapping));
  const hasKindFields = fields.length > 0;

  const out: CgFeature[] = [];
  const refused: Problem[] = [];
  const warnings: Problem[] = [];
  if (badTargets.length) {
    warnings.push({ code: 'unknown-target', params: { kind: msg(`kindName.${kind}`), fields: badTargets.join(', ') }, severity: 'warning' });
  }
  let nullGeometries = 0;

  for (let index = 0; index < features.length; index++) {
    const f = features[index] as Feature;
    const src = (f.properties ?? {}) as Record<string, unknown>;
    const refuse = (reason: Message, code = 'invalid-field') => {
      refused.push({ code, params: { reason }, index, severity: 'error' });
    };

    // Geometry.
    let geometry: Geometry | null = f.geometry ?? null;
    if (geometry) {
      const fitted = geometryForKind(geometry, allowedGeometries);
      if (!fitted) {
        refuse(msg('field.wrong-geometry', { kind: msg(`kindName.${kind}`), allowed: allowedGeometries.join(', '), type: geometry.type }), 'wrong-geometry');
        continue;
      }
      geometry = fitted;
    } else {
      nullGeometries++;
    }

    // Kind fields.
    const values: Record<string, unknown> = {};
    let failed = false;
    for (const [source, field, cache] of kindSources) {
      const raw = src[source];
      if (isEmpty(raw)) continue;
      try {
        values[field.name] = convertCached(field, raw, cache);
      } catch (e) {
        if (!(e instanceof ConversionError)) throw e;
        refuse(e.reason);
        failed = true;
        break;
      }
    }
    if (failed) continue;
    let kindValues: Record<string, unknown> = values;
    if (hasKindFields) {
      const parsed = schema.safeParse(values);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        refuse(first ? issueMessage(first, values) : msg('field.invalid'));
        continue;
      }
      kindValues = parsed.data as Record<string, unknown>;
    }

    // Common fields.
    const props: FeatureProperties = {
      ...(defaultClassification ? { classification: defaultClassification } : {}),
      org: author.org,
      createdBy: author.name,
      createdAt: now,
      updatedBy: author.name,
      updatedAt: now,
      version: 1,
    };
    for (const [source, target] of commonSources) {
      const raw = src[source];
      if (isEmpty(raw)) continue;
      let text = toText(raw);
      if (target === 'classification') text = importedClassification(text);
      const max = target === 'name' ? 500 : target === 'classification' ? 100 : 200;
      if (text.length > max) {
        refuse(msg('field.text-too-long', { field: target, length: text.length, max }));
        failed = true;
        break;
      }
      props[target] = text;
    }
    if (failed) continue;
    for (const k in kindValues) {
      const v = kindValues[k];
      if (v !== undefined) props[k] = v as PropertyValue;
    }

    // Unmapped source attributes, renamed when they would shadow one of our fields.
    for (const k in src) {
      if (mappedSources.has(k)) continue;
      const v = src[k] as PropertyValue | undefined;
      if (v === undefined) continue;
      props[reserved.has(k) ? `src_${k}` : k] = v;
    }
    if (f.id !== undefined && f.id !== null) props.sourceId = f.id;

    out.push({ type: 'Feature', id: newId(), geometry, properties: props });
  }

  if (nullGeometries > 0) {
    warnings.push({ code: 'null-geometry', params: { reason: msg('field.null-geometries', { count: nullGeometries }) }, severity: 'warning' });
  }
  return { features: out, refused, warnings };
}
