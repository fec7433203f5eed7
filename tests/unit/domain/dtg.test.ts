import { describe, expect, it } from 'vitest';
import { formatDtg, isIsoDateTime } from '../../../shared/domain/dtg';

describe('date-time groups', () => {
  it.each([
    ['2026-11-22T14:30:00Z', '221430Z NOV 26'],
    ['2026-01-05T03:07:59Z', '050307Z JAN 26'],
    ['2026-11-22T23:30:00-02:00', '230130Z NOV 26'],
    ['1999-12-31T00:00:00Z', '310000Z DEC 99'],
  ])('%s is %s in UTC', (iso, dtg) => {
    expect(formatDtg(iso)).toBe(dtg);
  });

  it('refuses what is not a date', () => {
    expect(formatDtg('yesterday')).toBeNull();
    expect(isIsoDateTime('2026-11-22')).toBe(false);
    expect(isIsoDateTime('2026-11-22T10:00:00Z')).toBe(true);
  });
});
