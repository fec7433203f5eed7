import { featureFilter, type FilterSpecification } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { KINDS, type Kind } from '../../../shared/domain/common';
import {
  boundKey,
  conditionProblems,
  isFiltering,
  parseLayerFilter,
  TimeWindowSchema,
  toMapLibreFilter,
  toPredicate,
  type LayerFilter,
  type TimeWindow,
} from '../../../shared/domain/filters';
import { operationalLayers } from '../../../shared/layers/layer-style';

type Props = Record<string, unknown>;

/** Deterministic pseudo-random numbers (mulberry32), so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

/** A date in November 2026 in each of the shapes stored data takes, plus values that are not dates. */
function someDate(r: () => number): unknown {
  const day = String(1 + Math.floor(r() * 30)).padStart(2, '0');
  const hh = String(Math.floor(r() * 24)).padStart(2, '0');
  const mm = String(Math.floor(r() * 60)).padStart(2, '0');
  return pick(r, [
    `2026-11-${day}`,
    `2026-11-${day}`,
    `2026-11-${day}T${hh}:${mm}:00Z`,
    `2026-11-${day}T${hh}:${mm}:00Z`,
    `2026-11-${day}T${hh}:${mm}Z`,
    `2026-11-${day}T${hh}:${mm}:27.123Z`,
    `2026-11-${day}T${hh}:${mm}`,
    undefined,
    null,
    '',
    20261115,
    'not a date',
  ]);
}

const EVENT_TYPES = ['Battles', 'Riots', 'Protests', 'Violence against civilians', 'Strategic developments'];

function incidentProps(r: () => number): Props {
  const p: Props = {
    eventDate: someDate(r),
    eventType: pick(r, [...EVENT_TYPES, ...EVENT_TYPES, undefined, 3]),
    fatalities: pick(r, [0, 0, 1, 2, 3, 5, 12, '3', null, undefined, 2.5]),
    subEventType: pick(r, ['Attack', 'Armed clash', '', undefined, null]),
    actor1: pick(r, ['FACA', 'ex-Séléka', 'Anti-balaka', '', undefined]),
    description: pick(r, ['Ambush on the MSR', 'armed AMBUSH near Bria', 'Looting of market', undefined, 42, ['ambush']]),
    verification: pick(r, ['unverified', 'verified', 'discounted', undefined]),
  };
  for (const k of Object.keys(p)) if (p[k] === undefined) delete p[k];
  return p;
}

function patrolProps(r: () => number): Props {
  const p: Props = {
    unit: pick(r, ['BANBAT-1', 'PAKBAT', 'RWABAT-3']),
    status: pick(r, ['draft', 'approved', 'active', undefined]),
    plannedStart: someDate(r),
    plannedEnd: someDate(r),
  };
  for (const k of Object.keys(p)) if (p[k] === undefined) delete p[k];
  return p;
}

function humanitarianProps(r: () => number): Props {
  return {
    siteType: pick(r, ['idp_site', 'school', 'health_facility']),
    notified: pick(r, [true, false, 'true', null]),
    population: pick(r, [0, 500, 1500, 25_000, '1500', null]),
  };
}

const generators: Record<'incident' | 'patrol' | 'humanitarian', (r: () => number) => Props> = {
  incident: incidentProps,
  patrol: patrolProps,
  humanitarian: humanitarianProps,
};

function features(kind: keyof typeof generators, n = 200, seed = 7): Props[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => generators[kind](r));
}

/** What MapLibre itself decides for each feature, through the style spec's own evaluator. */
function mapDecides(filter: FilterSpecification | null, props: Props[]): boolean[] {
  if (filter === null) return props.map(() => true);
  const f = featureFilter(filter, 'filter');
  return props.map((p) => f.filter({ zoom: 10 }, { type: 1, properties: p }));
}

interface Case {
  name: string;
  kind: keyof typeof generators;
  filter: LayerFilter;
  window: TimeWindow;
}

const WEEK: TimeWindow = { start: '2026-11-10T06:00:00.000Z', end: '2026-11-17T06:00:00.000Z' };

