import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type Hub } from '../../server/hub/app';
import { isOrigin } from '../../server/hub/cors';
import { startMissionHub, type MissionHub } from './hub-mission';

/** A browser page may call the hub only from an origin the operator listed. */
let m: MissionHub;
let hub: Hub;
beforeAll(async () => {
  m = await startMissionHub();
  hub = await startHub({ db: m.hubDb, host: '127.0.0.1', port: 0, allowedOrigins: ['app://bundle'] });
}, 180_000);
afterAll(async () => {
  await hub?.close();
  await m?.stop();
});

describe('cross-origin calls', () => {
  it('answers the preflight of a listed origin and refuses any other', async () => {
    const ok = await fetch(`${hub.url}/push`, { method: 'OPTIONS', headers: { origin: 'app://bundle', 'access-control-request-method': 'POST' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('app://bundle');
    expect(ok.headers.get('access-control-allow-headers')).toContain('authorization');
    const evil = await fetch(`${hub.url}/push`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets a listed page read an answer, and gives any other page no CORS header to read it with', async () => {
    const headers = { authorization: `Bearer ${m.ocha.token}` };
    const listed = await fetch(`${hub.url}/layers`, { headers: { ...headers, origin: 'app://bundle' } });
    expect(listed.status).toBe(200);
    expect(listed.headers.get('access-control-allow-origin')).toBe('app://bundle');
    const other = await fetch(`${hub.url}/layers`, { headers: { ...headers, origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    // The hub without listed origins (the default) sends none at all.
    const plain = await fetch(`${m.hub.url}/layers`, { headers: { ...headers, origin: 'app://bundle' } });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('takes only bare origins on the command line', () => {
    expect(['app://bundle', 'https://cop.mission.un.org', 'http://127.0.0.1:5173'].map(isOrigin)).toEqual([true, true, true]);
    expect(['https://cop.mission.un.org/path', '*', 'cop.mission.un.org'].map(isOrigin)).toEqual([false, false, false]);
  });
});
