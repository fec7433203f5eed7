import type { Message } from '../i18n/message';
import type { Feature } from 'geojson';
import type { Kind } from '../domain/common';
import type { Author } from '../domain/feature';
import type { ChangeSummary, Changeset } from '../domain/changeset';
import { newLayerChangeset } from '../domain/new-layer';
import { newId } from '../domain/feature';
import { suggestKind, suggestMapping } from '../domain/field-mapping';
import { normalizeFeatures, type NormalizeResult } from '../domain/normalize';
import { parseFile } from './registry';
import type { BBox, ParsedLayer, ParseOptions, Problem } from './types';

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
}

export type ImportPreview =
  | { ok: true; format: string; layers: LayerPreview[]; refused: Problem[]; warnings: Problem[] }
  | { ok: false; error: Message };

export type BuildResult = NormalizeResult;

/** What building a layer would give, without the features: for the preview. */
export interface DryRunResult {
  valid: number;
  refused: Problem[];
  warnings: Problem[];
}

/** Where committed features go: a new layer, or one that exists (of the same kind). */
export type CommitTarget =
  | { newLayer: { name: string; order: number; owner: string; fileName: string; format: string } }
  | { existingLayerId: string };

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
  layers: { layerIndex: number; layerId: string; imported: number; refused: Problem[]; warnings: Problem[] }[];
}

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

export function previewLayer(layer: ParsedLayer): LayerPreview {
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
  };
}

function buildKey(kind: Kind, mapping: Record<string, string>, author: Author): string {
  return JSON.stringify([kind, Object.entries(mapping).sort(), author.name, author.org]);
}

export class ImportSession {
  private layers: ParsedLayer[] = [];
  /** The last dry run of each layer, kept for the commit (see dryRun). */
  private readonly built = new Map<number, { key: string; result: BuildResult }>();

  async inspect(fileName: string, bytes: Uint8Array, options: ParseOptions = {}): Promise<ImportPreview> {
    this.layers = [];
    this.built.clear();
    const result = await parseFile(fileName, bytes, options);
    if (!result.ok) return { ok: false, error: result.error };
    this.layers = result.layers;
    return {
      ok: true,
      format: result.format,
      layers: result.layers.map(previewLayer),
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
  prepareCommit(req: CommitRequest): PreparedCommit {
    const ops: Changeset['ops'] = [];
    const layers: PreparedCommit['layers'] = [];
    for (const lc of req.layers) {
      const built = this.buildForCommit(lc.layerIndex, lc.kind, this.mappingFor(lc.layerIndex, lc.kind, lc.mapping), req.author, req.now);
      let layerId: string;
      if ('newLayer' in lc.target) {
        const t = lc.target.newLayer;
        const created = newLayerChangeset({
          name: t.name,
          kind: lc.kind,
          owner: t.owner,
          features: built.features,
          author: req.author,
          now: req.now,
          order: t.order,
          source: { fileName: t.fileName, format: t.format },
        });
        const put = created.ops[0];
        layerId = put?.op === 'putLayer' ? put.layer.id : '';
        ops.push(...created.ops);
      } else {
        layerId = lc.target.existingLayerId;
        ops.push({ op: 'putFeatures', layerId, features: built.features });
      }
      layers.push({ layerIndex: lc.layerIndex, layerId, imported: built.features.length, refused: built.refused, warnings: built.warnings });
    }
    return { changeset: { id: newId(), summary: req.summary, at: req.now, by: req.author, ops }, layers };
  }

  discard(): void {
    this.layers = [];
    this.built.clear();
  }
}
