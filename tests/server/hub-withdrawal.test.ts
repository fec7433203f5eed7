/**
 * A feature re-marked beyond an organisation's sight, against a real hub and cluster: the pull of
 * that organisation carries the feature's id as withdrawn (and nothing of its new content), a
 * live frame tells it to pull, and an organisation that still may see it, or never could, gets
 * no withdrawal. Loosening the marking again brings the feature back as a plain change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYER, ORG } from '../../server/hub/demo-mission';
import type { FeatureInput, PulledChangeset } from '../../shared/hub/protocol';
import { changeset, newFeature, put, startMissionHub, type MissionHub } from './hub-mission';

let m: MissionHub;

beforeAll(async () => {
  m = await startMissionHub();
}, 180_000);
afterAll(async () => m?.stop());

const FORCE_ONLY = { classification: 'CONFIDENTIAL', caveats: [], releasableTo: [ORG.force] };
const MISSION = { classification: 'UNCLASSIFIED', caveats: [], releasableTo: ['mission'] };

async function headSeq(): Promise<number> {
  return Number((await m.admin.query<{ s: string }>('select coalesce(max(seq), 0) s from changesets')).rows[0]?.s);
}

async function pushed(feature: FeatureInput, baseVersion: number | null): Promise<number> {
  const a = await m.force.push(changeset(LAYER.incidents, [put([{ feature, baseVersion }])]));
  if (!a.ok || a.body.status !== 'applied') throw new Error(`push: ${JSON.stringify(a.ok ? a.body : a.error)}`);
  return a.body.seq;
}

const ofSeq = (changes: { seq: number; changeset: PulledChangeset }[], seq: number) => changes.find((c) => c.seq === seq)?.changeset;

describe('features withdrawn by a re-marking', () => {
  it('tells an organisation that lost sight of a feature its id, and nothing else', async () => {
    const feature = newFeature({ name: 'Road block at the bridge' }, MISSION);
    await pushed(feature, null);
    const since = await headSeq();
    const ochaLive = await m.ocha.live();
    await ochaLive.next((f) => f.type === 'ready');

    const seq = await pushed({ ...feature, properties: { name: 'Source: informant 7' }, marking: FORCE_ONLY }, 1);

    const frame = await ochaLive.change(seq);
    ochaLive.close();
    expect(frame).toMatchObject({ type: 'changes', changes: [{ seq, changeset: { layerId: LAYER.incidents, features: [], withdrawn: [feature.id] } }] });
    expect(JSON.stringify(frame)).not.toContain('informant');
    const ocha = await m.ocha.pull(since);
    expect(ocha.ok && ocha.body.changes.map((c) => c.seq)).toEqual([seq]);
    const got = ocha.ok ? ofSeq(ocha.body.changes, seq) : undefined;
    expect(got).toMatchObject({ layerId: LAYER.incidents, features: [], withdrawn: [feature.id] });
    expect(JSON.stringify(got)).not.toContain('informant');

    const force = await m.force.pull(since);
    const forceGot = force.ok ? ofSeq(force.body.changes, seq) : undefined;
    expect(forceGot?.withdrawn).toEqual([]);
    expect(forceGot?.features.map((f) => [f.id, f.version, f.properties.name])).toEqual([[feature.id, 2, 'Source: informant 7']]);
  });

  it('withdraws nothing from an organisation that may still see the feature, or never could', async () => {
    const open = newFeature({ name: 'Market' }, MISSION);
    const secret = newFeature({ name: 'Cache' }, FORCE_ONLY);
    await pushed(open, null);
    await pushed(secret, null);
    const since = await headSeq();
    // Still mission-wide (a caveat-free re-marking within what OCHA may read), and Force-only to Force-only.
    const kept = await pushed({ ...open, marking: { classification: 'CONFIDENTIAL', caveats: [], releasableTo: ['mission'] } }, 1);
    const hidden = await pushed({ ...secret, marking: { classification: 'STRICTLY CONFIDENTIAL', caveats: [], releasableTo: [ORG.force] } }, 1);
    const ocha = await m.ocha.pull(since);
    const changes = ocha.ok ? ocha.body.changes : [];
    expect(ofSeq(changes, kept)).toMatchObject({ withdrawn: [], features: [expect.objectContaining({ id: open.id, version: 2 })] });
    expect(ofSeq(changes, hidden)).toBeUndefined();
    const rows = await m.admin.query<{ seq: string; org_id: string }>('select seq, org_id from changeset_withdrawals where seq > $1', [since]);
    expect(rows.rows).toEqual([]);
  });

  it('brings a withdrawn feature back as a plain change once it is released again', async () => {
    const feature = newFeature({ name: 'Ford' }, MISSION);
    await pushed(feature, null);
    await pushed({ ...feature, marking: FORCE_ONLY }, 1);
    const since = await headSeq();
    const seq = await pushed({ ...feature, properties: { name: 'Ford (open again)' }, marking: MISSION }, 2);
    const ocha = await m.ocha.pull(since);
    expect(ocha.ok && ofSeq(ocha.body.changes, seq)).toMatchObject({ withdrawn: [], features: [expect.objectContaining({ id: feature.id, version: 3, properties: { name: 'Ford (open again)' } })] });
  });

  it('addresses a withdrawal to the organisation that lost sight only', async () => {
    const feature = newFeature({ name: 'Well' }, MISSION);
    await pushed(feature, null);
    const seq = await pushed({ ...feature, marking: FORCE_ONLY }, 1);
    const byOrg = await m.admin.query<{ org_id: string }>('select org_id from changeset_withdrawals where seq = $1 order by org_id', [seq]);
    expect(byOrg.rows.map((r) => r.org_id)).toEqual([ORG.ocha]);
    const force = await m.force.pull(seq - 1);
    expect(force.ok && force.body.changes.flatMap((c) => c.changeset.withdrawn)).toEqual([]);
  });
});
