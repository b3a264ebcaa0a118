// tok against oidc-provider, a certified OpenID Provider, run in this process on 127.0.0.1: one
// client per token endpoint authentication method, each token checked by a protected API.
import { inspect } from 'node:util';
import { auto, clientCredentials, clientSecretJwt, discover, type Grant, isOAuthError, NegotiationError, privateKeyJwt } from '@tok/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthorizedFetch, authorizedFetch } from './client.js';
import { newKey } from './keys.js';
import { startOidcProvider, type OidcServer } from './servers/oidcProvider.js';
import { introspection, jwks, type ProtectedApi, startProtectedApi } from './servers/protectedApi.js';

// RFC 6749 §2.3.1 form-encodes id and secret before Basic; this secret breaks any client that does not.
const TRICKY_SECRET = 's3c:r+t%2F/&=? x';
const JWT_SECRET = 'a-client-secret-long-enough-for-hs256-0123456789abcdef';
const RESOURCE = 'https://api.example.com/';

const rsa = newKey('rsa', 'rsa-1');
const ec = newKey('ec', 'ec-1');
const serverKey = newKey('ec', 'as-1');

let server: OidcServer;
let api: ProtectedApi;
let jwtApi: ProtectedApi;
const fetches: AuthorizedFetch[] = [];

beforeAll(async () => {
  server = await startOidcProvider({
    keys: [{ ...serverKey.privateJwk, use: 'sig', alg: 'ES256' }],
    scopes: ['api:read'],
    introspectors: ['api'],
    resources: { [RESOURCE]: { scope: 'api:read' } },
    clients: [
      { client_id: 'basic-client', client_secret: TRICKY_SECRET, token_endpoint_auth_method: 'client_secret_basic' },
      { client_id: 'post-client', client_secret: 'post-secret', token_endpoint_auth_method: 'client_secret_post' },
      { client_id: 'jwt-secret-client', client_secret: JWT_SECRET, token_endpoint_auth_method: 'client_secret_jwt' },
      ...(['RS256', 'PS256'] as const).map((alg) => ({
        client_id: `pk-${alg}`,
        token_endpoint_auth_method: 'private_key_jwt' as const,
        token_endpoint_auth_signing_alg: alg,
        jwks: { keys: [rsa.publicJwk as never] },
      })),
      { client_id: 'pk-ES256', token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: 'ES256', jwks: { keys: [ec.publicJwk as never] } },
      { client_id: 'resource-client', client_secret: 'resource-secret', token_endpoint_auth_method: 'client_secret_basic', scope: 'api:read' },
      { client_id: 'api', client_secret: 'api-secret', token_endpoint_auth_method: 'client_secret_basic' },
    ],
  });
  api = await startProtectedApi(introspection(server.introspectionUrl, { clientId: 'api', clientSecret: 'api-secret' }));
  jwtApi = await startProtectedApi(jwks({ jwksUrl: server.jwksUrl, issuer: server.issuer, audience: RESOURCE }));
});

afterAll(async () => {
  for (const f of fetches) f.source.dispose();
  await Promise.all([server?.close(), api?.close(), jwtApi?.close()]);
});

function client(grant: Grant): AuthorizedFetch {
  const f = authorizedFetch(grant);
  fetches.push(f);
  return f;
}

// Gets a token through `grant` and calls the API with it; returns what the API verified.
async function protectedCall(grant: Grant, target = api): Promise<Record<string, unknown>> {
  const response = await client(grant)(`${target.origin}/items`);
  const body = (await response.json()) as { ok: boolean; claims: Record<string, unknown> };
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body.claims;
}

