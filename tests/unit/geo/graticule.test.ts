import { describe, expect, it } from 'vitest';
import { formatGraticuleValue, graticule, graticuleInterval, MAX_GRATICULE_LINES } from '../../../shared/geo/graticule';

describe('graticuleInterval', () => {
  it.each([
    [0, 10],
    [3, 10],
    [4, 5],
    [5, 2],
    [6, 1],
    [7, 0.5],
    [8, 0.25],
    [9, 10 / 60],
    [10, 5 / 60],
    [11, 2 / 60],
    [12, 1 / 60],
    [13, 30 / 3600],
    [18, 1 / 3600],
  ])('zoom %d → %f°', (zoom, deg) => {
    expect(graticuleInterval(zoom)).toBeCloseTo(deg, 12);
  });

  it('never gets coarser as the zoom grows', () => {
    for (let z = 0; z < 20; z += 0.25) expect(graticuleInterval(z + 0.25)).toBeLessThanOrEqual(graticuleInterval(z));
  });
});

describe('formatGraticuleValue', () => {
  it('writes as much of DMS as the interval needs', () => {
    expect(formatGraticuleValue(10, 'lat', 10)).toBe('10°N');
    expect(formatGraticuleValue(-20, 'lng', 10)).toBe('20°W');
    expect(formatGraticuleValue(12.5, 'lat', 0.5)).toBe('12°30′N');
    expect(formatGraticuleValue(-8.25, 'lng', 0.25)).toBe('8°15′W');
    expect(formatGraticuleValue(12 + 30 / 60 + 30 / 3600, 'lat', 30 / 3600)).toBe('12°30′30″N');
    expect(formatGraticuleValue(0, 'lat', 1)).toBe('0°');
    expect(formatGraticuleValue(180, 'lng', 10)).toBe('180°E');
  });
});

describe('graticule', () => {
  it('draws meridians and parallels at the interval, labelled at the view edges', () => {
    const g = graticule([-8.7, 12.1, -7.6, 12.9], 9);
    expect(g.interval).toBeCloseTo(10 / 60, 12);
    const meridians = g.lines.features.filter((f) => f.properties.kind === 'meridian');
    const parallels = g.lines.features.filter((f) => f.properties.kind === 'parallel');
    expect(meridians).toHaveLength(7); // −8°40′ … −7°40′
    expect(parallels).toHaveLength(5); // 12°10′ … 12°50′
    for (const f of meridians) expect(f.geometry.coordinates.every(([x]) => x === f.properties.value)).toBe(true);
    const texts = g.labels.features.map((f) => f.properties.text);
    expect(texts).toContain('8°40′W');
    expect(texts).toContain('8°00′W');
    expect(texts).toContain('12°30′N');
    const first = g.labels.features.find((f) => f.properties.text === '12°30′N');
    expect(first?.geometry.coordinates).toEqual([-8.7, 12.5]);
  });

  it('labels meridians of the repeated world with their real longitude', () => {
    const g = graticule([175, 0, 195, 10], 4);
    const texts = g.labels.features.filter((f) => f.properties.kind === 'meridian').map((f) => f.properties.text);
    expect(texts).toEqual(['175°E', '180°E', '175°W', '170°W', '165°W']);
  });

  it('stays within Mercator latitudes and the line cap', () => {
    const world = graticule([-180, -90, 180, 90], 0);
    for (const f of world.lines.features) for (const [, y = 0] of f.geometry.coordinates) expect(Math.abs(y)).toBeLessThanOrEqual(85);
    const dense = graticule([-180, -85, 180, 85], 14);
    expect(dense.lines.features.length).toBeLessThanOrEqual(MAX_GRATICULE_LINES);
    expect(dense.interval).toBeGreaterThan(graticuleInterval(14));
  });

  it('returns nothing for an empty box', () => {
    expect(graticule([1, 1, 1, 2], 5).lines.features).toEqual([]);
  });
});
