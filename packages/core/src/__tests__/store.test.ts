import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { clientCredentials } from '../request/grant.js';
import { type PrivateKeyJwtAlgorithm, type PrivateKeyJwtOptions, privateKeyJwt } from '../client-auth/privateKeyJwt.js';
import { Secret } from '../request/secret.js';
import { memoryStore, type TokenStore, tokenCacheKey } from '../source/store.js';
import type { Token } from '../response/token.js';
import { SECRET, setup, testGrant, TOKEN_URL } from './helpers/fixtures.js';

const token = (accessToken: string): Token => ({
  accessToken,
  tokenType: 'Bearer',
  issuedAt: 0,
  expiresAt: 3_600_000,
  refreshIn: undefined,
  scope: undefined,
  raw: {},
});

describe('tokenCacheKey', () => {
  it('is a SHA-256 hex digest, the same for equal grants', async () => {
    const key = await tokenCacheKey(testGrant());
    expect(key).toMatch(/^tok:[0-9a-f]{64}$/);
    expect(await tokenCacheKey(testGrant())).toBe(key);
    expect(await tokenCacheKey(testGrant({ clientSecret: new Secret(SECRET) }))).toBe(key);
    expect(await tokenCacheKey(testGrant({ scope: ['read'] }))).toBe(key);
  });

  it.each([
    ['the secret (a rotated secret never gets the old token)', { clientSecret: `${SECRET}-rotated` }],
    ['the client id', { clientId: 'other-app' }],
    ['the scope', { scope: 'read write' }],
    ['the audience', { audience: 'https://api.example.com' }],
    ['the resource', { resource: 'https://api.example.com/v2' }],
    ['the placement', { placement: 'form' as const }],
    ['the placement (basic-raw)', { placement: 'basic-raw' as const }],
    ['the token URL', { tokenUrl: 'https://auth.example.com/oauth/token2' }],
    ['the token URL host', { tokenUrl: TOKEN_URL.replace('auth.', 'login.') }],
    ['the grant type', { grantType: 'client-credentials' }],
    ['extra parameters', { params: { tenant: 'a' } }],
  ])('differs when %s differs', async (_, change) => {
    expect(await tokenCacheKey(testGrant(change))).not.toBe(await tokenCacheKey(testGrant()));
  });

  it('tells apart values that would run together if joined naively', async () => {
    const a = await tokenCacheKey(testGrant({ clientId: 'ab', scope: 'c' }));
    const b = await tokenCacheKey(testGrant({ clientId: 'a', scope: 'bc' }));
    expect(a).not.toBe(b);
  });

  it('differs for grants that differ only in the secret, however slightly; is one key however the secret is given', async () => {
    const secrets = [SECRET, `${SECRET}x`, SECRET.toUpperCase(), `${SECRET} `, SECRET.slice(1)];
    const keys = await Promise.all(secrets.map((clientSecret) => tokenCacheKey(testGrant({ clientSecret }))));
    expect(new Set(keys).size).toBe(secrets.length);
    for (const [i, clientSecret] of secrets.entries()) {
      expect(await tokenCacheKey(testGrant({ clientSecret: new Secret(clientSecret) }))).toBe(keys[i]);
    }
  });

  it('is all a store sees of the grant: nothing a store is handed carries the secret', async () => {
    const seen: unknown[] = [];
    const store: TokenStore = {
      get: (key) => void seen.push(key),
      set: (key, value) => void seen.push(key, value),
      lock: (key, fetch) => (seen.push(key), fetch()),
    };
    for (const placement of ['basic', 'form', 'json'] as const) {
      const { source } = setup({ store }, testGrant({ placement }));
      await source.getToken();
    }
    // Per source: get, lock, get inside the lock, set and its token.
    expect(seen).toHaveLength(15);
    const text = JSON.stringify(seen);
    for (const form of [SECRET, encodeURIComponent(SECRET), btoa(`app:${SECRET}`)]) expect(text).not.toContain(form);
  });
});

