/**
 * Synthetic incident points for the render benchmark, the same in the browser (written to the
 * app's store) and in node (the bare MapLibre page's GeoJSON file): a seeded generator, so both
 * sides get identical features. Points fall in gaussian blobs around towns of a Sahel-sized
 * region, as incident reports do, with the fields a normalised ACLED import carries.
 */
import type { CgFeature } from '../../shared/domain/feature';
import { prng } from './prng';

const EVENT_TYPES = ['Battles', 'Explosions/Remote violence', 'Violence against civilians', 'Protests', 'Riots', 'Strategic developments'] as const;
const SUB_TYPES = ['Armed clash', 'Remote explosive/landmine/IED', 'Attack', 'Peaceful protest', 'Mob violence', 'Looting/property destruction'] as const;
const CENTRES = 80;
export const REGION = { west: -17, south: -5, east: 30, north: 24 };


export interface Centre {
  lng: number;
  lat: number;
  sigma: number;
}

export function centres(seed = 7): Centre[] {
  const r = prng(seed);
  return Array.from({ length: CENTRES }, () => ({
    lng: REGION.west + r() * (REGION.east - REGION.west),
    lat: REGION.south + r() * (REGION.north - REGION.south),
    sigma: 0.15 + r() * 1.2,
  }));
}

/** Features [from, from + count) of the sequence; any batch split gives the same features. */
export function incidentBatch(from: number, count: number, seed = 7): CgFeature[] {
  const cs = centres(seed);
  const out: CgFeature[] = [];
  for (let i = from; i < from + count; i++) {
    const r = prng(seed * 1_000_003 + i);
    const c = cs[Math.floor(r() * cs.length)] as Centre;
    // Box-Muller: a gaussian offset around the centre.
    const u = Math.max(r(), 1e-9);
    const v = r();
    const d = Math.sqrt(-2 * Math.log(u)) * c.sigma;
    const lng = Math.round((c.lng + d * Math.cos(2 * Math.PI * v)) * 1e5) / 1e5;
    const lat = Math.round((c.lat + d * Math.sin(2 * Math.PI * v)) * 1e5) / 1e5;
    const t = EVENT_TYPES[i % EVENT_TYPES.length] as string;
    const day = 1 + Math.floor(r() * 28);
    const hex = (i.toString(16) + 'a1b2c3d4e5f60718').slice(0, 16).padStart(16, '0');
    out.push({
      type: 'Feature',
      id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(12, 15)}-8000-${(i * 2654435761 >>> 0).toString(16).padStart(12, '0')}`,
      geometry: { type: 'Point', coordinates: [lng, lat] },
      properties: {
        name: `Incident ${i}`,
        classification: 'CONFIDENTIAL',
        createdBy: 'bench import',
        createdAt: '2026-11-22T06:00:00.000Z',
        updatedBy: 'bench import',
        updatedAt: '2026-11-22T06:00:00.000Z',
        version: 1,
        eventDate: `2026-10-${String(day).padStart(2, '0')}`,
        timePrecision: 'day',
        eventType: t,
        subEventType: SUB_TYPES[i % SUB_TYPES.length] as string,
        actor1: 'Unidentified armed group',
        fatalities: Math.floor(r() * r() * 12),
        verification: 'unverified',
        locationName: `Town ${Math.floor(r() * 500)}`,
        country: 'Mali',
        admin1: `Region ${Math.floor(r() * 12)}`,
        source: 'Bench synthetic',
      },
    });
  }
  return out;
}
