import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { PackageInput } from '../../../shared/package';

export const FIXTURES = join(__dirname, '../../fixtures/package');

/** A fresh copy of the builder input fixture. */
export function inputFixture(overrides: Partial<PackageInput> = {}): PackageInput {
  return { ...(JSON.parse(readFileSync(join(FIXTURES, 'input.json'), 'utf8')) as PackageInput), ...overrides };
}

export const text = (b: Uint8Array): string => new TextDecoder().decode(b);

/** The zip's entries in order. */
export function entriesOf(bytes: Uint8Array): [string, Uint8Array][] {
  return Object.entries(unzipSync(bytes));
}

/** A new zip from `bytes` with `edit` applied to the entry map (insertion order kept, manifest first). */
export function rezip(bytes: Uint8Array, edit: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(bytes);
  edit(files);
  return zipSync(files);
}
