import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';

/** A fresh key pair as JWKs and the private key as PKCS#8 PEM. */
export interface TestKey {
  readonly privateJwk: JsonWebKey;
  readonly publicJwk: JsonWebKey;
  readonly pkcs8: string;
}

/** A new RSA 2048 or P-256 key pair, made per test file: no key material is committed. */
export function newKey(type: 'rsa' | 'ec', kid: string): TestKey {
  const { privateKey, publicKey } =
    type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privateJwk: { ...privateKey.export({ format: 'jwk' }), kid },
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kid },
    pkcs8: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}
