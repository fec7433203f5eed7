import { CLUSTERS, DDR_TYPES, EVENT_TYPES, SITE_TYPES } from '../domain/kinds';

/**
 * The map's point icons as data, drawn for this project: a coloured badge (round or square) with a
 * white outline so it reads on any basemap, and a simple white glyph on it. The renderer
 * rasterises these into the map's images (renderer/map/icon-images.ts) and the legend draws the
 * same data as inline SVG, so the two can never disagree. Nothing is fetched: they work offline.
 *
 * Geometry: every path is in a 24×24 box. Glyph paths are drawn scaled by GLYPH_SCALE about the
 * centre, so they can be designed to the whole box and still clear the badge's edge.
 *
 * Colour: each glyph path names a colour slot, not a colour: 'glyph' is white, 'badge' is the
 * badge's own colour (used to cut details, such as a door, out of a white shape).
 *
 * Why colours are baked into the images rather than tinted with SDF (`sdf: true` + `icon-color`):
 * an SDF image has a single colour, and these icons need two (coloured badge, white glyph and
 * outline). Baking costs one image per colour: (9 site glyphs × 12 cluster colours) + 5 DDR + 7
 * incident + 1 marker = 121 images of 48×48 px, about 1.1 MB in the icon atlas, which is small.
 */

export const ICON_BOX = 24;
export const GLYPH_SCALE = 0.78;
export const ICON_OUTLINE_COLOR = '#ffffff';
export const GLYPH_COLOR = '#ffffff';
/** Width of the white outline, in box units (half of it lies outside the badge). */
export const ICON_OUTLINE_WIDTH = 2.6;

export type ColorSlot = 'glyph' | 'badge';
export interface GlyphPath {
  d: string;
  fill: ColorSlot;
}
export type BadgeShape = 'circle' | 'square';

/** Badge outlines, leaving room for the outline inside the 24-px box. */
export const BADGE_PATHS: Record<BadgeShape, string> = {
  circle: 'M12 2.2 A9.8 9.8 0 1 1 11.99 2.2 Z',
  square: 'M5 2.7 H19 A2.3 2.3 0 0 1 21.3 5 V19 A2.3 2.3 0 0 1 19 21.3 H5 A2.3 2.3 0 0 1 2.7 19 V5 A2.3 2.3 0 0 1 5 2.7 Z',
};

const g = (d: string): GlyphPath => ({ d, fill: 'glyph' });
const cut = (d: string): GlyphPath => ({ d, fill: 'badge' });

/** A dot: the glyph of a feature whose type is missing or unknown. */
const DOT: GlyphPath[] = [g('M12 7.5 A4.5 4.5 0 1 1 11.99 7.5 Z')];

export const GENERIC = 'generic';
export type SiteType = (typeof SITE_TYPES)[number];
export type DdrType = (typeof DDR_TYPES)[number];
export type EventType = (typeof EVENT_TYPES)[number];
export type HumanitarianCluster = (typeof CLUSTERS)[number];

