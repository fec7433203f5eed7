import type { Feature } from 'geojson';
import { COMMON_FIELD_NAMES, type Kind } from './common';
import { KIND_FIELDS } from './kinds';

/**
 * Guessing what an imported layer is and which of its columns feed which of our fields.
 * Matching ignores case, spaces, underscores, hyphens and dots ("Event Type" = "event_type").
 */

/** Common fields a source column may feed; the audit fields are always set by the import. */
export const MAPPABLE_COMMON_FIELDS = ['name', 'org', 'classification', 'releasability'] as const;

/** "Event_Type " → "eventtype". */
export function canonicalName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s_\-.]+/g, '');
}

/**
 * Source column names (canonical form) that feed each target field, best first. The target's own
 * name always matches too. ACLED, UCDP GED, HDX/3W-style and a few French spellings are covered.
 */
const SYNONYMS: Record<string, readonly string[]> = {
  // common
  name: ['name', 'title', 'label', 'nom', 'sitename', 'placename', 'featurename', 'libelle'],
  org: ['org', 'owningorg', 'ownerorg', 'owner'],
  classification: ['classification', 'securityclassification', 'class'],
  releasability: ['releasability', 'releasableto', 'release'],
  // incident
  eventDate: ['eventdate', 'date', 'incidentdate', 'datestart', 'dateofevent', 'occurred', 'occurredat', 'datetime', 'dtg', 'dateevenement'],
  timePrecision: ['timeprecision', 'dateprecision'],
  eventType: ['eventtype', 'incidenttype', 'typeevenement', 'typeofviolence'],
  subEventType: ['subeventtype', 'subtype', 'incidentsubtype', 'soustype'],
  actor1: ['actor1', 'sidea', 'perpetrator', 'acteur1'],
  actor2: ['actor2', 'sideb', 'victim', 'target', 'acteur2'],
  fatalities: ['fatalities', 'deaths', 'killed', 'best', 'fatalitiesbest', 'morts', 'deces', 'tues'],
  description: ['description', 'notes', 'note', 'desc', 'summary', 'details', 'narrative', 'remarks', 'comments'],
  source: ['source', 'sources', 'sourceoriginal', 'reference'],
  sourceReliability: ['sourcereliability', 'reliability', 'fiabilite'],
  infoCredibility: ['infocredibility', 'informationcredibility', 'credibility', 'credibilite'],
  verification: ['verification', 'verificationstatus', 'verified', 'status'],
  geoPrecision: ['geoprecision', 'locationprecision', 'spatialprecision'],
  locationName: ['location', 'locationname', 'place', 'town', 'village', 'locality', 'wheredescription', 'lieu', 'localite'],
  country: ['country', 'countryname', 'pays'],
  admin1: ['admin1', 'adm1', 'admin1name', 'province', 'state', 'region'],
  admin2: ['admin2', 'adm2', 'admin2name', 'district', 'prefecture', 'county'],
  admin3: ['admin3', 'adm3', 'admin3name', 'subdistrict', 'commune', 'subprefecture'],
  // humanitarian
  siteType: ['sitetype', 'facilitytype', 'type', 'typesite', 'category'],
  organisation: ['organisation', 'organization', 'agency', 'partner', 'implementingpartner', 'orgname', 'organisme'],
  cluster: ['cluster', 'sector', 'secteur'],
  population: ['population', 'pop', 'individuals', 'persons', 'people', 'idps', 'refugees', 'beneficiaries'],
  capacity: ['capacity', 'capacite', 'maxcapacity'],
  notified: ['notified', 'notifiedfordeconfliction', 'deconfliction', 'deconflicted', 'hnsnotified'],
  protectionRadiusM: ['protectionradiusm', 'protectionradius', 'radiusm', 'radius', 'bufferm', 'buffer'],
  // ddr
  ddrType: ['ddrtype', 'sitetype', 'type', 'typeddr'],
  combatantsRegistered: ['combatantsregistered', 'combatants', 'registered', 'excombatants', 'registeredcombatants'],
  weaponsCollected: ['weaponscollected', 'weapons', 'armscollected', 'armes'],
  managingEntity: ['managingentity', 'managedby', 'manager', 'entity', 'operator'],
  // patrol
  unit: ['unit', 'unitname', 'contingent', 'battalion', 'unite'],
  patrolType: ['patroltype', 'type', 'typepatrouille', 'mode'],
  timeOfDay: ['timeofday', 'daynight', 'period'],
  range: ['range', 'patrolrange', 'distance'],
  plannedStart: ['plannedstart', 'start', 'startdate', 'starttime', 'debut'],
  plannedEnd: ['plannedend', 'end', 'enddate', 'endtime', 'fin'],
  status: ['status', 'state', 'statut'],
};

