import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { english } from '../../../shared/cli/catalogue';
import { msg } from '../../../shared/i18n/message';
import { problemsToCsv } from '../../../shared/io/problem-report';

describe('import report as CSV', () => {
  it('lists every problem with file, layer, feature number, line, code and message', () => {
    const csv = problemsToCsv('incidents.csv', [
      { layer: 'incidents', severity: 'error', index: 4, line: 6, code: 'no-coordinates', params: { reason: msg('csv.latitude-empty') } },
      { layer: 'incidents', severity: 'warning', code: 'no-rows' },
    ], english);
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true });
    expect(parsed.data).toEqual([
      { file: 'incidents.csv', layer: 'incidents', severity: 'error', feature: '5', feature_id: '', repaired: '', line: '6', code: 'no-coordinates', message: 'no coordinates: the latitude cell is empty; the row is not imported' },
      { file: 'incidents.csv', layer: 'incidents', severity: 'warning', feature: '', feature_id: '', repaired: '', line: '', code: 'no-rows', message: 'the file has a header but no rows' },
    ]);
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const csv = problemsToCsv('=cmd.csv', [{ layer: '+x', severity: 'error', index: 0, code: 'csv-syntax', params: { detail: '=HYPERLINK("http://evil")' } }], english);
    const row = Papa.parse<Record<string, string>>(csv, { header: true }).data[0];
    expect(row?.file).toBe("'=cmd.csv");
    expect(row?.layer).toBe("'+x");
    expect(row?.message).toBe('\'=HYPERLINK("http://evil")');
  });
});
