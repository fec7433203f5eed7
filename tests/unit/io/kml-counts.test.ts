/**
 * Nothing a KML file holds is lost without a word: for each file of togeojson's corpus, every
 * feature togeojson counts is imported (with geometry), imported attribute-only (no geometry),
 * or listed as refused (network links). Ground overlays count as their footprint polygon.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMessage } from '../../../shared/i18n/message';
import { parseFile } from '../../../shared/import/registry';
import type { Problem } from '../../../shared/io/types';
import { inEnglish } from '../english';

const ROOT = join(__dirname, '../../fixtures/kml/togeojson');
const KMZ_ROOT = join(__dirname, '../../fixtures/kml/leaflet-kmz');

/** togeojson's counts for the leaflet-kmz files, as /work/shared/data/manifest.csv states them. */
const KMZ_PEER_COUNTS: Record<string, number> = { 'capitals.kmz': 5, 'globe.kmz': 3, 'multigeometry.kmz': 1, 'regions.kmz': 40 };

function peerCount(input: string): number {
  const file = input === 'addresses.kml' ? 'addresses.kml.expected-togeojson-7.1.3.json' : `${input}.expected.json`;
  const peer = JSON.parse(readFileSync(join(ROOT, 'expected', file), 'utf8')) as { features: unknown[] };
  return peer.features.length;
}

async function held(fileName: string, bytes: Uint8Array): Promise<number | string> {
  const r = await parseFile(fileName, bytes);
  if (!r.ok) return inEnglish(r.error);
  const features = r.layers.flatMap((l) => l.features);
  const imported = features.filter((f) => f.geometry !== null).length;
  return imported + (features.length - imported) + r.refused.length;
}

describe('KMZ counts add up to what the archive holds (leaflet-kmz, real files)', () => {
  for (const [file, count] of Object.entries(KMZ_PEER_COUNTS)) {
    it(file, async () => {
      expect(await held(file, new Uint8Array(readFileSync(join(KMZ_ROOT, file))))).toBe(count);
    });
  }
});

describe('KML counts add up to what the file holds (togeojson corpus)', () => {
  for (const input of readdirSync(join(ROOT, 'in')).filter((n) => n.endsWith('.kml'))) {
    it(input, async () => {
      const r = await parseFile(input, new Uint8Array(readFileSync(join(ROOT, 'in', input))));
      if (!r.ok) return expect(peerCount(input), `${input} was refused: ${r.error}`).toBe(0);
      const features = r.layers.flatMap((l) => l.features);
      const imported = features.filter((f) => f.geometry !== null).length;
      const attributeOnly = features.length - imported;
      const refused = r.refused.length;
      expect({ imported, attributeOnly, refused, held: imported + attributeOnly + refused }).toMatchObject({ held: peerCount(input) });
    });
  }

  it('a network link is listed as refused with its address and name, never fetched', async () => {
    const r = await parseFile('networklink.kml', new Uint8Array(readFileSync(join(ROOT, 'in', 'networklink.kml'))));
    // The address and the name travel in the refusal's reason (its wording depends on which are given).
    const reasonParams = (p: Problem) => (isMessage(p.params?.reason) ? Object.keys(p.params.reason.params ?? {}).sort() : []);
    expect(r.ok && r.refused.map((p) => [p.code, reasonParams(p)])).toEqual([['network-link-not-fetched', ['href', 'name']]]);
  });
});
