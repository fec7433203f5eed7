import { drawTarget, fitsTarget } from '../../../shared/domain/draw-targets';
import { describe, expect, it } from 'vitest';
import { invertOps, type Op, type StateReader } from '../../../shared/domain/changeset';
import {
  createFeatureChangeset,
  geometryUpdateChangeset,
  mergeFeaturesChangeset,
  newDrawnFeature,
  splitLineChangeset,
} from '../../../shared/domain/edits';
import type { Author, CgFeature } from '../../../shared/domain/feature';
import type { Layer } from '../../../shared/domain/layer';
import { inEnglish, said } from '../english';

const PLANNER: Author = { name: 'Maj. Diallo', org: 'MINUSCA U5' };
const NOW = '2026-11-22T08:00:00Z';
const LATER = '2026-11-22T09:00:00Z';

/** A tiny in-memory store: enough to apply ops and check that their inverse restores the state. */
class Memory implements StateReader {
  layers = new Map<string, Layer>();
  features = new Map<string, Map<string, CgFeature>>();
  getLayer(id: string) {
    return this.layers.get(id);
  }
  getFeature(layerId: string, id: string) {
    return this.features.get(layerId)?.get(id);
  }
  getLayerFeatures(layerId: string) {
    return [...(this.features.get(layerId)?.values() ?? [])];
  }
  apply(ops: Op[]): Op[] {
    const inverse = invertOps(ops, this);
    for (const op of ops) {
      if (op.op === 'putLayer') this.layers.set(op.layer.id, op.layer);
      else if (op.op === 'deleteLayer') {
        this.layers.delete(op.layerId);
        this.features.delete(op.layerId);
      } else if (op.op === 'putFeatures') {
        const m = this.features.get(op.layerId) ?? new Map<string, CgFeature>();
        for (const f of op.features) m.set(f.id, f);
        this.features.set(op.layerId, m);
      } else if (op.op === 'deleteFeatures') for (const id of op.ids) this.features.get(op.layerId)?.delete(id);
    }
    return inverse;
  }
  snapshot() {
    return JSON.stringify([...this.features].map(([l, m]) => [l, [...m.values()].sort((a, b) => a.id.localeCompare(b.id))]));
  }
}

function route(id: string, coords: number[][], name = id): CgFeature {
  return {
    type: 'Feature',
    id,
    geometry: { type: 'LineString', coordinates: coords },
    properties: { name, unit: '1 Coy', status: 'draft', createdBy: 'x', createdAt: NOW, updatedBy: 'x', updatedAt: NOW, version: 3 },
  };
}

function area(id: string, ring: number[][]): CgFeature {
  return { ...route(id, []), geometry: { type: 'Polygon', coordinates: [ring] } };
}

function seeded(...features: CgFeature[]): Memory {
  const m = new Memory();
  m.apply([{ op: 'putFeatures', layerId: 'patrols', features }]);
  return m;
}

/** Applies the changeset, then its inverse, and checks both ends. */
function roundTrip(m: Memory, ops: Op[]): void {
  const before = m.snapshot();
  const inverse = m.apply(ops);
  expect(m.snapshot()).not.toBe(before);
  m.apply(inverse);
  expect(m.snapshot()).toBe(before);
}

describe('new drawn features', () => {
  it('carry the author, the time, version 1 and the author organisation unless the form set one', () => {
    const f = newDrawnFeature({ type: 'Point', coordinates: [18.55, 4.36] }, { name: 'CP Bangui north', unset: undefined }, PLANNER, NOW);
    expect(f.properties).toEqual({
      name: 'CP Bangui north',
      org: 'MINUSCA U5',
      createdBy: 'Maj. Diallo',
      createdAt: NOW,
      updatedBy: 'Maj. Diallo',
      updatedAt: NOW,
      version: 1,
    });
    expect(newDrawnFeature(null as never, { org: 'OCHA' }, PLANNER, NOW).properties.org).toBe('OCHA');
  });

  it('is created in one changeset whose inverse removes it', () => {
    const m = seeded(route('r1', [[0, 0], [1, 0]]));
    const f = newDrawnFeature({ type: 'LineString', coordinates: [[2, 2], [3, 3]] }, { name: 'Route B', unit: '2 Coy' }, PLANNER, NOW);
    const cs = createFeatureChangeset('patrols', f, PLANNER, NOW);
    expect(said(cs)).toBe('Draw Route B');
    expect(cs.by).toEqual(PLANNER);
    roundTrip(m, cs.ops);
  });
});

describe('geometry updates', () => {
  it('replace the shape only, bump the version and record who changed it; the inverse restores it', () => {
    const r = route('r1', [[0, 0], [1, 0], [2, 0]]);
    const m = seeded(r);
    const cs = geometryUpdateChangeset('patrols', r, { type: 'LineString', coordinates: [[0, 0], [1, 0.5], [2, 0]] }, PLANNER, LATER);
    const put = cs.ops[0];
    expect(put?.op === 'putFeatures' && put.features[0]?.properties).toMatchObject({ name: 'r1', unit: '1 Coy', version: 4, updatedBy: 'Maj. Diallo', updatedAt: LATER, createdBy: 'x' });
    expect(said(cs)).toBe('Reshape r1');
    roundTrip(m, cs.ops);
  });
});

