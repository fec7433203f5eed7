import type { Message } from '../i18n/message';
import type { Feature } from 'geojson';
import type { Kind } from '../domain/common';
import type { Author, CgFeature } from '../domain/feature';
import type { ChangeSummary, Changeset } from '../domain/changeset';
import { newLayerChangeset } from '../domain/new-layer';
import type { Marking } from '../domain/marking';
import { newId } from '../domain/feature';
import { suggestKind, suggestMapping } from '../domain/field-mapping';
import { normalizeFeatures, type NormalizeResult } from '../domain/normalize';
import { parseFileGroup, type FileGroup } from './file-set';
import { parseFile } from './registry';
import { fileMergeOps, keyCandidates, mergePreviewOf, planFileMerge, type MergePreview } from '../io/import-merge';
import type { LayerImage } from '../domain/layer';
import type { BBox, CrsQuestion, ImageOverlay, ParsedLayer, ParseOptions, ParseResult, Problem, RepairSummary } from '../io/types';

/**
 * The import workflow without any threading: inspect a file (parse, keep it, describe it), then
 * build one of its layers into stored features. The import worker only exposes one of these.
 */

export interface LayerPreview {
  name: string;
  featureCount: number;
  geometryTypes: Record<string, number>;
  bbox: BBox | null;
  suggestedKind: Kind;
  propertyNames: string[];
  suggestedMapping: Record<string, string>;
  /** The first features (at most SAMPLE_SIZE), for the preview table. */
  sample: Feature[];
  /** Features a safe repair changed, in all and per repair code; null when none was. */
  repairs: RepairSummary | null;
  /** Georeferenced images (KMZ ground overlays) that come with the layer when it is imported as a new layer. */
  images: number;
}

export type ImportPreview =
  | { ok: true; format: string; layers: LayerPreview[]; refused: Problem[]; warnings: Problem[] }
  | { ok: false; error: Message; crsQuestion?: CrsQuestion };

export type BuildResult = NormalizeResult;

/** What building a layer would give, without the features: for the preview. */
export interface DryRunResult {
  valid: number;
  refused: Problem[];
  warnings: Problem[];
  /** Present when the layer goes into an existing one: how its rows would match the layer's features. */
  merge?: MergeDryRun;
}

export interface MergeDryRun {
  /** Columns both the file and the layer have, the suggested key first. */
  columns: string[];
  suggested: string | null;
  /** The key used for `preview`; null: the rows would all be added. */
  keyColumn: string | null;
  preview: MergePreview | null;
}

/**
 * Where committed features go: a new layer, one that exists (of the same kind) to add to, or one
 * that exists to update: rows matched to its features by a key column (see import-merge.ts).
 */
export type CommitTarget =
  | { newLayer: { name: string; order: number; owner: string; fileName: string; format: string; marking?: Marking } }
  | { existingLayerId: string }
  | { mergeInto: { layerId: string; keyColumn: string; fileName: string } };

export interface LayerCommit {
  layerIndex: number;
  kind: Kind;
  /** Source attribute → field; null means the mapping suggested for `kind`. */
  mapping: Record<string, string> | null;
  target: CommitTarget;
}

export interface CommitRequest {
  layers: LayerCommit[];
  author: Author;
  now: string;
  /** What the history says of the whole import. */
  summary: ChangeSummary;
}

export interface PreparedCommit {
  /** One changeset for every layer of the file, so the import is one transaction and one undo. */
  changeset: Changeset;
  layers: { layerIndex: number; layerId: string; imported: number; refused: Problem[]; warnings: Problem[]; merge?: MergePreview }[];
}

/** The features of the layers a commit merges into, by layer id, as stored now. */
export type OursByLayer = ReadonlyMap<string, readonly CgFeature[]>;

export const SAMPLE_SIZE = 50;

