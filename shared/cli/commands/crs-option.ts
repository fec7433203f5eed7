/** The --crs option of inspect and convert, described once. */
export const CRS_HELP =
  'coordinate system of data that declares none (a shapefile without .prj, GeoJSON in metres), e.g. EPSG:32634; it wins over a .prj. Known offline: WGS 84 UTM zones (EPSG:32601-32660, 32701-32760) and national grids of the missions\' countries';
