/**
 * PostgreSQL errors that mean "your request was wrong" rather than "the hub failed", turned into
 * the protocol's codes. Each is raised inside the push transaction, so nothing was written.
 */
import { hubError, type HubHttpError } from './http-io';

interface PgErrorFields {
  code?: string;
  constraint?: string;
  routine?: string;
  message?: string;
}

export function fromPgError(e: unknown): HubHttpError | null {
  if (typeof e !== 'object' || e === null) return null;
  const { code, constraint = '', routine = '', message = '' } = e as PgErrorFields;
  if (code === '23503' && constraint.endsWith('classification_fkey')) return hubError(400, 'unknown-classification');
  if (code === '23505' && constraint === 'features_pkey') return hubError(409, 'feature-id-taken');
  // Row-level security refused a write (WITH CHECK), or the role lacks the grant.
  if (code === '42501') return hubError(403, 'layer-read-only');
  // PostGIS refuses some geometries zod lets through (e.g. an unclosed ring): its own words stay in the log.
  if (code === 'XX000' && (/geojson|geometry|ring|polygon/i.test(message) || /lwgeom/i.test(routine))) return hubError(400, 'bad-geometry');
  return null;
}
