import type { Element as XmlElement } from '@xmldom/xmldom';
import type { Polygon } from 'geojson';
import type { ImageOverlay } from './types';

/**
 * KML GroundOverlays: the four corners of the image from a LatLonBox (north, south, east, west
 * and a rotation counter-clockwise about the box's centre, in degrees, applied in longitude/
 * latitude as Google Earth and togeojson do) or a gx:LatLonQuad (four corners counter-clockwise
 * from the lower left, as KML 2.2's extension defines). Hand-written because togeojson gives only
 * the footprint, not which corner of the image goes where.
 */

type Corner = [number, number];
type Corners = ImageOverlay['corners'];

function child(el: XmlElement, tag: string): XmlElement | undefined {
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && ((n as XmlElement).localName ?? n.nodeName) === tag) return n as XmlElement;
  }
  return undefined;
}

function num(el: XmlElement | undefined, tag: string): number | null {
  const t = el ? child(el, tag)?.textContent?.trim() : undefined;
  if (t === undefined || t === '') return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}

function fromLatLonBox(box: XmlElement): Corners | null {
  const north = num(box, 'north');
  const south = num(box, 'south');
  const east = num(box, 'east');
  const west = num(box, 'west');
  if (north === null || south === null || east === null || west === null) return null;
  const theta = ((num(box, 'rotation') ?? 0) * Math.PI) / 180;
  const cx = (east + west) / 2;
  const cy = (north + south) / 2;
  const turn = ([x, y]: Corner): Corner => {
    const dx = x - cx;
    const dy = y - cy;
    return [cx + dx * Math.cos(theta) - dy * Math.sin(theta), cy + dx * Math.sin(theta) + dy * Math.cos(theta)];
  };
  return [turn([west, north]), turn([east, north]), turn([east, south]), turn([west, south])];
}

function fromLatLonQuad(quad: XmlElement): Corners | null {
  const text = child(quad, 'coordinates')?.textContent ?? '';
  const points = text
    .trim()
    .split(/\s+/)
    .map((t) => t.split(',').map(Number))
    .filter((p) => p.length >= 2 && p.every(Number.isFinite));
  if (points.length !== 4) return null;
  const [ll, lr, ur, ul] = points.map((p) => [p[0], p[1]] as Corner) as [Corner, Corner, Corner, Corner];
  return [ul, ur, lr, ll];
}

/** The corners of a GroundOverlay element, or null when it has neither a usable box nor quad. */
export function overlayCorners(el: XmlElement): Corners | null {
  const box = child(el, 'LatLonBox');
  if (box) return fromLatLonBox(box);
  const quad = child(el, 'LatLonQuad');
  return quad ? fromLatLonQuad(quad) : null;
}

/** The footprint polygon of an image's corners (closed; LayerBuilder winds it). */
export function footprint(corners: Corners): Polygon {
  return { type: 'Polygon', coordinates: [[...corners, corners[0]].map((c) => [c[0], c[1]])] };
}

const IMAGE_TYPES: ReadonlyMap<string, string> = new Map([
  ['png', 'image/png'],
  ['jpg', 'image/jpeg'],
  ['jpeg', 'image/jpeg'],
  ['gif', 'image/gif'],
  ['webp', 'image/webp'],
]);

/** The MIME type of an image file name the map can draw, or null. */
export function imageMimeType(name: string): string | null {
  return IMAGE_TYPES.get(/\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '') ?? null;
}

export const IMAGE_ENTRY = /\.(png|jpe?g|gif|webp)$/i;
