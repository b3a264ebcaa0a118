// tok against oauth2-mock-server, a second server from npm: JWT access tokens checked by JWKS,
// and discovery through OpenID Connect's well-known document (it serves no RFC 8414 one).
import { clientCredentials, ConfigError, discover } from '@tok/core';
import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizedFetch, transport } from './client.js';
import { jwks, type ProtectedApi, startProtectedApi } from './servers/protectedApi.js';

let server: OAuth2Server;
let issuer: string;
let api: ProtectedApi;

beforeAll(async () => {
  server = new OAuth2Server();
  await server.issuer.keys.generate('ES256');
  await server.start(0, '127.0.0.1');
  const { port } = server.address();
  // It names itself http://localhost:<port>; the tests use the address it listens on.
  issuer = `http://127.0.0.1:${port}`;
  server.issuer.url = issuer;
  api = await startProtectedApi(jwks({ jwksUrl: `${issuer}/jwks`, issuer, audience: 'https://api.example.com' }));
});
afterAll(async () => {
  await Promise.all([server?.stop(), api?.close()]);
});

describe('oauth2-mock-server', () => {
  it('issues a JWT that the API verifies against the JWKS', async () => {
    const grant = clientCredentials({ tokenUrl: `${issuer}/token`, clientId: 'svc', clientSecret: 'svc-secret', params: { aud: 'https://api.example.com' } });
    const f = authorizedFetch(grant);
    const response = await f(`${api.origin}/items`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { claims: unknown }).claims).toMatchObject({ iss: issuer, aud: 'https://api.example.com' });
    // No expires_in trust issue: the token's lifetime comes from the server's expires_in.
    const token = await f.source.getToken();
    expect((token.expiresAt ?? 0) - token.issuedAt).toBe(3_600_000);
    f.source.dispose();
  });

  it('discovery falls back to /.well-known/openid-configuration', async () => {
    const requests: string[] = [];
    const grant = clientCredentials({ issuer: discover(issuer), clientId: 'svc', clientSecret: 'svc-secret', placement: 'basic', params: { aud: 'https://api.example.com' } });
    const f = authorizedFetch(grant, {
      transport: async (request, init) => {
        const response = await transport(request, init);
        requests.push(`${request.method} ${new URL(request.url).pathname} ${response.status}`);
        return response;
      },
    });
    expect((await f(`${api.origin}/items`)).status).toBe(200);
    expect(f.source.tokenUrl).toBe(`${issuer}/token`);
    expect(requests).toStrictEqual(['GET /.well-known/oauth-authorization-server 404', 'GET /.well-known/openid-configuration 200', 'POST /token 200']);
    f.source.dispose();
  });

  it("without a placement, its metadata (only 'none') is a ConfigError that says what to do", async () => {
    const grant = clientCredentials({ issuer: discover(issuer), clientId: 'svc', clientSecret: 'svc-secret' });
    const f = authorizedFetch(grant);
    const error = await f.source.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/supports none at its token endpoint.*placement "none"/);
    f.source.dispose();
  });
});
