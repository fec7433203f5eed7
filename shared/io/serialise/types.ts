import type { Feature } from 'geojson';

/**
 * What a serialiser needs of a layer: a name and its features. ParsedLayer (an import result)
 * and the app's stored layers both fit.
 */
export interface SerialisableLayer {
  name: string;
  features: readonly Feature[];
}

export interface SerialiseOptions {
  /**
   * Decimal places kept in coordinates, where the format writes numbers itself (GeoJSON).
   * Omitted: full precision, nothing is rounded. RFC 7946 suggests 6 (about 10 cm).
   */
  coordinatePrecision?: number;
}

/**
 * A serialised file: text or bytes, plus what could not be carried over losslessly
 * (for example altitudes a format cannot hold), so that no loss is silent.
 */
export type SerialiseOutput = ({ text: string } | { bytes: Uint8Array }) & { warnings?: string[] };

export interface OutputFormatDef {
  id: string;
  label: string;
  /** Lower-case, with the dot: '.kml'. */
  extension: string;
  mimeType: string;
  /** Pure: never touches files, never mutates its input. */
  serialise(layers: readonly SerialisableLayer[], options?: SerialiseOptions): SerialiseOutput;
}
