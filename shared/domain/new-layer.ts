import { changeSummary, type ChangeSummary, type Changeset } from './changeset';
import type { Kind } from './common';
import type { Author, CgFeature } from './feature';
import { newId } from './feature';
import { defaultMarking, UN_SCHEME, type Marking } from './marking';
import type { Layer, LayerImage, LayerRole } from './layer';

export interface NewLayerInput {
  name: string;
  kind: Kind;
  owner: string;
  features: CgFeature[];
  author: Author;
  now: string;
  /** Draw order of the new layer (higher is drawn above). */
  order: number;
  source?: { fileName: string; format: string };
  /** The layer's marking; default the scheme's lowest level, no originator. */
  marking?: Marking;
  /** Georeferenced images drawn beneath the features (KML ground overlays). */
  images?: LayerImage[];
  role?: LayerRole;
  /** What the history says; default "Import <file>" (or "Create layer <name>" without a source). */
  summary?: ChangeSummary;
}

/** A changeset creating a layer and putting its features, as one undoable step. */
export function newLayerChangeset(input: NewLayerInput): Changeset {
  const name = input.name.trim().slice(0, 200) || 'Imported layer';
  const layer: Layer = {
    id: newId(),
    name,
    kind: input.kind,
    owner: input.owner.slice(0, 200),
    visible: true,
    opacity: 1,
    order: Math.round(input.order),
    createdAt: input.now,
    updatedAt: input.now,
    marking: input.marking ?? defaultMarking(UN_SCHEME),
    ...(input.source ? { source: { fileName: input.source.fileName, format: input.source.format } } : {}),
    ...(input.images?.length ? { images: input.images } : {}),
    ...(input.role ? { role: input.role } : {}),
  };
  const summary = input.summary ?? (input.source ? changeSummary('import', { file: input.source.fileName }) : changeSummary('createLayer', { name }));
  return {
    id: newId(),
    summary,
    at: input.now,
    by: input.author,
    ops: [
      { op: 'putLayer', layer },
      { op: 'putFeatures', layerId: layer.id, features: input.features },
    ],
  };
}