/** Property names in order of first appearance across the layer's features. */
export function propertyNamesOf(layer: ParsedLayer): string[] {
  const names = new Set<string>();
  let lastSize = -1;
  let stable = 0;
  for (const f of layer.features) {
    const props = f.properties;
    if (props) for (const k in props) names.add(k);
    // Files with one schema stop growing quickly; stop after 1,000 features without a new name.
    if (names.size === lastSize) {
      if (++stable > 1000) break;
    } else {
      lastSize = names.size;
      stable = 0;
    }
  }
  return [...names];
}

export function previewLayer(layer: ParsedLayer, overlays: readonly ImageOverlay[] = []): LayerPreview {
  const suggestedKind = suggestKind(layer);
  const propertyNames = propertyNamesOf(layer);
  return {
    name: layer.name,
    featureCount: layer.features.length,
    geometryTypes: layer.geometryTypes,
    bbox: layer.bbox,
    suggestedKind,
    propertyNames,
    suggestedMapping: suggestMapping(suggestedKind, propertyNames),
    sample: layer.features.slice(0, SAMPLE_SIZE),
    repairs: layer.repairs ?? null,
    images: overlays.filter((o) => o.layer === layer.name && o.image).length,
  };
}

function buildKey(kind: Kind, mapping: Record<string, string>, author: Author): string {
  return JSON.stringify([kind, Object.entries(mapping).sort(), author.name, author.org]);
}

export class ImportSession {
  private layers: ParsedLayer[] = [];
  private overlays: ImageOverlay[] = [];
  /** The last dry run of each layer, kept for the commit (see dryRun). */
  private readonly built = new Map<number, { key: string; result: BuildResult }>();

  async inspect(fileName: string, bytes: Uint8Array, options: ParseOptions = {}): Promise<ImportPreview> {
    this.layers = [];
    this.built.clear();
    return this.keep(await parseFile(fileName, bytes, options));
  }

  /** Inspects files chosen together that make one source (a .shp with its sidecars: see file-set.ts). */
  async inspectGroup(group: FileGroup, options: ParseOptions = {}): Promise<ImportPreview> {
    this.layers = [];
    this.built.clear();
    return this.keep(await parseFileGroup(group, options));
  }

  private keep(result: ParseResult): ImportPreview {
    if (!result.ok) return result.crsQuestion ? { ok: false, error: result.error, crsQuestion: result.crsQuestion } : { ok: false, error: result.error };
    this.layers = result.layers;
    this.overlays = result.overlays ?? [];
    return {
      ok: true,
      format: result.format,
      layers: result.layers.map((l) => previewLayer(l, this.overlays)),
      refused: result.refused,
      warnings: result.warnings,
    };
  }

  build(layerIndex: number, kind: Kind, mapping: Record<string, string>, author: Author, now: string): BuildResult {
    const layer = this.layers[layerIndex];
    if (!layer) throw new Error(`no inspected layer ${layerIndex}; inspect a file first`);
    return normalizeFeatures({ features: layer.features, kind, mapping, author, now });
  }

  private mappingFor(layerIndex: number, kind: Kind, mapping: Record<string, string> | null): Record<string, string> {
    const layer = this.layers[layerIndex];
    if (!layer) throw new Error(`no inspected layer ${layerIndex}; inspect a file first`);
    return mapping ?? suggestMapping(kind, propertyNamesOf(layer));
  }

  /**
   * Normalises a layer to tell the preview what would be imported and refused. The result is
   * kept: committing with the same kind, mapping and author reuses it instead of building all
   * the features again (on 171k features that is most of a second).
   */
  dryRun(layerIndex: number, kind: Kind, mapping: Record<string, string> | null, author: Author, now: string): DryRunResult {
    const resolved = this.mappingFor(layerIndex, kind, mapping);
    const r = this.build(layerIndex, kind, resolved, author, now);
    this.built.set(layerIndex, { key: buildKey(kind, resolved, author), result: r });
    return { valid: r.features.length, refused: r.refused, warnings: r.warnings };
  }

