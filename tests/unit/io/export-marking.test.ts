import { describe, expect, it } from 'vitest';
import { exportLayer } from '../../../shared/io/export-layer';
import type { SerialisableFeature } from '../../../shared/io/serialise';
import type { Marking } from '../../../shared/domain/marking';
import Papa from 'papaparse';

const LAYER_MARKING: Marking = { classification: 'CONFIDENTIAL', caveats: ['HUM-ONLY'], originator: 'ocha', releasableTo: ['un-family', 'msf'] };
const inherits: SerialisableFeature = { type: 'Feature', id: 'a', geometry: { type: 'Point', coordinates: [20, 6] }, properties: { name: 'Inherits' } };
const own: SerialisableFeature = {
  type: 'Feature',
  id: 'b',
  geometry: { type: 'Point', coordinates: [21, 7] },
  properties: { name: 'Own', classification: 'UNCLASSIFIED', originator: 'joc' },
};
const parseCsvText = (text: string): Record<string, string>[] => Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
const layer = { name: 'Sites', kind: 'humanitarian' as const, marking: LAYER_MARKING };

describe('data export stamps the inherited marking', () => {
  it('GeoJSON: a feature without its own marking gets its layer’s; one with its own keeps it', async () => {
    const file = await exportLayer(layer, [inherits, own], 'geojson');
    const fc = JSON.parse(file.data as string) as { features: { properties: Record<string, unknown> }[] };
    expect(fc.features[0]?.properties).toEqual({ name: 'Inherits', classification: 'CONFIDENTIAL', caveats: ['HUM-ONLY'], originator: 'ocha', releasableTo: ['un-family', 'msf'] });
    expect(fc.features[1]?.properties).toEqual({ name: 'Own', classification: 'UNCLASSIFIED', originator: 'joc' });
    // The features handed in are not changed.
    expect(inherits.properties).toEqual({ name: 'Inherits' });
  });

  it('CSV: the marking columns are written for every row', async () => {
    const file = await exportLayer(layer, [inherits, own], 'csv');
    const rows = parseCsvText(file.data as string);
    expect(rows[0]).toMatchObject({ name: 'Inherits', classification: 'CONFIDENTIAL', caveats: '["HUM-ONLY"]', originator: 'ocha', releasableTo: '["un-family","msf"]' });
    expect(rows[1]).toMatchObject({ name: 'Own', classification: 'UNCLASSIFIED', originator: 'joc' });
  });
});
