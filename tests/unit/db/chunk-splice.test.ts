import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FeatureStore } from '../../../renderer/db/feature-store';
import { CHUNK_SIZE, arrayElementStarts, spliceChunkText } from '../../../renderer/db/chunks';
import { CgDatabase } from '../../../renderer/db/schema';
import type { CgFeature } from '../../../shared/domain/feature';
import { changeset, createLayerChangeset, edited, freshDbName, incident, incidents, layer } from './fixtures';

const open: FeatureStore[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  vi.restoreAllMocks();
});

/** Values whose text has every character a hand-written scanner could trip on. */
const AWKWARD: unknown[] = [
  { name: 'a "quoted" name, with [brackets] and {braces}', n: 1 },
  'ends with a backslash \\',
  '\\"',
  { nested: [[1, 2], { deep: ['],[', '},{'] }], empty: [], none: {} },
  'Bangui – Ndélé, 北京, 🙂',
  null,
  -0.000123,
  [],
];

describe('chunk text splicing (a rewritten chunk keeps the text of the features it did not touch)', () => {
  it('finds where each element of an array starts, strings with quotes, backslashes and brackets included', () => {
    const json = JSON.stringify(AWKWARD);
    const starts = arrayElementStarts(json);
    expect(starts).not.toBeNull();
    const elements = AWKWARD.map((_, i) => json.slice(starts?.[i], (starts?.[i + 1] ?? 0) - 1));
    expect(elements).toEqual(AWKWARD.map((v) => JSON.stringify(v)));
    expect(starts?.[AWKWARD.length]).toBe(json.length);
    expect(arrayElementStarts('[]')).toEqual(Int32Array.from([2]));
    expect(arrayElementStarts('{"a":1}')).toBeNull();
    expect(arrayElementStarts('["unclosed]')).toBeNull();
  });

  it('splices kept elements and new ones into the text JSON.stringify gives, with starts that splice again', () => {
    const json = JSON.stringify(AWKWARD);
    const old = { json, starts: arrayElementStarts(json) as Int32Array };
    const once = spliceChunkText(old, [3, JSON.stringify({ put: 'new "one"' }), 0, 4]);
    const expected = [AWKWARD[3], { put: 'new "one"' }, AWKWARD[0], AWKWARD[4]];
    expect(once.json).toBe(JSON.stringify(expected));
    expect(once.starts).toEqual(arrayElementStarts(once.json));
    const twice = spliceChunkText(once, [1, 3]);
    expect(twice.json).toBe(JSON.stringify([expected[1], expected[3]]));
    expect(spliceChunkText(old, []).json).toBe('[]');
    const runs = spliceChunkText(old, [0, 1, 2, '"put"', 5, 6, 7]);
    expect(runs.json).toBe(JSON.stringify([...AWKWARD.slice(0, 3), 'put', ...AWKWARD.slice(5)]));
    expect(runs.starts).toEqual(arrayElementStarts(runs.json));
    expect(spliceChunkText(old, [0, 1, 2, 3, 4, 5, 6, 7]).json).toBe(json);
  });

  it('an edit of a chunk whose text the store holds stringifies only the features it put, and stores the same text as a full rewrite', async () => {
    const name = freshDbName();
    const s = await FeatureStore.open(name);
    open.push(s);
    await s.apply(createLayerChangeset(layer('incidents'), incidents(0, CHUNK_SIZE * 2 + 10)));
    await s.layerChunkDelta('incidents', {}); // the map's read: the store now holds the chunks' text

    const stringified: number[] = [];
    const stringify = JSON.stringify.bind(JSON);
    vi.spyOn(JSON, 'stringify').mockImplementation((value: unknown, ...rest: unknown[]) => {
      if (Array.isArray(value)) stringified.push(value.length);
      return stringify(value, ...(rest as []));
    });
    const renamed = edited(incident(CHUNK_SIZE + 3), { name: 'a "renamed" incident \\ [x]' });
    await s.apply(
      changeset('edits', [
        { op: 'putFeatures', layerId: 'incidents', features: [renamed, edited(incident(5), { fatalities: 99 })] },
        { op: 'deleteFeatures', layerId: 'incidents', ids: [incident(6).id, incident(CHUNK_SIZE + 4).id] },
      ]),
    );
    await s.apply(changeset('again', [{ op: 'putFeatures', layerId: 'incidents', features: [edited(renamed, { name: 'twice' }), incident(900_000)] }]));
    vi.restoreAllMocks();
    // No chunk of 2,000 features was stringified whole: only the ops' and patches' small arrays.
    expect(Math.max(0, ...stringified)).toBeLessThan(10);

    const db = new CgDatabase(name);
    const stored = await db.chunks.where('[layerId+seq]').between(['incidents', -Infinity], ['incidents', Infinity]).toArray();
    db.close();
    for (const chunk of stored) expect(chunk.json).toBe(JSON.stringify(JSON.parse(chunk.json)));
    const features = stored.flatMap((c) => JSON.parse(c.json) as CgFeature[]);
    const byId = new Map(features.map((f) => [f.id, f]));
    expect(features).toHaveLength(CHUNK_SIZE * 2 + 10 - 2 + 1);
    expect(byId.get(renamed.id)?.properties.name).toBe('twice');
    expect(byId.get(incident(5).id)?.properties.fatalities).toBe(99);
    expect(byId.has(incident(6).id)).toBe(false);
    expect(byId.get(incident(7).id)).toEqual(incident(7));

    // The app opened again reads every feature as the edits left it.
    const again = await FeatureStore.open(name);
    open.push(again);
    expect((await again.getLayerFeatures('incidents')).map((f) => f.id)).toEqual(features.map((f) => f.id));
  });
});
