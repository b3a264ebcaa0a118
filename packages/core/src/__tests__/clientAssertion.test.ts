// JWT client authentication (RFC 7523): claims, signatures checked with node:crypto, key handling.
import { createHmac, generateKeyPairSync, type KeyObject, verify } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { clientSecretJwt } from '../client-auth/clientSecretJwt.js';
import { ConfigError } from '../errors/ConfigError.js';
import { TokError } from '../errors/TokError.js';
import { isRetryable } from '../policy/retry.js';
import { clientCredentials } from '../request/grant.js';
import { assertionClaims } from '../client-auth/jwtClaims.js';
import { base64url } from '../client-auth/jws.js';
import { prepareTokenRequest } from '../request/prepare.js';
import { privateKeyJwt } from '../client-auth/privateKeyJwt.js';
import { buildTokenRequest } from '../request/request.js';

const now = Date.UTC(2026, 0, 1, 12, 0, 0, 750);
const tokenUrl = 'https://as.example.com/oauth2/token';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const otherRsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
const otherEc = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
const rsaJwk = rsa.privateKey.export({ format: 'jwk' });
const ecJwk = ec.privateKey.export({ format: 'jwk' });
const pem = (key: KeyObject) => key.export({ format: 'pem', type: 'pkcs8' }).toString();

function decode(jwt: string) {
  const [header, payload, signature] = jwt.split('.');
  const json = (part: string | undefined) => JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: json(header), payload: json(payload), input: `${header}.${payload}`, signature: Buffer.from(signature ?? '', 'base64url') };
}

async function assertionOf(grant: ReturnType<typeof clientCredentials>, jti = 'jti-1') {
  const request = await prepareTokenRequest(grant, { now, jti });
  const fields = new URLSearchParams(request.body);
  return { request, fields, jwt: decode(fields.get('client_assertion') ?? '') };
}

describe('assertionClaims', () => {
  it('is iss = sub = client id, aud, jti, iat from the clock (whole seconds), exp 60 s later', () => {
    expect(assertionClaims({ clientId: 'app', audience: tokenUrl, now, jti: 'x' })).toStrictEqual({
      iss: 'app',
      sub: 'app',
      aud: tokenUrl,
      jti: 'x',
      iat: Math.floor(now / 1000),
      exp: Math.floor(now / 1000) + 60,
    });
  });
});

