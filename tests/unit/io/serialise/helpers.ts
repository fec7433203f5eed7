import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFile } from '../../../../shared/import/registry';
import type { SerialisableLayer, SerialiseOutput } from '../../../../shared/io/serialise';
import { inEnglish } from '../../english';

export const SERIALISE_FIXTURES = join(__dirname, '../../../fixtures/serialise');

/** A fixture from tests/fixtures/serialise/in, read through the importer as the app reads it. */
export async function sourceLayers(name: string): Promise<SerialisableLayer[]> {
  const bytes = new Uint8Array(await readFile(join(SERIALISE_FIXTURES, 'in', name)));
  const r = await parseFile(name, bytes);
  if (!r.ok) throw new Error(inEnglish(r.error));
  if (r.refused.length) throw new Error(`fixture ${name} has refused features: ${JSON.stringify(r.refused)}`);
  return r.layers.map((l) => ({ name: l.name, features: l.features }));
}

export function textOf(o: SerialiseOutput): string {
  if (!('text' in o)) throw new Error('expected text output');
  return o.text;
}

export function bytesOfOutput(o: SerialiseOutput): Uint8Array {
  if (!('bytes' in o)) throw new Error('expected binary output');
  return o.bytes;
}
