/**
 * PostgreSQL errors that mean "your request was wrong" or "try again", rather than "the hub
 * failed", turned into the protocol's codes. Each is raised inside the request's transaction, so
 * nothing was written.
 */
import { hubError, type HubHttpError } from './http-io';

interface PgErrorFields {
  code?: string;
  constraint?: string;
  routine?: string;
  message?: string;
}

/** The database is gone for now (restarting, unreachable): the client retries, which pushes being idempotent makes safe. */
const UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006']);

export function fromPgError(e: unknown): HubHttpError | null {
  if (typeof e !== 'object' || e === null) return null;
  const { code, constraint = '', routine = '', message = '' } = e as PgErrorFields;
  if ((code && UNAVAILABLE.has(code)) || /Connection terminated|connection timeout|not queryable/i.test(message)) return hubError(503, 'unavailable');
  if (code === '23503' && constraint.endsWith('classification_fkey')) return hubError(400, 'unknown-classification');
  if (code === '23505' && constraint === 'features_pkey') return hubError(409, 'feature-id-taken');
  // Row-level security refused a write (WITH CHECK), or the role lacks the grant.
  if (code === '42501') return hubError(403, 'layer-read-only');
  // PostGIS refuses some geometries zod lets through (e.g. an unclosed ring): its own words stay in the log.
  if (code === 'XX000' && (/geojson|geometry|ring|polygon/i.test(message) || /lwgeom/i.test(routine))) return hubError(400, 'bad-geometry');
  return null;
}
