/**
 * GET /directory against a real hub and cluster: a logged-in member of any organisation reads the
 * mission's organisations and groups (what the release rule expands), through the app's own
 * transport as a workstation does; without a token it is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addGroup, addGroupMember, addOrganisation } from '../../server/admin/directory';
import { addUser, disableUser } from '../../server/auth/users';
import { LOGIN } from '../../server/hub/demo-mission';
import { HubClient } from '../../server/hub/client';
import { HttpHubTransport } from '../../renderer/hub/hub-transport';
import { startMissionHub, type MissionHub } from './hub-mission';

let m: MissionHub;

beforeAll(async () => {
  m = await startMissionHub();
  await addOrganisation(m.admin, { id: 'unhcr', name: 'UNHCR', clearance: 'CONFIDENTIAL' });
  await addGroup(m.admin, { id: 'humanitarian', name: 'Humanitarian community' });
  await addGroupMember(m.admin, 'humanitarian', 'ocha');
  await addGroupMember(m.admin, 'humanitarian', 'unhcr');
  await addGroup(m.admin, { id: 'nobody_yet', name: 'Not yet staffed' });
  await addUser(m.admin, { login: 'unhcr.officer', orgId: 'unhcr', password: 'a long enough passphrase' });
  await addUser(m.admin, { login: 'left.the.mission', orgId: 'unhcr', password: 'a long enough passphrase' });
  await disableUser(m.admin, 'left.the.mission');
}, 120_000);
afterAll(async () => m?.stop());

describe('the hub sharing directory', () => {
  it('answers every organisation and group, with their members, to a member of any organisation', async () => {
    const expected = {
      organisations: [
        { id: 'force', name: 'Force HQ', clearance: 'STRICTLY CONFIDENTIAL' },
        { id: 'ocha', name: 'OCHA', clearance: 'CONFIDENTIAL' },
        { id: 'unhcr', name: 'UNHCR', clearance: 'CONFIDENTIAL' },
      ],
      groups: [
        { id: 'humanitarian', name: 'Humanitarian community', members: ['ocha', 'unhcr'] },
        { id: 'mission', name: 'Mission-wide', members: ['force', 'ocha'] },
        { id: 'nobody_yet', name: 'Not yet staffed', members: [] },
      ],
      // Accounts by login and organisation, the disabled one left out; never a password hash.
      people: [
        { id: m.mission.actors.force.userId, login: LOGIN.force, orgId: 'force' },
        { id: m.mission.actors.ocha.userId, login: LOGIN.ocha, orgId: 'ocha' },
        { id: expect.any(String), login: 'unhcr.officer', orgId: 'unhcr' },
      ].sort((a, b) => a.login.localeCompare(b.login)),
    };
    expect(await m.force.directory()).toMatchObject({ ok: true, status: 200, body: expected });
    const transport = new HttpHubTransport({ baseUrl: m.hub.url, token: () => m.ocha.token });
    expect(await transport.directory()).toEqual(expected);
    expect(JSON.stringify(await m.force.directory())).not.toMatch(/password|\$argon|\$scrypt/);
  });

  it('is refused without a session', async () => {
    expect(await new HubClient(m.hub.url).directory()).toMatchObject({ ok: false, status: 401, error: { code: 'unauthenticated' } });
  });
});
