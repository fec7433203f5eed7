/**
 * `npm run hub:admin -- <command> --db postgres://admin@host:port/db`: the hub's administration,
 * run as the database's administrator (the migrations' owner). Passwords are never taken on the
 * command line, where `ps` and shell history would keep them: they are generated and printed
 * once, or read from stdin with --password-stdin.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import pg from 'pg';
import { purgeSessions } from '../auth/sessions';
import { addUser, disableUser, resetPassword } from '../auth/users';
import { migrate } from '../db/migrate';
import { addGroup, addGroupMember, addOrganisation, listOrganisations, loadScheme, SCHEMES } from './directory';
import { grantContributor, revokeContributor } from './layers';
import { connectionStringFor, createHubRole, createOrgRole, randomPassword } from './roles';

interface DbOption {
  db?: string;
}

function databaseUrl(opts: DbOption): string {
  const url = opts.db ?? process.env.CG_HUB_ADMIN_DB;
  if (!url) throw new Error('--db postgres://… (or CG_HUB_ADMIN_DB) is required');
  return url;
}

async function withDb<T>(opts: DbOption, fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: databaseUrl(opts) });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

/** A password from stdin's first line, or a fresh one the caller prints. */
function passwordFrom(opts: { passwordStdin?: boolean }): { password: string; generated: boolean } {
  if (!opts.passwordStdin) return { password: randomPassword(), generated: true };
  const password = readFileSync(0, 'utf8').split(/\r?\n/)[0] ?? '';
  if (password.length < 12) throw new Error('the password read from stdin must have at least 12 characters');
  return { password, generated: false };
}

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

