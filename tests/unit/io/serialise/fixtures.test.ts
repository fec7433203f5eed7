import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import initSqlJs from 'sql.js';
import { describe, expect, it } from 'vitest';
import { getOutputFormat } from '../../../../shared/io/serialise';
import { SERIALISE_FIXTURES, bytesOfOutput, sourceLayers, textOf } from './helpers';

/**
 * Every file in tests/fixtures/serialise/in, written in each format, must equal the file beside it
 * in out/ (GeoPackage: a JSON dump of its tables, since the file itself holds a timestamp).
 * UPDATE_FIXTURES=1 rewrites out/; review the diff.
 */

const UPDATE = process.env.UPDATE_FIXTURES === '1';
const inputs = (await readdir(join(SERIALISE_FIXTURES, 'in'))).filter((f) => f.endsWith('.geojson'));

async function dumpGeoPackage(bytes: Uint8Array): Promise<string> {
  const SQL = await initSqlJs();
  const db = new SQL.Database(bytes);
  const hex = (v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v);
  const dump: Record<string, unknown> = {
    application_id: db.exec('PRAGMA application_id')[0]?.values[0]?.[0],
    user_version: db.exec('PRAGMA user_version')[0]?.values[0]?.[0],
  };
  const tables = db.exec("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name <> 'sqlite_sequence' ORDER BY name")[0]?.values ?? [];
  for (const [name, sql] of tables) {
    const res = db.exec(`SELECT * FROM "${String(name)}"`)[0];
    const rows = (res?.values ?? []).map((r) => Object.fromEntries(r.map((v, i) => [res?.columns[i], res?.columns[i] === 'last_change' ? '(time of writing)' : hex(v)])));
    dump[String(name)] = { sql, rows };
  }
  db.close();
  return `${JSON.stringify(dump, null, 1)}\n`;
}

async function expectFixture(path: string, actual: string): Promise<void> {
  if (UPDATE) {
    await mkdir(join(SERIALISE_FIXTURES, 'out'), { recursive: true });
    await writeFile(path, actual);
  }
  expect(actual).toBe(await readFile(path, 'utf8'));
}

describe.each(inputs)('serialise fixture %s', (input) => {
  const base = input.replace(/\.geojson$/, '');
  it.each(['geojson', 'kml', 'csv', 'gpx'])('as %s equals out/ beside it', async (id) => {
    const format = getOutputFormat(id);
    if (!format) throw new Error(id);
    const out = await format.serialise(await sourceLayers(input));
    const report = { warnings: out.warnings ?? [], refused: out.refused ?? [] };
    await expectFixture(join(SERIALISE_FIXTURES, 'out', `${base}${format.extension}`), textOf(out));
    await expectFixture(join(SERIALISE_FIXTURES, 'out', `${base}${format.extension}.report.json`), `${JSON.stringify(report, null, 1)}\n`);
  });

  it('as gpkg: its tables equal out/ beside it', async () => {
    const out = await getOutputFormat('gpkg')?.serialise(await sourceLayers(input));
    if (!out) throw new Error('gpkg');
    await expectFixture(join(SERIALISE_FIXTURES, 'out', `${base}.gpkg.json`), await dumpGeoPackage(bytesOfOutput(out)));
  });
});
