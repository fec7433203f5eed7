/**
 * The hub benchmark's correctness checks. What an organisation should hold of the run is asked
 * of PostgreSQL as that organisation's own role (the QGIS login, under row-level security), not
 * worked out here: the features changed since the run began, and the changesets it may read.
 * Each workstation's copy is hashed the same way and must match its organisation's.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { featureColumns, toHubFeature, type FeatureRow } from '../../server/hub/feature-rows';
import type { HubFeature } from '../../shared/hub/protocol';

/** Stable JSON: keys sorted, so two copies of one value hash alike whatever order they were built in. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Order-free hash of a set of features: id, version, tombstone, geometry, properties and marking. */
export function pictureHash(features: Iterable<HubFeature>): { hash: string; count: number } {
  const lines = [...features].map((f) => canonical([f.id, f.version, f.deleted, f.geometry, f.properties, f.marking])).sort();
  return { hash: createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16), count: lines.length };
}

export interface OrgTruth {
  picture: { hash: string; count: number };
  changesets: Set<string>;
}

/** As `role` (an organisation's login): its view of the features and changesets logged after `sinceSeq`. */
export async function orgTruth(url: string, sinceSeq: number): Promise<OrgTruth> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const rows = await db.query<FeatureRow>(
      `select ${featureColumns('f')} from features f where f.id in (select cf.feature_id from changeset_features cf where cf.seq > $1)`,
      [sinceSeq],
    );
    const sets = await db.query<{ id: string }>(
      'select c.id from changesets c where c.seq > $1 and exists (select 1 from changeset_features cf where cf.seq = c.seq)',
      [sinceSeq],
    );
    return { picture: pictureHash(rows.rows.map(toHubFeature)), changesets: new Set(sets.rows.map((r) => r.id)) };
  } finally {
    await db.end();
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
