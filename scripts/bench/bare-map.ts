/**
 * The render benchmark's baselines: bare MapLibre on a page of its own (dist/__bench/bare.html,
 * served by the same preview server as the app), with the app's offline basemap and one GeoJSON
 * source of the same points, clustered as the app clusters them (layer-style.ts). Bundled by
 * esbuild at bench time. The query string gives the data URL and the map's size, so the canvas
 * matches the app's, and `style`: `circles` (plain coloured circles, the cheapest drawing) or `app`
 * (the app's own style layers for incidents: cluster circles and counts, icons by event type,
 * labels), so that the app's data path can be compared with MapLibre's on the same drawing.
 */
import * as maplibregl from 'maplibre-gl';
import type { LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import { basemapStyle, FONT_BOLD } from '../../shared/layers/basemap-style';
import { CLUSTER_MAX_ZOOM, CLUSTER_RADIUS_PX, INCIDENT_COLORS, operationalLayers, sourceIdFor } from '../../shared/layers/layer-style';
import { addIconImages } from '../../renderer/map/icon-images';

const params = new URLSearchParams(location.search);
const container = document.getElementById('map') as HTMLDivElement;
container.style.width = `${params.get('w') ?? 1000}px`;
container.style.height = `${params.get('h') ?? 800}px`;
maplibregl.setWorkerUrl(new URL('./maplibre-gl-worker.mjs', location.href).href);

const base = basemapStyle(new URL('../', location.href).href);
const color = ['match', ['get', 'eventType'], ...Object.entries(INCIDENT_COLORS).flat(), '#616161'];
const appStyle = params.get('style') === 'app';
/** In the app's style the source is named as the app names a layer's source; its style layers read it. */
const SOURCE = appStyle ? sourceIdFor('bench') : 'points';
const appLayers = (): LayerSpecification[] => operationalLayers({ id: 'bench', kind: 'incident', visible: true, opacity: 1, cluster: true });
const circleLayers = (): LayerSpecification[] =>
  [
    {
      id: 'clusters',
      type: 'circle',
      source: SOURCE,
      filter: ['has', 'point_count'],
      paint: {
        'circle-color': ['step', ['get', 'point_count'], '#90a4ae', 100, '#607d8b', 1000, '#455a64'],
        'circle-radius': ['step', ['get', 'point_count'], 12, 100, 16, 1000, 21, 10000, 27],
        'circle-opacity': 0.85,
        'circle-stroke-color': '#ffffff',
        'circle-stroke-width': 1.5,
      },
    },
    {
      id: 'cluster-count',
      type: 'symbol',
      source: SOURCE,
      filter: ['has', 'point_count'],
      layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-size': 12, 'text-font': FONT_BOLD, 'text-allow-overlap': true },
      paint: { 'text-color': '#ffffff' },
    },
    {
      id: 'points',
      type: 'circle',
      source: SOURCE,
      filter: ['!', ['has', 'point_count']],
      paint: { 'circle-color': color, 'circle-radius': 5, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.2 },
    },
  ] as LayerSpecification[];
// The app's layers go in once the style has loaded and the icons are added, as the app does it.
const drawnLayers = appStyle ? [] : circleLayers();
const style = {
  ...base,
  sources: {
    ...base.sources,
    [SOURCE]: { type: 'geojson', data: new URL(params.get('data') ?? '', location.href).href, cluster: true, clusterRadius: CLUSTER_RADIUS_PX, clusterMaxZoom: CLUSTER_MAX_ZOOM },
  },
  layers: [...base.layers, ...drawnLayers],
} as maplibregl.StyleSpecification;



const map = new maplibregl.Map({ container, style, bounds: [-170, -58, 190, 75], maxPitch: 0, attributionControl: false, canvasContextAttributes: { preserveDrawingBuffer: true } });
if (appStyle)
  map.on('load', () => {
    addIconImages(map);
    for (const layer of appLayers()) map.addLayer(layer);
  });
let firstIdle: number | null = null;
map.on('idle', () => {
  if (firstIdle === null && map.isSourceLoaded(SOURCE) && bare.drawn() > 0) firstIdle = performance.now();
});
const queryable = (): string[] => (map.getStyle().layers ?? []).filter((l) => 'source' in l && l.source === SOURCE && l.type !== 'heatmap').map((l) => l.id);

const bare = {
  firstIdle: () => firstIdle,
  whenIdle: () =>
    new Promise<number>((resolve) => {
      map.once('idle', () => resolve(performance.now()));
      map.triggerRepaint();
    }),
  screenPoint: (lng: number, lat: number) => {
    const p = map.project([lng, lat]);
    const r = map.getCanvas().getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  },
  drawn: () => map.queryRenderedFeatures({ layers: queryable() }).length,
};
Object.defineProperty(window, '__bare', { value: bare, configurable: true });
