import { describe, expect, it } from 'vitest';
import { KIND_FIELDS, KIND_SENSITIVE_FIELDS } from '../../../shared/domain/kinds';
import { mergeIncoming } from '../../../shared/sync';
import {
  buildPackage,
  generateSigningKeyPair,
  MANIFEST_FILE,
  planPackage,
  readPackage,
  SIGNATURE_FILE,
  signingIdentity,
  type ReadPackage,
  type TrustedKey,
} from '../../../shared/package';
import { entriesOf, inputFixture, text } from './helpers';

async function signedPackage() {
  const pair = await generateSigningKeyPair();
  const signer = await signingIdentity(pair);
  const trusted: TrustedKey[] = [{ org: 'joc', id: 'joc-2026', publicKey: signer.publicKey }];
  const built = await buildPackage(inputFixture(), { signer });
  return { built, trusted, signer };
}

function ok(r: Awaited<ReturnType<typeof readPackage>>): ReadPackage {
  if (!r.ok) throw new Error(`refused: ${r.code} ${JSON.stringify(r.params)}`);
  return r;
}

describe('KIND_SENSITIVE_FIELDS', () => {
  it('names fields of the kind itself, besides the contact fields no kind defines', () => {
    for (const kind of Object.keys(KIND_FIELDS) as (keyof typeof KIND_FIELDS)[]) {
      const own = Object.keys(KIND_FIELDS[kind].shape);
      const listed = KIND_SENSITIVE_FIELDS[kind].filter((f) => !/^(contact|focalPoint)/.test(f));
      expect(listed.filter((f) => !own.includes(f)), kind).toEqual([]);
    }
    expect(KIND_SENSITIVE_FIELDS.humanitarian).toEqual(expect.arrayContaining(['population', 'contactPerson']));
  });
});

describe('planPackage', () => {
  it('withholds per feature with the release rule and per layer when its own marking is not released', () => {
    const { preview } = planPackage(inputFixture());
    const [sites, patrols, incidents] = preview.layers;
    expect(sites?.layerWithheld).toBeNull();
    expect(sites?.sent).toBe(2);
    expect(sites?.withheld.map((w) => [w.id, w.reason.code])).toEqual([
      ['site-kilo', 'above-clearance'],
      ['site-lima', 'not-releasable'],
      ['site-mike', 'caveat-restricted'],
    ]);
    expect(sites?.withheld[0]?.reason.params).toEqual({ recipient: 'unhcr', classification: 'STRICTLY CONFIDENTIAL', clearance: 'CONFIDENTIAL' });
    expect(sites?.withheldByReason).toEqual({ 'above-clearance': 1, 'not-releasable': 1, 'caveat-restricted': 1 });
    expect(patrols?.layerWithheld).toEqual({ code: 'not-releasable', params: { recipient: 'unhcr' } });
    expect(patrols?.withheld).toEqual([{ id: 'patrol-november', name: 'Route November', reason: { code: 'layer-withheld', params: { layer: 'Patrol plans Zulu' } } }]);
    expect(incidents?.sent).toBe(2);
    expect(preview.totals).toEqual({ layers: 2, sent: 4, withdrawn: 0, withheld: 4 });
  });

  it('lists the sensitive fields present, and omits them only when asked', () => {
    const kept = planPackage(inputFixture()).preview.layers;
    expect(kept.map((l) => [l.sensitiveFields, l.omittedFields])).toEqual([
      [['capacity', 'contactPerson', 'population'], []],
      [[], []],
      [['source'], []],
    ]);
    const omitted = planPackage(inputFixture({ omitSensitive: true }));
    expect(omitted.preview.layers.map((l) => l.omittedFields)).toEqual([['capacity', 'contactPerson', 'population'], [], ['source']]);
    const alpha = omitted.selected[0]?.features.find((f) => f.feature.id === 'site-alpha');
    expect(alpha?.feature.properties).not.toHaveProperty('population');
    expect(alpha?.feature.properties).toMatchObject({ name: 'Camp Alpha', siteType: 'idp_site' });
  });

  it('marks the package with the most restrictive marking of what goes', () => {
    expect(planPackage(inputFixture()).preview.marking).toEqual({ classification: 'CONFIDENTIAL', caveats: [], originator: 'joc', releasableTo: ['joc', 'ocha', 'unhcr'] });
  });

  it('sends to a group only what every member may receive, and nothing to an empty group', () => {
    const { preview } = planPackage(inputFixture({ recipient: 'un-family' }));
    expect(preview.layers.map((l) => [l.layerId, l.layerWithheld?.code ?? null, l.sent])).toEqual([
      ['layer-sites', 'above-clearance', 0],
      ['layer-patrols', 'above-clearance', 0],
      ['layer-incidents', null, 2],
    ]);
    expect(preview.layers[0]?.layerWithheld?.params).toEqual({ recipient: 'ocha', classification: 'CONFIDENTIAL', clearance: 'UNCLASSIFIED' });
    const input = inputFixture();
    input.directory.groups.push({ id: 'nobody-yet', name: 'Empty group', members: [] });
    const empty = planPackage({ ...input, recipient: 'nobody-yet' }).preview;
    expect(empty.totals.sent).toBe(0);
    expect(empty.layers.every((l) => l.layerWithheld?.code === 'unknown-recipient')).toBe(true);
  });

  it('refuses input that breaks the schema', () => {
    expect(() => planPackage({ ...inputFixture(), recipient: '' })).toThrow();
  });
});

