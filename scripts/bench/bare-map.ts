/**
 * The render benchmark's baseline: bare MapLibre on a page of its own (dist/__bench/bare.html,
 * served by the same preview server as the app), with the app's offline basemap and one GeoJSON
 * source of the same points, clustered as the app clusters them (layer-style.ts). Bundled by
 * esbuild at bench time. The query string gives the data URL and the map's size, so the canvas
 * matches the app's.
 */
import * as maplibregl from 'maplibre-gl';
import { basemapStyle, FONT_BOLD } from '../../shared/layers/basemap-style';
import { CLUSTER_MAX_ZOOM, INCIDENT_COLORS } from '../../shared/layers/layer-style';

const params = new URLSearchParams(location.search);
const container = document.getElementById('map') as HTMLDivElement;
container.style.width = `${params.get('w') ?? 1000}px`;
container.style.height = `${params.get('h') ?? 800}px`;
maplibregl.setWorkerUrl(new URL('./maplibre-gl-worker.mjs', location.href).href);

const base = basemapStyle(new URL('../', location.href).href);
const color = ['match', ['get', 'eventType'], ...Object.entries(INCIDENT_COLORS).flat(), '#616161'];
const style = {
  ...base,
  sources: {
    ...base.sources,
    points: { type: 'geojson', data: new URL(params.get('data') ?? '', location.href).href, cluster: true, clusterRadius: 45, clusterMaxZoom: CLUSTER_MAX_ZOOM },
  },
  layers: [
    ...base.layers,
    {
      id: 'clusters',
      type: 'circle',
      source: 'points',
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
      source: 'points',
      filter: ['has', 'point_count'],
      layout: { 'text-field': ['get', 'point_count_abbreviated'], 'text-size': 12, 'text-font': FONT_BOLD, 'text-allow-overlap': true },
      paint: { 'text-color': '#ffffff' },
    },
    {
      id: 'points',
      type: 'circle',
      source: 'points',
      filter: ['!', ['has', 'point_count']],
      paint: { 'circle-color': color, 'circle-radius': 5, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.2 },
    },
  ],
} as maplibregl.StyleSpecification;

const map = new maplibregl.Map({ container, style, bounds: [-170, -58, 190, 75], maxPitch: 0, attributionControl: false, canvasContextAttributes: { preserveDrawingBuffer: true } });
let firstIdle: number | null = null;
map.on('idle', () => {
  if (firstIdle === null && map.isSourceLoaded('points')) firstIdle = performance.now();
});

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
  drawn: () => map.queryRenderedFeatures({ layers: ['clusters', 'points'] }).length,
};
Object.defineProperty(window, '__bare', { value: bare, configurable: true });
