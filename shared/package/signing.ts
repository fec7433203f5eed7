import type { SharingDirectory } from '../domain/sharing-directory';

/**
 * Ed25519 signing of data packages through WebCrypto (globalThis.crypto.subtle: node 20,
 * Chromium, workers), with no library of our own.
 *
 * Exchange: an organisation generates a key pair once (generateSigningKeyPair), keeps the
 * private key (exportPrivateKeyJwk / importPrivateKeyJwk, for the app's key store) and gives its
 * public key to partners as 44 characters of base64 (exportPublicKey) or as a JWK
 * (exportPublicKeyJwk); partners list it under the organisation's `keys` in their sharing
 * directory, and trustedKeysOf(directory) is what readPackage trusts. keyIdOf gives the short
 * fingerprint people read aloud to compare keys.
 */

const ED25519 = { name: 'Ed25519' } as const;

export interface SigningIdentity {
  privateKey: CryptoKey;
  /** Raw public key, base64. */
  publicKey: string;
}

export interface TrustedKey {
  org: string;
  /** The directory's name for the key. */
  id: string;
  /** Raw public key, base64. */
  publicKey: string;
}

/** Chunked because String.fromCharCode(...bytes) overflows the stack on large input; btoa/atob exist in node 20 and browsers. */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function generateSigningKeyPair(): Promise<CryptoKeyPair> {
  return (await crypto.subtle.generateKey(ED25519, true, ['sign', 'verify'])) as CryptoKeyPair;
}

export async function exportPublicKey(key: CryptoKey): Promise<string> {
  return toBase64(new Uint8Array(await crypto.subtle.exportKey('raw', key)));
}

export async function exportPublicKeyJwk(key: CryptoKey): Promise<JsonWebKey> {
  return crypto.subtle.exportKey('jwk', key);
}

/** A public key given as raw base64 or as an OKP/Ed25519 JWK. Rejects anything else. */
export async function importPublicKey(key: string | JsonWebKey): Promise<CryptoKey> {
  if (typeof key === 'string') return crypto.subtle.importKey('raw', fromBase64(key), ED25519, true, ['verify']);
  const { kty, crv, x } = key;
  return crypto.subtle.importKey('jwk', { kty, crv, x }, ED25519, true, ['verify']);
}

export async function exportPrivateKeyJwk(key: CryptoKey): Promise<JsonWebKey> {
  return crypto.subtle.exportKey('jwk', key);
}

export async function importPrivateKeyJwk(jwk: JsonWebKey): Promise<CryptoKey> {
  return crypto.subtle.importKey('jwk', jwk, ED25519, true, ['sign']);
}

/** The identity buildPackage signs with, from a generated or imported pair. */
export async function signingIdentity(pair: CryptoKeyPair): Promise<SigningIdentity> {
  return { privateKey: pair.privateKey, publicKey: await exportPublicKey(pair.publicKey) };
}

/** The first 16 hex digits of the SHA-256 of the raw public key, in groups of four. */
export async function keyIdOf(publicKey: string): Promise<string> {
  const hex = (await sha256Hex(fromBase64(publicKey))).slice(0, 16);
  return hex.match(/.{4}/g)?.join('-') ?? hex;
}

export async function signBytes(privateKey: CryptoKey, bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return toBase64(new Uint8Array(await crypto.subtle.sign(ED25519, privateKey, bytes)));
}

/** False for a bad signature and for a key or signature that does not decode. */
export async function verifyBytes(publicKey: string, signature: string, bytes: Uint8Array<ArrayBuffer>): Promise<boolean> {
  try {
    return await crypto.subtle.verify(ED25519, await importPublicKey(publicKey), fromBase64(signature), bytes);
  } catch {
    return false;
  }
}

/** Every signing key the directory lists, with the organisation it belongs to. */
export function trustedKeysOf(directory: SharingDirectory): TrustedKey[] {
  return directory.organisations.flatMap((o) => (o.keys ?? []).map((k) => ({ org: o.id, id: k.id, publicKey: k.publicKey })));
}
