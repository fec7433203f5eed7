import type { Feature } from 'geojson';

/** Something wrong with (part of) an imported file, in words a duty officer can act on. */
export interface Problem {
  /** Stable machine code, e.g. 'coords-out-of-range', 'ring-closed'. */
  code: string;
  /** Plain-language message. */
  message: string;
  /** Index of the feature in the file, 0-based. */
  index?: number;
  /** Line in the file, 1-based, when known. */
  line?: number;
  severity: 'error' | 'warning';
}

export type BBox = [number, number, number, number];

export interface ParsedLayer {
  name: string;
  /** GeoJSON features; geometry may be null; properties is always an object ({} when missing). */
  features: Feature[];
  /** Count of features per geometry type; features without geometry are counted under 'null'. */
  geometryTypes: Record<string, number>;
  bbox: BBox | null;
}

export type ParseResult =
  | { ok: true; format: string; layers: ParsedLayer[]; refused: Problem[]; warnings: Problem[] }
  | { ok: false; format: string | null; error: string };

export interface FormatDef {
  id: string;
  label: string;
  /** Lower-case, with the dot: '.geojson'. */
  extensions: string[];
  mimeTypes: string[];
  /** Looks at the first few kilobytes of the file, decoded as text. */
  sniff(head: string): boolean;
  parse(bytes: Uint8Array, fileName: string): ParseResult;
}
