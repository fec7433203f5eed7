/**
 * Sharing a layer from a workstation (POST /layers, PATCH /layers/:id) against a real hub and
 * cluster: created with the caller's organisation as owner and originator, idempotent for its
 * owner, refused with a code to anyone else, filtered by the release rule like any layer (through
 * the API and through the organisation's QGIS view), and changed by its owner only.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionStringFor, createOrgRole } from '../../server/admin/roles';
import { withActor } from '../../server/db/tx';
import { HttpHubTransport } from '../../renderer/hub/hub-transport';
import { LayerAnswerSchema, type CreateLayerRequest } from '../../shared/hub/protocol';
import { startMissionHub, type MissionHub } from './hub-mission';

let m: MissionHub;

beforeAll(async () => {
  m = await startMissionHub();
  for (const org of ['force', 'ocha']) await createOrgRole(m.admin, org, 'qgis');
}, 120_000);
afterAll(async () => m?.stop());

const forceOnly = (id = crypto.randomUUID()): CreateLayerRequest => ({
  id,
  name: 'Company positions',
  kind: 'unit',
  style: { color: '#c0392b', radius: 6, labels: { field: 'name', size: 12 } },
  marking: { classification: 'CONFIDENTIAL', caveats: [], releasableTo: ['force'] },
  contributors: [],
});

const layerRows = async (id: string) => (await m.admin.query('select owner_org, originator, classification, releasable_to, contributors, style from layers where id = $1', [id])).rows;

/** ogrinfo's layer names as an organisation's QGIS login (the connection string `role create` prints). */
const qgisLayers = (org: string): string[] => {
  const { ogr } = connectionStringFor(m.cluster.url, `cg_org_${org}`, 'qgis');
  const out = execFileSync('ogrinfo', ['-ro', '-so', ogr], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return out.split('\n').flatMap((l) => /^\d+: (\S+)/.exec(l)?.[1] ?? []);
};

describe('sharing a layer from a workstation', () => {
  it('creates it with the caller as owner and originator, and the same request again is answered, not repeated', async () => {
    const req = forceOnly();
    const first = await m.force.createLayer(req);
    expect(first).toMatchObject({ ok: true, status: 201, body: { created: true, layer: { id: req.id, ownerOrg: 'force', marking: { originator: 'force', classification: 'CONFIDENTIAL' }, style: req.style, writable: true } } });
    const again = await m.force.createLayer(req);
    expect(again).toMatchObject({ ok: true, status: 200, body: { created: false, layer: { id: req.id, ownerOrg: 'force' } } });
    expect(await layerRows(req.id)).toEqual([{ owner_org: 'force', originator: 'force', classification: 'CONFIDENTIAL', releasable_to: ['force'], contributors: [], style: req.style }]);
    const listed = await m.force.layers();
    expect(listed.ok && listed.body.layers.some((l) => l.id === req.id)).toBe(true);
  });

  it('refuses the same id from another organisation with layer-id-taken, and leaves the layer as it was', async () => {
    const req = forceOnly();
    await m.force.createLayer(req);
    const theirs = await m.ocha.createLayer({ ...req, marking: { classification: 'UNCLASSIFIED', caveats: [], releasableTo: ['mission'] } });
    expect(theirs).toMatchObject({ ok: false, status: 409, error: { code: 'layer-id-taken', params: { layerId: req.id } } });
    expect((await layerRows(req.id))[0]).toMatchObject({ owner_org: 'force', releasable_to: ['force'] });
  });

  it('keeps a Force-only layer from a humanitarian user: not listed, no snapshot, no change', async () => {
    const req = forceOnly();
    await m.force.createLayer(req);
    const listed = await m.ocha.layers();
    expect(listed.ok && listed.body.layers.map((l) => l.id)).not.toContain(req.id);
    expect(await m.ocha.snapshot(req.id)).toMatchObject({ ok: false, status: 404, error: { code: 'layer-not-found' } });
    expect(await m.ocha.updateLayer(req.id, { contributors: ['ocha'] })).toMatchObject({ ok: false, status: 404, error: { code: 'layer-not-found' } });
    expect((await layerRows(req.id))[0]).toMatchObject({ contributors: [] });
  });

  it('shows it in the owner organisation’s QGIS view only, and in the other’s once released to it', async () => {
    const req = forceOnly();
    await m.force.createLayer(req);
    const view = `unit_${req.id.replace(/-/g, '')}`;
    expect(qgisLayers('force')).toContain(view);
    expect(qgisLayers('ocha')).not.toContain(view);
    const released = await m.force.updateLayer(req.id, { marking: { classification: 'UNCLASSIFIED', caveats: [], releasableTo: ['mission'] } });
    expect(released).toMatchObject({ ok: true, status: 200, body: { layer: { marking: { releasableTo: ['mission'] } } } });
    expect(qgisLayers('ocha')).toContain(view);
  });

  it('lets the owner change marking and contributors, and no one else', async () => {
    const req = { ...forceOnly(), marking: { classification: 'UNCLASSIFIED', caveats: [], releasableTo: ['mission'] } };
    await m.force.createLayer(req);
    expect(await m.ocha.updateLayer(req.id, { contributors: ['ocha'] })).toMatchObject({ ok: false, status: 403, error: { code: 'layer-not-owner', params: { layerId: req.id } } });
    const granted = await m.force.updateLayer(req.id, { contributors: ['ocha'], name: 'Company positions (shared)' });
    expect(granted).toMatchObject({ ok: true, body: { layer: { contributors: ['ocha'], name: 'Company positions (shared)', marking: { releasableTo: ['mission'] } } } });
    const seen = await m.ocha.layers();
    expect(seen.ok && seen.body.layers.find((l) => l.id === req.id)).toMatchObject({ writable: true, ownerOrg: 'force' });
  });

  it("tells every live client to list the layers again when one changes, saying nothing of which, and not for a refused change", async () => {
    const req = forceOnly();
    await m.force.createLayer(req);
    const ochaLive = await m.ocha.live();
    await ochaLive.next((f) => f.type === 'ready');
    // Refused (not the owner): no frame. Then the owner's change: one frame, content-free.
    await m.ocha.updateLayer(req.id, { name: 'Taken over' });
    await m.force.updateLayer(req.id, { marking: { classification: 'UNCLASSIFIED', caveats: [], releasableTo: ['mission'] } });
    expect(await ochaLive.next((f) => f.type === 'layers')).toEqual({ type: 'layers' });
    await m.force.updateLayer(req.id, { marking: { classification: 'CONFIDENTIAL', caveats: [], releasableTo: ['force'] } });
    await ochaLive.next((f) => f.type === 'layers' && ochaLive.frames.filter((x) => x.type === 'layers').length === 2);
    expect(JSON.stringify(ochaLive.frames)).not.toContain(req.id);
    ochaLive.close();
  });

  it('refuses unknown names and fields with a code and writes nothing', async () => {
    const before = (await m.admin.query('select count(*)::int as n from layers')).rows[0];
    const cases: [Partial<CreateLayerRequest> & Record<string, unknown>, string][] = [
      [{ marking: { classification: 'CONFIDENTIAL', caveats: [], releasableTo: ['nobody'] } }, 'unknown-party'],
      [{ marking: { classification: 'CONFIDENTIAL', caveats: ['NO SUCH CAVEAT'], releasableTo: ['force'] } }, 'unknown-caveat'],
      [{ contributors: ['nobody'] }, 'unknown-organisation'],
      [{ marking: { classification: 'TOP SECRET-ISH', caveats: [], releasableTo: ['force'] } }, 'unknown-classification'],
      [{ ownerOrg: 'ocha' }, 'invalid-request'],
    ];
    for (const [change, code] of cases) {
      const a = await m.force.request(LayerAnswerSchema, 'POST', '/layers', JSON.stringify({ ...forceOnly(), ...change }));
      expect({ code, answer: a }).toMatchObject({ code, answer: { ok: false, status: 400, error: { code } } });
    }
    expect(await m.force.updateLayer(crypto.randomUUID(), {})).toMatchObject({ ok: false, status: 400, error: { code: 'invalid-request', params: { issue: 'nothing-to-change' } } });
    expect((await m.admin.query('select count(*)::int as n from layers')).rows[0]).toEqual(before);
  });

  it('lets row-level security refuse a layer owned by, or originated as, another organisation', async () => {
    const pool = m.hub.pool;
    const actor = m.mission.actors.force;
    const insert = (owner: string, originator: string) =>
      withActor(pool, actor, (db) =>
        db.query("insert into layers (id, name, kind, owner_org, classification, originator, releasable_to) values ($1, 'x', 'unit', $2, 'UNCLASSIFIED', $3, '{mission}')", [crypto.randomUUID(), owner, originator]),
      );
    await expect(insert('ocha', 'ocha')).rejects.toMatchObject({ code: '42501' });
    await expect(insert('force', 'ocha')).rejects.toMatchObject({ code: '42501' });
    await expect(insert('force', 'force')).resolves.toBeTruthy();
  });

  it('is what the workstation\'s transport calls: shared, shared again, or refused with a catalogue code', async () => {
    const transport = (token: string | null) => new HttpHubTransport({ baseUrl: m.hub.url, token: () => token });
    const req = forceOnly();
    expect(await transport(m.force.token).createLayer(req)).toMatchObject({ kind: 'shared', created: true, layer: { id: req.id, ownerOrg: 'force' } });
    expect(await transport(m.force.token).createLayer(req)).toMatchObject({ kind: 'shared', created: false });
    expect(await transport(m.ocha.token).createLayer(req)).toEqual({ kind: 'refused', code: 'hub.layer-id-taken', params: { layerId: req.id } });
    expect(await transport(m.ocha.token).updateLayer(req.id, { contributors: ['ocha'] })).toMatchObject({ kind: 'refused', code: 'hub.layer-not-found' });
    expect(await transport(m.force.token).updateLayer(req.id, { contributors: ['ocha'] })).toMatchObject({ kind: 'shared', created: false, layer: { contributors: ['ocha'] } });
    await expect(transport(null).createLayer(forceOnly())).rejects.toMatchObject({ failure: 'unauthorised' });
  });
});
