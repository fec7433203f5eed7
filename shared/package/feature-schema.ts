import { z } from 'zod';
import type { CgFeature, PropertyValue } from '../domain/feature';

/**
 * Zod schemas for a stored feature (`CgFeature`) as it crosses a boundary: into the package
 * builder from the app, and out of a package's GeoJSON files. Geometry is checked for shape
 * (RFC 7946 types, positions of two or three finite numbers); whether rings close or lines
 * self-intersect is shared/geo's business on import, not a reason to refuse a package.
 */

const Position = z.array(z.number().finite()).min(2).max(3);

const PointSchema = z.object({ type: z.literal('Point'), coordinates: Position });
const MultiPointSchema = z.object({ type: z.literal('MultiPoint'), coordinates: z.array(Position) });
const LineStringSchema = z.object({ type: z.literal('LineString'), coordinates: z.array(Position) });
const MultiLineStringSchema = z.object({ type: z.literal('MultiLineString'), coordinates: z.array(z.array(Position)) });
const PolygonSchema = z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(Position)) });
const MultiPolygonSchema = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(Position))) });

const SimpleGeometrySchema = z.discriminatedUnion('type', [PointSchema, MultiPointSchema, LineStringSchema, MultiLineStringSchema, PolygonSchema, MultiPolygonSchema]);

/** RFC 7946 recommends against nested collections; one level is accepted. */
export const GeometrySchema = z.union([
  SimpleGeometrySchema,
  z.object({ type: z.literal('GeometryCollection'), geometries: z.array(SimpleGeometrySchema) }),
]);

export const PropertyValueSchema: z.ZodType<PropertyValue, PropertyValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(PropertyValueSchema), z.record(z.string(), PropertyValueSchema)]),
);

export const CgFeatureSchema: z.ZodType<CgFeature, CgFeature> = z.object({
  type: z.literal('Feature'),
  id: z.string().min(1).max(200),
  geometry: GeometrySchema.nullable(),
  properties: z.record(z.string(), PropertyValueSchema),
});
