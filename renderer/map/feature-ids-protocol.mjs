/**
 * The `cgjson://` protocol: `cgjson://<url>` fetches the GeoJSON at <url> (usually a blob: URL),
 * parses it and copies each feature's string id into the property `cg:id`, which the sources
 * promote to the feature id (MapLibre keeps only integer ids in its tiles).
 *
 * This file has no imports so that MapLibre's workers can load it as it is
 * (maplibregl.importScriptInWorkers): there it registers the protocol with the worker's
 * `self.addProtocol`, so the fetch and the JSON parse happen off the main thread. Without it,
 * MapLibre 6 hands blob: URLs requested by a worker back to the main thread to fetch and parse.
 * The controller also registers it on the main thread as a fallback.
 */
export const FEATURE_PROTOCOL = 'cgjson';
export const FEATURE_ID_PROPERTY = 'cg:id';

export async function loadFeatureJson(params, abortController) {
  const url = params.url.slice(FEATURE_PROTOCOL.length + 3);
  const response = await fetch(url, { signal: abortController.signal });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  const data = await response.json();
  if (data && data.type === 'FeatureCollection' && Array.isArray(data.features)) {
    for (const feature of data.features) {
      if (!feature || feature.id === undefined || feature.id === null) continue;
      if (!feature.properties || typeof feature.properties !== 'object') feature.properties = {};
      feature.properties[FEATURE_ID_PROPERTY] = feature.id;
    }
  }
  return { data };
}

if (typeof WorkerGlobalScope !== 'undefined' && typeof self.addProtocol === 'function') {
  self.addProtocol(FEATURE_PROTOCOL, loadFeatureJson);
}