const CASES: Case[] = [
  {
    name: 'violence against civilians with fatalities',
    kind: 'incident',
    filter: { conditions: [{ field: 'eventType', op: 'eq', value: 'Violence against civilians' }, { field: 'fatalities', op: 'gt', value: 0 }] },
    window: null,
  },
  { name: 'event type in a list', kind: 'incident', filter: { conditions: [{ field: 'eventType', op: 'in', value: ['Battles', 'Riots', 'Battles'] }] }, window: null },
  { name: 'event type not protests', kind: 'incident', filter: { conditions: [{ field: 'eventType', op: 'neq', value: 'Protests' }] }, window: null },
  { name: 'fatalities ≥ 3', kind: 'incident', filter: { conditions: [{ field: 'fatalities', op: 'gte', value: 3 }] }, window: null },
  { name: 'fatalities ≤ 0 and = 2 never both', kind: 'incident', filter: { conditions: [{ field: 'fatalities', op: 'lte', value: 0 }] }, window: null },
  { name: 'fatalities ≠ 3 (a numeric string is not 3)', kind: 'incident', filter: { conditions: [{ field: 'fatalities', op: 'neq', value: 3 }] }, window: null },
  { name: 'fatalities = 2', kind: 'incident', filter: { conditions: [{ field: 'fatalities', op: 'eq', value: 2 }] }, window: null },
  { name: 'fatalities < 2.5', kind: 'incident', filter: { conditions: [{ field: 'fatalities', op: 'lt', value: 2.5 }] }, window: null },
  { name: 'description contains, any case', kind: 'incident', filter: { conditions: [{ field: 'description', op: 'contains', value: 'AmBuSh' }] }, window: null },
  {
    name: 'sub-type empty, actor present',
    kind: 'incident',
    filter: { conditions: [{ field: 'subEventType', op: 'isEmpty' }, { field: 'actor1', op: 'notEmpty' }] },
    window: null,
  },
  {
    name: 'event date from a day to a time',
    kind: 'incident',
    filter: { conditions: [{ field: 'eventDate', op: 'gte', value: '2026-11-10' }, { field: 'eventDate', op: 'lt', value: '2026-11-15T12:00:00Z' }] },
    window: null,
  },
  {
    name: 'event date strictly after a day, up to a day',
    kind: 'incident',
    filter: { conditions: [{ field: 'eventDate', op: 'gt', value: '2026-11-20' }, { field: 'eventDate', op: 'lte', value: '2026-11-25' }] },
    window: null,
  },
  { name: 'time window alone', kind: 'incident', filter: { conditions: [] }, window: WEEK },
  {
    name: 'time window with conditions',
    kind: 'incident',
    filter: { conditions: [{ field: 'fatalities', op: 'gt', value: 0 }, { field: 'verification', op: 'neq', value: 'discounted' }] },
    window: { start: '2026-11-03T14:30:00Z', end: '2026-11-04T14:30:00Z' },
  },
  { name: 'time window of bare days', kind: 'incident', filter: { conditions: [] }, window: { start: '2026-11-05', end: '2026-11-06' } },
  { name: 'patrol span overlaps window', kind: 'patrol', filter: { conditions: [] }, window: WEEK },
  {
    name: 'patrol status and window',
    kind: 'patrol',
    filter: { conditions: [{ field: 'status', op: 'in', value: ['approved', 'active'] }] },
    window: { start: '2026-11-20T00:00:00Z', end: '2026-11-20T23:59:00Z' },
  },
  {
    name: 'humanitarian notified with population',
    kind: 'humanitarian',
    filter: { conditions: [{ field: 'notified', op: 'eq', value: true }, { field: 'population', op: 'gt', value: 1000 }] },
    window: WEEK,
  },
  { name: 'humanitarian not notified', kind: 'humanitarian', filter: { conditions: [{ field: 'notified', op: 'neq', value: true }] }, window: null },
  {
    name: 'invalid conditions are left out of both',
    kind: 'incident',
    filter: { conditions: [{ field: 'nope', op: 'eq', value: 1 }, { field: 'fatalities', op: 'gt', value: 'many' }, { field: 'fatalities', op: 'gt', value: 1 }] },
    window: null,
  },
];