describe('tokenCacheKey with privateKeyJwt', () => {
  const ecKey = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const rsaKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const jwk = (key: KeyObject) => key.export({ format: 'jwk' });
  const pem = (key: KeyObject) => key.export({ format: 'pem', type: 'pkcs8' }).toString();
  const grant = (key: PrivateKeyJwtOptions['key'], alg?: PrivateKeyJwtAlgorithm) =>
    clientCredentials({ tokenUrl: TOKEN_URL, clientId: 'svc', placement: privateKeyJwt({ key, alg, kid: 'k1' }) });
  const extractable = (key: KeyObject, alg: PrivateKeyJwtAlgorithm, canExport = true) =>
    crypto.subtle.importKey('jwk', jwk(key), alg === 'ES256' ? { name: 'ECDSA', namedCurve: 'P-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, canExport, ['sign']);

  it.each([
    ['ES256', ecKey],
    ['RS256', rsaKey],
  ] as const)('%s: a key replaced under the same kid gets another key (JWK, PEM, CryptoKey)', async (alg, generate) => {
    const [before, after] = [generate(), generate()];
    expect(await tokenCacheKey(grant(jwk(after)))).not.toBe(await tokenCacheKey(grant(jwk(before))));
    expect(await tokenCacheKey(grant(pem(after), alg))).not.toBe(await tokenCacheKey(grant(pem(before), alg)));
    expect(await tokenCacheKey(grant(await extractable(after, alg)))).not.toBe(await tokenCacheKey(grant(await extractable(before, alg))));
  });

  it('is one key for one key pair, given as a JWK (whatever its other members), a PEM or an extractable CryptoKey', async () => {
    const key = ecKey();
    const keys = await Promise.all([
      tokenCacheKey(grant(jwk(key))),
      tokenCacheKey(grant({ ...jwk(key), use: 'sig', key_ops: ['sign'], alg: 'ES256' })),
      tokenCacheKey(grant(pem(key), 'ES256')),
      tokenCacheKey(grant(await extractable(key, 'ES256'))),
    ]);
    expect(new Set(keys).size).toBe(1);
  });

  it('fingerprints the key with its RFC 7638 thumbprint (the RFC 7638 §3.1 example)', async () => {
    const n =
      '0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw';
    // The example is a public key; `d` only satisfies privateKeyJwt's check and never enters the thumbprint.
    const placement = privateKeyJwt({ key: { kty: 'RSA', n, e: 'AQAB', alg: 'RS256', kid: '2011-04-29', d: 'unused' } });
    expect(await placement.fingerprint?.()).toBe('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs');
  });

  it('never hashes the private key: every digest input holds public members only', async () => {
    const key = rsaKey();
    const { d, p, q, dp, dq, qi } = jwk(key);
    const der = key.export({ format: 'der', type: 'pkcs8' });
    const digest = vi.spyOn(crypto.subtle, 'digest');
    onTestFinished(() => digest.mockRestore());
    await tokenCacheKey(grant(jwk(key)));
    await tokenCacheKey(grant(pem(key), 'RS256'));
    await tokenCacheKey(grant(await extractable(key, 'RS256')));
    expect(digest.mock.calls).toHaveLength(6);
    for (const [, data] of digest.mock.calls) {
      const bytes = Buffer.from(data as Uint8Array);
      expect(bytes.includes(der)).toBe(false);
      for (const part of [d, p, q, dp, dq, qi]) expect(bytes.toString('utf8')).not.toContain(part);
    }
  });

  it('a non-extractable CryptoKey cannot be fingerprinted: only its kid tells keys apart', async () => {
    const [a, b] = await Promise.all([extractable(ecKey(), 'ES256', false), extractable(ecKey(), 'ES256', false)]);
    expect(await privateKeyJwt({ key: a }).fingerprint?.()).toBeUndefined();
    expect(await tokenCacheKey(grant(a))).toBe(await tokenCacheKey(grant(b)));
    const kid2 = clientCredentials({ tokenUrl: TOKEN_URL, clientId: 'svc', placement: privateKeyJwt({ key: b, kid: 'k2' }) });
    expect(await tokenCacheKey(kid2)).not.toBe(await tokenCacheKey(grant(a)));
  });
});

describe('memoryStore', () => {
  it('keeps tokens by key', async () => {
    const store = memoryStore();
    expect(await store.get('k1')).toBeUndefined();
    await store.set('k1', token('one'));
    await store.set('k2', token('two'));
    expect((await store.get('k1'))?.accessToken).toBe('one');
    expect((await store.get('k2'))?.accessToken).toBe('two');
    await store.set('k1', token('three'));
    expect((await store.get('k1'))?.accessToken).toBe('three');
  });

  it('keeps each store to itself and has no lock', async () => {
    const a = memoryStore();
    const b = memoryStore();
    await a.set('k', token('a'));
    expect(await b.get('k')).toBeUndefined();
    expect(a.lock).toBeUndefined();
  });
});
