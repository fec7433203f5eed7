import { z } from 'zod';
import { IsoDateString, type Kind } from './common';
import type { FeatureProperties } from './feature';

/** ACLED event types and sub-types: the de facto taxonomy of incident databases. */
export const ACLED_TAXONOMY = {
  Battles: ['Armed clash', 'Government regains territory', 'Non-state actor overtakes territory'],
  'Explosions/Remote violence': [
    'Chemical weapon',
    'Air/drone strike',
    'Suicide bomb',
    'Shelling/artillery/missile attack',
    'Remote explosive/landmine/IED',
    'Grenade',
  ],
  'Violence against civilians': ['Sexual violence', 'Attack', 'Abduction/forced disappearance'],
  Protests: ['Peaceful protest', 'Protest with intervention', 'Excessive force against protesters'],
  Riots: ['Violent demonstration', 'Mob violence'],
  'Strategic developments': [
    'Agreement',
    'Arrests',
    'Change to group/activity',
    'Disrupted weapons use',
    'Headquarters or base established',
    'Looting/property destruction',
    'Non-violent transfer of territory',
    'Other',
  ],
} as const;
export const EVENT_TYPES = Object.keys(ACLED_TAXONOMY) as (keyof typeof ACLED_TAXONOMY)[];
export const SUB_EVENT_TYPES = Object.values(ACLED_TAXONOMY).flat();

export const TIME_PRECISIONS = ['day', 'week', 'month', 'year'] as const;
export const SOURCE_RELIABILITY = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export const INFO_CREDIBILITY = ['1', '2', '3', '4', '5', '6'] as const;
export const VERIFICATION = ['unverified', 'verified', 'discounted'] as const;

export const IncidentFieldsSchema = z.object({
  eventDate: IsoDateString,
  timePrecision: z.enum(TIME_PRECISIONS).default('day'),
  eventType: z.enum(EVENT_TYPES as [string, ...string[]]),
  subEventType: z.enum(SUB_EVENT_TYPES as [string, ...string[]]).optional(),
  actor1: z.string().max(300).optional(),
  actor2: z.string().max(300).optional(),
  fatalities: z.number().int().min(0).default(0),
  description: z.string().max(20_000).optional(),
  source: z.string().max(1000).optional(),
  sourceReliability: z.enum(SOURCE_RELIABILITY).optional(),
  infoCredibility: z.enum(INFO_CREDIBILITY).optional(),
  verification: z.enum(VERIFICATION).default('unverified'),
  /** 1 = exact location, 2 = near/district, 3 = province-level (ACLED geo_precision). */
  geoPrecision: z.number().int().min(1).max(3).optional(),
  locationName: z.string().max(300).optional(),
  country: z.string().max(100).optional(),
  admin1: z.string().max(200).optional(),
  admin2: z.string().max(200).optional(),
  admin3: z.string().max(200).optional(),
});

export const SITE_TYPES = [
  'idp_site',
  'refugee_camp',
  'health_facility',
  'school',
  'water_point',
  'warehouse',
  'distribution_point',
  'office',
] as const;
export const CLUSTERS = [
  'CCCM',
  'Education',
  'Food Security',
  'Health',
  'Logistics',
  'Nutrition',
  'Protection',
  'Shelter',
  'WASH',
  'Early Recovery',
  'Emergency Telecommunications',
] as const;

export const HumanitarianFieldsSchema = z.object({
  siteType: z.enum(SITE_TYPES),
  organisation: z.string().max(300).optional(),
  cluster: z.enum(CLUSTERS).optional(),
  population: z.number().int().min(0).optional(),
  capacity: z.number().int().min(0).optional(),
  notified: z.boolean().default(false),
  /** Protection radius in metres around a site notified for deconfliction. */
  protectionRadiusM: z.number().min(0).max(100_000).optional(),
});

export const DDR_TYPES = ['cantonment', 'weapons_collection', 'demobilization', 'reintegration'] as const;
export const DDR_STATUS = ['planned', 'open', 'suspended', 'closed'] as const;

export const DdrFieldsSchema = z.object({
  ddrType: z.enum(DDR_TYPES),
  status: z.enum(DDR_STATUS).default('planned'),
  capacity: z.number().int().min(0).optional(),
  combatantsRegistered: z.number().int().min(0).optional(),
  weaponsCollected: z.number().int().min(0).optional(),
  managingEntity: z.string().max(300).optional(),
});

export const PATROL_TYPES = ['foot', 'mounted', 'air', 'river'] as const;
export const PATROL_TIMES = ['day', 'night'] as const;
export const PATROL_RANGES = ['short', 'long'] as const;
export const PATROL_STATUS = ['draft', 'approved', 'active', 'completed', 'cancelled'] as const;

export const PatrolFieldsSchema = z.object({
  unit: z.string().min(1).max(200),
  patrolType: z.enum(PATROL_TYPES).default('foot'),
  timeOfDay: z.enum(PATROL_TIMES).default('day'),
  range: z.enum(PATROL_RANGES).default('short'),
  plannedStart: IsoDateString.optional(),
  plannedEnd: IsoDateString.optional(),
  status: z.enum(PATROL_STATUS).default('draft'),
});

/** Reference layers (admin boundaries, gazetteers, imported context) carry no required fields. */
export const ReferenceFieldsSchema = z.object({});

export const KIND_FIELDS = {
  incident: IncidentFieldsSchema,
  humanitarian: HumanitarianFieldsSchema,
  ddr: DdrFieldsSchema,
  patrol: PatrolFieldsSchema,
  reference: ReferenceFieldsSchema,
} as const satisfies Record<Kind, z.ZodObject>;

/**
 * Fields a data package may leave out when the sender asks for it (shared/package), per kind:
 * people's contact details, population and beneficiary figures, the counts a DDR programme keeps
 * to itself, and an incident's source (source protection). Imported attributes under the listed
 * names count too, which is why contact fields that no kind defines are listed.
 */
const CONTACT_FIELDS = ['contactPerson', 'contactName', 'contactPhone', 'contactEmail', 'focalPoint'] as const;
export const KIND_SENSITIVE_FIELDS: Readonly<Record<Kind, readonly string[]>> = {
  incident: ['source', ...CONTACT_FIELDS],
  humanitarian: ['population', 'capacity', ...CONTACT_FIELDS],
  ddr: ['combatantsRegistered', 'weaponsCollected', ...CONTACT_FIELDS],
  patrol: [...CONTACT_FIELDS],
  reference: [...CONTACT_FIELDS],
};

/** The values a kind's fields take when nothing was given (e.g. a drawn patrol is a draft). */
export function kindDefaults(kind: Kind): FeatureProperties {
  return KIND_FIELDS[kind].partial().parse({}) as FeatureProperties;
}

export type IncidentFields = z.infer<typeof IncidentFieldsSchema>;
export type HumanitarianFields = z.infer<typeof HumanitarianFieldsSchema>;
export type DdrFields = z.infer<typeof DdrFieldsSchema>;
export type PatrolFields = z.infer<typeof PatrolFieldsSchema>;

/** Geometry types each kind accepts; a patrol is an area (polygon) or a route (line). */
export const KIND_GEOMETRIES: Record<Kind, readonly string[]> = {
  incident: ['Point'],
  humanitarian: ['Point', 'Polygon', 'MultiPolygon'],
  ddr: ['Point', 'Polygon'],
  patrol: ['Polygon', 'MultiPolygon', 'LineString', 'MultiLineString'],
  reference: ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection'],
};