export function buildProgram(): Command {
  const program = new Command('hub:admin').description('Common Ground JOC hub administration').option('--db <url>', 'administrator connection string');
  const db = (): DbOption => program.opts<DbOption>();

  program
    .command('migrate')
    .description('apply the pending schema migrations')
    .action(() => withDb(db(), async (c) => say(`applied: ${(await migrate(c)).join(', ') || 'none'}`)));

  program
    .command('scheme')
    .description('load a marking scheme (classification levels and caveats)')
    .argument('<id>', Object.keys(SCHEMES).join(' | '))
    .action((id: string) =>
      withDb(db(), async (c) => {
        const scheme = SCHEMES[id];
        if (!scheme) throw new Error(`unknown scheme ${id}`);
        await loadScheme(c, scheme);
        say(`scheme ${scheme.id}: ${scheme.levels.map((l) => l.code).join(', ')}`);
      }),
    );

  const org = program.command('org').description('organisations');
  org
    .command('add')
    .argument('<id>')
    .requiredOption('--name <name>')
    .requiredOption('--clearance <level>')
    .action((id: string, o: { name: string; clearance: string }) =>
      withDb(db(), async (c) => {
        await addOrganisation(c, { id, name: o.name, clearance: o.clearance });
        say(`organisation ${id} added, clearance ${o.clearance}`);
      }),
    );
  org.command('list').action(() =>
    withDb(db(), async (c) => {
      for (const r of await listOrganisations(c)) say([r.id, r.clearance, r.name, r.roles.join(',')].join('\t'));
    }),
  );

  const group = program.command('group').description('groups of organisations (one level)');
  group
    .command('add')
    .argument('<id>')
    .requiredOption('--name <name>')
    .action((id: string, o: { name: string }) =>
      withDb(db(), async (c) => {
        await addGroup(c, { id, name: o.name });
        say(`group ${id} added`);
      }),
    );
  group
    .command('add-member')
    .argument('<group>')
    .argument('<org>')
    .action((g: string, o: string) =>
      withDb(db(), async (c) => {
        await addGroupMember(c, g, o);
        say(`${o} is a member of ${g}`);
      }),
    );

  const user = program.command('user').description('hub logins');
  user
    .command('add')
    .argument('<login>')
    .requiredOption('--org <id>')
    .option('--password-stdin', 'read the password from stdin instead of generating one')
    .action((login: string, o: { org: string; passwordStdin?: boolean }) =>
      withDb(db(), async (c) => {
        const { password, generated } = passwordFrom(o);
        const id = await addUser(c, { login, orgId: o.org, password });
        say(`user ${login} (${id}) added to ${o.org}`);
        if (generated) say(`password: ${password}`);
      }),
    );
  user
    .command('reset-password')
    .argument('<login>')
    .option('--password-stdin', 'read the password from stdin instead of generating one')
    .action((login: string, o: { passwordStdin?: boolean }) =>
      withDb(db(), async (c) => {
        const { password, generated } = passwordFrom(o);
        if (!(await resetPassword(c, login, password))) throw new Error(`no user ${login}`);
        say(`password of ${login} reset, its sessions closed`);
        if (generated) say(`password: ${password}`);
      }),
    );
  user
    .command('disable')
    .argument('<login>')
    .action((login: string) =>
      withDb(db(), async (c) => {
        if (!(await disableUser(c, login))) throw new Error(`no user ${login}`);
        say(`user ${login} disabled, its sessions closed`);
      }),
    );

  program
    .command('session')
    .description('hub sessions')
    .command('purge')
    .description('delete sessions that ended (expired or revoked) more than --days ago')
    .option('--days <n>', 'days a finished session is kept', '30')
    .action((o: { days: string }) =>
      withDb(db(), async (c) => {
        const days = Number(o.days);
        if (!Number.isInteger(days) || days < 0) throw new Error('--days must be a whole number of days');
        const n = await purgeSessions(c, new Date(Date.now() - days * 24 * 60 * 60 * 1000));
        say(`${n} sessions deleted`);
      }),
    );

  const layer = program.command('layer').description('layer contributors');
  layer
    .command('grant-contributor')
    .argument('<layer-id>')
    .argument('<org>')
    .action((l: string, o: string) =>
      withDb(db(), async (c) => {
        if (!(await grantContributor(c, l, o))) throw new Error(`no layer ${l}`);
        say(`${o} may write layer ${l}`);
      }),
    );
  layer
    .command('revoke')
    .argument('<layer-id>')
    .argument('<org>')
    .action((l: string, o: string) =>
      withDb(db(), async (c) => {
        if (!(await revokeContributor(c, l, o))) throw new Error(`no layer ${l}`);
        say(`${o} no longer contributes to layer ${l}`);
      }),
    );

  const role = program.command('role').description('database logins');
  role
    .command('create')
    .description("an organisation's login for QGIS and GDAL")
    .argument('<org>')
    .option('--host <host>', 'host name QGIS users reach the database at (default: the one in --db)')
    .option('--password-stdin', 'read the password from stdin instead of generating one')
    .action((orgId: string, o: { host?: string; passwordStdin?: boolean }) =>
      withDb(db(), async (c) => {
        const { password } = passwordFrom(o);
        const name = await createOrgRole(c, orgId, password);
        const conn = connectionStringFor(databaseUrl(db()), name, password, o.host);
        say(`role ${name} for ${orgId}`);
        say(`connection: ${conn.url}`);
        say(`GDAL/QGIS:  ${conn.ogr}`);
      }),
    );
  role
    .command('hub')
    .description("the hub service's own login (member of cg_app and cg_auth)")
    .argument('<name>')
    .option('--password-stdin', 'read the password from stdin instead of generating one')
    .action((name: string, o: { passwordStdin?: boolean }) =>
      withDb(db(), async (c) => {
        const { password } = passwordFrom(o);
        await createHubRole(c, name, password);
        say(`hub role ${name}`);
        say(`connection: ${connectionStringFor(databaseUrl(db()), name, password).url}`);
      }),
    );

  return program;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((e: unknown) => {
      process.stderr.write(`hub:admin: ${(e as Error).message}\n`);
      process.exitCode = 1;
    });
}
