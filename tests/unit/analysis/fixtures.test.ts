import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CgFeature } from '../../../shared/domain/feature';
import { deconflict, densityByArea, incidentsNear, nearestTo, uncovered, type PatrolStatus, type TimeSpan } from '../../../shared/analysis';

/**
 * Every tests/fixtures/analysis/in/*.geojson is a scenario: features tagged with `_role`, and an
 * `analysis` list of runs. The results are compared with out/<name>.json; UPDATE_FIXTURES=1
 * rewrites those files instead, for a reviewer to read the diff.
 */

const ROOT = join(import.meta.dirname, '../../fixtures/analysis');
const IN = join(ROOT, 'in');
const OUT = join(ROOT, 'out');
const UPDATE = process.env.UPDATE_FIXTURES === '1';

interface Run {
  run: 'deconflict' | 'uncovered' | 'incidentsNear' | 'nearestTo' | 'densityByArea';
  options: Record<string, unknown>;
}

interface Scenario {
  analysis: Run[];
  features: CgFeature[];
}

const role = (s: Scenario, r: string): CgFeature[] => s.features.filter((f) => f.properties._role === r);

function execute(s: Scenario, { run, options: o }: Run): unknown {
  switch (run) {
    case 'deconflict':
      return deconflict({ plans: role(s, 'plan'), sites: role(s, 'site'), noGoZones: role(s, 'noGo'), ...(o.statuses ? { statuses: o.statuses as PatrolStatus[] } : {}) });
    case 'uncovered':
      return uncovered({
        points: role(s, 'point'),
        patrolAreas: role(s, 'area'),
        patrolRoutes: role(s, 'route'),
        window: o.window as TimeSpan,
        maxRouteDistanceKm: o.maxRouteDistanceKm as number,
        ...(o.statuses ? { statuses: o.statuses as PatrolStatus[] } : {}),
      });
    case 'incidentsNear':
      return incidentsNear({ incidents: role(s, 'incident'), targets: role(s, 'target'), radiusKm: o.radiusKm as number, window: o.window as TimeSpan });
    case 'nearestTo': {
      const from = s.features.find((f) => f.id === o.point);
      if (!from) throw new Error(`no feature ${String(o.point)}`);
      return nearestTo(from, role(s, 'target'), { count: o.count as number, ...(o.maxKm !== undefined && { maxKm: o.maxKm as number }) });
    }
    case 'densityByArea':
      return densityByArea({ incidents: role(s, 'incident'), areas: role(s, 'area'), period: o.period as TimeSpan });
  }
}

/** Numbers to 6 decimals (µm in metres, mm in km, 0.1 m in degrees): the last bits are not the point. */
const rounded = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' ? Math.round(x * 1e6) / 1e6 : x)));

const files = readdirSync(IN).filter((f) => f.endsWith('.geojson')).sort();

describe('analysis fixtures', () => {
  it('has scenarios', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  for (const file of files) {
    it(basename(file, '.geojson'), () => {
      const scenario = JSON.parse(readFileSync(join(IN, file), 'utf8')) as Scenario;
      const actual = rounded(scenario.analysis.map((r) => ({ ...r, result: execute(scenario, r) })));
      const out = join(OUT, file.replace(/\.geojson$/, '.json'));
      if (UPDATE) {
        mkdirSync(OUT, { recursive: true });
        writeFileSync(out, `${JSON.stringify(actual, null, 2)}\n`);
        return;
      }
      expect(existsSync(out), `${out} is missing: run with UPDATE_FIXTURES=1 and review it`).toBe(true);
      expect(actual).toEqual(JSON.parse(readFileSync(out, 'utf8')));
    });
  }
});
