import { describe, expect, it } from 'vitest';
import { Secret } from '../secret.js';
import { memoryStore, tokenCacheKey } from '../store.js';
import type { Token } from '../token.js';
import { SECRET, testGrant, TOKEN_URL } from './helpers/fixtures.js';

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

  it('never contains the secret, nor the credentials as sent', async () => {
    for (const secret of [SECRET, 'password', 'hunter2!', 'zz top secret']) {
      const key = await tokenCacheKey(testGrant({ clientSecret: secret }));
      expect(key).not.toContain(secret);
      expect(key).not.toContain(encodeURIComponent(secret));
      expect(key).not.toContain(btoa(`app:${secret}`));
    }
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