export const SITE_GLYPHS: Record<SiteType | typeof GENERIC, GlyphPath[]> = {
  // A tent with its door open.
  idp_site: [g('M12 5 L19.5 18 H4.5 Z'), cut('M12 11 L14.6 18 H9.4 Z')],
  // A tent under a flag: a camp run under a mandate.
  refugee_camp: [g('M12 9 L18.5 19 H5.5 Z'), cut('M12 13.5 L14 19 H10 Z'), g('M11.2 3.5 H12.8 V9.5 H11.2 Z'), g('M12.8 3.5 H17.5 L16.2 5.1 L17.5 6.7 H12.8 Z')],
  // The medical cross.
  health_facility: [g('M9.8 4.5 H14.2 V9.8 H19.5 V14.2 H14.2 V19.5 H9.8 V14.2 H4.5 V9.8 H9.8 Z')],
  // An open book.
  school: [g('M4 6.8 C7 5.8 9.8 6.2 11.3 7.8 V18.5 C9.8 17.2 7 16.8 4 17.6 Z'), g('M20 6.8 C17 5.8 14.2 6.2 12.7 7.8 V18.5 C14.2 17.2 17 16.8 20 17.6 Z')],
  // A drop of water.
  water_point: [g('M12 3.5 C12 3.5 5.8 10.8 5.8 14.4 A6.2 6.2 0 0 0 18.2 14.4 C18.2 10.8 12 3.5 12 3.5 Z')],
  // A shed with a roll-up door.
  warehouse: [g('M3.5 10 L12 4.5 L20.5 10 V19.5 H3.5 Z'), cut('M7.5 12 H16.5 V19.5 H7.5 Z'), g('M7.5 13.8 H16.5 V15 H7.5 Z M7.5 16.4 H16.5 V17.6 H7.5 Z')],
  // A parcel with its strap.
  distribution_point: [g('M4.5 8 H19.5 V19 H4.5 Z'), g('M3.8 5 H20.2 V8.6 H3.8 Z'), cut('M11 5 H13 V19 H11 Z')],
  // An office block with windows and a door.
  office: [
    g('M6 3.5 H18 V20 H6 Z'),
    cut('M8.3 6 H10.7 V8.4 H8.3 Z M13.3 6 H15.7 V8.4 H13.3 Z M8.3 10.2 H10.7 V12.6 H8.3 Z M13.3 10.2 H15.7 V12.6 H13.3 Z M10.6 15.5 H13.4 V20 H10.6 Z'),
  ],
  generic: DOT,
};

export const DDR_GLYPHS: Record<DdrType | typeof GENERIC, GlyphPath[]> = {
  // A walled compound with a gate.
  cantonment: [g('M4 19.5 V7 H7.2 V9.6 H9.6 V7 H14.4 V9.6 H16.8 V7 H20 V19.5 Z'), cut('M10.2 13.5 A1.8 1.8 0 0 1 13.8 13.5 V19.5 H10.2 Z')],
  // An arrow into a tray: weapons handed in.
  weapons_collection: [g('M10.3 3.5 H13.7 V8.5 H16.8 L12 13.5 L7.2 8.5 H10.3 Z'), g('M4 12 H7.4 V15.8 H16.6 V12 H20 V19.5 H4 Z')],
  // A helmet laid down.
  demobilization: [g('M5.2 14.8 C5.2 9.2 8.3 6 12 6 C15.7 6 18.8 9.2 18.8 14.8 Z'), g('M3.8 15.8 H20.2 V18.4 H3.8 Z')],
  // Two people side by side: back in the community.
  reintegration: [
    g('M8.5 5 A2.6 2.6 0 1 1 8.49 5 Z M15.5 5 A2.6 2.6 0 1 1 15.49 5 Z'),
    g('M4 19 C4 14.2 5.8 11.4 8.5 11.4 C11.2 11.4 12 14.2 12 19 Z M12 19 C12 14.2 12.8 11.4 15.5 11.4 C18.2 11.4 20 14.2 20 19 Z'),
  ],
  generic: DOT,
};

export const INCIDENT_GLYPHS: Record<EventType | typeof GENERIC, GlyphPath[]> = {
  // Crossed blades.
  Battles: [g('M5.3 7.3 L7.3 5.3 L18.7 16.7 L16.7 18.7 Z M16.7 5.3 L18.7 7.3 L7.3 18.7 L5.3 16.7 Z')],
  // A burst.
  'Explosions/Remote violence': [
    g('M12.00 3.50 L13.55 8.25 L18.01 5.99 L15.75 10.45 L20.50 12.00 L15.75 13.55 L18.01 18.01 L13.55 15.75 L12.00 20.50 L10.45 15.75 L5.99 18.01 L8.25 13.55 L3.50 12.00 L8.25 10.45 L5.99 5.99 L10.45 8.25 Z'),
  ],
  // A person.
  'Violence against civilians': [g('M12 3.8 A2.9 2.9 0 1 1 11.99 3.8 Z'), g('M7 19.5 C7 13.6 9.2 11 12 11 C14.8 11 17 13.6 17 19.5 Z')],
  // A placard.
  Protests: [g('M5 4.5 H19 V13 H5 Z'), g('M11.1 13 H12.9 V20 H11.1 Z')],
  // A flame.
  Riots: [g('M12 3.5 C13.2 7.8 18 9.5 18 14.3 A6 6 0 0 1 6 14.3 C6 11.3 8 9.6 9 8.2 C9.6 10.6 10.8 11.3 11.4 11.3 C11.4 8.4 10.8 6 12 3.5 Z')],
  // A flag on a pole.
  'Strategic developments': [g('M6.5 4 H8.5 V20 H6.5 Z'), g('M8.5 4.5 H18.5 L16 8.3 L18.5 12 H8.5 Z')],
  generic: DOT,
};

