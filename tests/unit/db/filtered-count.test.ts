import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { FeatureStore } from '../../../renderer/db/feature-store';
import { CHUNK_SIZE } from '../../../renderer/db/chunks';
import type { FilterQuery } from '../../../renderer/db/filtered-count';
import { toPredicate } from '../../../shared/domain/filters';
import { changeset, createLayerChangeset, edited, freshDbName, incident, layer, openProbed } from './fixtures';

const open: FeatureStore[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

/** Incidents over the first 20 days of November 2026, types and fatalities cycling. */
function dated(from: number, count: number) {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const day = String(1 + (i % 20)).padStart(2, '0');
    return incident(i, { eventDate: i % 3 === 0 ? `2026-11-${day}` : `2026-11-${day}T${String(i % 24).padStart(2, '0')}:15:00Z` });
  });
}

const VAC_WITH_DEATHS: FilterQuery = {
  kind: 'incident',
  filter: { conditions: [{ field: 'eventType', op: 'eq', value: 'Violence against civilians' }, { field: 'fatalities', op: 'gt', value: 0 }] },
  window: null,
};
const FIRST_WEEK: FilterQuery = { kind: 'incident', filter: null, window: { start: '2026-11-01T00:00:00Z', end: '2026-11-07T12:00:00Z' } };

describe('FeatureStore.countFiltered', () => {
  it('counts the features passing a filter and a window, as the shared predicate decides', async () => {
    const s = await FeatureStore.open(freshDbName());
    open.push(s);
    const features = dated(0, CHUNK_SIZE + 300); // more than one chunk
    await s.apply(createLayerChangeset(layer('inc'), features));

    const expected = (q: FilterQuery) => features.filter((f) => toPredicate(q.kind, q.filter, q.window)(f.properties)).length;
    const both: FilterQuery = { ...VAC_WITH_DEATHS, window: FIRST_WEEK.window };

    expect(await s.countFiltered('inc', { kind: 'incident', filter: null, window: null })).toBe(features.length);
    expect(await s.countFiltered('inc', VAC_WITH_DEATHS)).toBe(expected(VAC_WITH_DEATHS));
    expect(await s.countFiltered('inc', FIRST_WEEK)).toBe(expected(FIRST_WEEK));
    expect(await s.countFiltered('inc', both)).toBe(expected(both));
    // Not vacuous: each keeps some and drops some, and together fewer than either.
    for (const q of [VAC_WITH_DEATHS, FIRST_WEEK, both]) {
      expect(expected(q)).toBeGreaterThan(0);
      expect(expected(q)).toBeLessThan(features.length);
    }
    expect(expected(both)).toBeLessThan(Math.min(expected(VAC_WITH_DEATHS), expected(FIRST_WEEK)));
    // Hand count of the fixture: every 4th incident is violence against civilians (i % 4 === 3),
    // and fatalities are i % 7, zero when i % 7 === 0.
    const hand = features.filter((_, i) => i % 4 === 3 && i % 7 !== 0).length;
    expect(await s.countFiltered('inc', VAC_WITH_DEATHS)).toBe(hand);
  });

  it('follows edits and undo, and answers 0 for a missing layer', async () => {
    const s = await FeatureStore.open(freshDbName());
    open.push(s);
    const features = dated(0, 40);
    await s.apply(createLayerChangeset(layer('inc'), features));
    const before = await s.countFiltered('inc', VAC_WITH_DEATHS);

    const target = features.find((f) => f.properties.eventType === 'Battles') as (typeof features)[number];
    await s.apply(changeset('Reclassify', [{ op: 'putFeatures', layerId: 'inc', features: [edited(target, { eventType: 'Violence against civilians', fatalities: 4 })] }]));
    expect(await s.countFiltered('inc', VAC_WITH_DEATHS)).toBe(before + 1);

    await s.undo({ name: 'x', org: 'y' });
    expect(await s.countFiltered('inc', VAC_WITH_DEATHS)).toBe(before);
    expect(await s.countFiltered('missing', VAC_WITH_DEATHS)).toBe(0);
  });

  it('ignores the window for kinds without dates', async () => {
    const s = await FeatureStore.open(freshDbName());
    open.push(s);
    await s.apply(createLayerChangeset(layer('inc'), dated(0, 10)));
    // The layer holds incidents, but counted as a humanitarian layer no field or window applies.
    expect(await s.countFiltered('inc', { kind: 'humanitarian', filter: null, window: FIRST_WEEK.window })).toBe(10);
  });

  it('recounts from the parsed-layer cache without reading chunks again', async () => {
    const { store: s, probe } = await openProbed(freshDbName());
    open.push(s);
    await s.apply(createLayerChangeset(layer('inc'), dated(0, 500)));
    await s.countFiltered('inc', VAC_WITH_DEATHS);
    probe.reset();
    for (let day = 1; day <= 5; day++) {
      await s.countFiltered('inc', { kind: 'incident', filter: null, window: { start: `2026-11-0${day}T00:00:00Z`, end: `2026-11-0${day + 2}T00:00:00Z` } });
    }
    expect(probe.reads['chunks'] ?? 0).toBe(0);
  });
});
