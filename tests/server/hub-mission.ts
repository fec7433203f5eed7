/**
 * The hub's test bed: a throwaway cluster, migrated, the demo mission seeded, one hub in this
 * process (connected as the cg_hub login, never as superuser) and a logged-in client per
 * organisation. `admin` is the cluster's superuser, used only to look at what was written.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connectionStringFor } from '../../server/admin/roles';
import { startCluster, type Cluster } from '../../server/db/cluster';
import { migrate } from '../../server/db/migrate';
import { startHub, type Hub } from '../../server/hub/app';
import { HubClient } from '../../server/hub/client';
import { HUB_ROLE, LOGIN, seedDemoMission, type DemoMission } from '../../server/hub/demo-mission';
import type { FeatureInput, PushChangeset, PushOp } from '../../shared/hub/protocol';

export const PASSWORDS = { force: 'force-pass-1', ocha: 'ocha-pass-1' };
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface MissionHub {
  cluster: Cluster;
  admin: pg.Client;
  hubDb: string;
  hub: Hub;
  mission: DemoMission;
  force: HubClient;
  ocha: HubClient;
  /**
   * Stops the hub (its database and port kept) and, once `meanwhile` has run with no hub
   * listening, starts it again on the same address: `hub` is the new one afterwards.
   */
  restartHub(meanwhile?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/** `allowedOrigins`: pages that may call the hub from a browser (the e2e tests' preview server). */
export async function startMissionHub(options: { allowedOrigins?: string[] } = {}): Promise<MissionHub> {
  const cluster = await startCluster();
  try {
    const admin = new pg.Client({ connectionString: cluster.url });
    // A test that restarts PostgreSQL ends this connection; that is expected, not a failure.
    admin.on('error', () => undefined);
    await admin.connect();
    await migrate(admin);
    const hubDb = connectionStringFor(cluster.url, HUB_ROLE, 'hub-pass').url;
    const seedPool = new pg.Pool({ connectionString: hubDb, max: 2 });
    const mission = await seedDemoMission(admin, seedPool, PASSWORDS, 'hub-pass');
    await seedPool.end();
    // Sessions of live clients checked every half second, so a test sees a revoked one closed.
    const hubOptions = (port: number) => ({ db: hubDb, host: '127.0.0.1', port, sessionSweepMs: 500, ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}) });
    const hub = await startHub(hubOptions(0));
    const force = new HubClient(hub.url);
    const ocha = new HubClient(hub.url);
    for (const [c, login, pw] of [[force, LOGIN.force, PASSWORDS.force], [ocha, LOGIN.ocha, PASSWORDS.ocha]] as const) {
      const a = await c.login(login, pw);
      if (!a.ok) throw new Error(`login ${login}: ${a.error.code}`);
    }
    const mh: MissionHub = {
      cluster,
      admin,
      hubDb,
      hub,
      mission,
      force,
      ocha,
      async restartHub(meanwhile) {
        const port = Number(new URL(mh.hub.url).port);
        await mh.hub.close();
        await meanwhile?.();
        mh.hub = await startHub(hubOptions(port));
      },
      async stop() {
        await mh.hub.close();
        await admin.end();
        cluster.stop();
      },
    };
    return mh;
  } catch (e) {
    cluster.stop();
    throw e;
  }
}

/** Counts of what pushes write, to show that a refused request wrote nothing. */
export async function written(admin: pg.ClientBase): Promise<{ changesets: number; features: number; log: number; maxVersion: number }> {
  const r = await admin.query<{ c: string; f: string; l: string; v: number | null }>(
    'select (select count(*) from changesets) c, (select count(*) from features) f, (select count(*) from changeset_features) l, (select max(version) from features) v',
  );
  const row = r.rows[0];
  return { changesets: Number(row?.c), features: Number(row?.f), log: Number(row?.l), maxVersion: Number(row?.v ?? 0) };
}

export const point = (lon: number, lat: number): FeatureInput['geometry'] => ({ type: 'Point', coordinates: [lon, lat] });

export function changeset(layerId: string, ops: PushOp[], label = 'test'): PushChangeset {
  return { id: crypto.randomUUID(), layerId, label, at: new Date().toISOString(), ops };
}

export const put = (features: { feature: FeatureInput; baseVersion: number | null }[]): PushOp => ({ op: 'putFeatures', features });

export const newFeature = (props: FeatureInput['properties'] = {}, marking?: FeatureInput['marking']): FeatureInput => ({
  id: crypto.randomUUID(),
  geometry: point(29 + Math.random() / 10, -1.5 - Math.random() / 10),
  properties: props,
  ...(marking ? { marking } : {}),
});

/** A second hub, as its own node process, on the same database. */
export async function spawnHub(db: string): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/hub/main.ts', '--db', db, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`hub process exited (${code}): ${stderr}`)));
  });
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Polls `probe` every 50 ms until it gives a value, which it returns; fails after `timeoutMs`. */
export async function until<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
