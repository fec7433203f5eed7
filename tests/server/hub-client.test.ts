import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYER, ORG } from '../../server/hub/demo-mission';
import type { CgFeature } from '../../shared/domain/feature';
import { HubSyncClient, type Clock, type HubConflict, type Outbox, type OutboxEntry, type RemoteChange, type SyncSink } from '../../shared/hub/sync-client';
import type { HubLayer } from '../../shared/hub/protocol';
import { HttpHubTransport, type SocketLike } from '../../renderer/hub/hub-transport';
import { startMissionHub, type MissionHub } from './hub-mission';

/**
 * The workstation's sync client (shared/hub/sync-client.ts) over the real transport against a
 * real hub on a real PostgreSQL: what one organisation pushes reaches the other live when it may
 * read it, never when it may not; a stale base comes back as a conflict with the hub's version.
 */

let m: MissionHub;
beforeAll(async () => {
  m = await startMissionHub();
}, 180_000);
afterAll(async () => {
  for (const w of workstations) w.client.stop();
  await m?.stop();
});

class Workstation implements Outbox, SyncSink {
  items: OutboxEntry[] = [];
  features = new Map<string, CgFeature>();
  conflicted: HubConflict[] = [];
  refusals: string[] = [];
  cursor = 0;
  readonly client: HubSyncClient;
  constructor(token: string | null) {
    const transport = new HttpHubTransport({ baseUrl: m.hub.url, token: () => token, socket: (url) => new WebSocket(url) as unknown as SocketLike });
    const clock: Clock = { now: () => Date.now(), random: () => Math.random(), setTimer: (ms, fn) => { const t = setTimeout(fn, ms); return () => clearTimeout(t); } };
    this.client = new HubSyncClient(transport, this, this, clock, { backoff: { initialMs: 100, maxMs: 1000 } });
  }
  async entries() { return [...this.items]; }
  async remove(id: string) { this.items = this.items.filter((e) => e.changeset.id !== id); }
  async applyRemote(changes: RemoteChange[]) {
    for (const c of changes) for (const op of c.changeset.ops) {
      if (op.op === 'putFeatures') for (const f of op.features) this.features.set(f.id, f);
      if (op.op === 'deleteFeatures') for (const id of op.ids) this.features.delete(id);
    }
  }
  async conflicts(_e: OutboxEntry, c: HubConflict[]) { this.conflicted.push(...c); }
  async refused(_e: OutboxEntry, code: string) { this.refusals.push(code); }
  hubLayers: HubLayer[] = [];
  async layers(layers: HubLayer[]) { this.hubLayers = layers; }
  async readCursor() { return this.cursor; }
  async writeCursor(seq: number) { this.cursor = seq; }
  /** A local edit as the app records it: the changeset and the version each feature had. */
  edit(layerId: string, feature: CgFeature, base: number | null): void {
    this.items.push({
      changeset: { id: crypto.randomUUID(), summary: { key: 'edit', params: { name: String(feature.properties.name) } }, at: new Date().toISOString(), by: { name: 'tester', org: '' }, ops: [{ op: 'putFeatures', layerId, features: [feature] }] },
      baseVersions: base === null ? {} : { [feature.id]: base },
    });
    void this.client.nudge();
  }
}
const workstations: Workstation[] = [];

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const feature = (name: string, props: CgFeature['properties'] = {}): CgFeature => ({
  type: 'Feature',
  id: crypto.randomUUID(),
  geometry: { type: 'Point', coordinates: [29.1, -1.6] },
  properties: { name, ...props },
});

describe('the sync client against a real hub', () => {
  let force: Workstation;
  let ocha: Workstation;

  it('connects both workstations and goes live', async () => {
    force = new Workstation(m.force.token);
    ocha = new Workstation(m.ocha.token);
    workstations.push(force, ocha);
    await Promise.all([force.client.start(), ocha.client.start()]);
    expect([force.client.snapshot.status, ocha.client.snapshot.status]).toEqual(['connected', 'connected']);
  });

  it("a Force edit releasable mission-wide reaches OCHA's workstation live; a Force-only one never does", async () => {
    const open = feature('Checkpoint Kilo', { fatalities: 0 });
    const secret = feature('Route November', { fatalities: 0, classification: 'CONFIDENTIAL', releasableTo: [ORG.force] });
    force.edit(LAYER.incidents, secret, null);
    force.edit(LAYER.incidents, open, null);
    await until(() => ocha.features.has(open.id));
    await force.client.idle();
    await until(() => force.features.has(secret.id) && force.features.has(open.id));
    expect(ocha.features.has(secret.id)).toBe(false);
    expect(ocha.features.get(open.id)?.properties).toMatchObject({ name: 'Checkpoint Kilo', version: 1, exchangedVersion: 1, classification: 'UNCLASSIFIED', originator: ORG.force });
    expect(force.items).toEqual([]);
  });

  it('a stale base from OCHA comes back as a conflict carrying the hub version; nothing of it is written', async () => {
    const shared = [...ocha.features.values()].find((f) => f.properties.name === 'Checkpoint Kilo')!;
    force.edit(LAYER.incidents, { ...shared, properties: { ...shared.properties, fatalities: 2 } }, 1);
    await force.client.idle();
    await until(() => ocha.features.get(shared.id)?.properties.version === 2);
    ocha.edit(LAYER.incidents, { ...shared, properties: { ...shared.properties, fatalities: 5 } }, 1);
    await until(() => ocha.conflicted.length === 1);
    expect(ocha.conflicted[0]).toMatchObject({ featureId: shared.id, theirVersion: 2 });
    expect(ocha.conflicted[0]?.theirs?.properties.fatalities).toBe(2);
    const row = await m.admin.query<{ version: number; props: { fatalities: number } }>('select version, props from features where id = $1', [shared.id]);
    expect(row.rows[0]).toMatchObject({ version: 2, props: { fatalities: 2 } });
  });

  it('a write the hub refuses for good is kept aside with its code, and syncing goes on', async () => {
    ocha.edit(LAYER.patrols, feature('Not theirs'), null);
    await until(() => ocha.refusals.length === 1);
    expect(ocha.refusals[0]).toMatch(/^hub\.layer-(read-only|not-found)$/);
    // The refusal is heard mid-round; the round then asks for layers and pulls before it is connected.
    await ocha.client.idle();
    expect(ocha.client.snapshot.status).toBe('connected');
  });
});
