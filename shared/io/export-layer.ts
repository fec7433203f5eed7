import type { Kind } from '../domain/common';
import { MARKING_FIELDS, ownMarking } from '../domain/feature-marking';
import type { Marking } from '../domain/marking';
import { INCIDENT_FALLBACK_COLOR } from '../layers/icons';
import { DDR_COLOR, HUMANITARIAN_COLOR, PATROL_STATUS_STYLE, REFERENCE_COLOR } from '../layers/layer-style';
import { getOutputFormat, type SerialisableFeature, type SerialiseOptions, type SerialiseRefusal } from './serialise';

/**
 * One layer (or the part of it in scope) written in an output format, with the counts the export
 * dialog shows: how many features were in scope, how many were written, and each one refused.
 */

export interface ExportedFile {
  data: string | Uint8Array<ArrayBuffer>;
  extension: string;
  mimeType: string;
  /** Features handed to the serialiser. */
  inScope: number;
  /** Features in the file. */
  written: number;
  refused: SerialiseRefusal[];
  warnings: string[];
}

/** The colour each kind is drawn in, for formats that carry a style (KML). */
export const KIND_COLORS: Record<Kind, string> = {
  incident: INCIDENT_FALLBACK_COLOR,
  humanitarian: HUMANITARIAN_COLOR,
  ddr: DDR_COLOR,
  patrol: PATROL_STATUS_STYLE.approved.color,
  reference: REFERENCE_COLOR,
};

/**
 * A feature without its own marking carries its layer's inside the store; a file has no layer
 * marking to inherit from, so the layer's is written into the feature's properties
 * (classification, caveats, originator, releasableTo, as the store keeps an own marking), and a
 * re-import reads it back as the feature's own. Features with their own are written as they are.
 */
export function withInheritedMarking(features: readonly SerialisableFeature[], marking: Marking | undefined): readonly SerialisableFeature[] {
  if (!marking) return features;
  const stamp: Record<(typeof MARKING_FIELDS)[number], string | string[]> = {
    classification: marking.classification,
    caveats: [...marking.caveats],
    originator: marking.originator,
    releasableTo: [...marking.releasableTo],
  };
  return features.map((f) => (ownMarking(f.properties ?? {}) ? f : { ...f, properties: { ...f.properties, ...stamp } }));
}

export async function exportLayer(
  layer: { name: string; kind: Kind; marking?: Marking },
  features: readonly SerialisableFeature[],
  formatId: string,
  options: SerialiseOptions = {},
): Promise<ExportedFile> {
  const format = getOutputFormat(formatId);
  if (!format) throw new Error(`unknown output format "${formatId}"`);
  const marked = withInheritedMarking(features, layer.marking);
  const out = await format.serialise([{ name: layer.name, color: KIND_COLORS[layer.kind], features: marked }], options);
  const refused = out.refused ?? [];
  return {
    data: 'text' in out ? out.text : out.bytes,
    extension: format.extension,
    mimeType: format.mimeType,
    inScope: features.length,
    written: features.length - refused.length,
    refused,
    warnings: out.warnings ?? [],
  };
}