/** Target fields a layer of the kind can fill from source columns, in matching priority. */
export function mappableFields(kind: Kind): string[] {
  return [...Object.keys(KIND_FIELDS[kind].shape), ...MAPPABLE_COMMON_FIELDS];
}

/** Every field name the import sets or maps for the kind (common + kind + sourceId). */
export function reservedFieldNames(kind: Kind): Set<string> {
  return new Set<string>([...COMMON_FIELD_NAMES, ...Object.keys(KIND_FIELDS[kind].shape), 'sourceId']);
}

/**
 * Suggested mapping of source column → target field. Each target is used once; exact names win
 * over synonyms, and earlier synonyms over later ones. Columns without a match are left out
 * (they are kept as they are on import).
 */
export function suggestMapping(kind: Kind, propertyNames: readonly string[]): Record<string, string> {
  const byCanonical = new Map<string, string>();
  for (const p of propertyNames) {
    const c = canonicalName(p);
    if (!byCanonical.has(c)) byCanonical.set(c, p);
  }
  const mapping: Record<string, string> = {};
  const usedSources = new Set<string>();
  const targets = mappableFields(kind);
  // Pass 1: a column named exactly like the target; pass 2..n: synonyms by rank.
  const claim = (target: string, canonical: string): boolean => {
    const source = byCanonical.get(canonical);
    if (source === undefined || usedSources.has(source)) return false;
    mapping[source] = target;
    usedSources.add(source);
    return true;
  };
  const done = new Set<string>();
  for (const t of targets) if (claim(t, canonicalName(t))) done.add(t);
  const maxRank = Math.max(...targets.map((t) => SYNONYMS[t]?.length ?? 0));
  for (let rank = 0; rank < maxRank; rank++) {
    for (const t of targets) {
      if (done.has(t)) continue;
      const syn = SYNONYMS[t]?.[rank];
      if (syn !== undefined && claim(t, syn)) done.add(t);
    }
  }
  return mapping;
}

function hasAny(names: Set<string>, wanted: readonly string[]): number {
  let n = 0;
  for (const w of wanted) if (names.has(w)) n++;
  return n;
}

/**
 * The kind a layer most likely is, from its column names and geometry:
 * ACLED-like incident columns → incident; site_type/cluster/population → humanitarian;
 * ddr_type/combatants/weapons → ddr; unit/patrol_type/status on lines or polygons → patrol;
 * otherwise reference.
 */
export function suggestKind(layer: { features: readonly Feature[]; geometryTypes: Record<string, number> }): Kind {
  const names = new Set<string>();
  const sample = Math.min(layer.features.length, 200);
  for (let i = 0; i < sample; i++) {
    const props = layer.features[i]?.properties;
    if (props) for (const k of Object.keys(props)) names.add(canonicalName(k));
  }
  const types = layer.geometryTypes;
  const total = Object.values(types).reduce((a, b) => a + b, 0);
  const count = (ts: string[]) => ts.reduce((a, t) => a + (types[t] ?? 0), 0);
  const points = count(['Point']);
  const linesOrAreas = count(['LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']);

  const incident = hasAny(names, ['eventdate', 'eventtype', 'subeventtype', 'fatalities', 'actor1', 'timeprecision', 'geoprecision']);
  const ddr = hasAny(names, ['ddrtype', 'combatants', 'combatantsregistered', 'weapons', 'weaponscollected']);
  const humanitarian = hasAny(names, ['sitetype', 'cluster', 'population', 'notified', 'protectionradius', 'protectionradiusm']);
  const patrol = hasAny(names, ['unit', 'patroltype', 'plannedstart', 'plannedend', 'timeofday']);

  if (incident >= 2 && points >= total / 2) return 'incident';
  if (ddr >= 1 && (names.has('ddrtype') || ddr >= 2)) return 'ddr';
  if (humanitarian >= 2 || names.has('sitetype')) return 'humanitarian';
  if (patrol >= 1 && (names.has('patroltype') || names.has('unit')) && linesOrAreas > 0 && linesOrAreas >= total / 2) return 'patrol';
  return 'reference';
}