describe('toMapLibreFilter and toPredicate agree', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const props = features(c.kind);
      const map = mapDecides(toMapLibreFilter(c.kind, c.filter, c.window), props);
      const predicate = toPredicate(c.kind, c.filter, c.window);
      const js = props.map((p) => predicate(p));
      const disagreements = props.flatMap((p, i) => (map[i] === js[i] ? [] : [{ props: p, map: map[i], js: js[i] }]));
      expect(disagreements).toEqual([]);
      // A filter that keeps all or none of the features would prove little.
      const kept = js.filter(Boolean).length;
      expect(kept, 'features kept').toBeGreaterThan(0);
      expect(kept, 'features kept').toBeLessThan(props.length);
    });
  }

  it('keeps exactly the expected incidents of a hand-written set', () => {
    const filter: LayerFilter = { conditions: [{ field: 'eventType', op: 'eq', value: 'Violence against civilians' }, { field: 'fatalities', op: 'gt', value: 0 }] };
    const window: TimeWindow = { start: '2026-11-21T14:30:00Z', end: '2026-11-22T14:30:00Z' };
    const vac = 'Violence against civilians';
    const props: Props[] = [
      { eventType: vac, fatalities: 2, eventDate: '2026-11-22T14:30:00Z' }, // at the end: in
      { eventType: vac, fatalities: 2, eventDate: '2026-11-22T14:31:00Z' }, // a minute late: out
      { eventType: vac, fatalities: 2, eventDate: '2026-11-21T14:29:59Z' }, // a minute early: out
      { eventType: vac, fatalities: 2, eventDate: '2026-11-21' }, // the day overlaps: in
      { eventType: vac, fatalities: 2, eventDate: '2026-11-20' }, // the day before: out
      { eventType: vac, fatalities: 0, eventDate: '2026-11-22' }, // no fatalities: out
      { eventType: 'Battles', fatalities: 5, eventDate: '2026-11-22' }, // other type: out
      { eventType: vac, fatalities: '5', eventDate: '2026-11-22' }, // a numeric string is not a number: out
      { eventType: vac, fatalities: 1 }, // no date: out
    ];
    const expected = [true, false, false, true, false, false, false, false, false];
    expect(props.map(toPredicate('incident', filter, window))).toEqual(expected);
    expect(mapDecides(toMapLibreFilter('incident', filter, window), props)).toEqual(expected);
  });

  it('places a patrol by its planned span; open-ended sides stay open, undated patrols are out', () => {
    const window: TimeWindow = { start: '2026-11-10T00:00:00Z', end: '2026-11-12T00:00:00Z' };
    const props: Props[] = [
      { plannedStart: '2026-11-01', plannedEnd: '2026-11-30' }, // spans the window
      { plannedStart: '2026-11-12T00:00Z', plannedEnd: '2026-11-13' }, // starts as it ends
      { plannedStart: '2026-11-12T00:01Z', plannedEnd: '2026-11-13' }, // starts after
      { plannedStart: '2026-11-01', plannedEnd: '2026-11-09' }, // ended before
      { plannedEnd: '2026-11-10' }, // no start, ends on the first day
      { plannedStart: '2026-11-05' }, // no end
      {}, // undated
    ];
    const expected = [true, true, false, false, true, true, false];
    expect(props.map(toPredicate('patrol', { conditions: [] }, window))).toEqual(expected);
    expect(mapDecides(toMapLibreFilter('patrol', { conditions: [] }, window), props)).toEqual(expected);
  });

  it('returns null (no filter) when nothing filters, and ignores a window for kinds without dates', () => {
    expect(toMapLibreFilter('incident', { conditions: [] }, null)).toBeNull();
    expect(toMapLibreFilter('humanitarian', { conditions: [] }, WEEK)).toBeNull();
    expect(toMapLibreFilter('reference', undefined, WEEK)).toBeNull();
    expect(isFiltering('ddr', { conditions: [] }, WEEK)).toBe(false);
    expect(isFiltering('incident', { conditions: [] }, WEEK)).toBe(true);
    expect(toPredicate('incident', null, null)({})).toBe(true);
  });

  it('combines with the filter of every style layer of every kind as ["all", layer filter, ours]', () => {
    for (const kind of KINDS) {
      const ours = toMapLibreFilter(kind, { conditions: [{ field: 'name', op: 'contains', value: 'a' }] }, WEEK);
      expect(ours).not.toBeNull();
      for (const spec of operationalLayers({ id: 'L', kind, visible: true, opacity: 1 })) {
        const base = 'filter' in spec ? spec.filter : undefined;
        const combined = (base ? ['all', base, ours] : ours) as FilterSpecification;
        expect(() => featureFilter(combined, `layers.${spec.id}.filter`), `${kind} ${spec.id}`).not.toThrow();
      }
    }
  });
});

