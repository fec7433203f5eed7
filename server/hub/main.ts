/**
 * `npm run hub -- --db postgres://cg_hub@host/db [--host 127.0.0.1] [--port 8787] [--cert F --key F]
 * [--allow-insecure-http] [--allow-origin app://bundle …]`: one hub process on an existing, migrated database. Any number of them
 * may serve one database; they fan out each other's changes through LISTEN/NOTIFY.
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { startHub } from './app';
import { transportRefusal } from './transport-policy';
import { isOrigin } from './cors';

const REFUSAL_TEXT = {
  'insecure-http-off-loopback': 'plain HTTP is only served on a loopback address: give --cert and --key, or --allow-insecure-http',
  'cert-without-key': '--cert and --key go together',
} as const;

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('not a port number');
  return n;
}

function origins(value: string, previous: string[]): string[] {
  if (!isOrigin(value)) throw new InvalidArgumentError('not an origin (scheme://host[:port])');
  return [...previous, value];
}

const program = new Command('hub')
  .requiredOption('--db <url>', 'PostgreSQL connection string of the hub login')
  .option('--host <address>', 'address to listen on', '127.0.0.1')
  .option('--port <n>', 'port to listen on (0: any free port)', port, 8787)
  .option('--cert <file>', 'TLS certificate (PEM)')
  .option('--key <file>', 'TLS private key (PEM)')
  .option('--allow-insecure-http', 'serve plain HTTP on a non-loopback address', false)
  .option('--allow-origin <origin...>', "workstation page origins that may call the hub from a browser, e.g. app://bundle", origins, [])
  .showHelpAfterError();

const o = program.parse().opts<{ db: string; host: string; port: number; cert?: string; key?: string; allowInsecureHttp: boolean; allowOrigin: string[] }>();
const refusal = transportRefusal(o);
if (refusal) {
  console.error(`hub: ${REFUSAL_TEXT[refusal]}`);
  process.exit(64);
}
const hub = await startHub({
  db: o.db,
  host: o.host,
  port: o.port,
  tls: o.cert && o.key ? { cert: readFileSync(o.cert), key: readFileSync(o.key) } : undefined,
  allowedOrigins: o.allowOrigin,
});
console.log(`hub: listening on ${hub.url}`);
const stop = () => {
  void hub.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