describe('oidc-provider: one client per authentication method', () => {
  it('client_secret_basic, with a secret holding : + % / & = ? and a space', async () => {
    const grant = clientCredentials({ tokenUrl: server.tokenUrl, clientId: 'basic-client', clientSecret: TRICKY_SECRET });
    expect(await protectedCall(grant)).toMatchObject({ active: true, client_id: 'basic-client' });
  });

  it('refuses the same secret sent as raw (not form-encoded) Basic, as RFC 6749 §2.3.1 says it must', async () => {
    const grant = clientCredentials({ tokenUrl: server.tokenUrl, clientId: 'basic-client', clientSecret: TRICKY_SECRET, placement: 'basic-raw' });
    const error = await client(grant).source.getToken().catch((e: unknown) => e);
    expect(isOAuthError(error)).toBe(true);
    expect((error as Error).message).not.toContain(TRICKY_SECRET);
  });

  it('client_secret_post', async () => {
    const grant = clientCredentials({ tokenUrl: server.tokenUrl, clientId: 'post-client', clientSecret: 'post-secret', placement: 'form' });
    expect(await protectedCall(grant)).toMatchObject({ active: true, client_id: 'post-client' });
  });

  it('client_secret_jwt (HS256)', async () => {
    const grant = clientCredentials({ tokenUrl: server.tokenUrl, clientId: 'jwt-secret-client', clientSecret: JWT_SECRET, placement: clientSecretJwt() });
    expect(await protectedCall(grant)).toMatchObject({ active: true, client_id: 'jwt-secret-client' });
  });

  // Labels, not keys, in the test names: key material never reaches a log.
  it.each([
    ['RS256', 'a JWK', rsa.privateJwk],
    ['PS256', 'a PKCS#8 PEM', rsa.pkcs8],
    ['ES256', 'a JWK', ec.privateJwk],
    ['ES256', 'a PKCS#8 PEM', ec.pkcs8],
  ] as const)('private_key_jwt %s, key as %s', async (alg, _label, key) => {
    const grant = clientCredentials({ tokenUrl: server.tokenUrl, clientId: `pk-${alg}`, placement: privateKeyJwt({ key: key as JsonWebKey | string, alg }) });
    expect(await protectedCall(grant)).toMatchObject({ active: true, client_id: `pk-${alg}` });
  });

  it('private_key_jwt signs a new assertion for every token request: the server refuses a replayed jti', async () => {
    const grant = clientCredentials({ tokenUrl: server.tokenUrl, clientId: 'pk-ES256', placement: privateKeyJwt({ key: ec.privateJwk }) });
    const f = client(grant);
    const first = await f.source.getToken();
    f.source.invalidate(first);
    const second = await f.source.getToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(f.source.stats().tokenRequests).toBe(2);
  });

  it('private_key_jwt with the wrong key is refused with invalid_client, and the key never prints', async () => {
    const other = newKey('ec', 'ec-1');
    const placement = privateKeyJwt({ key: other.privateJwk });
    const grant = clientCredentials({ tokenUrl: server.tokenUrl, clientId: 'pk-ES256', placement });
    const error = await client(grant).source.getToken().catch((e: unknown) => e);
    expect(isOAuthError(error) && error.error).toBe('invalid_client');
    const shown = [inspect(grant, { depth: 9 }), JSON.stringify(grant), String((error as Error).message), inspect(error, { depth: 9 })].join('\n');
    expect(shown).not.toContain(other.privateJwk.d);
  });

  it('a resource indicator (RFC 8707) gets a JWT access token that the API verifies against the JWKS', async () => {
    const grant = clientCredentials({
      tokenUrl: server.tokenUrl,
      clientId: 'resource-client',
      clientSecret: 'resource-secret',
      resource: RESOURCE,
      scope: 'api:read',
    });
    const claims = await protectedCall(grant, jwtApi);
    expect(claims).toMatchObject({ iss: server.issuer, aud: RESOURCE, client_id: 'resource-client', scope: 'api:read' });
  });
});

describe('oidc-provider: discovery and negotiation', () => {
  it('finds the token endpoint from the issuer, once, and picks Basic from the metadata', async () => {
    const grant = clientCredentials({ issuer: discover(server.issuer), clientId: 'basic-client', clientSecret: TRICKY_SECRET });
    const before = server.requests.length;
    const f = client(grant);
    expect(f.source.tokenUrl).toBeUndefined();
    await f(`${api.origin}/a`);
    f.source.invalidate();
    await f(`${api.origin}/b`);
    const seen = server.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    expect(seen.filter((s) => s.startsWith('GET'))).toStrictEqual(['GET /.well-known/oauth-authorization-server']);
    expect(seen.filter((s) => s === 'POST /token')).toHaveLength(2);
    expect(f.source.tokenUrl).toBe(server.tokenUrl);
  });

  it('discovers, then signs private_key_jwt for the discovered endpoint', async () => {
    const grant = clientCredentials({ issuer: discover(server.issuer), clientId: 'pk-RS256', placement: privateKeyJwt({ key: rsa.pkcs8, alg: 'RS256' }) });
    expect(await protectedCall(grant)).toMatchObject({ client_id: 'pk-RS256' });
  });

  it('auto() gets a token for a client_secret_post client at the first try: oidc-provider takes either secret method', async () => {
    // oidc-provider accepts Basic and the form body alike from both client_secret_basic and
    // client_secret_post clients; servers that refuse Basic are in negotiation.test.ts.
    const grant = clientCredentials({ tokenUrl: server.tokenUrl, clientId: 'post-client', clientSecret: 'post-secret', placement: auto() });
    const f = client(grant);
    await f(`${api.origin}/a`);
    expect(f.source.stats().tokenRequests).toBe(1);
  });

  it("an issuer grant without a placement negotiates among what the metadata lists", async () => {
    const grant = clientCredentials({ issuer: discover(server.issuer), clientId: 'post-client', clientSecret: 'post-secret' });
    expect(await protectedCall(grant)).toMatchObject({ client_id: 'post-client' });
  });

  it('auto() with a wrong secret reports both refusals', async () => {
    const grant = clientCredentials({ tokenUrl: server.tokenUrl, clientId: 'post-client', clientSecret: 'wrong-secret', placement: auto() });
    const error = await client(grant).source.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NegotiationError);
    const { attempts, message } = error as NegotiationError;
    expect(attempts.map((a) => a.placement)).toStrictEqual(['basic', 'form']);
    expect(message).toMatch(/basic: .*invalid_client.*; form: .*invalid_client/);
    expect(message).not.toContain('wrong-secret');
  });

  it('a wrong issuer is a clear error that names both identifiers', async () => {
    const grant = clientCredentials({ issuer: discover(`${server.issuer}/`), clientId: 'basic-client', clientSecret: TRICKY_SECRET });
    await expect(client(grant).source.getToken()).rejects.toThrow(`names "${server.issuer}", not the configured issuer "${server.issuer}/"`);
  });
});
