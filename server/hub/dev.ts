/**
 * `npm run hub:dev [-- --port N]`: a throwaway PostgreSQL cluster, migrated and seeded with the
 * demo mission, and one hub on 127.0.0.1 in front of it. Prints the address and the logins;
 * Ctrl-C stops the hub and deletes the cluster.
 */
import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import pg from 'pg';
import { connectionStringFor } from '../admin/roles';
import { startCluster } from '../db/cluster';
import { migrate } from '../db/migrate';
import { startHub } from './app';
import { HUB_ROLE, LOGIN, seedDemoMission } from './demo-mission';

const o = new Command('hub:dev').option('--port <n>', 'port to listen on', (v) => Number(v), 8787).parse().opts<{ port: number }>();

const cluster = await startCluster();
const stopCluster = () => cluster.stop();
process.once('exit', stopCluster);
try {
  const passwords = { force: randomBytes(9).toString('base64url'), ocha: randomBytes(9).toString('base64url') };
  const hubPassword = randomBytes(18).toString('base64url');
  const hubDb = connectionStringFor(cluster.url, HUB_ROLE, hubPassword).url;
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await migrate(admin);
  const seedPool = new pg.Pool({ connectionString: hubDb, max: 2 });
  await seedDemoMission(admin, seedPool, passwords, hubPassword);
  await seedPool.end();
  await admin.end();
  // The Electron app's page and the web build served by `npm run web` may call the dev hub.
  const hub = await startHub({ db: hubDb, host: '127.0.0.1', port: o.port, allowedOrigins: ['app://bundle', 'http://127.0.0.1:5173', 'http://localhost:5173'] });
  console.log(`hub: listening on ${hub.url} (live channel ${hub.url.replace(/^http/, 'ws')}/live)`);
  console.log(`hub: database ${cluster.urlOf('postgres')} (throwaway, deleted on exit)`);
  console.log(`hub: Force HQ login     ${LOGIN.force} / ${passwords.force}`);
  console.log(`hub: OCHA login         ${LOGIN.ocha} / ${passwords.ocha}`);
  console.log('hub: Ctrl-C to stop');
  const stop = () => {
    void hub.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (e) {
  console.error(`hub:dev: ${(e as Error).message}`);
  process.exit(1);
}
