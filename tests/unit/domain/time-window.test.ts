import { describe, expect, it } from 'vitest';
import {
  clampWindow,
  dateExtent,
  dtgLabel,
  layerDateExtent,
  matchingQuickRange,
  moveWindow,
  playNext,
  playStart,
  playStepMs,
  quickRange,
  setBound,
  windowLabel,
  type Extent,
  type Window,
} from '../../../shared/domain/time-window';

const NOW = '2026-11-22T14:30:00.000Z';
const HOUR = 3_600_000;

describe('quick ranges', () => {
  it('end at now and reach back 24 h, 7 days or 30 days', () => {
    expect(quickRange('24h', NOW)).toEqual({ start: '2026-11-21T14:30:00.000Z', end: NOW });
    expect(quickRange('7d', new Date(NOW))).toEqual({ start: '2026-11-15T14:30:00.000Z', end: NOW });
    expect(quickRange('30d', Date.parse(NOW))).toEqual({ start: '2026-10-23T14:30:00.000Z', end: NOW });
    expect(() => quickRange('24h', 'soon')).toThrow(/not a time/);
  });

  it('recognises a window as a quick range within a minute', () => {
    expect(matchingQuickRange(quickRange('7d', NOW), '2026-11-22T14:30:20Z')).toBe('7d');
    expect(matchingQuickRange(quickRange('7d', NOW), '2026-11-22T15:30:00Z')).toBeNull();
    expect(matchingQuickRange(null, NOW)).toBeNull();
  });

  it('labels both ends as DTGs', () => {
    expect(windowLabel(quickRange('24h', NOW))).toBe('211430Z NOV 26 – 221430Z NOV 26');
    expect(dtgLabel('nonsense')).toBe('');
  });
});

describe('extent of a layer’s dates', () => {
  it('spans the earliest and latest date; a bare day reaches to its end; non-dates are skipped', () => {
    expect(dateExtent(['2026-11-21T10:00:00Z', '2026-11-03', 'junk', null, 5, '2026-11-12T08:15Z'])).toEqual({
      min: '2026-11-03T00:00:00.000Z',
      max: '2026-11-21T10:00:00.000Z',
    });
    expect(dateExtent(['2026-11-03', '2026-11-05'])).toEqual({ min: '2026-11-03T00:00:00.000Z', max: '2026-11-05T23:59:59.999Z' });
    expect(dateExtent([])).toBeNull();
    expect(dateExtent(['', 'x'])).toBeNull();
  });

  it('reads the kind’s date fields: eventDate, or a patrol’s planned start and end', () => {
    expect(layerDateExtent('incident', [{ eventDate: '2026-11-01T06:00Z', plannedEnd: '2027-01-01' }, { eventDate: '2026-11-02T06:00Z' }, null])).toEqual({
      min: '2026-11-01T06:00:00.000Z',
      max: '2026-11-02T06:00:00.000Z',
    });
    expect(layerDateExtent('patrol', [{ plannedStart: '2026-11-10T06:00Z', plannedEnd: '2026-11-12T18:00Z' }, { plannedEnd: '2026-11-20T00:00Z' }])).toEqual({
      min: '2026-11-10T06:00:00.000Z',
      max: '2026-11-20T00:00:00.000Z',
    });
    expect(layerDateExtent('humanitarian', [{ createdAt: '2026-11-01' }])).toBeNull();
  });
});

const EXTENT: Extent = { min: '2026-11-01T00:00:00.000Z', max: '2026-11-30T00:00:00.000Z' };

describe('dragging', () => {
  const day: Window = { start: '2026-11-10T00:00:00.000Z', end: '2026-11-11T00:00:00.000Z' };

  it('moves the whole window, same length, and stops at the extent', () => {
    expect(moveWindow(day, 6 * HOUR, EXTENT)).toEqual({ start: '2026-11-10T06:00:00.000Z', end: '2026-11-11T06:00:00.000Z' });
    expect(moveWindow(day, -30 * 24 * HOUR, EXTENT)).toEqual({ start: EXTENT.min, end: '2026-11-02T00:00:00.000Z' });
    expect(moveWindow(day, 30 * 24 * HOUR, EXTENT)).toEqual({ start: '2026-11-29T00:00:00.000Z', end: EXTENT.max });
  });

  it('moves one handle, which stops at the other and at the extent', () => {
    expect(setBound(day, 'start', Date.parse('2026-11-09T00:00Z'), EXTENT).start).toBe('2026-11-09T00:00:00.000Z');
    expect(setBound(day, 'start', Date.parse('2026-11-12T00:00Z'), EXTENT)).toEqual({ start: day.end, end: day.end });
    expect(setBound(day, 'end', Date.parse('2026-12-25T00:00Z'), EXTENT)).toEqual({ start: day.start, end: EXTENT.max });
  });

  it('shrinks a window longer than the extent to fit it', () => {
    expect(clampWindow({ start: '2026-10-01T00:00:00Z', end: '2026-12-31T00:00:00Z' }, EXTENT)).toEqual({ start: EXTENT.min, end: EXTENT.max });
  });
});

describe('play', () => {
  const week: Window = quickRange('7d', '2026-11-08T00:00:00.000Z');

  it('steps a tenth of the window length (at least a minute)', () => {
    expect(playStepMs(week)).toBe((7 * 24 * HOUR) / 10);
    expect(playStepMs(week, 7)).toBe(24 * HOUR);
    expect(playStepMs({ start: NOW, end: NOW })).toBe(60_000);
  });

  it('advances frame by frame, keeping the length, and ends exactly at the extent’s end', () => {
    const frames: Window[] = [];
    let w = week;
    for (let i = 0; i < 100; i++) {
      const next = playNext(w, EXTENT, 7);
      frames.push(next.window);
      w = next.window;
      if (next.done) break;
    }
    // From a window ending on the 8th, a day a step, to the 30th: 22 frames.
    expect(frames).toHaveLength(22);
    expect(frames[0]).toEqual({ start: '2026-11-02T00:00:00.000Z', end: '2026-11-09T00:00:00.000Z' });
    expect(frames.at(-1)).toEqual({ start: '2026-11-23T00:00:00.000Z', end: EXTENT.max });
    for (const f of frames) expect(Date.parse(f.end) - Date.parse(f.start)).toBe(7 * 24 * HOUR);

    // Steps of 16.8 h do not divide the way to the end: the last one is shorter, never past it.
    let v = week;
    let done = false;
    let n = 0;
    while (!done && n++ < 100) ({ window: v, done } = playNext(v, EXTENT));
    expect(v).toEqual({ start: '2026-11-23T00:00:00.000Z', end: EXTENT.max });
  });

  it('replays from the start of the extent when play is pressed at its end', () => {
    const atEnd: Window = { start: '2026-11-23T00:00:00.000Z', end: EXTENT.max };
    expect(playStart(atEnd, EXTENT)).toEqual({ start: EXTENT.min, end: '2026-11-08T00:00:00.000Z' });
    expect(playStart(week, EXTENT)).toBe(week);
  });
});