describe('privateKeyJwt', () => {
  it.each([
    ['RS256', 'JWK', rsaJwk, rsa.publicKey, {}],
    ['RS256', 'PEM', pem(rsa.privateKey), rsa.publicKey, {}],
    ['PS256', 'PEM', pem(rsa.privateKey), rsa.publicKey, { padding: 6, saltLength: 32 }],
    ['ES256', 'JWK', ecJwk, ec.publicKey, { dsaEncoding: 'ieee-p1363' }],
    ['ES256', 'PEM', pem(ec.privateKey), ec.publicKey, { dsaEncoding: 'ieee-p1363' }],
  ] as const)('%s with a %s key: a form body with the assertion, verifiable by the public key', async (alg, _kind, key, publicKey, verifyOptions) => {
    const grant = clientCredentials({ tokenUrl, clientId: 'svc', placement: privateKeyJwt({ key: key as JsonWebKey | string, alg, kid: 'k1' }), scope: 'a b' });
    const { request, fields, jwt } = await assertionOf(grant);
    expect(request.headers).toStrictEqual({ accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' });
    expect([...fields.keys()]).toStrictEqual(['grant_type', 'client_id', 'client_assertion_type', 'client_assertion', 'scope']);
    expect(fields.get('client_assertion_type')).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(jwt.header).toStrictEqual({ alg, kid: 'k1' });
    expect(jwt.payload).toStrictEqual({ iss: 'svc', sub: 'svc', aud: tokenUrl, jti: 'jti-1', iat: 1767268800, exp: 1767268860 });
    const ok = verify('sha256', Buffer.from(jwt.input), { key: publicKey, ...verifyOptions }, jwt.signature);
    expect(ok).toBe(true);
    // A different key does not verify it: the check above can fail.
    const other = alg === 'ES256' ? otherEc : otherRsa;
    expect(verify('sha256', Buffer.from(jwt.input), { key: other, ...verifyOptions }, jwt.signature)).toBe(false);
  });

  it('takes alg and kid from the JWK, and infers ES256 / RS256 from its kty', async () => {
    expect(privateKeyJwt({ key: { ...ecJwk, kid: 'from-jwk' } })).toMatchObject({ alg: 'ES256', kid: 'from-jwk', method: 'private_key_jwt' });
    expect(privateKeyJwt({ key: rsaJwk })).toMatchObject({ alg: 'RS256' });
    expect(privateKeyJwt({ key: { ...rsaJwk, alg: 'PS256' } })).toMatchObject({ alg: 'PS256' });
  });

  it('a new jti and iat each call; the audience option replaces the token endpoint', async () => {
    const grant = clientCredentials({ tokenUrl, clientId: 'svc', placement: privateKeyJwt({ key: ecJwk, audience: 'https://as.example.com', lifetimeS: 30 }) });
    const first = await assertionOf(grant, 'one');
    const second = await prepareTokenRequest(grant, { now: now + 5_000, jti: 'two' });
    const payload = decode(new URLSearchParams(second.body).get('client_assertion') ?? '').payload;
    expect(first.jwt.payload).toMatchObject({ jti: 'one', aud: 'https://as.example.com', exp: 1767268830 });
    expect(payload).toMatchObject({ jti: 'two', iat: 1767268805 });
  });

  it('accepts a CryptoKey', async () => {
    const key = await crypto.subtle.importKey('jwk', ecJwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const grant = clientCredentials({ tokenUrl, clientId: 'svc', placement: privateKeyJwt({ key }) });
    const { jwt } = await assertionOf(grant);
    expect(verify('sha256', Buffer.from(jwt.input), { key: ec.publicKey, dsaEncoding: 'ieee-p1363' }, jwt.signature)).toBe(true);
  });

  it.each([
    ['a public JWK', { key: ec.publicKey.export({ format: 'jwk' }) }, /public JWK \(no "d"\)/],
    ['an RSA key for ES256', { key: rsaJwk, alg: 'ES256' }, /is a RSA JWK, but ES256 needs kty "EC"/],
    ['a P-384 key', { key: generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ format: 'jwk' }) }, /needs curve P-256/],
    ['an unknown alg', { key: rsaJwk, alg: 'RS512' }, /"RS512" is not one of RS256, PS256, ES256/],
    ['a PKCS#1 PEM', { key: rsa.privateKey.export({ format: 'pem', type: 'pkcs1' }).toString(), alg: 'RS256' }, /"RSA PRIVATE KEY" PEM.*openssl pkcs8 -topk8/],
    ['a PEM without alg', { key: pem(ec.privateKey) }, /cannot be inferred.*give alg/],
    ['a number', { key: 42, alg: 'RS256' }, /expected a private JWK, a PKCS#8 PEM string or a CryptoKey, got number/],
    ['a JWK whose alg disagrees', { key: { ...rsaJwk, alg: 'RS256' }, alg: 'PS256' }, /the JWK says alg "RS256"/],
    ['a long lifetime', { key: ecJwk, lifetimeS: 86_400 }, /between 1 and 3600/],
  ])('refuses %s with a ConfigError', (_what, options, message) => {
    const attempt = () => privateKeyJwt(options as never);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
  });

  it('reports a key WebCrypto cannot import as a final TOK_CLIENT_AUTH error, without key material', async () => {
    const broken = { ...ecJwk, x: base64url(new Uint8Array(32)) };
    const grant = clientCredentials({ tokenUrl, clientId: 'svc', placement: privateKeyJwt({ key: broken }) });
    const error = await prepareTokenRequest(grant, { now, jti: 'j' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokError);
    expect(error).not.toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'TOK_CLIENT_AUTH' });
    expect(isRetryable(error)).toBe(false);
    expect((error as Error).message).toMatch(/^privateKeyJwt\.key could not be imported as an ES256 signing key \(DataError: /);
    expect((error as Error).message).not.toContain(ecJwk.d);
  });

  it('never shows the key: not in inspect, JSON, String, nor in the grant', () => {
    const placement = privateKeyJwt({ key: rsaJwk, kid: 'k1' });
    const grant = clientCredentials({ tokenUrl, clientId: 'svc', placement });
    const shown = [inspect(placement, { depth: 9, showHidden: true }), JSON.stringify(placement), String(placement), inspect(grant, { depth: 9 }), JSON.stringify(grant)].join('\n');
    expect(shown).toContain('private_key_jwt');
    for (const part of [rsaJwk.d, rsaJwk.p, rsaJwk.q]) expect(shown).not.toContain(part);
    expect(JSON.parse(JSON.stringify(placement))).toStrictEqual({ method: 'private_key_jwt', alg: 'RS256', kid: 'k1' });
  });

  it('refuses a clientSecret next to it, and buildTokenRequest points to prepareTokenRequest', () => {
    expect(() => clientCredentials({ tokenUrl, clientId: 'svc', clientSecret: 's', placement: privateKeyJwt({ key: ecJwk }) })).toThrow(
      'clientSecret: private_key_jwt signs with a private key and sends no secret; remove clientSecret',
    );
    const grant = clientCredentials({ tokenUrl, clientId: 'svc', placement: privateKeyJwt({ key: ecJwk }) });
    expect(() => buildTokenRequest(grant)).toThrow(/use await prepareTokenRequest/);
  });
});

describe('clientSecretJwt', () => {
  it.each(['HS256', 'HS384', 'HS512'] as const)('%s: HMAC over the client secret, which is not sent', async (alg) => {
    const secret = 'a secret: with + % / & = ? and spaces';
    const grant = clientCredentials({ tokenUrl, clientId: 'svc', clientSecret: secret, placement: clientSecretJwt({ alg }) });
    const { request, jwt } = await assertionOf(grant);
    expect(request.body).not.toContain(encodeURIComponent(secret));
    expect(request.headers.authorization).toBeUndefined();
    expect(jwt.header).toStrictEqual({ alg });
    expect(jwt.payload).toMatchObject({ iss: 'svc', sub: 'svc', aud: tokenUrl, jti: 'jti-1' });
    const expected = createHmac(`sha${alg.slice(2)}`, secret).update(jwt.input).digest();
    expect(jwt.signature.equals(expected)).toBe(true);
    expect(jwt.signature.equals(createHmac(`sha${alg.slice(2)}`, 'another').update(jwt.input).digest())).toBe(false);
  });

  it('requires the client secret and a known alg', () => {
    expect(() => clientCredentials({ tokenUrl, clientId: 'svc', placement: clientSecretJwt() })).toThrow(/clientSecret: expected a non-empty string/);
    expect(() => clientSecretJwt({ alg: 'none' as never })).toThrow(ConfigError);
    expect(JSON.stringify(clientSecretJwt())).toBe('{"method":"client_secret_jwt","alg":"HS256"}');
  });
});

describe('prepareTokenRequest', () => {
  it('gives exactly buildTokenRequest for a string placement', async () => {
    const grant = clientCredentials({ tokenUrl, clientId: 'svc', clientSecret: 's', placement: 'form', audience: 'x' });
    expect(await prepareTokenRequest(grant, { now, jti: 'j' })).toStrictEqual(buildTokenRequest(grant));
  });
});
