import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { CgFeature } from '../../../shared/domain/feature';
import { noGoZonesOf, planAlerts, runAnalysis, type AnalysisLayer } from '../../../shared/analysis/run';

/**
 * runAnalysis shapes each analysis for the panel: result items (i18n key and values), overlay
 * roles and, for density, the table. Run on the same fixtures as the end-to-end test, with the
 * two routes approved as the e2e leaves them.
 */

const FIXTURES = join(import.meta.dirname, '../../fixtures/e2e');
function layer(id: string, file: string, kind: AnalysisLayer['kind'], edit: (f: CgFeature) => void = () => undefined): AnalysisLayer {
  const fc = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as FeatureCollection;
  const features = fc.features.map((f, i) => ({ ...f, id: `${id}-${i}`, properties: { ...f.properties } }) as CgFeature);
  features.forEach(edit);
  return { id, name: file.replace('.geojson', ''), kind, features };
}

const sites = layer('sites', 'analysis-sites-car.geojson', 'humanitarian');
const patrols = layer('patrols', 'analysis-patrols-car.geojson', 'patrol', (f) => {
  if (f.properties.status === 'draft') f.properties.status = 'approved';
});
const incidents = layer('incidents', 'incidents-mali-car.geojson', 'incident', (f) => {
  f.properties.eventDate = f.properties.event_date;
});
const areas = layer('areas', 'analysis-areas-mali.geojson', 'reference');
const all = [sites, patrols, incidents, areas];
const roles = (r: ReturnType<typeof runAnalysis>) => r.overlay.features.map((f) => f.properties?.role as string);

describe('runAnalysis', () => {
  it('deconflict: one item per alert, with the plan hit, the site target (its radius as value) and the contact point', () => {
    const r = runAnalysis(all, { kind: 'deconflict', planLayerIds: ['patrols'], siteLayerIds: ['sites'], noGoLayerIds: [] });
    expect(r.items).toEqual([
      {
        layerId: 'patrols',
        featureId: 'patrols-0',
        name: 'Route Bria north',
        detail: { key: 'detail.siteAlert', values: { target: 'PK3 IDP site', distanceKm: 0.56, radiusKm: 2, insideKm: 1.44 } },
        bbox: [21.96, 6.56, 22.03, 6.56],
      },
    ]);
    expect(roles(r)).toEqual(['hit', 'target', 'where']);
    expect(r.overlay.features[1]?.properties?.value).toBe(2000);
  });

  it('coverage: every gap with its reason and the distance to the nearest counted route', () => {
    const r = runAnalysis(all, { kind: 'coverage', pointLayerIds: ['sites'], patrolLayerIds: ['patrols'], maxRouteKm: 5, window: null });
    expect(r.items.map((i) => [i.name, i.detail.key, i.detail.values.distanceKm])).toEqual([
      ['PK3 IDP site', 'detail.gapNoArea', 0.56],
      ['Bambari health centre', 'detail.gapFar', 6.27],
      ['Bangui warehouse', 'detail.gapBoth', 279.87],
    ]);
    // At 7 km the health centre, inside the active area, is covered.
    const wider = runAnalysis(all, { kind: 'coverage', pointLayerIds: ['sites'], patrolLayerIds: ['patrols'], maxRouteKm: 7, window: null });
    expect(wider.items.map((i) => i.name)).toEqual(['PK3 IDP site', 'Bangui warehouse']);
  });

  it('proximity and nearest: distances, compass bearings, an origin for the chosen incident', () => {
    const near = runAnalysis(all, { kind: 'proximity', incidentLayerIds: ['incidents'], targetLayerIds: ['sites'], radiusKm: 5, window: null });
    expect(near.items.map((i) => [i.name, i.detail.values])).toEqual([
      ['Bria clash', { target: 'PK3 IDP site', distanceKm: 1.46 }],
      ['Bambari looting', { target: 'Bambari health centre', distanceKm: 1.8 }],
    ]);
    const bria = incidents.features.find((f) => f.properties.name === 'Bria clash') as CgFeature;
    const nearest = runAnalysis(all, { kind: 'nearest', incident: { layerId: 'incidents', featureId: bria.id }, targetLayerIds: ['sites'], count: 2 });
    expect(nearest.items.map((i) => [i.name, i.detail.values])).toEqual([
      ['PK3 IDP site', { distanceKm: 1.46, bearing: 15 }],
      ['Bambari health centre', { distanceKm: 170.51, bearing: 239 }],
    ]);
    expect(roles(nearest)).toEqual(['origin', 'hit', 'hit']);
    expect(runAnalysis(all, { kind: 'nearest', incident: { layerId: 'incidents', featureId: 'gone' }, targetLayerIds: ['sites'], count: 2 }).items).toEqual([]);
  });

  it('density: a row per area with the previous period, choropleth values, and empty layers give nothing', () => {
    const r = runAnalysis(all, { kind: 'density', incidentLayerIds: ['incidents'], areaLayerId: 'areas', period: { start: '2026-11-16', end: '2026-11-21' } });
    expect(r.density?.map((d) => [d.areaName, d.count, d.previousCount, d.change])).toEqual([
      ['Mopti sector', 2, 1, 1],
      ['Gao sector', 1, 1, 0],
      ['Ségou sector', 0, 1, -1],
    ]);
    expect(r.overlay.features.map((f) => [f.properties?.role, f.properties?.value])).toEqual([
      ['area', 2],
      ['area', 1],
      ['area', 0],
    ]);
    const empty: AnalysisLayer = { id: 'empty', name: 'empty', kind: 'reference', features: [] };
    expect(runAnalysis([...all, empty], { kind: 'density', incidentLayerIds: ['incidents'], areaLayerId: 'empty', period: { start: '2026-11-16', end: '2026-11-21' } }).items).toEqual([]);
  });

  it('takes no-go zones from polygons flagged so, or every polygon of a layer named for it', () => {
    const zone = (id: string, properties: CgFeature['properties']): CgFeature => ({ type: 'Feature', id, properties, geometry: { type: 'Polygon', coordinates: [[[22, 6.5], [22.1, 6.5], [22.1, 6.6], [22, 6.5]]] } });
    const flagged: AnalysisLayer = { id: 'z', name: 'Zones', kind: 'reference', features: [zone('a', { noGo: true }), zone('b', {}), zone('c', { zoneType: 'no-go' })] };
    expect(noGoZonesOf(flagged).map((f) => f.id)).toEqual(['a', 'c']);
    expect(noGoZonesOf({ ...flagged, name: 'Zones interdites' }).map((f) => f.id)).toEqual(['a', 'b', 'c']);
    const route = patrols.features[0] as CgFeature;
    expect(planAlerts([sites, { ...flagged, name: 'No-go areas' }], route).map((a) => a.kind)).toEqual(['site']);
  });
});
