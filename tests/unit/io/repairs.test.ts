/**
 * Every safe repair is told to the user: in the warnings with the feature's index and id, in
 * the preview's counts, and in the CSV report. Inputs: the geojsonhint unclosed-ring cases (the
 * corpus manifest says "auto-close ring WITH a warning"), the world-borders shapefile (one
 * longitude stored as 180.0000019, several countries across 180°) and a small file of ours.
 */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { formatInspectText, inspect } from '../../../shared/cli/inspect';
import { ImportSession } from '../../../shared/import/import-session';
import { problemsToCsv } from '../../../shared/io/problem-report';
import { english } from '../../../shared/cli/catalogue';

const fixture = (p: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/${p}`, import.meta.url)));

async function preview(path: string) {
  const s = new ImportSession();
  const p = await s.inspect(path.split('/').pop() as string, fixture(path));
  if (!p.ok) throw new Error(JSON.stringify(p.error));
  return p;
}

describe('safe repairs are reported per feature and counted in the preview', () => {
  it('an unclosed ring is closed, warned with feature 0 and counted (geojsonhint different-first-last)', async () => {
    const p = await preview('geojson/invalid/geojsonhint/different-first-last.geojson');
    expect(p.layers[0]?.featureCount).toBe(1);
    expect(p.warnings).toEqual([expect.objectContaining({ code: 'ring-closed', index: 0, params: { count: 1 }, severity: 'warning' })]);
    expect(p.layers[0]?.repairs).toEqual({ features: 1, byCode: { 'ring-closed': 1 } });
  });

  it('the second ring of a polygon left open is closed too (geojsonhint different-first-size)', async () => {
    const p = await preview('geojson/invalid/geojsonhint/different-first-size.geojson');
    expect(p.warnings.filter((w) => w.code === 'ring-closed').map((w) => [w.index, w.params])).toEqual([[0, { count: 1 }]]);
    expect(p.layers[0]?.repairs?.byCode['ring-closed']).toBe(1);
  });

  it('world borders: the clamped coordinates name their feature (Antarctica, Russia), Antarctica’s split at 180° is counted', async () => {
    const p = await preview('shapefile/shapefile-js/TM_WORLD_BORDERS_SIMPL-0.3.zip');
    const layer = p.layers[0];
    expect(layer?.featureCount).toBe(246);
    expect(p.warnings.filter((w) => w.code === 'clamped').map((w) => [w.index, w.params])).toEqual([
      [144, { count: 2 }],
      [174, { count: 5 }],
    ]);
    expect(p.warnings.filter((w) => w.code === 'antimeridian-split').map((w) => [w.index, w.params])).toEqual([[144, { parts: 139 }]]);
    // Outer rings turned from the shapefile's clockwise to RFC 7946's counter-clockwise is the
    // format's convention, not a repair of the file: neither listed nor counted.
    expect(p.warnings.some((w) => w.code === 'rewound')).toBe(false);
    expect(layer?.repairs).toEqual({ features: 2, byCode: { clamped: 2, 'antimeridian-split': 1 } });
  });

  it('counts each feature once however many repairs it had, and gives the file’s own ids', async () => {
    const p = await preview('repairs/repairs.geojson');
    expect(p.layers[0]?.featureCount).toBe(4);
    expect(p.layers[0]?.repairs).toEqual({ features: 3, byCode: { 'ring-closed': 2, 'antimeridian-normalised': 1, 'missing-properties': 2 } });
    expect(p.warnings.filter((w) => w.code === 'ring-closed').map((w) => [w.index, w.featureId])).toEqual([
      [0, 'camp-a'],
      [2, 42],
    ]);
  });

  it('the CSV report has one row per repair with the feature number, its id and repaired=yes', async () => {
    const p = await preview('repairs/repairs.geojson');
    const csv = problemsToCsv('repairs.geojson', p.warnings.map((w) => ({ ...w, layer: 'repairs' })), english);
    const rows = Papa.parse<Record<string, string>>(csv, { header: true }).data;
    expect(rows.filter((r) => r.repaired === 'yes').map((r) => [r.feature, r.feature_id, r.code])).toEqual([
      ['1', 'camp-a', 'ring-closed'],
      ['2', '', 'missing-properties'],
      ['3', '42', 'antimeridian-normalised'],
      ['3', '42', 'ring-closed'],
      ['3', '42', 'missing-properties'],
    ]);
    expect(rows.filter((r) => r.repaired !== 'yes').map((r) => r.code)).toEqual(['null-geometry']);
  });

  it('cop inspect counts the repaired features per layer, in JSON and in the summary', async () => {
    const report = await inspect('repairs.geojson', fixture('repairs/repairs.geojson'));
    expect(report.layers[0]?.repairs).toEqual({ features: 3, byCode: { 'ring-closed': 2, 'antimeridian-normalised': 1, 'missing-properties': 2 } });
    expect(report.warnings.find((w) => w.code === 'ring-closed')).toMatchObject({ index: 0, featureId: 'camp-a' });
    expect(formatInspectText(report)).toMatch(/repaired: 3 feature\(s\) \(ring-closed 2, missing-properties 2, antimeridian-normalised 1\)/);
  });
});
