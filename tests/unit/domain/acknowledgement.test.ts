import { said } from '../english';
import { describe, expect, it } from 'vitest';
import { acknowledgedEditChangeset, approvesPlan, MAX_REASON_LENGTH, type AcknowledgedAlert } from '../../../shared/domain/acknowledgement';
import type { CgFeature } from '../../../shared/domain/feature';

const route: CgFeature = {
  type: 'Feature',
  id: 'r1',
  geometry: { type: 'LineString', coordinates: [[21.96, 6.56], [22.03, 6.56]] },
  properties: { name: 'Route Bria north', status: 'draft', version: 1 },
};
const alert: AcknowledgedAlert = { kind: 'site', targetId: 's1', targetName: 'PK3 IDP site', distanceM: 556, radiusM: 2000 };
const by = { name: 'U3 planner', org: 'MINUSCA' };

describe('acknowledged approval', () => {
  it('knows when an edit approves a plan', () => {
    expect(approvesPlan(route, { status: 'approved' })).toBe(true);
    expect(approvesPlan({ ...route, properties: { ...route.properties, status: 'approved' } }, { status: 'approved' })).toBe(false);
    expect(approvesPlan(route, { unit: 'BANBAT 2' })).toBe(false);
  });

  it('carries the alerts and the trimmed reason on the edit, with a label for the history', () => {
    const cs = acknowledgedEditChangeset('patrols', route, { status: 'approved' }, [alert], '  Convoy escorted.  ', by, '2026-11-22T09:00:00Z');
    expect(said(cs)).toBe('Approve Route Bria north with 1 open alert acknowledged');
    expect(cs.acknowledgement).toEqual({ alerts: [alert], reason: 'Convoy escorted.' });
    expect(cs.ops.length).toBeGreaterThan(0);
    const two = acknowledgedEditChangeset('patrols', route, { status: 'approved' }, [alert, { kind: 'no-go', targetId: 'z', distanceM: 0 }], '   ', by, '2026-11-22T09:00:00Z');
    expect(said(two)).toBe('Approve Route Bria north with 2 open alerts acknowledged');
    expect(two.acknowledgement).toEqual({ alerts: [alert, { kind: 'no-go', targetId: 'z', distanceM: 0 }] });
    const long = acknowledgedEditChangeset('patrols', route, { status: 'approved' }, [alert], 'x'.repeat(MAX_REASON_LENGTH + 10), by, '2026-11-22T09:00:00Z');
    expect(long.acknowledgement?.reason).toHaveLength(MAX_REASON_LENGTH);
  });

  it('refuses to build an acknowledgement without alerts', () => {
    expect(() => acknowledgedEditChangeset('patrols', route, { status: 'approved' }, [], 'why', by, '2026-11-22T09:00:00Z')).toThrow(/at least one open alert/);
  });
});
