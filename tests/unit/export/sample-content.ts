import { markingFor, type PageContent } from '../../../shared/export';
import { legendFor } from '../../../shared/layers/legend';

/** Page content as the dialog would give it: two visible layers, one hidden, MGRS ticks. */
export function sampleContent(over: Partial<PageContent> = {}): PageContent {
  const sections = legendFor([
    { id: 'i', name: 'Incidents (ACLED)', kind: 'incident', visible: true },
    { id: 'p', name: 'Patrols', kind: 'patrol', visible: true },
    { id: 'h', name: 'Hidden', kind: 'ddr', visible: false },
  ]);
  return {
    title: 'Situation Bamako — 24 h',
    subtitle: 'Incidents and patrols, Sector West',
    dtg: '221430Z NOV 26',
    marking: markingFor('CONFIDENTIAL'),
    legend: sections.map((s) => ({
      title: 'text' in s.title ? s.title.text : s.title.key,
      entries: s.entries.map((e) => ({ label: 'text' in e.label ? e.label.text : e.label.key.split('.').pop()!, swatch: e.swatch })),
    })),
    bounds: { west: -8.25, south: 12.5, east: -7.75, north: 12.8 },
    metresPerPt: 90,
    grid: 'mgrs',
    sources: 'ACLED; Natural Earth; MINUSMA JOC',
    author: 'Capt. Dupont',
    organisation: 'JOC Bamako',
    labels: { legend: 'Legend', scale: 'Scale', north: 'N', sources: 'Sources:', preparedBy: 'Prepared by', more: '+{n} more', projection: 'WGS 84, Web Mercator, scale at {lat}', mgrsTooWide: 'Latitude/longitude ticks: the map spans several UTM zones' },
    ...over,
  };
}

