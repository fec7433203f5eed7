/**
 * The export benchmark's layer: 100,000 ACLED-style incidents, seeded so every run draws the same
 * map, spread over the Central African Republic in clumps around towns (as real incidents are).
 */
import type { Feature, FeatureCollection, Point } from 'geojson';
import { prng } from './prng';

export const EXPORT_INCIDENTS = 100_000;
const BOX = { west: 15.5, south: 3, east: 24.5, north: 11 };
const EVENT_TYPES = ['Battles', 'Explosions/Remote violence', 'Violence against civilians', 'Protests', 'Riots', 'Strategic developments'] as const;


export function exportIncidents(count = EXPORT_INCIDENTS): FeatureCollection<Point> {
  const rnd = prng(20261122);
  const towns = Array.from({ length: 60 }, () => [BOX.west + rnd() * (BOX.east - BOX.west), BOX.south + rnd() * (BOX.north - BOX.south)] as const);
  const features: Feature<Point>[] = [];
  for (let i = 0; i < count; i++) {
    const [tx, ty] = towns[Math.floor(rnd() * towns.length)] as readonly [number, number];
    // Box–Muller around the town, ~25 km spread, clamped to the box.
    const r = Math.sqrt(-2 * Math.log(1 - rnd())) * 0.22;
    const a = rnd() * 2 * Math.PI;
    const lng = Math.min(BOX.east, Math.max(BOX.west, tx + r * Math.cos(a)));
    const lat = Math.min(BOX.north, Math.max(BOX.south, ty + r * Math.sin(a)));
    const day = 1 + Math.floor(rnd() * 30);
    features.push({
      type: 'Feature',
      id: `CAF${100000 + i}`,
      properties: {
        event_id_cnty: `CAF${100000 + i}`,
        event_date: `2026-11-${String(day).padStart(2, '0')}`,
        event_type: EVENT_TYPES[Math.floor(rnd() * EVENT_TYPES.length)],
        fatalities: Math.floor(rnd() ** 3 * 20),
        country: 'Central African Republic',
        source: 'Synthetic benchmark data',
      },
      geometry: { type: 'Point', coordinates: [Math.round(lng * 1e5) / 1e5, Math.round(lat * 1e5) / 1e5] },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** The layer's extent with the export dialog's 5 % margin (renderer/app/MapExport.tsx). */
export function paddedExtent(fc: FeatureCollection<Point>): [number, number, number, number] {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of fc.features) {
    const [x, y] = f.geometry.coordinates as [number, number];
    w = Math.min(w, x);
    e = Math.max(e, x);
    s = Math.min(s, y);
    n = Math.max(n, y);
  }
  const dx = Math.max((e - w) * 0.05, 0.001);
  const dy = Math.max((n - s) * 0.05, 0.001);
  return [w - dx, s - dy, e + dx, n + dy];
}
