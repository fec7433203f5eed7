import type { Feature } from 'geojson';
import type { Message, MessageParam } from '../i18n/message';

/**
 * Something wrong with (part of) an imported file, as data: the words a duty officer reads come
 * from the catalogue entry `import:problems.<code>` with `params`, or, for a code with several
 * causes, from the `reason` message in `params` (problem-text.ts).
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
  | { ok: false; format: string | null; error: Message };

/** What a parser may need from its host: progress reporting, and where bundled assets live. */
export interface ParseOptions {
  /** Called with 0..1 as parsing advances, for the progress bar. */
  onProgress?(fraction: number): void;
  /** URL of sql.js's WebAssembly file in the browser; under node the package finds its own. */
  sqlWasmUrl?: string;
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
