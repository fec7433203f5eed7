import { describe, expect, it } from 'vitest';
import { changeSummary, type Changeset, type Op } from '../../../shared/domain/changeset';
import type { CgFeature } from '../../../shared/domain/feature';
import type { Layer } from '../../../shared/domain/layer';
import { markingPatch } from '../../../shared/domain/feature-marking';
import { UN_SCHEME } from '../../../shared/domain/marking';
import { buildPackage, planPackage, readPackage, type PackageInput, type ReadPackage } from '../../../shared/package';
import { planReceive, receiveChangeset, receivePreview } from '../../../shared/package/receive';
import { inputFixture } from './helpers';

const RECIPIENT = { name: 'UNHCR officer', org: 'unhcr' };

async function read(input: PackageInput): Promise<ReadPackage> {
  const r = await readPackage((await buildPackage(input)).bytes);
  if (!r.ok) throw new Error(r.code);
  return r;
}

/** The recipient's store in memory: layers and features after applying changesets. */
class Profile {
  layers = new Map<string, Layer>();
  features = new Map<string, Map<string, CgFeature>>();
  conflicts: string[] = [];
  apply(cs: Changeset): void {
    for (const op of cs.ops as Op[]) {
      if (op.op === 'putLayer') this.layers.set(op.layer.id, op.layer);
      else if (op.op === 'putFeatures') for (const f of op.features) this.layer(op.layerId).set(f.id, f);
      else if (op.op === 'deleteFeatures') for (const id of op.ids) this.layer(op.layerId).delete(id);
      else if (op.op === 'putConflicts') this.conflicts.push(...op.conflicts.map((c) => c.featureId));
    }
  }
  layer(id: string): Map<string, CgFeature> {
    let m = this.features.get(id);
    if (!m) this.features.set(id, (m = new Map()));
    return m;
  }
  ours(): Map<string, CgFeature[]> {
    return new Map([...this.features].map(([id, m]) => [id, [...m.values()]]));
  }
}

const ctx = (fileName: string) => ({ author: RECIPIENT, now: '2026-12-02T10:00:00Z', fileName, sender: 'joc', firstOrder: 10, scheme: UN_SCHEME, summary: changeSummary('openPackage', { file: fileName }) });

describe('opening a package', () => {
  it('into a fresh profile gives back the same ids, versions, markings and attributes as were sent', async () => {
    const input = inputFixture();
    const sent = planPackage(input).selected;
    const profile = new Profile();
    const received = planReceive(await read(input), profile.ours());
    expect(receivePreview(received).totals).toMatchObject({ added: 4, updated: 0, conflict: 0 });
    profile.apply(receiveChangeset(received, ctx('joc-to-unhcr.cgpkg')));
    for (const layer of sent) {
      const stored = profile.layers.get(layer.layer.id);
      expect(stored).toMatchObject({ id: layer.layer.id, name: layer.layer.name, kind: layer.layer.kind, marking: layer.layer.marking, owner: 'joc' });
      for (const f of layer.features) {
        const got = profile.layer(layer.layer.id).get(f.feature.id);
        // A feature's own marking comes back flat in its properties, as the store keeps it.
        expect(got?.properties).toEqual({ ...f.feature.properties, ...(f.marking ? markingPatch(f.marking) : {}), exchangedVersion: f.feature.properties.version });
        expect(got?.geometry).toEqual(f.feature.geometry);
      }
    }
  });

  it('the same package twice changes nothing', async () => {
    const input = inputFixture();
    const profile = new Profile();
    const pkg = await read(input);
    profile.apply(receiveChangeset(planReceive(pkg, profile.ours()), ctx('a.cgpkg')));
    const again = planReceive(pkg, profile.ours());
    expect(receivePreview(again).totals).toMatchObject({ added: 0, updated: 0, unchanged: 4, conflict: 0 });
    expect(receiveChangeset(again, ctx('a.cgpkg')).ops).toEqual([]);
  });

  it("the sender's edit on the base we hold updates; our edit meanwhile makes it a conflict kept as a record", async () => {
    const first = inputFixture();
    const profile = new Profile();
    profile.apply(receiveChangeset(planReceive(await read(first), profile.ours()), ctx('v1.cgpkg')));
    const [sitesId] = [...profile.layers.keys()];
    const alpha = profile.layer(sitesId!).get('site-alpha')!;
    const beta = [...profile.layer(sitesId!).values()].find((f) => f.id !== 'site-alpha')!;
    // We edit beta locally; the sender edits both alpha and beta from version 1.
    profile.layer(sitesId!).set(beta.id, { ...beta, properties: { ...beta.properties, name: 'Ours', version: 2 } });
    const second = inputFixture();
    for (const l of second.layers) {
      for (const f of l.features) {
        if (f.feature.id === alpha.id || f.feature.id === beta.id) {
          f.feature.properties = { ...f.feature.properties, name: `${String(f.feature.properties.name)} (moved)`, version: 2 };
          f.baseVersion = 1;
        }
      }
    }
    const received = planReceive(await read(second), profile.ours());
    expect(receivePreview(received).totals).toMatchObject({ updated: 1, conflict: 1, unchanged: 2 });
    const cs = receiveChangeset(received, ctx('v2.cgpkg'));
    profile.apply(cs);
    expect(profile.layer(sitesId!).get(alpha.id)?.properties.name).toBe('Camp Alpha (moved)');
    expect(profile.layer(sitesId!).get(beta.id)?.properties.name).toBe('Ours');
    expect(profile.conflicts).toEqual([beta.id]);
    expect(cs.ops.filter((o) => o.op === 'putLayer')).toEqual([]);
  });

  it('fields the sender left out are kept as we hold them, not counted as a change', async () => {
    const profile = new Profile();
    profile.apply(receiveChangeset(planReceive(await read(inputFixture({ omitSensitive: false })), profile.ours()), ctx('full.cgpkg')));
    const before = JSON.stringify([...profile.ours()]);
    const received = planReceive(await read(inputFixture({ omitSensitive: true })), profile.ours());
    expect(receivePreview(received).totals).toMatchObject({ added: 0, updated: 0, unchanged: 4, conflict: 0 });
    profile.apply(receiveChangeset(received, ctx('omitted.cgpkg')));
    expect(JSON.stringify([...profile.ours()])).toBe(before);
    expect([...profile.ours().values()].flat().find((f) => f.id === 'site-alpha')?.properties.population).toBe(12345);
  });

  it('a feature sent back without the sensitive fields we left out keeps ours', async () => {
    const profile = new Profile();
    profile.apply(receiveChangeset(planReceive(await read(inputFixture({ omitSensitive: false })), profile.ours()), ctx('full.cgpkg')));
    // What the partner holds: the same features without the sensitive fields, sent back as they are.
    const back = inputFixture({ omitSensitive: false });
    for (const l of back.layers) for (const f of l.features) for (const k of ['population', 'contactPerson', 'capacity', 'source']) delete f.feature.properties[k];
    const received = planReceive(await read(back), profile.ours());
    expect(receivePreview(received).totals).toMatchObject({ updated: 0, unchanged: 4, conflict: 0 });
  });
});

