/**
 * Read-only questions the UI asks of a whole layer: the span of its dates (for the time slider) and
 * whether it holds only points (for clustering), both read from the chunks' text without parsing
 * it, and the features of a cached layer whose name matches typed text (for the "go to" box).
 */
import type { Kind } from '../../shared/domain/common';
import { geometryBBox } from '../../shared/geo/bbox';
import { dateExtent, type Extent } from '../../shared/domain/time-window';
import { timeFieldsOf } from '../../shared/domain/filters';
import type { CachedLayer } from './layer-cache';

export interface NameHit {
  label: string;
  lng: number;
  lat: number;
  bbox?: [number, number, number, number];
}

/**
 * The span of the kind's date fields over the chunks' text, without parsing it (as
 * chunkTextsArePointsOnly): the time slider asks for it at every start, and parsing a
 * million-feature layer for it would hold the store worker for seconds while the map waits for
 * the same worker. A member `"eventDate":"` can only be a key, since quotes inside string values
 * are escaped; kinds' properties are flat, so it is the feature's own field.
 */
export function chunkTextsDateExtent(kind: Kind, texts: readonly string[]): Extent | null {
  const time = timeFieldsOf(kind);
  if (!time) return null;
  const fields = time.type === 'instant' ? [time.field] : [time.start, time.end];
  function* dates(): Generator<unknown> {
    for (const field of fields) {
      const key = `"${field}":"`;
      for (const text of texts) {
        for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + key.length)) {
          const from = at + key.length - 1;
          let to = text.indexOf('"', from + 1);
          while (to > 0 && text[to - 1] === '\\') to = text.indexOf('"', to + 1);
          if (to < 0) break;
          const raw = text.slice(from, to + 1);
          yield raw.includes('\\') ? JSON.parse(raw) : raw.slice(1, -1);
        }
      }
    }
  }
  return dateExtent(dates());
}

/** Features whose name contains `query` (case and accents ignored), best matches first. */
export function searchNames(layer: CachedLayer, layerName: string, query: string, limit: number): (NameHit & { rank: number })[] {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
  const q = fold(query.trim());
  if (!q) return [];
  const out: (NameHit & { rank: number })[] = [];
  for (const slot of layer.features.values()) {
    const name = slot.feature.properties.name;
    if (typeof name !== 'string' || !slot.feature.geometry) continue;
    const folded = fold(name);
    const at = folded.indexOf(q);
    if (at < 0) continue;
    const bbox = geometryBBox(slot.feature.geometry);
    if (!bbox) continue;
    const point = bbox[0] === bbox[2] && bbox[1] === bbox[3];
    out.push({
      label: `${name} — ${layerName}`,
      lng: (bbox[0] + bbox[2]) / 2,
      lat: (bbox[1] + bbox[3]) / 2,
      ...(point ? {} : { bbox }),
      rank: (folded === q ? 0 : at === 0 ? 1 : 2) * 1000 + name.length,
    });
    if (out.length >= limit * 20) break;
  }
  return out.sort((a, b) => a.rank - b.rank).slice(0, limit);
}

/**
 * True when the chunks hold exactly `featureCount` point geometries and no other geometry. Stored
 * features are serialised by JSON.stringify, so every geometry starts with `"geometry":{"type":"`;
 * inside string values quotes are escaped, so the pattern cannot appear there. A nested object
 * that happens to hold such a member only adds matches, which answers false: the safe side.
 */
export function chunkTextsArePointsOnly(texts: readonly string[], featureCount: number): boolean {
  const GEOMETRY = '"geometry":{"type":"';
  let points = 0;
  for (const text of texts) {
    for (let at = text.indexOf(GEOMETRY); at >= 0; at = text.indexOf(GEOMETRY, at + GEOMETRY.length)) {
      if (!text.startsWith('Point"', at + GEOMETRY.length)) return false;
      points++;
    }
  }
  return points === featureCount;
}
