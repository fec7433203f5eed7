/**
 * The types every folder of shared/ may use, declared once. This module imports nothing, so it
 * sits at the bottom of shared/'s folder graph (tests/unit/shared-imports.test.ts keeps the graph
 * free of circles).
 */

/** [west, south, east, north] in degrees (or, for a coordinate range, the file's own units). */
export type BBox = [west: number, south: number, east: number, north: number];

/** A position as GeoJSON writes it: [longitude, latitude] in degrees. */
export type LngLat = [lng: number, lat: number];

/** A position as MapLibre and pointer events give it. */
export interface LngLatPoint {
  lng: number;
  lat: number;
}

export type MessageParam = string | number | readonly string[] | Message | readonly Message[];

/**
 * What shared code says to a person, as data: a catalogue code and its values (see
 * shared/i18n/message.ts for the wording). Errors and warnings from shared/ are messages.
 */
export interface Message {
  code: string;
  params?: Record<string, MessageParam>;
}

/** An answer or the reason there is none. */
export type Result<T, E = Message> = { ok: true; value: T } | { ok: false; error: E };

/**
 * Something wrong with (part of) an imported file, as data: the words a duty officer reads come
 * from the catalogue entry `import:problems.<code>` with `params`, or, for a code with several
 * causes, from the `reason` message in `params` (shared/io/problem-text.ts).
 */
export interface Problem {
  /** Stable machine code, e.g. 'coords-out-of-range', 'ring-closed'. */
  code: string;
  params?: Record<string, MessageParam>;
  /** Which part of a file with several (a table, a shapefile layer, a TopoJSON object, a KMZ entry). */
  where?: Message;
  /** Stands for this many more problems of the same code that were not listed (ProblemList). */
  omitted?: { count: number; total: number };
  /** Index of the feature in the file, 0-based. */
  index?: number;
  /** The feature's own id in the file, when it has one, so a report names it as its author does. */
  featureId?: string | number;
  /** Line in the file, 1-based, when known. */
  line?: number;
  severity: 'error' | 'warning';
}
