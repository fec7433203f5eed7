import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ChangesetError, FeatureStore } from '../../../renderer/db/feature-store';
import { HubLocal, type HubLocalEvent } from '../../../renderer/db/hub-local';
import type { Layer } from '../../../shared/domain/layer';
import type { HubLayerTransport, LayerOutcome } from '../../../shared/hub/layer-transport';
import type { HubLayer, UpdateLayerRequest } from '../../../shared/hub/protocol';
import { HubTransportError } from '../../../shared/hub/sync-client';
import { changeset, freshDbName, incident, layer, LAYER_MARKING } from './fixtures';

const open: FeatureStore[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

const OWNED = { ownerOrg: 'force', contributors: [], writable: true, owned: true };
const THEIRS = { ownerOrg: 'ocha', contributors: ['force'], writable: true, owned: false };

/** The hub's side of PATCH /layers/:id, as the hub answers it: the owner's fields over the layer's. */
class FakeLayers implements HubLayerTransport {
  readonly patches: { layerId: string; patch: UpdateLayerRequest }[] = [];
  refuse: string | null = null;
  down = false;
  constructor(readonly hubLayers: Map<string, HubLayer>) {}
  createLayer(): Promise<LayerOutcome> {
    throw new Error('not used');
  }
  async updateLayer(layerId: string, patch: UpdateLayerRequest): Promise<LayerOutcome> {
    if (this.down) throw new HubTransportError('network', 'hub.unreachable');
    this.patches.push({ layerId, patch });
    if (this.refuse) return { kind: 'refused', code: this.refuse, params: {} };
    const was = this.hubLayers.get(layerId) as HubLayer;
    const now: HubLayer = { ...was, ...(patch.name ? { name: patch.name } : {}), ...(patch.style ? { style: patch.style } : {}), ...(patch.marking ? { marking: { ...patch.marking, originator: was.marking.originator } } : {}) };
    this.hubLayers.set(layerId, now);
    return { kind: 'shared', layer: now, created: false };
  }
}

function hubLayer(l: Layer, ownerOrg: string): HubLayer {
  return { id: l.id, name: l.name, kind: l.kind, ownerOrg, contributors: [], marking: l.marking, style: {}, writable: true };
}

async function setup(hub: Layer['hub']) {
  const s = await FeatureStore.open(freshDbName());
  open.push(s);
  const l = layer('L', { hub });
  await s.applyOutside(changeset('join', [{ op: 'putLayer', layer: l }, { op: 'putFeatures', layerId: 'L', features: [incident(1)] }]), { remote: true });
  const transport = new FakeLayers(new Map([['L', hubLayer(l, hub?.ownerOrg ?? '')]]));
  const events: HubLocalEvent[] = [];
  const local = new HubLocal(s, 'https://hub.mission', (e) => events.push(e), { layerTransport: transport, orgId: 'force' });
  const stored = async (): Promise<Layer> => (await s.listLayers()).find((x) => x.id === 'L') as Layer;
  const rename = async (name: string) => s.apply(changeset('rename', [{ op: 'putLayer', layer: { ...(await stored()), name } }]));
  const snapshot = () => Promise.reject(new Error('no snapshot expected'));
  return { s, transport, events, local, stored, rename, sync: () => local.layers([...transport.hubLayers.values()], snapshot) };
}

describe("a shared layer's own record, changed at the owner's workstation", () => {
  it('waits in the outbox with the apply, as one patch of the later fields, and is sent before the listing is compared', async () => {
    const { s, transport, rename, stored, sync } = await setup(OWNED);
    const first = await rename('Patrols north');
    expect(first.outboxAdded).toBe(1);
    await s.apply(changeset('mark', [{ op: 'putLayer', layer: { ...(await stored()), marking: { ...LAYER_MARKING, classification: 'CONFIDENTIAL' } } }]));
    await rename('Patrols north-east');
    await sync();
    expect(transport.patches).toEqual([
      { layerId: 'L', patch: { name: 'Patrols north-east', marking: { classification: 'CONFIDENTIAL', caveats: [], releasableTo: ['mission'] } } },
    ]);
    // The hub's answer is what the listing is compared with: our name stays, nothing waits.
    expect((await stored()).name).toBe('Patrols north-east');
    await sync();
    expect(transport.patches).toHaveLength(1);
  });

  it('undoing the rename is one more patch, sent like any other', async () => {
    const { s, transport, rename, stored, sync } = await setup(OWNED);
    const applied = await rename('Patrols north');
    await sync();
    await s.apply(changeset('undo', applied.inverse));
    await sync();
    expect(transport.patches.map((p) => p.patch.name)).toEqual(['Patrols north', 'Layer L']);
    expect((await stored()).name).toBe('Layer L');
  });

  it('stays waiting while the hub is unreachable, and the listing does not undo it meanwhile', async () => {
    const { transport, rename, stored, sync } = await setup(OWNED);
    await rename('Patrols north');
    transport.down = true;
    await expect(sync()).rejects.toBeInstanceOf(HubTransportError);
    expect((await stored()).name).toBe('Patrols north');
    transport.down = false;
    await sync();
    expect(transport.patches.map((p) => p.patch.name)).toEqual(['Patrols north']);
  });

  it('a refusal is said, dropped, and the hub’s record replaces ours', async () => {
    const { transport, events, rename, stored, sync } = await setup(OWNED);
    await rename('Patrols north');
    transport.refuse = 'hub.layer-not-owner';
    await sync();
    expect(events.find((e) => e.type === 'notice')).toMatchObject({ code: 'hubLayerRefused', params: { reason: 'hub.layer-not-owner', name: 'Layer L' } });
    expect((await stored()).name).toBe('Layer L');
  });
});

describe('what the hub decides is refused at a workstation that does not own the layer', () => {
  it('refuses renaming or re-marking it and deleting it, but takes a restyle of its own view, which is not sent', async () => {
    const { s, transport, rename, stored, sync } = await setup(THEIRS);
    await expect(rename('Mine now')).rejects.toBeInstanceOf(ChangesetError);
    await expect(s.apply(changeset('delete', [{ op: 'deleteLayer', layerId: 'L' }]))).rejects.toBeInstanceOf(ChangesetError);
    const restyled = await s.apply(changeset('style', [{ op: 'putLayer', layer: { ...(await stored()), opacity: 0.5, style: { color: '#ff0000' } } }]));
    expect(restyled.outboxAdded).toBe(0);
    await sync();
    expect(transport.patches).toEqual([]);
    expect((await stored()).opacity).toBe(0.5);
  });

  it('a logout still removes it', async () => {
    const { s, local } = await setup(THEIRS);
    expect(await local.forget()).toBe(1);
    expect(await s.listLayers()).toEqual([]);
  });
});
