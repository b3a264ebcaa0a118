// privateKeyJwt's key is typed with tok's own JWK and CryptoKey shapes (so that the published types
// compile without the DOM lib), and still takes every key a user has: the DOM lib's JsonWebKey and
// CryptoKey, Node's KeyObject.export({ format: 'jwk' }), and a JWK literal with all its members.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expectTypeOf, it } from 'vitest';
import { privateKeyJwt, type PrivateJwk, type SigningCryptoKey } from '../index.js';

type Key = Parameters<typeof privateKeyJwt>[0]['key'];

describe('privateKeyJwt key types', () => {
  it('accepts the DOM lib JsonWebKey and CryptoKey', () => {
    expectTypeOf<JsonWebKey>().toMatchTypeOf<PrivateJwk>();
    expectTypeOf<CryptoKey>().toMatchTypeOf<SigningCryptoKey>();
    expectTypeOf<JsonWebKey | CryptoKey | string>().toMatchTypeOf<Key>();
  });

  it("accepts Node's exported JWK and a literal with RSA, EC and file members", () => {
    const exported = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
    expectTypeOf(exported).toMatchTypeOf<Key>();
    const literal: Key = { kty: 'RSA', n: 'n', e: 'AQAB', d: 'd', p: 'p', q: 'q', dp: 'dp', dq: 'dq', qi: 'qi', use: 'sig', key_ops: ['sign'], kid: 'k1', alg: 'RS256' };
    expectTypeOf(literal).toMatchTypeOf<Key>();
  });

  it('refuses what is no key', () => {
    // @ts-expect-error: a number is not a key
    privateKeyJwt({ key: 42 });
    // @ts-expect-error: a JWK member of the wrong type
    privateKeyJwt({ key: { kty: 'EC', crv: 'P-256', d: 1 } });
  });
});
