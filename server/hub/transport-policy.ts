/**
 * Plain HTTP carries session tokens in clear, so the hub speaks it only on a loopback address
 * (a developer's machine, a TLS proxy on the same host) unless told otherwise explicitly.
 */
import { isIP } from 'node:net';

export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1';
  return false;
}

export type TransportRefusal = 'insecure-http-off-loopback' | 'cert-without-key';

export function transportRefusal(o: { host: string; cert?: string; key?: string; allowInsecureHttp: boolean }): TransportRefusal | null {
  if (Boolean(o.cert) !== Boolean(o.key)) return 'cert-without-key';
  if (!o.cert && !isLoopback(o.host) && !o.allowInsecureHttp) return 'insecure-http-off-loopback';
  return null;
}
