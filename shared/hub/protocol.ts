/**
 * The JOC hub's wire protocol: every request, answer and live frame as a zod schema, shared by
 * the hub (server/hub) and its clients. Transport-free: HTTP paths and WebSocket handling live in
 * server/hub. Limits are part of the contract so that both sides refuse the same oversized input.
 *
 * A changeset on the wire touches one layer and carries, for each feature it writes or deletes,
 * the version the author started from (`baseVersion`, null for a new feature). The hub applies it
 * whole or not at all: one stale base and the answer lists every conflicting feature with the
 * hub's current version, and nothing of the changeset is written.
 */
import { z } from 'zod';

export const LIMITS = {
  /** Largest request body the hub reads, in bytes. */
  bodyBytes: 8 * 1024 * 1024,
  /** A login is read before anyone is known, so its body is kept small. */
  loginBodyBytes: 4096,
  /** A layer's description and style, without its features. */
  layerBodyBytes: 256 * 1024,
  /** Features written or deleted by one changeset. */
  featuresPerChangeset: 5_000,
  opsPerChangeset: 100,
  propertiesPerFeature: 500,
  propertyKeyChars: 200,
  stringChars: 20_000,
  arrayItems: 1_000,
  /** Nesting of property values (objects in arrays in objects …). */
  propertyDepth: 5,
  positionsPerGeometry: 200_000,
  pullPage: 1_000,
  snapshotPage: 5_000,
  labelChars: 500,
  loginChars: 200,
  passwordChars: 1_000,
  tokenChars: 200,
} as const;

/**
 * Protocol version; a frame or answer from another version is not understood. Version 2 brings
 * a change's content in the live frame (`changes`); the hub still serves version 1's clients
 * (`change` frames, then a pull), so a workstation a release behind keeps syncing.
 */
export const PROTOCOL_VERSION = 2;
export const PROTOCOL_VERSIONS = [1, 2] as const;

export const IdSchema = z.uuid();

// ---- errors -------------------------------------------------------------------------------

export const ERROR_CODES = [
  'bad-json',
  'body-too-large',
  'invalid-request',
  'not-found',
  'method-not-allowed',
  'unauthenticated',
  'bad-credentials',
  'user-disabled',
  'token-expired',
  'token-revoked',
  'layer-not-found',
  'layer-read-only',
  'layer-id-taken',
  'layer-not-owner',
  'unknown-party',
  'unknown-caveat',
  'unknown-organisation',
  'feature-not-found',
  'feature-id-taken',
  'unknown-classification',
  'bad-geometry',
  'unavailable',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ErrorParamsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
export const HubErrorSchema = z.object({ code: z.enum(ERROR_CODES), params: ErrorParamsSchema });
export type HubError = z.infer<typeof HubErrorSchema>;
export const ErrorResponseSchema = z.object({ error: HubErrorSchema });
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;

// ---- features -------------------------------------------------------------------------------

const Lon = z.number().min(-180).max(180);
const Lat = z.number().min(-90).max(90);
const Position = z.union([z.tuple([Lon, Lat]), z.tuple([Lon, Lat, z.number()])]);
const Positions = z.array(Position).max(LIMITS.positionsPerGeometry);
const Ring = z.array(Position).min(4).max(LIMITS.positionsPerGeometry);

export const GeometrySchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('Point'), coordinates: Position }),
  z.strictObject({ type: z.literal('MultiPoint'), coordinates: Positions.min(1) }),
  z.strictObject({ type: z.literal('LineString'), coordinates: Positions.min(2) }),
  z.strictObject({ type: z.literal('MultiLineString'), coordinates: z.array(Positions.min(2)).min(1).max(LIMITS.arrayItems) }),
  z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1).max(LIMITS.arrayItems) }),
  z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring).min(1).max(LIMITS.arrayItems)).min(1).max(LIMITS.arrayItems) }),
]);
export type HubGeometry = z.infer<typeof GeometrySchema>;

export type HubPropertyValue = string | number | boolean | null | HubPropertyValue[] | { [key: string]: HubPropertyValue };