  /**
   * The dry run of a layer going into an existing one: the key columns it could match on and, with
   * a key (the one asked for, else the suggested one), what the merge would do. Nothing is kept.
   */
  dryRunMerge(
    layerIndex: number,
    kind: Kind,
    mapping: Record<string, string> | null,
    author: Author,
    now: string,
    ours: readonly CgFeature[],
    keyColumn: string | null | undefined,
  ): DryRunResult {
    const base = this.dryRun(layerIndex, kind, mapping, author, now);
    const incoming = this.built.get(layerIndex)?.result.features ?? [];
    const { columns, suggested } = keyCandidates(incoming, ours);
    const key = keyColumn === undefined ? suggested : keyColumn;
    const preview = key ? mergePreviewOf(planFileMerge(incoming, ours, key), incoming) : null;
    return { ...base, merge: { columns, suggested, keyColumn: key, preview } };
  }

  /** The features for a commit: the dry run's when nothing changed since, stamped with `now`. */
  private buildForCommit(layerIndex: number, kind: Kind, mapping: Record<string, string>, author: Author, now: string): BuildResult {
    const kept = this.built.get(layerIndex);
    this.built.delete(layerIndex);
    if (kept?.key !== buildKey(kind, mapping, author)) return this.build(layerIndex, kind, mapping, author, now);
    // Normalising sets both stamps from `now` and nothing else from it.
    for (const f of kept.result.features) {
      f.properties.createdAt = now;
      f.properties.updatedAt = now;
    }
    return kept.result;
  }

  /** Builds the features and the one changeset that stores them; nothing is stored here. */
  prepareCommit(req: CommitRequest, ours: OursByLayer = new Map()): PreparedCommit {
    const ops: Changeset['ops'] = [];
    const layers: PreparedCommit['layers'] = [];
    for (const lc of req.layers) {
      const built = this.buildForCommit(lc.layerIndex, lc.kind, this.mappingFor(lc.layerIndex, lc.kind, lc.mapping), req.author, req.now);
      let layerId: string;
      if ('newLayer' in lc.target) {
        const t = lc.target.newLayer;
        const created = newLayerChangeset({
          images: this.imagesOf(lc.layerIndex),
          name: t.name,
          kind: lc.kind,
          owner: t.owner,
          features: built.features,
          author: req.author,
          now: req.now,
          order: t.order,
          source: { fileName: t.fileName, format: t.format },
          ...(t.marking ? { marking: t.marking } : {}),
        });
        const put = created.ops[0];
        layerId = put?.op === 'putLayer' ? put.layer.id : '';
        ops.push(...created.ops);
      } else if ('mergeInto' in lc.target) {
        const { layerId: target, keyColumn, fileName } = lc.target.mergeInto;
        layerId = target;
        // Planned again against the layer as stored now: it may have changed since the preview.
        const plan = planFileMerge(built.features, ours.get(target) ?? [], keyColumn);
        ops.push(...fileMergeOps(plan, target, req.author, { type: 'file', name: fileName }, req.now));
        const merge = mergePreviewOf(plan, built.features);
        layers.push({ layerIndex: lc.layerIndex, layerId, imported: merge.counts.added + merge.counts.updated, refused: [...built.refused, ...merge.refused], warnings: built.warnings, merge });
        continue;
      } else {
        layerId = lc.target.existingLayerId;
        ops.push({ op: 'putFeatures', layerId, features: built.features });
      }
      layers.push({ layerIndex: lc.layerIndex, layerId, imported: built.features.length, refused: built.refused, warnings: built.warnings });
    }
    return { changeset: { id: newId(), summary: req.summary, at: req.now, by: req.author, ops }, layers };
  }

  /**
   * The overlay images whose footprints are in a layer, as Blobs for the store. They go with a
   * new layer only: an existing layer's record is not rewritten by an import.
   */
  private imagesOf(layerIndex: number): LayerImage[] {
    const name = this.layers[layerIndex]?.name;
    return this.overlays.flatMap((o) =>
      o.layer === name && o.image ? [{ name: o.name, blob: new Blob([o.image.bytes as Uint8Array<ArrayBuffer>], { type: o.image.mimeType }), corners: o.corners }] : [],
    );
  }

  discard(): void {
    this.overlays = [];
    this.layers = [];
    this.built.clear();
  }
}
