import type { Feature } from 'geojson';
import type { BBox, Message, Problem } from '../base/types';

export type { BBox, Problem } from '../base/types';

export interface ParsedLayer {
  name: string;
  /** GeoJSON features; geometry may be null; properties is always an object ({} when missing). */
  features: Feature[];
  /** Count of features per geometry type; features without geometry are counted under 'null'. */
  geometryTypes: Record<string, number>;
  bbox: BBox | null;
  /** Features changed by a safe repair (see io/repairs.ts); absent when none was. */
  repairs?: RepairSummary;
}

/** How many features safe repairs touched: each feature once in `features`, and per repair code. */
export interface RepairSummary {
  features: number;
  byCode: Record<string, number>;
}

/**
 * A layer whose coordinates are plainly not degrees and that says nothing of its coordinate
 * system (a shapefile without .prj, GeoJSON in metres): what the numbers look like and the
 * systems they would fit, so the user can choose one and the file is read again with it.
 */
export interface CrsQuestion {
  layer: string;
  /** The coordinates' range as found [minX, minY, maxX, maxY]. */
  range: BBox;
  /** What the numbers look like: metres of a projection (within ±20,000 km) or larger values. */
  looksLike: 'metres' | 'unknown-units';
  suggestions: { code: string; name: string; inMissionArea: boolean }[];
  /** The layer's attribute names, for remembering the choice per source layout. */
  propertyNames: string[];
}

/** A georeferenced image (KML GroundOverlay): where its corners go, and its bytes when they were in hand. */
export interface ImageOverlay {
  name: string;
  /** [lng, lat] of the image's top-left, top-right, bottom-right and bottom-left corners (MapLibre's image-source order). */
  corners: [[number, number], [number, number], [number, number], [number, number]];
  /** The image's reference as written in the file. */
  href: string;
  /** The image when it is inside the archive (KMZ); a linked image is never fetched. */
  image: { bytes: Uint8Array; mimeType: string } | null;
  /** The layer holding its footprint polygon, and the footprint's index in the file. */
  layer: string;
  index: number;
}

export type ParseResult =
  | { ok: true; format: string; layers: ParsedLayer[]; refused: Problem[]; warnings: Problem[]; overlays?: ImageOverlay[] }
  | { ok: false; format: string | null; error: Message; crsQuestion?: CrsQuestion };

/** What a parser may need from its host: progress reporting, and where bundled assets live. */
export interface ParseOptions {
  /** Called with 0..1 as parsing advances, for the progress bar. */
  onProgress?(fraction: number): void;
  /** URL of sql.js's WebAssembly file in the browser; under node the package finds its own. */
  sqlWasmUrl?: string;
  /** The coordinate system the user chose ("EPSG:32634") for data that declares none (shapefile, GeoJSON). */
  crs?: string;
}

export interface FormatDef {
  id: string;
  label: string;
  /** Lower-case, with the dot: '.geojson'. */
  extensions: string[];
  mimeTypes: string[];
  /**
   * Recognises the format from the file's start: `head` is the first few kilobytes decoded as
   * text, `bytes` the raw bytes (for binary signatures such as ZIP or SQLite).
   */
  sniff(head: string, bytes: Uint8Array): boolean;
  parse(bytes: Uint8Array, fileName: string, options?: ParseOptions): ParseResult | Promise<ParseResult>;
}
