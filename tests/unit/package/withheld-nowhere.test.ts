import { describe, expect, it } from 'vitest';
import { buildPackage, buildTakPackage, generateSigningKeyPair, signingIdentity } from '../../../shared/package';
import { entriesOf, inputFixture } from './helpers';

/**
 * What the preview says stays behind must not be anywhere in the file: neither in the ZIP's raw
 * bytes (stored names, uncompressed entries) nor in any inflated entry.
 */

const WITHHELD = [
  // features withheld for each reason, by id and by a name or value only they hold
  'site-kilo',
  'Safehouse Kilo',
  'night entrance by the river',
  'site-lima',
  'Depot Lima',
  'site-mike',
  'Clinic Mike',
  // the layer withheld as a whole: its id, name, feature and the feature's values
  'layer-patrols',
  'Patrol plans Zulu',
  'patrol-november',
  'Route November',
  'BANBATT-2',
  // sensitive fields omitted, as a GeoJSON or KML attribute and by value (the manifest names
  // the omitted fields, so the recipient knows they are missing)
  '"contactPerson":',
  'name="contactPerson"',
  'Aminata Diallo',
  '"population":',
  'name="population"',
  '12345',
  '800',
  'Informant Oscar',
  // the directory entries the recipient does not need
  'ngo-x',
  'Unrelated NGO',
  'Mission-wide',
];

const latin1 = (b: Uint8Array): string => Array.from(b, (c) => String.fromCharCode(c)).join('');

function leaks(bytes: Uint8Array): string[] {
  const found: string[] = [];
  const haystacks = [latin1(bytes), ...entriesOf(bytes).flatMap(([name, data]) => [name, new TextDecoder().decode(data)])];
  for (const needle of WITHHELD) if (haystacks.some((h) => h.includes(needle))) found.push(needle);
  return found;
}

describe('withheld features and omitted fields', () => {
  it('appear nowhere in a signed Common Ground package', async () => {
    const signer = await signingIdentity(await generateSigningKeyPair());
    const { bytes } = await buildPackage(inputFixture({ omitSensitive: true }), { signer });
    const inflated = entriesOf(bytes).map(([, d]) => new TextDecoder().decode(d)).join('\n');
    // The search itself works: what goes is found.
    for (const present of ['site-alpha', 'Camp Alpha', 'School Echo', 'Roadblock at Ndjili', 'idp_site']) expect(inflated).toContain(present);
    expect(leaks(bytes)).toEqual([]);
  });

  it('appear nowhere in a TAK data package', () => {
    const { bytes } = buildTakPackage(inputFixture({ omitSensitive: true }));
    const inflated = entriesOf(bytes).map(([, d]) => new TextDecoder().decode(d)).join('\n');
    for (const present of ['Camp Alpha', 'School Echo']) expect(inflated).toContain(present);
    expect(leaks(bytes)).toEqual([]);
  });

  it('are in the package when sensitive fields are kept (the list is not vacuous)', async () => {
    const { bytes } = await buildPackage(inputFixture({ omitSensitive: false }));
    expect(leaks(bytes)).toEqual(['"contactPerson":', 'Aminata Diallo', '"population":', '12345', '800', 'Informant Oscar']);
  });
});