function propertyValue(depth: number): z.ZodType<HubPropertyValue> {
  const scalar = z.union([z.string().max(LIMITS.stringChars), z.number(), z.boolean(), z.null()]);
  if (depth <= 0) return scalar;
  const inner = z.lazy(() => propertyValue(depth - 1));
  return z.union([scalar, z.array(inner).max(LIMITS.arrayItems), z.record(z.string().max(LIMITS.propertyKeyChars), inner)]);
}

/** A layer's style as the workstation keeps it: plain JSON, no deeper than feature properties. */
export const StyleSchema = z
  .record(z.string().min(1).max(LIMITS.propertyKeyChars), propertyValue(LIMITS.propertyDepth))
  .refine((p) => Object.keys(p).length <= LIMITS.propertiesPerFeature, { message: 'too-many-properties' });
export type HubStyle = z.infer<typeof StyleSchema>;

export const PropertiesSchema = z
  .record(z.string().min(1).max(LIMITS.propertyKeyChars), propertyValue(LIMITS.propertyDepth))
  .refine((p) => Object.keys(p).length <= LIMITS.propertiesPerFeature, { message: 'too-many-properties' });

const PartyId = z.string().trim().min(1).max(100);

/** What a writer may say of a feature's marking; the hub sets the originator itself. */
export const MarkingInputSchema = z.strictObject({
  classification: z.string().trim().min(1).max(100),
  caveats: z.array(PartyId).max(50),
  releasableTo: z.array(PartyId).max(200),
});
export type MarkingInput = z.infer<typeof MarkingInputSchema>;

export const StoredMarkingSchema = MarkingInputSchema.extend({ originator: z.string().max(100) });
export type StoredMarking = z.infer<typeof StoredMarkingSchema>;

export const FeatureInputSchema = z.strictObject({
  id: IdSchema,
  geometry: GeometrySchema,
  properties: PropertiesSchema,
  /** Absent: the feature takes its layer's marking when created, and keeps its own when updated. */
  marking: MarkingInputSchema.optional(),
});
export type FeatureInput = z.infer<typeof FeatureInputSchema>;

