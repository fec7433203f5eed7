/**
 * A throwaway PostgreSQL cluster in a temp dir, for the hub's tests and `npm run hub:dev`:
 * initdb, then postgres on 127.0.0.1 and a free port, its unix socket inside the temp dir.
 * initdb and postgres refuse to run as root, so as root they run as the `postgres` system user.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PG_BIN_CANDIDATES = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];
const SUPERUSER = 'hub_admin';

export interface Cluster {
  /** Connection string of the `postgres` database as the cluster's superuser. */
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** Connection string of another database in the same cluster. */
  urlOf(database: string): string;
  /** Stops the server abruptly (as a crash would) and starts it again on the same port and data. */
  restart(): void;
  stop(): void;
}

function findPgBin(): string {
  const bin = PG_BIN_CANDIDATES.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')));
  if (!bin) throw new Error(`no PostgreSQL server binaries (initdb, pg_ctl) in ${PG_BIN_CANDIDATES.join(', ')}`);
  return bin;
}

function run(cmd: string, args: string[], asUser: string | null): void {
  const [file, argv] = asUser ? ['runuser', ['-u', asUser, '--', cmd, ...args]] : [cmd, args];
  const r = spawnSync(file, argv, { encoding: 'utf8', timeout: 120_000 });
  if (r.error || r.status !== 0) throw new Error(`${cmd} failed: ${r.error?.message ?? ''}${r.stderr ?? ''}${r.stdout ?? ''}`.trim());
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function postgresUid(): { uid: number; gid: number } {
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const g = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0 || g.status !== 0) throw new Error('running as root but there is no `postgres` system user to run the cluster as');
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** Starts a fresh cluster; throws with the reason when it cannot (tests must fail, not skip). */
export async function startCluster(): Promise<Cluster> {
  const bin = findPgBin();
  const asUser = process.getuid?.() === 0 ? 'postgres' : null;
  const dir = mkdtempSync(join(tmpdir(), 'cg-hub-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  let started = false;
  const stop = () => {
    if (started) {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], asUser);
      } catch {
        // The directory goes anyway; a server that already died leaves nothing to stop.
      }
      started = false;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (asUser) {
      const { uid, gid } = postgresUid();
      chownSync(dir, uid, gid);
    }
    // Trust on 127.0.0.1 only: a throwaway cluster for one run, never reachable from elsewhere.
    run(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', SUPERUSER, '--no-sync', '-E', 'UTF8', '--locale=C'], asUser);
    const options = `-c listen_addresses=127.0.0.1 -c unix_socket_directories='${dir}' -p ${port} -c fsync=off -c max_connections=50`;
    run(join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', 'start'], asUser);
    started = true;
  } catch (e) {
    stop();
    throw e;
  }
  const urlOf = (database: string) => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`;
  // pg_ctl restart reuses the options of the last start (postmaster.opts).
  const restart = () => run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-l', join(dir, 'server.log'), '-w', 'restart'], asUser);
  return { url: urlOf('postgres'), port, dir, urlOf, restart, stop };
}