/** One colour per humanitarian cluster (badge fill of a site's icon); 'none' when no cluster is given. */
export const CLUSTER_COLORS: Record<HumanitarianCluster | 'none', string> = {
  CCCM: '#795548',
  Education: '#b26a00',
  'Food Security': '#558b2f',
  Health: '#c62828',
  Logistics: '#455a64',
  Nutrition: '#7b1fa2',
  Protection: '#283593',
  Shelter: '#00838f',
  WASH: '#01579b',
  'Early Recovery': '#2e7d32',
  'Emergency Telecommunications': '#5c6bc0',
  none: '#1e88e5',
};

export const DDR_ICON_COLOR = '#ef6c00';
/** One colour per ACLED event type (re-exported by layer-style as INCIDENT_COLORS, the palette of record). */
export const INCIDENT_COLORS: Record<EventType, string> = {
  Battles: '#c62828',
  'Explosions/Remote violence': '#6a1b9a',
  'Violence against civilians': '#ad1457',
  Protests: '#f9a825',
  Riots: '#795548',
  'Strategic developments': '#00897b',
};
export const INCIDENT_FALLBACK_COLOR = '#616161';
const INCIDENT_ICON_COLORS: Record<EventType | typeof GENERIC, string> = { ...INCIDENT_COLORS, generic: INCIDENT_FALLBACK_COLOR };

/** A generic map marker: the fallback for a military symbol whose SIDC does not parse. */
export const MARKER_ICON = 'cg-marker';
const MARKER_GLYPH: GlyphPath[] = [g('M10.6 5.5 H13.4 V14 H10.6 Z'), g('M12 15.6 A1.7 1.7 0 1 1 11.99 15.6 Z')];

export interface IconSpec {
  name: string;
  shape: BadgeShape;
  color: string;
  glyph: GlyphPath[];
}

export const SITE_ICON_PREFIX = 'cg-site-';
export const DDR_ICON_PREFIX = 'cg-ddr-';
export const INCIDENT_ICON_PREFIX = 'cg-incident-';
export const siteIconName = (siteType: string, cluster: string): string => `${SITE_ICON_PREFIX}${siteType}-${cluster}`;
export const ddrIconName = (ddrType: string): string => `${DDR_ICON_PREFIX}${ddrType}`;
export const incidentIconName = (eventType: string): string => `${INCIDENT_ICON_PREFIX}${eventType}`;

function buildIcons(): Map<string, IconSpec> {
  const out = new Map<string, IconSpec>();
  const add = (spec: IconSpec): void => void out.set(spec.name, spec);
  for (const [siteType, glyph] of Object.entries(SITE_GLYPHS))
    for (const [cluster, color] of Object.entries(CLUSTER_COLORS)) add({ name: siteIconName(siteType, cluster), shape: 'circle', color, glyph });
  for (const [ddrType, glyph] of Object.entries(DDR_GLYPHS)) add({ name: ddrIconName(ddrType), shape: 'square', color: DDR_ICON_COLOR, glyph });
  for (const [eventType, glyph] of Object.entries(INCIDENT_GLYPHS))
    add({ name: incidentIconName(eventType), shape: 'circle', color: INCIDENT_ICON_COLORS[eventType as EventType | typeof GENERIC], glyph });
  add({ name: MARKER_ICON, shape: 'circle', color: '#37474f', glyph: MARKER_GLYPH });
  return out;
}

/** Every icon the styles may reference, by image name. */
export const ICONS: ReadonlyMap<string, IconSpec> = buildIcons();

/** The SIDC of a military symbol image id `sidc:<code>`, or null for any other image id. */
export const SIDC_IMAGE_PREFIX = 'sidc:';
export function sidcFromImageId(imageId: string): string | null {
  return imageId.startsWith(SIDC_IMAGE_PREFIX) ? imageId.slice(SIDC_IMAGE_PREFIX.length) : null;
}
