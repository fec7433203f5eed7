/**
 * The merge engine on fixtures: each tests/fixtures/merge/in/<case>.json (ours, incoming, options,
 * optional base and lastImported) beside out/<case>.json (counts, outcomes, conflicts, refusals and
 * the committed changeset's ops). UPDATE_FIXTURES=1 rewrites the outputs for review.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { changeSummary } from '../../../shared/domain/changeset';
import { describe, expect, it } from 'vitest';
import { invertOps, type StateReader } from '../../../shared/domain/changeset';
import type { CgFeature } from '../../../shared/domain/feature';
import { mergeIncoming, planToChangeset, resolveConflict, resolutionOps, suggestKeyColumn, type IncomingFeature, type MatchRule } from '../../../shared/sync';

const DIR = join(__dirname, '../../fixtures/merge');
const UPDATE = process.env.UPDATE_FIXTURES === '1';
const AUTHOR = { name: 'JOC duty officer', org: 'MINUSCA' };
const AT = '2026-12-02T12:00:00Z';

interface Case {
  options: { match: { by: 'id' } | { by: 'key'; column: string } };
  ours: CgFeature[];
  incoming: IncomingFeature[];
  base?: CgFeature[];
  lastImported?: CgFeature[];
}

function run(c: Case) {
  const match: MatchRule = c.options.match.by === 'key' && c.lastImported
    ? { ...c.options.match, lastImported: new Map(c.lastImported.map((f) => [String(f.properties[c.options.match.by === 'key' ? c.options.match.column : 'id']), f])) }
    : c.options.match;
  const plan = mergeIncoming(c.ours, c.incoming, { match, ...(c.base ? { base: new Map(c.base.map((f) => [f.id, f])) } : {}) });
  const changeset = planToChangeset(plan, 'L', AUTHOR, changeSummary('mergeFile', { file: 'merge', name: 'L' }), AT);
  return {
    counts: plan.counts,
    outcomes: plan.results.map((r) => `${r.id}: ${r.outcome}`),
    conflicts: plan.conflicts.map((k) => ({ id: k.id, fields: k.fields, oursBy: k.oursBy, theirsBy: k.theirsBy, theirsWithdrawn: k.theirs === null })),
    refusals: plan.refusals,
    ops: changeset.ops,
  };
}

function state(features: CgFeature[]): StateReader {
  const m = new Map(features.map((f) => [f.id, f]));
  return { getLayer: () => undefined, getFeature: (_l, id) => m.get(id), getLayerFeatures: () => [...m.values()] };
}

const cases = readdirSync(join(DIR, 'in')).filter((n) => n.endsWith('.json')).sort();

describe('mergeIncoming on fixtures', () => {
  it('has the cases the issue lists', () => expect(cases.length).toBeGreaterThanOrEqual(10));
  for (const name of cases) {
    it(name.replace(/\.json$/, ''), () => {
      const c = JSON.parse(readFileSync(join(DIR, 'in', name), 'utf8')) as Case;
      const text = `${JSON.stringify(run(c), null, 2)}\n`;
      const file = join(DIR, 'out', name);
      if (UPDATE) writeFileSync(file, text);
      expect(existsSync(file), `${file} is missing; run with UPDATE_FIXTURES=1 and review it`).toBe(true);
      expect(text).toBe(readFileSync(file, 'utf8'));
    });
  }
});

describe('resolving a conflict', () => {
  const c = JSON.parse(readFileSync(join(DIR, 'in', 'both-changed-different-fields.json'), 'utf8')) as Case;
  const conflict = mergeIncoming(c.ours, c.incoming, { match: { by: 'id' } }).conflicts[0];
  if (!conflict) throw new Error('fixture has no conflict');

  it('picks fields per side, bumps the version past both, and is undone by invertOps', () => {
    const resolved = resolveConflict(conflict, { status: 'theirs' }, AUTHOR, AT);
    expect(resolved?.properties).toMatchObject({ status: 'closed', fatalities: 2, version: 5, updatedBy: AUTHOR.name, updatedAt: AT });
    expect(resolveConflict(conflict, 'theirs', AUTHOR, AT)?.properties).toMatchObject({ status: 'closed', fatalities: 0 });
    expect(resolveConflict(conflict, 'ours', AUTHOR, AT)?.properties).toMatchObject({ status: 'open', fatalities: 2 });
    const ops = resolutionOps('L', conflict, resolved);
    expect(invertOps(ops, state(c.ours))).toEqual([{ op: 'putFeatures', layerId: 'L', features: [c.ours[0]] }]);
  });

  it('accepting a withdrawal deletes the feature', () => {
    const d = JSON.parse(readFileSync(join(DIR, 'in', 'delete-against-edit.json'), 'utf8')) as Case;
    const k = mergeIncoming(d.ours, d.incoming, { match: { by: 'id' } }).conflicts[0];
    if (!k) throw new Error('fixture has no conflict');
    expect(resolveConflict(k, 'theirs', AUTHOR, AT)).toBeNull();
    expect(resolutionOps('L', k, null)).toEqual([{ op: 'deleteFeatures', layerId: 'L', ids: ['a'] }]);
  });
});

describe('suggestKeyColumn', () => {
  const rows = (cols: Record<string, (i: number) => string | number>, n = 5): CgFeature[] =>
    Array.from({ length: n }, (_, i) => ({ type: 'Feature', id: `r${i}`, geometry: null, properties: Object.fromEntries(Object.entries(cols).map(([k, fn]) => [k, fn(i)])) }));

  it('prefers ACLED ids, then site codes, then any column unique on every row', () => {
    expect(suggestKeyColumn(rows({ admin1: () => 'Ouaka', data_id: (i) => 9000 + i, event_id_cnty: (i) => `CAF${i}` }))).toEqual({ column: 'event_id_cnty', reason: 'known' });
    expect(suggestKeyColumn(rows({ name: (i) => `n${i}`, Pcode: (i) => `CF${i}` }))).toEqual({ column: 'Pcode', reason: 'known' });
    expect(suggestKeyColumn(rows({ event_id_cnty: () => 'same', ref: (i) => `x${i}` }))).toEqual({ column: 'ref', reason: 'unique' });
    expect(suggestKeyColumn(rows({ kind: () => 'a' }))).toBeNull();
  });
});
