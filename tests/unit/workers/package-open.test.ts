import { describe, expect, it } from 'vitest';
import type { CgFeature } from '../../../shared/domain/feature';
import { UN_SCHEME, type Marking } from '../../../shared/domain/marking';
import type { SharingDirectory } from '../../../shared/domain/sharing-directory';
import { buildPackage } from '../../../shared/package';
import { openPackage, planForCommit, type PackageStore } from '../../../renderer/workers/package-open';

const MARKING: Marking = { classification: 'UNCLASSIFIED', caveats: [], originator: 'joc', releasableTo: ['ocha'] };
const DIRECTORY: SharingDirectory = {
  organisations: [
    { id: 'joc', name: 'Joint Operations Centre', clearance: 'STRICTLY CONFIDENTIAL' },
    { id: 'ocha', name: 'OCHA', clearance: 'UNCLASSIFIED' },
  ],
  groups: [],
};

const incident = (id: string, name: string, version: number): CgFeature => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: [18.5, 4.4] },
  properties: { name, org: 'joc', eventDate: '2026-11-21', eventType: 'Battles', fatalities: 0, verification: 'unverified', version },
});

/** The store worker as package-open sees it: one layer's chunk text and rev, counting reads. */
class FakeStore implements PackageStore {
  reads = 0;
  constructor(
    public features: CgFeature[],
    public rev = 'r1',
  ) {}
  async layerChunkTextsAtRev(layerId: string): Promise<{ rev: string | undefined; texts: string[] }> {
    this.reads++;
    return layerId === 'inc' ? { rev: this.rev, texts: [JSON.stringify(this.features)] } : { rev: undefined, texts: [] };
  }
  async layerRev(layerId: string): Promise<string | undefined> {
    return layerId === 'inc' ? this.rev : undefined;
  }
  async listLayers(): Promise<Awaited<ReturnType<PackageStore['listLayers']>>> {
    return [{ id: 'inc', marking: MARKING }] as Awaited<ReturnType<PackageStore['listLayers']>>;
  }
}

/** A package updating a (base 1 → 2). */
async function update(): Promise<Uint8Array> {
  const built = await buildPackage({
    layers: [{ layer: { id: 'inc', name: 'Incidents', kind: 'incident', marking: MARKING }, features: [{ feature: incident('a', 'theirs', 2), baseVersion: 1 }] }],
    sender: { org: 'joc', person: 'A' },
    recipient: 'ocha',
    directory: DIRECTORY,
    scheme: UN_SCHEME,
    packageId: 'p1',
  });
  return built.bytes;
}

describe('opening a package in the import worker', () => {
  it('commits the preview’s plan, reading nothing again, while the held layer keeps its rev', async () => {
    const store = new FakeStore([incident('a', 'held', 1)]);
    const opened = await openPackage(await update(), [], ['inc'], store);
    if (!opened.ok) throw new Error(opened.code);
    expect(opened.opened.received[0]?.plan.counts.updated).toBe(1);
    expect(store.reads).toBe(1);
    expect(await planForCommit(opened.opened, store)).toBe(opened.opened.received);
    expect(store.reads).toBe(1);
  });

  it('plans again against the store when the held layer changed since the preview', async () => {
    const store = new FakeStore([incident('a', 'held', 1)]);
    const opened = await openPackage(await update(), [], ['inc'], store);
    if (!opened.ok) throw new Error(opened.code);
    expect(opened.opened.received[0]?.plan.counts.updated).toBe(1);
    // Edited here after the preview: now both sides changed it.
    store.features = [incident('a', 'edited here', 2)];
    store.rev = 'r2';
    const received = await planForCommit(opened.opened, store);
    expect(received[0]?.plan.counts).toMatchObject({ updated: 0, conflict: 1 });
  });

  it('a layer we do not hold is new, and refusals come through as readPackage gives them', async () => {
    const store = new FakeStore([]);
    const opened = await openPackage(await update(), [], [], store);
    if (!opened.ok) throw new Error(opened.code);
    expect(opened.opened.received[0]?.isNew).toBe(true);
    expect(store.reads).toBe(0);
    expect(await openPackage(new Uint8Array([1, 2, 3]), [], ['inc'], store)).toEqual({ ok: false, code: 'not-a-zip', params: {} });
  });
});