describe('splitting a line', () => {
  it('at the point of the line nearest the click: the feature keeps the first part, a copy takes the rest', () => {
    const r = route('r1', [[0, 0], [1, 0], [2, 0]], 'Route A');
    const m = seeded(r);
    const result = splitLineChangeset('patrols', r, [1.5, 0.001], PLANNER, LATER);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const put = result.changeset.ops[0];
    if (put?.op !== 'putFeatures') throw new Error('expected putFeatures');
    const [head, tail] = put.features;
    expect(head?.id).toBe('r1');
    const headCoords = (head?.geometry as { coordinates: number[][] }).coordinates;
    const tailCoords = (tail?.geometry as { coordinates: number[][] }).coordinates;
    expect(headCoords.length).toBe(3);
    expect(headCoords[2]?.[0]).toBeCloseTo(1.5, 3);
    expect(tailCoords[0]).toEqual(headCoords[2]);
    expect(tailCoords[1]).toEqual([2, 0]);
    expect(tail?.properties).toMatchObject({ name: 'Route A (2)', unit: '1 Coy', version: 1, createdBy: 'Maj. Diallo' });
    expect(tail?.id).not.toBe('r1');
    roundTrip(m, result.changeset.ops);
  });

  it('refuses a point at an end, and shapes other than a single line', () => {
    const r = route('r1', [[0, 0], [1, 0]]);
    const end = splitLineChangeset('patrols', r, [1.2, 0], PLANNER, LATER);
    expect(!end.ok && inEnglish(end.error)).toMatch(/at an end of the line/);
    const poly = splitLineChangeset('patrols', area('a1', [[0, 0], [1, 0], [1, 1], [0, 0]]), [0.5, 0], PLANNER, LATER);
    expect(!poly.ok && inEnglish(poly.error)).toMatch(/only a single line/i);
  });
});

describe('merging', () => {
  it('joins two lines that meet end to end into one line (reversing one if needed)', () => {
    const a = route('a', [[0, 0], [1, 0]]);
    const b = route('b', [[2, 0], [1, 0]]);
    const m = seeded(a, b);
    const r = mergeFeaturesChangeset('patrols', a, b, PLANNER, LATER);
    if (!r.ok) throw new Error(inEnglish(r.error));
    const put = r.changeset.ops[0];
    expect(put?.op === 'putFeatures' && put.features[0]?.geometry).toEqual({ type: 'LineString', coordinates: [[0, 0], [1, 0], [2, 0]] });
    expect(r.changeset.ops[1]).toEqual({ op: 'deleteFeatures', layerId: 'patrols', ids: ['b'] });
    roundTrip(m, r.changeset.ops);
  });

  it('keeps two separate lines as a MultiLineString', () => {
    const r = mergeFeaturesChangeset('patrols', route('a', [[0, 0], [1, 0]]), route('b', [[5, 5], [6, 6]]), PLANNER, LATER);
    const put = r.ok ? r.changeset.ops[0] : undefined;
    expect(put?.op === 'putFeatures' && put.features[0]?.geometry?.type).toBe('MultiLineString');
  });

  it('unites two overlapping areas into one polygon, two apart into a MultiPolygon', () => {
    const a = area('a', [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]);
    const b = area('b', [[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]]);
    const m = seeded(a, b);
    const r = mergeFeaturesChangeset('patrols', a, b, PLANNER, LATER);
    if (!r.ok) throw new Error(inEnglish(r.error));
    const put = r.changeset.ops[0];
    const g = put?.op === 'putFeatures' ? put.features[0]?.geometry : null;
    expect(g?.type).toBe('Polygon');
    expect((g as { coordinates: number[][][] }).coordinates[0]?.length).toBe(9);
    roundTrip(m, r.changeset.ops);
    const apart = mergeFeaturesChangeset('patrols', a, area('c', [[10, 10], [11, 10], [11, 11], [10, 10]]), PLANNER, LATER);
    const put2 = apart.ok ? apart.changeset.ops[0] : undefined;
    expect(put2?.op === 'putFeatures' && put2.features[0]?.geometry?.type).toBe('MultiPolygon');
  });

  it('refuses a line with an area, and a feature with itself', () => {
    const a = area('a', [[0, 0], [2, 0], [2, 2], [0, 0]]);
    const mixed = mergeFeaturesChangeset('patrols', a, route('b', [[0, 0], [1, 1]]), PLANNER, LATER);
    expect(!mixed.ok && inEnglish(mixed.error)).toMatch(/Polygon and a LineString cannot be merged/);
    const self = mergeFeaturesChangeset('patrols', a, a, PLANNER, LATER);
    expect(!self.ok && inEnglish(self.error)).toMatch(/different feature/);
  });
});

describe('draw targets find layers by role, not by name', () => {
  it('sends checkpoints to the reference layer whose role is checkpoints, whatever it is called', () => {
    const target = drawTarget('point', 'checkpoint');
    expect(fitsTarget(target, { kind: 'reference', role: 'checkpoints' })).toBe(true);
    expect(fitsTarget(target, { kind: 'reference' })).toBe(false);
    expect(fitsTarget(target, { kind: 'incident', role: 'checkpoints' })).toBe(false);
    // Other kinds need no role: any layer of the kind fits.
    expect(fitsTarget(drawTarget('point', 'incident'), { kind: 'incident' })).toBe(true);
    expect(target).toMatchObject({ role: 'checkpoints', defaultLayer: 'checkpoints' });
  });
});