describe('filter validation against the kind', () => {
  const bad = (kind: Kind, input: unknown): string[] => {
    const r = parseLayerFilter(kind, input);
    return r.ok ? [] : r.issues.map((i) => `${i.index ?? '-'}: ${i.message}`);
  };

  it('accepts good filters', () => {
    const f: LayerFilter = {
      conditions: [
        { field: 'eventType', op: 'eq', value: 'Violence against civilians' },
        { field: 'fatalities', op: 'gt', value: 0 },
        { field: 'verification', op: 'in', value: ['verified', 'unverified'] },
        { field: 'eventDate', op: 'gte', value: '2026-11-01' },
        { field: 'subEventType', op: 'isEmpty' },
        { field: 'name', op: 'contains', value: 'Bria' },
      ],
    };
    expect(parseLayerFilter('incident', f)).toEqual({ ok: true, filter: f });
    expect(bad('humanitarian', { conditions: [{ field: 'notified', op: 'eq', value: true }] })).toEqual([]);
  });

  it('refuses unknown fields, wrong operators and wrong values, saying which and why', () => {
    expect(bad('incident', { conditions: [{ field: 'colour', op: 'eq', value: 'red' }] })).toEqual(['0: unknown field "colour"']);
    expect(bad('incident', { conditions: [{ field: 'eventType', op: 'gt', value: 'Battles' }] })).toEqual([
      '0: operator "gt" does not apply to enum field "eventType"',
    ]);
    expect(bad('incident', { conditions: [{ field: 'fatalities', op: 'contains', value: '1' }] })).toEqual([
      '0: operator "contains" does not apply to integer field "fatalities"',
    ]);
    expect(bad('incident', { conditions: [{ field: 'eventType', op: 'eq', value: 'Skirmish' }] })[0]).toMatch(/^0: "eventType": "Skirmish" is not one of Battles, /);
    expect(bad('incident', { conditions: [{ field: 'eventType', op: 'in', value: ['Battles', 'Skirmish'] }] })[0]).toMatch(/^0: "eventType": "Skirmish" not among/);
    expect(bad('incident', { conditions: [{ field: 'eventType', op: 'in', value: [] }] })).toEqual(['0: "eventType" in needs a non-empty list of values']);
    expect(bad('incident', { conditions: [{ field: 'name', op: 'eq' }, { field: 'fatalities', op: 'gt', value: '3' }] })).toEqual([
      '0: "name" eq needs a value',
      '1: "fatalities" gt needs a number, got "3"',
    ]);
    expect(bad('incident', { conditions: [{ field: 'actor1', op: 'isEmpty', value: 'x' }] })).toEqual(['0: operator "isEmpty" takes no value']);
    expect(bad('incident', { conditions: [{ field: 'eventDate', op: 'gte', value: '22/11/2026' }] })).toEqual([
      '0: "eventDate" gte needs an ISO 8601 date such as 2026-11-22, got "22/11/2026"',
    ]);
    expect(bad('humanitarian', { conditions: [{ field: 'notified', op: 'eq', value: 'yes' }] })).toEqual(['0: "notified" eq needs true or false']);
    // A field of another kind is unknown here.
    expect(bad('ddr', { conditions: [{ field: 'fatalities', op: 'gt', value: 0 }] })).toEqual(['0: unknown field "fatalities"']);
  });

  it('refuses malformed shapes', () => {
    expect(bad('incident', { conditions: [{ field: 'eventType', op: 'like', value: 'x' }] }).length).toBe(1);
    expect(bad('incident', { conditions: 'all' }).length).toBe(1);
    expect(bad('incident', null).length).toBe(1);
  });

  it('reports problems per condition for the editor', () => {
    expect(conditionProblems('incident', { conditions: [{ field: 'fatalities', op: 'gt', value: 1 }, { field: 'fatalities', op: 'gt' }] })).toEqual([
      null,
      '"fatalities" gt needs a value',
    ]);
  });

  it('validates windows', () => {
    expect(TimeWindowSchema.safeParse(null).success).toBe(true);
    expect(TimeWindowSchema.safeParse(WEEK).success).toBe(true);
    const reversed = TimeWindowSchema.safeParse({ start: '2026-11-12T00:00:00Z', end: '2026-11-10T00:00:00Z' });
    expect(reversed.success).toBe(false);
    expect(reversed.error?.issues[0]?.message).toBe('window must not end before it starts');
    expect(TimeWindowSchema.safeParse({ start: 'yesterday', end: '2026-11-10' }).success).toBe(false);
  });

  it('normalises bounds to UTC minutes; bare days to their first or last minute', () => {
    expect(boundKey('2026-11-22', 'start')).toBe('2026-11-22T00:00');
    expect(boundKey('2026-11-22', 'end')).toBe('2026-11-22T23:59');
    expect(boundKey('2026-11-22T14:30:45.123Z', 'start')).toBe('2026-11-22T14:30');
    expect(boundKey('2026-11-22T16:30+02:00', 'start')).toBe('2026-11-22T14:30');
    expect(boundKey('2026-11-22T16:30+0200', 'start')).toBe('2026-11-22T14:30');
    expect(boundKey('2026-11-22T14:30', 'start')).toBe('2026-11-22T14:30'); // no zone: UTC, not local
    expect(boundKey('2026-13-45', 'start')).toBeNull();
  });
});