describe('buildPackage → readPackage', () => {
  it('round-trips ids, versions, base versions, markings, attributes and layer definitions', async () => {
    const { built, trusted } = await signedPackage();
    const read = ok(await readPackage(built.bytes, { trustedKeys: trusted }));
    const input = inputFixture();
    expect(read.signature).toEqual({ status: 'valid', keyId: expect.stringMatching(/^[0-9a-f]{4}(-[0-9a-f]{4}){3}$/), org: 'joc' });
    expect(read.warnings).toEqual([]);
    expect(read.layers).toEqual([input.layers[0]?.layer, input.layers[2]?.layer]);
    const sent = new Set(['site-alpha', 'site-echo', 'inc-1', 'inc-2']);
    for (const { layer, features } of input.layers) {
      const going = features.filter((f) => sent.has(f.feature.id));
      if (!going.length) {
        expect(read.features[layer.id]).toBeUndefined();
        continue;
      }
      expect(read.features[layer.id]).toEqual(going);
    }
    expect(read.features['layer-sites']?.find((f) => f.feature.id === 'site-echo')).toMatchObject({ baseVersion: 2, feature: { properties: { version: 3 } } });
  });

  it('writes a manifest with sender, recipient, counts, hashes of every other file and only the directory the recipient needs', async () => {
    const { built } = await signedPackage();
    const names = entriesOf(built.bytes).map(([n]) => n);
    expect(names[0]).toBe(MANIFEST_FILE);
    expect(names).toEqual([MANIFEST_FILE, SIGNATURE_FILE, 'layers.json', 'layers/1.geojson', 'layers/2.geojson']);
    const m = built.manifest;
    expect(m).toMatchObject({
      format: 'common-ground-package',
      formatVersion: 1,
      packageId: '0b6f3c1e-5d2a-4f7e-9a61-3c8d2e4f5a10',
      createdAt: '2026-11-22T14:30:00.000Z',
      sender: { org: 'joc', person: 'Capt. Dupont' },
      recipient: 'unhcr',
      layers: [
        { id: 'layer-sites', file: 'layers/1.geojson', features: 2 },
        { id: 'layer-incidents', file: 'layers/2.geojson', features: 2 },
      ],
    });
    expect(m.files.map((f) => f.path)).toEqual(['layers.json', 'layers/1.geojson', 'layers/2.geojson']);
    expect(m.directory.organisations.map((o) => o.id)).toEqual(['joc', 'unpol', 'unhcr', 'ocha', 'msf']);
    expect(m.directory.groups.map((g) => g.id)).toEqual(['un-family', 'humanitarian']);
  });

  it('gives features that mergeIncoming plans three-way against their base version', async () => {
    const { built, trusted } = await signedPackage();
    const read = ok(await readPackage(built.bytes, { trustedKeys: trusted }));
    const incoming = read.features['layer-sites'] ?? [];
    const echo = incoming.find((f) => f.feature.id === 'site-echo')?.feature;
    if (!echo) throw new Error('site-echo missing');
    const oursAtBase = { ...echo, properties: { ...echo.properties, version: 2, capacity: 500 } };
    const oursEdited = { ...echo, properties: { ...echo.properties, version: 4, capacity: 650 } };
    expect(mergeIncoming([oursAtBase], incoming, { match: { by: 'id' } }).counts).toMatchObject({ updated: 1, added: 1 });
    expect(mergeIncoming([oursEdited], incoming, { match: { by: 'id' } }).counts).toMatchObject({ conflict: 1, added: 1 });
  });

  it('writes RFC 7946 FeatureCollections with the layer name and the package members beside properties', async () => {
    const { built } = await signedPackage();
    const geo = JSON.parse(text(new Map(entriesOf(built.bytes)).get('layers/1.geojson') as Uint8Array)) as {
      type: string;
      name: string;
      features: Record<string, unknown>[];
    };
    expect(geo.type).toBe('FeatureCollection');
    expect(geo.name).toBe('Humanitarian sites');
    expect(geo.features[1]).toMatchObject({ type: 'Feature', id: 'site-echo', baseVersion: 2, marking: { classification: 'UNCLASSIFIED' } });
    expect(geo.features[0]).not.toHaveProperty('marking');
  });
});
