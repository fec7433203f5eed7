import { changeSummary, type Changeset, type Op } from '../domain/changeset';
import type { CgFeature } from '../domain/feature';
import { MARKING_FIELDS, markingPatch, ownMarking } from '../domain/feature-marking';
import { BOOKKEEPING_FIELDS, EXCHANGED_VERSION } from '../sync/content';
import { z } from 'zod';
import { parseJson } from '../io/text';
import { LIMITS, type FeatureInput, type HubFeature, type HubPropertyValue, type PulledChangeset, type PushChangeset, type PushConflict, type PushOp } from './protocol';
import type { HubConflict, OutboxEntry, RemoteChange } from './sync-client';

/**
 * Between the workstation's features and the hub's wire format. Locally a feature keeps its
 * bookkeeping (version, who and when) and its own marking flat in its properties; on the wire the
 * hub owns the bookkeeping and the marking is a member of its own. A feature from the hub
 * remembers the hub's version as its exchanged version: the base of the next edit pushed.
 */

const NOT_SENT = new Set<string>([...BOOKKEEPING_FIELDS, ...MARKING_FIELDS]);

export function toFeatureInput(f: CgFeature): FeatureInput {
  const properties: Record<string, HubPropertyValue> = {};
  for (const [k, v] of Object.entries(f.properties)) if (!NOT_SENT.has(k) && v !== undefined) properties[k] = v;
  const marking = ownMarking(f.properties);
  if (!f.geometry || f.geometry.type === 'GeometryCollection') throw new Error(`feature ${f.id} has no geometry the hub takes`);
  return {
    id: f.id,
    geometry: f.geometry as FeatureInput['geometry'],
    properties,
    ...(marking ? { marking: { classification: marking.classification, caveats: marking.caveats, releasableTo: marking.releasableTo } } : {}),
  };
}

export function fromHubFeature(h: HubFeature): CgFeature {
  return {
    type: 'Feature',
    id: h.id,
    geometry: h.geometry,
    properties: {
      ...h.properties,
      ...markingPatch(h.marking),
      version: h.version,
      ...(h.updatedBy ? { updatedBy: h.updatedBy } : {}),
      updatedAt: h.updatedAt,
      [EXCHANGED_VERSION]: h.version,
    },
  };
}

/** The layer an outbox entry writes to; entries are made per layer, as the hub takes them. */
export function layerOf(entry: OutboxEntry): string {
  const ids = new Set(entry.changeset.ops.map((op) => (op.op === 'putLayer' ? op.layer.id : op.layerId)));
  const [only] = ids;
  if (ids.size !== 1 || !only) throw new Error(`outbox entry ${entry.changeset.id} touches ${ids.size} layers; the hub takes one per changeset`);
  return only;
}

export function toPushChangeset(entry: OutboxEntry): PushChangeset {
  const base = (id: string): number | null => entry.baseVersions[id] ?? null;
  const ops: PushOp[] = [];
  for (const op of entry.changeset.ops) {
    if (op.op === 'putFeatures' && op.features.length) ops.push({ op: 'putFeatures', features: op.features.map((f) => ({ feature: toFeatureInput(f), baseVersion: base(f.id) })) });
    // A feature never pushed has nothing to withdraw on the hub.
    if (op.op === 'deleteFeatures') {
      const known = op.ids.filter((id) => base(id) !== null).map((id) => ({ id, baseVersion: base(id) as number }));
      if (known.length) ops.push({ op: 'deleteFeatures', features: known });
    }
  }
  return { id: entry.changeset.id, layerId: layerOf(entry), label: labelOf(entry.changeset), at: entry.changeset.at, ops };
}

/**
 * The hub keeps one free-text label per changeset. Ours is the summary as JSON, so each reader's
 * history words it in their own language; a summary too long for the label, or a record from
 * before summaries, goes as its words.
 */
function labelOf(cs: Changeset): string {
  const json = JSON.stringify(cs.summary);
  if (!cs.label && json.length <= LIMITS.labelChars) return json;
  return (cs.label ?? cs.summary.key).slice(0, LIMITS.labelChars);
}

const SummaryLabelSchema = z.strictObject({ key: z.string().min(1).max(100), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() });

function summaryOf(label: string): Pick<Changeset, 'summary' | 'label'> {
  const parsed = parseJson(label);
  const summary = parsed.ok ? SummaryLabelSchema.safeParse(parsed.value) : null;
  if (summary?.success) return { summary: summary.data.params ? changeSummary(summary.data.key, summary.data.params) : changeSummary(summary.data.key) };
  return { summary: changeSummary('hubChange'), label };
}

export function fromPulled(seq: number, pc: PulledChangeset): RemoteChange {
  const put = pc.features.filter((f) => !f.deleted).map(fromHubFeature);
  const gone = pc.features.filter((f) => f.deleted).map((f) => f.id);
  const ops: Op[] = [];
  if (put.length) ops.push({ op: 'putFeatures', layerId: pc.layerId, features: put });
  if (gone.length) ops.push({ op: 'deleteFeatures', layerId: pc.layerId, ids: gone });
  const changeset: Changeset = { id: pc.id, ...summaryOf(pc.label), at: pc.at, by: { name: pc.author ?? '', org: '' }, ops };
  return pc.withdrawn.length ? { seq, changeset, withdrawn: { layerId: pc.layerId, ids: pc.withdrawn } } : { seq, changeset };
}

export function fromPushConflict(layerId: string, c: PushConflict): HubConflict {
  return { layerId, featureId: c.featureId, theirs: c.server ? fromHubFeature(c.server.feature) : null, theirVersion: c.server?.version ?? 0, base: c.base ? fromHubFeature(c.base) : null };
}