/** A feature as the hub holds it. */
export const HubFeatureSchema = z.strictObject({
  id: IdSchema,
  layerId: IdSchema,
  geometry: GeometrySchema,
  properties: PropertiesSchema,
  marking: StoredMarkingSchema,
  version: z.number().int().min(1),
  deleted: z.boolean(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
});
export type HubFeature = z.infer<typeof HubFeatureSchema>;

// ---- login ----------------------------------------------------------------------------------

export const LoginRequestSchema = z.strictObject({
  login: z.string().min(1).max(LIMITS.loginChars),
  password: z.string().min(1).max(LIMITS.passwordChars),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const LoginResponseSchema = z.object({
  token: z.string().min(1).max(LIMITS.tokenChars),
  expiresAt: z.string(),
  user: z.object({ id: IdSchema, orgId: z.string() }),
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

// ---- push -----------------------------------------------------------------------------------

const BaseVersion = z.number().int().min(1).nullable();

export const PushOpSchema = z.discriminatedUnion('op', [
  z.strictObject({
    op: z.literal('putFeatures'),
    features: z.array(z.strictObject({ feature: FeatureInputSchema, baseVersion: BaseVersion })).min(1).max(LIMITS.featuresPerChangeset),
  }),
  z.strictObject({
    op: z.literal('deleteFeatures'),
    features: z.array(z.strictObject({ id: IdSchema, baseVersion: z.number().int().min(1) })).min(1).max(LIMITS.featuresPerChangeset),
  }),
]);
export type PushOp = z.infer<typeof PushOpSchema>;

export const PushChangesetSchema = z
  .strictObject({
    id: IdSchema,
    layerId: IdSchema,
    label: z.string().max(LIMITS.labelChars),
    /** When the author made it (their clock), ISO 8601. */
    at: z.iso.datetime({ offset: true }),
    ops: z.array(PushOpSchema).min(1).max(LIMITS.opsPerChangeset),
  })
  .superRefine((cs, ctx) => {
    const ids = new Set<string>();
    let count = 0;
    for (const op of cs.ops) {
      const opIds = op.op === 'putFeatures' ? op.features.map((f) => f.feature.id) : op.features.map((f) => f.id);
      for (const id of opIds) {
        count++;
        if (ids.has(id)) ctx.addIssue({ code: 'custom', path: ['ops'], message: 'feature-twice', params: { featureId: id } });
        ids.add(id);
      }
    }
    if (count > LIMITS.featuresPerChangeset) ctx.addIssue({ code: 'custom', path: ['ops'], message: 'too-many-features' });
  });
export type PushChangeset = z.infer<typeof PushChangesetSchema>;

export const PushRequestSchema = z.strictObject({ changeset: PushChangesetSchema });
export type PushRequest = z.infer<typeof PushRequestSchema>;

export const ConflictSchema = z.object({
  featureId: IdSchema,
  baseVersion: BaseVersion,
  /** The hub's current state of the feature; null when the pusher may not see it or it does not exist. */
  server: z.object({ version: z.number().int().min(1), feature: HubFeatureSchema }).nullable(),
  /**
   * The version the push was based on, as the pusher may read it now (the three-way view's base);
   * null when it was new, is no longer readable, or was a deletion. Absent from older hubs.
   */
  base: HubFeatureSchema.nullable().optional(),
});
export type PushConflict = z.infer<typeof ConflictSchema>;

export const PushResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('applied'), seq: z.number().int().min(1), versions: z.record(IdSchema, z.number().int().min(1)) }),
  z.object({ status: z.literal('duplicate'), seq: z.number().int().min(1).nullable() }),
  z.object({ status: z.literal('conflicts'), conflicts: z.array(ConflictSchema).min(1) }),
]);
export type PushResult = z.infer<typeof PushResultSchema>;

// ---- pull -----------------------------------------------------------------------------------

/** Query string of GET /pull: numbers arrive as text. */
export const PullQuerySchema = z.strictObject({
  since: z.coerce.number().int().min(0),
  limit: z.coerce.number().int().min(1).max(LIMITS.pullPage).default(LIMITS.pullPage),
});
export type PullQuery = z.infer<typeof PullQuerySchema>;

export const PulledChangesetSchema = z.object({
  id: IdSchema,
  layerId: IdSchema,
  label: z.string(),
  at: z.string(),
  appliedAt: z.string(),
  author: z.string().nullable(),
  /** The features this changeset wrote, as written (a deletion is a feature with `deleted`), only those the reader may see. */
  features: z.array(HubFeatureSchema),
  /**
   * Features this changeset re-marked so that the reader's organisation may no longer see them:
   * only their ids. The reader removes its copies.
   */
  withdrawn: z.array(IdSchema).max(LIMITS.featuresPerChangeset).default([]),
});
export type PulledChangeset = z.infer<typeof PulledChangesetSchema>;

export const PullPageSchema = z.object({
  changes: z.array(z.object({ seq: z.number().int().min(1), changeset: PulledChangesetSchema })),
  /** The `since` of the next page: the last seq this page covered (also past changes the reader may not see). */
  next: z.number().int().min(0),
  more: z.boolean(),
});
export type PullPage = z.infer<typeof PullPageSchema>;

// ---- layers and snapshots -------------------------------------------------------------------

export const HubLayerSchema = z.object({
  id: IdSchema,
  name: z.string(),
  kind: z.string(),
  ownerOrg: z.string(),
  contributors: z.array(z.string()),
  marking: StoredMarkingSchema,
  style: StyleSchema,
  /** Whether the reader may push to it. */
  writable: z.boolean(),
});
export type HubLayer = z.infer<typeof HubLayerSchema>;

const OrgId = z.string().regex(/^[a-z][a-z0-9_]{0,30}$/);
const LayerName = z.string().trim().min(1).max(200);
const LayerKind = z.string().trim().min(1).max(100);
const Contributors = z.array(OrgId).max(200);

/**
 * POST /layers: share a workstation's layer. The id is the workstation's own layer id; the owner
 * and originator are the caller's organisation (there is no field to say otherwise). The same id
 * again from the same organisation answers the layer as it is (`created: false`); from another
 * organisation it is `layer-id-taken`.
 */
export const CreateLayerRequestSchema = z.strictObject({
  id: IdSchema,
  name: LayerName,
  kind: LayerKind,
  style: StyleSchema,
  marking: MarkingInputSchema,
  contributors: Contributors,
});
export type CreateLayerRequest = z.infer<typeof CreateLayerRequestSchema>;

/** PATCH /layers/:id, by the owner only: the fields given replace the layer's; at least one. */
export const UpdateLayerRequestSchema = z
  .strictObject({ name: LayerName.optional(), style: StyleSchema.optional(), marking: MarkingInputSchema.optional(), contributors: Contributors.optional() })
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'nothing-to-change' });
export type UpdateLayerRequest = z.infer<typeof UpdateLayerRequestSchema>;

