import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHub, type Hub } from '../../server/hub/app';
import { isLoopback, transportRefusal } from '../../server/hub/transport-policy';
import { startMissionHub, type MissionHub } from './hub-mission';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let m: MissionHub;
let tlsHub: Hub;
let dir: string;
let cert: Buffer;

beforeAll(async () => {
  m = await startMissionHub();
  dir = mkdtempSync(join(tmpdir(), 'cg-hub-tls-'));
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl: ${r.stderr}`);
  cert = readFileSync(join(dir, 'cert.pem'));
  tlsHub = await startHub({ db: m.hubDb, host: '127.0.0.1', port: 0, tls: { cert, key: readFileSync(join(dir, 'key.pem')) } });
}, 180_000);

afterAll(async () => {
  await tlsHub?.close();
  await m?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function httpsPost(url: string, path: string, body: string, ca?: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url + path, { method: 'POST', ca, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('transport', () => {
  it('serves HTTPS with the given certificate and key', async () => {
    expect(tlsHub.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const a = await httpsPost(tlsHub.url, '/login', JSON.stringify({ login: 'force.ops', password: 'wrong' }), cert);
    expect(a.status).toBe(401);
    expect(JSON.parse(a.body)).toEqual({ error: { code: 'bad-credentials', params: {} } });
    // A client that does not trust the certificate gets no answer at all.
    await expect(httpsPost(tlsHub.url, '/login', '{}')).rejects.toThrow(/self[- ]signed|certificate/i);
    // Nor does one speaking plain HTTP to the TLS port.
    await expect(fetch(tlsHub.url.replace('https', 'http') + '/layers')).rejects.toThrow();
  });

  it('serves the live channel as WSS on the same port', async () => {
    const ws = new WebSocket(tlsHub.url.replace('https', 'wss') + '/live', { ca: cert });
    const frame = await new Promise<unknown>((resolve, reject) => {
      ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', token: 'A'.repeat(43), protocol: 1 })));
      ws.once('message', (d) => resolve(JSON.parse(d.toString())));
      ws.once('error', reject);
    });
    expect(frame).toEqual({ type: 'error', error: { code: 'bad-credentials', params: {} } });
    ws.close();
  });

  it('speaks plain HTTP only on a loopback address unless told to', () => {
    expect(['127.0.0.1', '127.3.2.1', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '10.0.0.5', '::', 'hub.mission.local'].some(isLoopback)).toBe(false);
    expect(transportRefusal({ host: '0.0.0.0', allowInsecureHttp: false })).toBe('insecure-http-off-loopback');
    expect(transportRefusal({ host: '0.0.0.0', allowInsecureHttp: true })).toBeNull();
    expect(transportRefusal({ host: '0.0.0.0', cert: 'c.pem', key: 'k.pem', allowInsecureHttp: false })).toBeNull();
    expect(transportRefusal({ host: '127.0.0.1', cert: 'c.pem', allowInsecureHttp: false })).toBe('cert-without-key');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'server/hub/main.ts', '--db', m.hubDb, '--host', '0.0.0.0', '--port', '0'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(64);
    expect(r.stderr).toMatch(/only served on a loopback address/);
  });
});
