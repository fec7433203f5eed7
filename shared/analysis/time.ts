import { boundKey, TimeWindowSchema, toPredicate } from '../domain/filters';
import type { FeatureProperties } from '../domain/feature';
import type { TimeSpan } from './types';

/**
 * Time windows for the analyses, with exactly the semantics of the map's time filter (it is the
 * same predicate): incidents by `eventDate`, patrols when `plannedStart`–`plannedEnd` overlaps
 * the window (one missing end is open; both missing is never), a bare day as the whole day.
 */

export type PropsTest = (props: FeatureProperties | null | undefined) => boolean;

function checked(window: TimeSpan): TimeSpan {
  // The filter silently ignores an invalid window (a half-typed one in the UI); an analysis
  // asked about a window that is not one must say so rather than quietly use all time.
  const r = TimeWindowSchema.safeParse(window);
  if (!r.success) throw new RangeError(`not a time window: ${JSON.stringify(window)} (${r.error.issues.map((i) => i.message).join('; ')})`);
  return window;
}

/** Incidents whose `eventDate` lies in the window (every incident with a date when null). */
export function incidentInWindow(window: TimeSpan | null | undefined): PropsTest {
  if (!window) return (p) => typeof p?.eventDate === 'string';
  return toPredicate('incident', null, checked(window));
}

/** Patrols whose planned span overlaps the window (every patrol when null). */
export function patrolInWindow(window: TimeSpan | null | undefined): PropsTest {
  if (!window) return () => true;
  return toPredicate('patrol', null, checked(window));
}

const MINUTE_MS = 60_000;

/**
 * The period of equal length just before `period`, ending one minute before it starts (the
 * filters compare to the minute, ends inclusive). Bare days give bare days: 1–30 November gives
 * 2–31 October, so a bare-day incident falls in exactly one of the two.
 */
export function previousPeriod(period: TimeSpan): TimeSpan {
  checked(period);
  const s = Date.parse(`${boundKey(period.start, 'start') as string}Z`);
  const e = Date.parse(`${boundKey(period.end, 'end') as string}Z`);
  const length = e - s + MINUTE_MS;
  const start = new Date(s - length).toISOString();
  const end = new Date(s - MINUTE_MS).toISOString();
  const bare = /^\d{4}-\d{2}-\d{2}$/;
  if (bare.test(period.start) && bare.test(period.end)) return { start: start.slice(0, 10), end: end.slice(0, 10) };
  return { start: `${start.slice(0, 16)}Z`, end: `${end.slice(0, 16)}Z` };
}
