import { roundGeometry } from './geometry';
import { freeKey } from './properties';
import type { OutputFormatDef, SerialisableFeature, SerialisableLayer, SerialiseOptions, SerialiseOutput } from './types';

/**
 * GeoJSON (RFC 7946): one FeatureCollection, one feature per line so that large files diff and
 * stream well. One layer: the collection carries the layer's name as a "name" member (as GDAL
 * writes it, and as our reader takes it back). Several layers: every feature gets a property
 * holding its layer's name, "layer" unless some feature already uses that key, then "_layer",
 * "__layer" and so on, so no source property is overwritten.
 */

function outFeature(f: SerialisableFeature, layerKey: string | null, layerName: string, options: SerialiseOptions): SerialisableFeature {
  const properties = { ...(f.properties ?? {}) };
  if (layerKey !== null) properties[layerKey] = layerName;
  const geometry = f.geometry && options.coordinatePrecision !== undefined ? roundGeometry(f.geometry, options.coordinatePrecision) : f.geometry;
  return { ...f, type: 'Feature', properties, geometry };
}

export function serialiseGeoJSON(layers: readonly SerialisableLayer[], options: SerialiseOptions = {}): SerialiseOutput {
  const single = layers.length === 1 ? (layers[0] as SerialisableLayer) : null;
  const layerKey = single ? null : freeKey('layer', layers);
  const lines: string[] = [];
  for (const layer of layers) {
    for (const f of layer.features) lines.push(JSON.stringify(outFeature(f, layerKey, layer.name, options)));
  }
  const head = single ? `{"type":"FeatureCollection","name":${JSON.stringify(single.name)},"features":[` : '{"type":"FeatureCollection","features":[';
  const text = lines.length ? `${head}\n${lines.join(',\n')}\n]}\n` : `${head}]}\n`;
  const warnings = layerKey !== null && layerKey !== 'layer' ? [`the layer name is in the property "${layerKey}" because "layer" is already used by the data`] : [];
  return warnings.length ? { text, warnings } : { text };
}

export const geojsonOutput: OutputFormatDef = {
  id: 'geojson',
  label: 'GeoJSON',
  extension: '.geojson',
  mimeType: 'application/geo+json',
  serialise: serialiseGeoJSON,
};
