// Every client authentication method, with the assertions signed here by node:crypto: the server
// must accept what RFC 7523 allows and refuse every way an assertion can be wrong.
import { constants, createHmac, generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthorizationServer, type ClientAuthMethod, startAuthorizationServer } from '../index.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = (key: KeyObject, kid: string) => ({ ...key.export({ format: 'jwk' }), kid });
const HMAC_SECRET = 'a-client-secret-long-enough-for-hs256-0123456789abcdef';
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

let server: AuthorizationServer;
beforeAll(async () => {
  server = await startAuthorizationServer({
    clients: [
      { clientId: 'app', clientSecret: 's3c+ret' },
      { clientId: 'public-app' },
      { clientId: 'signer', jwks: { keys: [jwk(rsa.publicKey, 'rsa-1'), jwk(ec.publicKey, 'ec-1')] } },
      { clientId: 'hmac', clientSecret: HMAC_SECRET, accept: ['client_secret_jwt'] },
    ],
  });
});
afterAll(() => server.close());

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A client assertion as RFC 7523 §3 describes it, signed with `alg`; `claims` override the defaults. */
function assertion(alg: string, clientId: string, claims: Record<string, unknown> = {}, kid?: string): string {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg, typ: 'JWT', ...(kid ? { kid } : {}) })}.${b64({ iss: clientId, sub: clientId, aud: server.tokenUrl, iat: now, exp: now + 60, jti: randomUUID(), ...claims })}`;
  const data = Buffer.from(input);
  const signature =
    alg === 'HS256'
      ? createHmac('sha256', HMAC_SECRET).update(data).digest()
      : alg === 'ES256'
        ? sign('sha256', data, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' })
        : alg === 'PS256'
          ? sign('sha256', data, { key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
          : sign('sha256', data, rsa.privateKey);
  return `${input}.${signature.toString('base64url')}`;
}

async function post(fields: Record<string, string>, headers: Record<string, string> = {}, json = false) {
  const body = json ? JSON.stringify({ grant_type: 'client_credentials', ...fields }) : new URLSearchParams({ grant_type: 'client_credentials', ...fields }).toString();
  const response = await fetch(server.tokenUrl, { method: 'POST', headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded', ...headers }, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
const basic = (id: string, secret: string) => ({ authorization: `Basic ${btoa(`${id}:${secret}`)}` });
const jwtFields = (jws: string) => ({ client_assertion_type: JWT_BEARER, client_assertion: jws });

describe('each placement and signing method is accepted and counted', () => {
  const cases: Array<[ClientAuthMethod, () => Promise<{ status: number }>]> = [
    ['basic', () => post({}, basic('app', 's3c%2Bret'))],
    ['basic-raw', () => post({}, basic('app', 's3c+ret'))],
    ['basic-with-client-id', () => post({ client_id: 'app' }, basic('app', 's3c%2Bret'))],
    ['form', () => post({ client_id: 'app', client_secret: 's3c+ret' })],
    ['json', () => post({ client_id: 'app', client_secret: 's3c+ret' }, {}, true)],
    ['none', () => post({ client_id: 'public-app' })],
    ['private_key_jwt', () => post(jwtFields(assertion('RS256', 'signer', {}, 'rsa-1')))],
    ['client_secret_jwt', () => post({ client_id: 'hmac', ...jwtFields(assertion('HS256', 'hmac')) })],
  ];
  it.each(cases)('%s', async (method, send) => {
    server.reset();
    expect((await send()).status).toBe(200);
    expect(server.counts).toStrictEqual({ total: 1, byPlacement: { [method]: 1 }, byOutcome: { issued: 1, refused: 0, fault: 0 } });
    expect(server.requests[0]).toMatchObject({ placement: method, outcome: 'issued' });
    expect(server.issued[0]?.clientId).toBe(method === 'none' ? 'public-app' : method.endsWith('jwt') ? (method === 'private_key_jwt' ? 'signer' : 'hmac') : 'app');
  });

  it('private_key_jwt verifies PS256 and ES256 too, picking the key by kid or trying each', async () => {
    for (const [alg, kid] of [['PS256', 'rsa-1'], ['ES256', 'ec-1'], ['ES256', undefined], ['RS256', undefined]] as const) {
      expect((await post(jwtFields(assertion(alg, 'signer', {}, kid)))).status, `${alg} ${kid}`).toBe(200);
    }
  });
});

describe('refusals', () => {
  it.each([
    ['a signature by another key', () => assertion('ES256', 'signer', {}, 'rsa-1')],
    ['an expired assertion', () => assertion('RS256', 'signer', { exp: Math.floor(Date.now() / 1000) - 120 })],
    ['another audience', () => assertion('RS256', 'signer', { aud: 'https://elsewhere.example' })],
    ['iss other than sub', () => assertion('RS256', 'signer', { iss: 'app' })],
    ['no jti', () => assertion('RS256', 'signer', { jti: undefined })],
    ['an unknown client', () => assertion('RS256', 'nobody')],
    ['a tampered payload', () => assertion('RS256', 'signer').replace(/^([^.]+)\.[^.]+/, (_, head: string) => `${head}.${b64({ iss: 'signer', sub: 'signer', aud: server.tokenUrl, exp: 9e9, jti: 'x' })}`)],
    ['alg none', () => `${b64({ alg: 'none' })}.${b64({ iss: 'signer', sub: 'signer', aud: server.tokenUrl, exp: 9e9, jti: 'y' })}.`],
  ])('refuses %s with invalid_client', async (_, make) => {
    server.reset();
    const answer = await post(jwtFields(make()));
    expect([answer.status, answer.body.error]).toStrictEqual([400, 'invalid_client']);
    expect(server.counts.byOutcome).toStrictEqual({ issued: 0, refused: 1, fault: 0 });
  });

  it('refuses a replayed assertion (the same jti twice)', async () => {
    const once = assertion('ES256', 'signer', {}, 'ec-1');
    expect((await post(jwtFields(once))).status).toBe(200);
    expect((await post(jwtFields(once))).body).toMatchObject({ error: 'invalid_client', error_description: expect.stringMatching(/jti/) });
  });

  it('refuses a method the client may not use, a secret for a public client, and a wrong secret', async () => {
    server.reset();
    const answers = [
      await post({}, basic('hmac', HMAC_SECRET)),
      await post({ client_id: 'public-app', client_secret: 'guess' }),
      await post({ client_id: 'app', client_secret: 'wrong' }),
      await post({ client_id: 'app' }),
    ];
    expect(answers.map(({ status, body }) => [status, body.error])).toStrictEqual([
      [401, 'invalid_client'],
      [400, 'invalid_client'],
      [400, 'invalid_client'],
      [400, 'invalid_client'],
    ]);
    expect(server.counts).toStrictEqual({ total: 4, byPlacement: { basic: 1, form: 2, none: 1 }, byOutcome: { issued: 0, refused: 4, fault: 0 } });
  });

  it('refuses a scope the server does not know or the client may not have', async () => {
    await using strict = await startAuthorizationServer({ scopes: ['read', 'write'], clients: [{ clientId: 'app', clientSecret: 's', scopes: ['read'] }] });
    const ask = async (scope: string) => {
      const response = await fetch(strict.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...basic('app', 's') }, body: `grant_type=client_credentials&scope=${scope}` });
      return [response.status, ((await response.json()) as { error?: string; scope?: string }).error ?? 'ok'];
    };
    expect([await ask('read'), await ask('write'), await ask('admin')]).toStrictEqual([
      [200, 'ok'],
      [400, 'invalid_scope'],
      [400, 'invalid_scope'],
    ]);
  });
});
