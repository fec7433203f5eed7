import type { Feature, Geometry } from 'geojson';

/**
 * What a serialiser needs of a layer: a name and its features. ParsedLayer (an import result)
 * and the app's stored layers both fit.
 */
/** A feature to write; its geometry may be null (an unlocated report). */
export type SerialisableFeature = Feature<Geometry | null>;

export interface SerialisableLayer {
  name: string;
  features: readonly SerialisableFeature[];
  /** The layer's colour as #rrggbb, for formats that carry styles (KML); omitted: a default. */
  color?: string;
}

export interface SerialiseOptions {
  /**
   * Decimal places kept in coordinates, where the format writes numbers itself (GeoJSON).
   * Omitted: full precision, nothing is rounded. RFC 7946 suggests 6 (about 10 cm).
   */
  coordinatePrecision?: number;
  /** URL of sql.js's WebAssembly file in the browser (GeoPackage); under node the package finds its own. */
  sqlWasmUrl?: string;
}

/** A feature the format cannot hold, with why: it is not in the output. */
export interface SerialiseRefusal {
  /** Stable code, for the app to say it in the user's language: 'no-location', 'gpx-polygon', 'gpx-collection'. */
  code: string;
  layer: string;
  /** Position of the feature in its layer's `features`. */
  index: number;
  id?: string | number;
  /** The feature's name, when it has one, to say which it is. */
  name?: string;
  reason: string;
}

/**
 * A serialised file: text or bytes, plus what could not be carried over losslessly
 * (for example attributes a format cannot hold) as warnings, and every feature left out
 * (for example a polygon in GPX) as a refusal, so that no loss is silent.
 */
export type SerialiseOutput = ({ text: string } | { bytes: Uint8Array<ArrayBuffer> }) & { warnings?: string[]; refused?: SerialiseRefusal[] };

export interface OutputFormatDef {
  id: string;
  label: string;
  /** Lower-case, with the dot: '.kml'. */
  extension: string;
  mimeType: string;
  /** Whether the output is binary (bytes): it cannot be shown as text. */
  binary?: boolean;
  /** Pure: never touches files, never mutates its input. Asynchronous where the writer is (GeoPackage). */
  serialise(layers: readonly SerialisableLayer[], options?: SerialiseOptions): SerialiseOutput | Promise<SerialiseOutput>;
}
