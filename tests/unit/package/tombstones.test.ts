import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { FeatureStore } from '../../../renderer/db/feature-store';
import { changeSummary, type Changeset } from '../../../shared/domain/changeset';
import type { Author, CgFeature } from '../../../shared/domain/feature';
import type { Layer } from '../../../shared/domain/layer';
import { UN_SCHEME, type Marking } from '../../../shared/domain/marking';
import type { SharingDirectory } from '../../../shared/domain/sharing-directory';
import { buildPackage, readPackage, type ReadPackage } from '../../../shared/package';
import { packageInputFrom } from '../../../shared/package/from-store';
import { planReceive, receiveChangeset, receivePreview } from '../../../shared/package/receive';
import { entriesOf, inputFixture, rezip, text } from './helpers';
import { freshDbName } from '../db/fixtures';

const JOC: Author = { name: 'Capt. Dupont', org: 'joc' };
const UNHCR: Author = { name: 'UNHCR officer', org: 'unhcr' };
const DIRECTORY = inputFixture().directory as SharingDirectory;
const SITES: Marking = { classification: 'UNCLASSIFIED', caveats: [], originator: 'joc', releasableTo: ['un-family'] };

const open: FeatureStore[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});
async function profile(): Promise<FeatureStore> {
  const s = await FeatureStore.open(freshDbName());
  open.push(s);
  return s;
}

const layer: Layer = { id: 'sites', name: 'Humanitarian sites', kind: 'humanitarian', owner: 'joc', visible: true, opacity: 1, order: 0, createdAt: '2026-11-20T08:00:00Z', updatedAt: '2026-11-20T08:00:00Z', marking: SITES };
const site = (id: string, props: CgFeature['properties'] = {}): CgFeature => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: [15.28, -4.33] },
  properties: { name: `Site ${id}`, siteType: 'idp_site', notified: true, version: 1, updatedBy: JOC.name, updatedAt: '2026-11-21T09:30:00Z', ...props },
});
const cs = (summary: string, ops: Changeset['ops'], by: Author, at = '2026-11-25T10:00:00Z'): Changeset => ({ id: crypto.randomUUID(), summary: changeSummary('edit', { name: summary }), at, by, ops });

/** A package of the `sites` layer from `store`, as the Share dialog builds it. */
async function share(store: FeatureStore, sender: Author, recipient: string): Promise<Uint8Array> {
  const info = (await store.listLayers()).find((l) => l.id === 'sites');
  if (!info) throw new Error('no sites layer');
  const stored = [{ layer: info, features: await store.getLayerFeatures('sites'), tombstones: await store.listTombstones('sites') }];
  const input = packageInputFrom(stored, { layerIds: ['sites'], recipient, sender: { org: sender.org, person: sender.name }, directory: DIRECTORY, scheme: UN_SCHEME, omitSensitive: false });
  return (await buildPackage(input)).bytes;
}

async function read(bytes: Uint8Array): Promise<ReadPackage> {
  const r = await readPackage(bytes);
  if (!r.ok) throw new Error(`${r.code} ${JSON.stringify(r.params)}`);
  return r;
}

async function receive(store: FeatureStore, pkg: ReadPackage, by: Author) {
  const layers = await store.listLayers();
  const ours = new Map<string, CgFeature[]>();
  for (const l of layers) ours.set(l.id, await store.getLayerFeatures(l.id));
  const received = planReceive(pkg, ours, new Map(layers.map((l) => [l.id, l.marking])));
  const changeset = receiveChangeset(received, { author: by, now: '2026-12-02T10:00:00Z', fileName: 'p.cgpkg', sender: pkg.manifest.sender.org, firstOrder: 1, scheme: UN_SCHEME, summary: changeSummary('openPackage', { file: 'p.cgpkg' }) });
  return { received, preview: receivePreview(received), changeset };
}

const ids = async (s: FeatureStore): Promise<string[]> => (await s.getLayerFeatures('sites')).map((f) => f.id).sort();

