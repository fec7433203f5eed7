import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changeSummary, type Op } from '../../../shared/domain/changeset';
import type { CgFeature } from '../../../shared/domain/feature';
import { ImportSession } from '../../../shared/import/import-session';

const DIR = join(__dirname, '../../fixtures/reimport');
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, name)));
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as {
  keyColumn: string;
  localEdit: { key: string; fatalities: number };
  counts: Record<string, number>;
  refusedCodes: string[];
  conflictFields: string[];
  afterCommit: Record<string, number>;
};
const author = { name: 'Duty Officer', org: 'JOC' };

function putFeatures(ops: readonly Op[]): CgFeature[] {
  return ops.flatMap((o) => (o.op === 'putFeatures' ? o.features : []));
}

/** The layer as the first import stored it, with one feature edited locally since. */
async function storedLayer(): Promise<CgFeature[]> {
  const s = new ImportSession();
  await s.inspect('first.csv', read('first.csv'));
  const prepared = s.prepareCommit({
    summary: changeSummary('import', { file: 'first.csv' }),
    author,
    now: '2026-11-22T10:00:00Z',
    layers: [{ layerIndex: 0, kind: 'incident', mapping: null, target: { newLayer: { name: 'ACLED', order: 1, owner: 'JOC', fileName: 'first.csv', format: 'csv' } } }],
  });
  return putFeatures(prepared.changeset.ops).map((f) =>
    f.properties[expected.keyColumn] === expected.localEdit.key
      ? { ...f, properties: { ...f.properties, fatalities: expected.localEdit.fatalities, version: 2, updatedBy: 'Local analyst' } }
      : f,
  );
}

describe('importing a file again into its layer (tests/fixtures/reimport)', () => {
  it('suggests the key, previews added/updated/unchanged/conflict/refused, and commits one changeset that keeps the conflict', async () => {
    const ours = await storedLayer();
    const s = new ImportSession();
    await s.inspect('second.csv', read('second.csv'));
    const dry = s.dryRunMerge(0, 'incident', null, author, '2026-11-23T09:00:00Z', ours, undefined);
    expect(dry.merge?.suggested).toBe(expected.keyColumn);
    expect(dry.merge?.columns[0]).toBe(expected.keyColumn);
    expect(dry.merge?.preview?.counts).toEqual(expected.counts);
    expect(dry.merge?.preview?.refused.map((p) => p.code)).toEqual(expected.refusedCodes);
    expect(dry.merge?.preview?.refused.map((p) => p.index)).toEqual([4, 5, 6]);

    const prepared = s.prepareCommit(
      {
        summary: changeSummary('import', { file: 'second.csv' }),
        author,
        now: '2026-11-23T09:05:00Z',
        layers: [{ layerIndex: 0, kind: 'incident', mapping: null, target: { mergeInto: { layerId: 'L', keyColumn: expected.keyColumn, fileName: 'second.csv' } } }],
      },
      new Map([['L', ours]]),
    );
    const after = new Map(ours.map((f) => [f.id, f]));
    for (const f of putFeatures(prepared.changeset.ops)) after.set(f.id, f);
    const fatalities = Object.fromEntries([...after.values()].map((f) => [f.properties[expected.keyColumn], f.properties.fatalities]));
    expect(fatalities).toEqual(expected.afterCommit);
    expect(after.size).toBe(ours.length + 1);
    // Updated features keep the stored id: the map, history and selection follow them.
    const updated = putFeatures(prepared.changeset.ops).find((f) => f.properties[expected.keyColumn] === 'CAF002');
    expect(updated?.id).toBe(ours.find((f) => f.properties[expected.keyColumn] === 'CAF002')?.id);

    const recorded = prepared.changeset.ops.find((o) => o.op === 'putConflicts');
    expect(recorded?.op === 'putConflicts' && recorded.conflicts.map((c) => [c.source, c.conflict.fields.map((f) => f.field).sort()])).toEqual([
      [{ type: 'file', name: 'second.csv' }, expected.conflictFields],
    ]);
    expect(prepared.layers[0]).toMatchObject({ imported: 2, merge: { counts: expected.counts } });
  });

  it('importing the same file twice into its layer changes nothing', async () => {
    const s = new ImportSession();
    await s.inspect('first.csv', read('first.csv'));
    const prepared = s.prepareCommit({
      summary: changeSummary('import', { file: 'first.csv' }),
      author,
      now: '2026-11-22T10:00:00Z',
      layers: [{ layerIndex: 0, kind: 'incident', mapping: null, target: { newLayer: { name: 'ACLED', order: 1, owner: 'JOC', fileName: 'first.csv', format: 'csv' } } }],
    });
    const ours = putFeatures(prepared.changeset.ops);
    await s.inspect('first.csv', read('first.csv'));
    const again = s.prepareCommit(
      { summary: changeSummary('import', { file: 'first.csv' }), author, now: '2026-11-23T10:00:00Z', layers: [{ layerIndex: 0, kind: 'incident', mapping: null, target: { mergeInto: { layerId: 'L', keyColumn: expected.keyColumn, fileName: 'first.csv' } } }] },
      new Map([['L', ours]]),
    );
    expect(again.changeset.ops).toEqual([]);
    expect(again.layers[0]?.merge?.counts).toMatchObject({ unchanged: 4, added: 0, updated: 0, conflict: 0 });
  });

  it('a layer never merged into offers "add all" only when no column is shared', async () => {
    const s = new ImportSession();
    await s.inspect('second.csv', read('second.csv'));
    const dry = s.dryRunMerge(0, 'incident', null, author, '2026-11-23T09:00:00Z', [], undefined);
    expect(dry.merge).toEqual({ columns: [], suggested: null, keyColumn: null, preview: null });
  });
});
