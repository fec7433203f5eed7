/**
 * The analyses of Common Ground as pure functions over features: deconfliction of patrol plans
 * against notified humanitarian sites and no-go zones, patrol coverage of sites and DDR points,
 * incidents near sites and nearest sites to an incident, and incident density per area.
 */
export { deconflict, DEFAULT_DECONFLICT_STATUSES } from './deconflict';
export { uncovered, representativePoint, DEFAULT_COVERAGE_STATUSES } from './coverage';
export { incidentsNear, nearestTo, NearestIndex } from './proximity';
export { densityByArea, sortDensity } from './density';
export { previousPeriod } from './time';
export { haversineM, EARTH_RADIUS_M, BOUNDARY_EPSILON_M } from './sphere';
export type * from './types';