describe('tombstones in packages', () => {
  it('round trip: a site deleted at A travels as a tombstone; B had it, B’s commit removes it in one changeset, and undo at B restores it', async () => {
    const a = await profile();
    const b = await profile();
    await a.apply(cs('create', [{ op: 'putLayer', layer }, { op: 'putFeatures', layerId: 'sites', features: [site('s1'), site('s2'), site('s3')] }], JOC));
    await b.apply((await receive(b, await read(await share(a, JOC, 'unhcr')), UNHCR)).changeset);
    expect(await ids(b)).toEqual(['s1', 's2', 's3']);

    await a.apply(cs('withdraw', [{ op: 'deleteFeatures', layerId: 'sites', ids: ['s2'] }], JOC, '2026-11-26T08:00:00Z'));
    const bytes = await share(a, JOC, 'unhcr');
    const entries = Object.fromEntries(entriesOf(bytes));
    expect(Object.keys(entries)).toContain('tombstones.json');
    const pkg = await read(bytes);
    expect(pkg.manifest.formatVersion).toBe(2);
    expect(pkg.manifest.layers[0]).toMatchObject({ id: 'sites', features: 2, withdrawn: 1 });
    expect(pkg.tombstones.sites).toEqual([{ id: 's2', version: 1, originator: 'joc', deletedAt: '2026-11-26T08:00:00Z', deletedBy: JOC }]);

    const { preview, changeset } = await receive(b, pkg, UNHCR);
    expect(preview.totals).toMatchObject({ withdrawn: 1, unchanged: 2, conflict: 0, refused: 0 });
    expect(changeset.ops.filter((op) => op.op === 'deleteFeatures')).toEqual([{ op: 'deleteFeatures', layerId: 'sites', ids: ['s2'] }]);
    await b.apply(changeset);
    expect(await ids(b)).toEqual(['s1', 's3']);
    await b.undo(UNHCR);
    expect(await ids(b)).toEqual(['s1', 's2', 's3']);
    expect(await b.listTombstones('sites')).toEqual([]);
  });

  it('a tombstone from a party that did not originate the feature is refused with a code, and nothing is deleted', async () => {
    const a = await profile();
    const b = await profile();
    await a.apply(cs('create', [{ op: 'putLayer', layer }, { op: 'putFeatures', layerId: 'sites', features: [site('s1'), site('s2')] }], JOC));
    await b.apply((await receive(b, await read(await share(a, JOC, 'unhcr')), UNHCR)).changeset);
    // UNHCR deletes JOC's site and shares back: JOC refuses the withdrawal.
    await b.apply(cs('delete', [{ op: 'deleteFeatures', layerId: 'sites', ids: ['s1'] }], UNHCR));
    const pkg = await read(await share(b, UNHCR, 'joc'));
    expect(pkg.tombstones.sites?.map((t) => [t.id, t.originator])).toEqual([['s1', 'joc']]);
    const { received, preview, changeset } = await receive(a, pkg, JOC);
    expect(preview.totals).toMatchObject({ withdrawn: 0, refused: 1 });
    expect(received[0]?.plan.refusals).toEqual([{ code: 'merge.tombstone-not-originator', params: { id: 's1', originator: 'unhcr', org: 'joc' } }]);
    expect(changeset.ops.some((op) => op.op === 'deleteFeatures')).toBe(false);
  });

  it('delete against edit is a conflict, kept with who deleted it', async () => {
    const a = await profile();
    const b = await profile();
    await a.apply(cs('create', [{ op: 'putLayer', layer }, { op: 'putFeatures', layerId: 'sites', features: [site('s1')] }], JOC));
    await b.apply((await receive(b, await read(await share(a, JOC, 'unhcr')), UNHCR)).changeset);
    const mine = (await b.getFeature('sites', 's1')) as CgFeature;
    await b.apply(cs('edit', [{ op: 'putFeatures', layerId: 'sites', features: [{ ...mine, properties: { ...mine.properties, name: 'Camp renamed', version: 2 } }] }], UNHCR));
    await a.apply(cs('withdraw', [{ op: 'deleteFeatures', layerId: 'sites', ids: ['s1'] }], JOC, '2026-11-26T08:00:00Z'));
    const { preview, received } = await receive(b, await read(await share(a, JOC, 'unhcr')), UNHCR);
    expect(preview.totals).toMatchObject({ withdrawn: 0, conflict: 1 });
    expect(received[0]?.plan.conflicts[0]).toMatchObject({ id: 's1', theirs: null, theirsBy: { updatedBy: JOC.name, updatedAt: '2026-11-26T08:00:00Z', originator: 'joc' } });
  });

  it('a tombstone of a feature the recipient may not see stays behind, and is nowhere in the zip', async () => {
    const a = await profile();
    const secret = site('s-secret', { classification: 'STRICTLY CONFIDENTIAL', originator: 'joc' });
    await a.apply(cs('create', [{ op: 'putLayer', layer }, { op: 'putFeatures', layerId: 'sites', features: [site('s1'), secret] }], JOC));
    await a.apply(cs('withdraw', [{ op: 'deleteFeatures', layerId: 'sites', ids: ['s1', 's-secret'] }], JOC));
    const bytes = await share(a, JOC, 'ocha');
    const pkg = await read(bytes);
    expect(pkg.tombstones.sites?.map((t) => t.id)).toEqual(['s1']);
    for (const [, data] of entriesOf(bytes)) expect(text(data)).not.toContain('s-secret');
  });

  it('readPackage refuses tombstones that do not match the manifest', async () => {
    const a = await profile();
    await a.apply(cs('create', [{ op: 'putLayer', layer }, { op: 'putFeatures', layerId: 'sites', features: [site('s1'), site('s2')] }], JOC));
    await a.apply(cs('withdraw', [{ op: 'deleteFeatures', layerId: 'sites', ids: ['s2'] }], JOC));
    const bytes = await share(a, JOC, 'unhcr');
    const withoutFile = rezip(bytes, (files) => void delete files['tombstones.json']);
    expect(await readPackage(withoutFile)).toMatchObject({ ok: false, code: 'missing-file', params: { file: 'tombstones.json' } });
    // A tombstone added after the manifest was written: its hash no longer matches.
    const altered = rezip(bytes, (files) => void (files['tombstones.json'] = new TextEncoder().encode('[]')));
    expect(await readPackage(altered)).toMatchObject({ ok: false, code: 'file-hash-mismatch', params: { file: 'tombstones.json' } });
    // The manifest (unsigned here) counting no tombstone for the layer while the file holds one.
    const miscounted = rezip(bytes, (files) => {
      const m = JSON.parse(text(files['manifest.json'] as Uint8Array)) as { layers: { withdrawn: number }[] };
      for (const l of m.layers) l.withdrawn = 0;
      files['manifest.json'] = new TextEncoder().encode(JSON.stringify(m));
    });
    expect(await readPackage(miscounted)).toEqual({ ok: false, code: 'tombstone-count-mismatch', params: { file: 'tombstones.json', layer: 'sites', found: 1, expected: 0 } });
  });
});
