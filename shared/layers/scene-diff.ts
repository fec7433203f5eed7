import { diff, type LayerSpecification, type StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { MapScene, SceneData, SceneLayer } from './map-scene';

/**
 * What changed between two scenes, as the map controller applies it: which layer sources go,
 * come (new, or rebuilt because the kind of source changed) or reload their data, and the
 * operational style layers' changes as MapLibre's own style diff commands (addLayer with the
 * layer to insert before, removeLayer, setFilter, setPaintProperty, setLayoutProperty…).
 *
 * Order of application: remove the style layers of rebuilt sources (`rebuiltStyleLayers`) and
 * the sources in `removeSources`' rebuilt part, add `addSources`, run `style`, then remove the
 * sources of layers that left, then reload `reloadSources`.
 */

export type StyleCommand = ReturnType<typeof diff>[number];

export interface SceneChanges {
  /** Sources of layers that left the scene: removed after `style` took their style layers away. */
  removeSources: string[];
  /** Layers whose source is built again (GeoJSON ⇄ tiles): their style layers and source go first. */
  rebuildSources: SceneLayer[];
  /** Style layer ids of the rebuilt sources as the map holds them now, removed before their source. */
  rebuiltStyleLayers: string[];
  /** Layers new to the scene: their source is added before `style` adds their style layers. */
  addSources: SceneLayer[];
  /** Same source, new data: a new GeoJSON version or a new tile load (data, filter of clusters, properties carried). */
  reloadSources: SceneLayer[];
  style: StyleCommand[];
  grid: boolean;
  basemap: boolean;
  highlight: boolean;
}

/** What a layer's sources are built from: the kind of data source, and its images (each an image source). */
const sourceKind = (layer: SceneLayer): string => `${layer.data.type}|${layer.images.map((i) => `${i.blob.size}:${JSON.stringify(i.corners)}`).join(',')}`;

const dataKey = (data: SceneData): string => (data.type === 'geojson' ? `${data.version}` : JSON.stringify(data.load));

function styleOf(layers: readonly LayerSpecification[]): StyleSpecification {
  return { version: 8, sources: {}, layers: [...layers] };
}

function sameBasemap(a: MapScene['basemap'], b: MapScene['basemap']): boolean {
  if (a.rasterOpacity !== b.rasterOpacity) return false;
  if (a.view.kind === 'bundled' || b.view.kind === 'bundled') return a.view.kind === b.view.kind;
  return a.view.kind === b.view.kind && a.view.id === b.view.id;
}

/** The changes that turn the map from `prev` (null: nothing drawn yet) into `next`. Pure. */
export function sceneChanges(prev: MapScene | null, next: MapScene): SceneChanges {
  const before = new Map((prev?.layers ?? []).map((l) => [l.id, l]));
  const after = new Set(next.layers.map((l) => l.id));
  const removeSources = [...before.keys()].filter((id) => !after.has(id));
  const rebuildSources: SceneLayer[] = [];
  const addSources: SceneLayer[] = [];
  const reloadSources: SceneLayer[] = [];
  const rebuilt = new Set<string>();
  for (const layer of next.layers) {
    const old = before.get(layer.id);
    if (!old) addSources.push(layer);
    else if (sourceKind(old) !== sourceKind(layer)) {
      rebuildSources.push(layer);
      rebuilt.add(layer.id);
    } else if (dataKey(old.data) !== dataKey(layer.data)) reloadSources.push(layer);
  }
  const rebuiltStyleLayers = (prev?.layers ?? []).filter((l) => rebuilt.has(l.id)).flatMap((l) => l.styleLayers.map((s) => s.id));
  const beforeLayers = (prev?.layers ?? []).filter((l) => !rebuilt.has(l.id)).flatMap((l) => l.styleLayers);
  const afterLayers = next.layers.flatMap((l) => l.styleLayers);
  return {
    removeSources,
    rebuildSources,
    rebuiltStyleLayers,
    addSources,
    reloadSources,
    style: diff(styleOf(beforeLayers), styleOf(afterLayers)),
    grid: prev?.grid !== next.grid,
    basemap: !prev || !sameBasemap(prev.basemap, next.basemap),
    highlight: !prev || prev.highlight.result !== next.highlight.result || prev.highlight.resultMax !== next.highlight.resultMax || prev.highlight.selection !== next.highlight.selection,
  };
}