export const LayerAnswerSchema = z.object({ layer: HubLayerSchema, created: z.boolean() });
export type LayerAnswer = z.infer<typeof LayerAnswerSchema>;

export const LayersResponseSchema = z.object({ layers: z.array(HubLayerSchema) });
export type LayersResponse = z.infer<typeof LayersResponseSchema>;

/**
 * `GET /directory`: the mission's sharing directory as the hub holds it, so that workstations
 * name organisations and offer the same parties the hub's release rule knows. Every member may
 * read it (it names parties, not data).
 */
export const HubDirectorySchema = z.object({
  organisations: z.array(z.object({ id: OrgId, name: z.string().min(1).max(200), clearance: z.string().min(1).max(100) })).max(LIMITS.arrayItems),
  groups: z.array(z.object({ id: z.string().min(1).max(100), name: z.string().min(1).max(200), members: z.array(OrgId).max(LIMITS.arrayItems) })).max(LIMITS.arrayItems),
  /** The hub's accounts, for naming who last changed a feature (its `updatedBy` is an account id). Absent from older hubs. */
  people: z.array(z.object({ id: IdSchema, login: z.string().min(1).max(200), orgId: OrgId })).max(10_000).default([]),
});
export type HubDirectory = z.infer<typeof HubDirectorySchema>;

export const SnapshotQuerySchema = z.strictObject({
  /** The last feature id of the previous page. */
  after: IdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.snapshotPage).default(LIMITS.snapshotPage),
});
export type SnapshotQuery = z.infer<typeof SnapshotQuerySchema>;

export const SnapshotPageSchema = z.object({
  layerId: IdSchema,
  /** The log position this page is at least as new as: pull from the first page's seq to catch up. */
  seq: z.number().int().min(0),
  features: z.array(HubFeatureSchema),
  next: IdSchema.nullable(),
});
export type SnapshotPage = z.infer<typeof SnapshotPageSchema>;

// ---- live channel ---------------------------------------------------------------------------

/** Client → hub over the WebSocket: the first frame authenticates. */
export const LiveClientFrameSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('hello'), token: z.string().min(1).max(LIMITS.tokenChars), protocol: z.union(PROTOCOL_VERSIONS.map((v) => z.literal(v))) }),
]);
export type LiveClientFrame = z.infer<typeof LiveClientFrameSchema>;

/**
 * Hub → client. Frames carry only what the client may read, written by PostgreSQL under its
 * organisation's row-level security as a pull is:
 * - `ready`: the newest seq it may read, once after hello and after the hub lost PostgreSQL;
 * - `changes` (version 2): a pull page the client did not have to ask for. It holds every change
 *   the client may read with `after` < seq ≤ `next`, so a client whose cursor is at least `after`
 *   applies it and moves its cursor to `next`; any other client, or `more`, pulls;
 * - `change` (version 1): the seq of one such change, which the client then pulls.
 */
export const LiveServerFrameSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), seq: z.number().int().min(0) }),
  z.object({ type: z.literal('change'), seq: z.number().int().min(1), layerId: IdSchema }),
  PullPageSchema.extend({ type: z.literal('changes'), after: z.number().int().min(0) }),
  /** Some shared layer's record changed: list the layers again. It says nothing of which. */
  z.object({ type: z.literal('layers') }),
  z.object({ type: z.literal('error'), error: HubErrorSchema }),
]);
export type LiveServerFrame = z.infer<typeof LiveServerFrameSchema>;

/** The `{code, params}` of a zod failure, for an `invalid-request` error. */
export function invalidRequest(error: z.ZodError): HubError {
  const first = error.issues[0];
  return {
    code: 'invalid-request',
    // A custom issue's message is one of this module's codes ('feature-twice'), never a sentence.
    params: { path: first ? first.path.map(String).join('.') : '', issue: first ? (first.code === 'custom' ? first.message : first.code) : 'custom', issues: error.issues.length },
  };
}
