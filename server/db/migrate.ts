/**
 * Applies server/db/migrations/NNN_name.sql in order, each once, each in its own transaction,
 * recorded in schema_migrations. Hand-written: a dozen lines against pg, where a migration tool
 * would bring its own config and CLI for what is plain SQL files here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .map((file) => /^(\d{3})_([\w-]+)\.sql$/.exec(file))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ version: Number(m[1]), name: m[2] ?? '', sql: readFileSync(join(dir, m[0]), 'utf8') }))
    .sort((a, b) => a.version - b.version);
}

/** Returns the versions applied by this call. */
export async function migrate(client: pg.ClientBase, migrations: readonly Migration[] = readMigrations()): Promise<number[]> {
  await client.query('create table if not exists schema_migrations (version int primary key, name text not null, applied_at timestamptz not null default now())');
  const done = new Set((await client.query<{ version: number }>('select version from schema_migrations')).rows.map((r) => r.version));
  const applied: number[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    await client.query('begin');
    try {
      await client.query(m.sql);
      await client.query('insert into schema_migrations(version, name) values ($1, $2)', [m.version, m.name]);
      await client.query('commit');
    } catch (e) {
      await client.query('rollback');
      throw new Error(`migration ${m.version}_${m.name} failed: ${(e as Error).message}`, { cause: e });
    }
    applied.push(m.version);
  }
  return applied;
}
