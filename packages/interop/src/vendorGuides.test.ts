// The vendor guides of core's vendorGuides.test.ts, end to end: one local server per guide that
// answers as the guide describes (and refuses what it does not describe), then a protected call
// with the token.
import { clientCredentials } from '@tok/core';
import { afterEach, describe, expect, it } from 'vitest';
import { authorizedFetch } from './client.js';
import { oauthError, startWireServer, type WireServer } from './servers/wireServer.js';

const servers: WireServer[] = [];
const sources: { dispose(): void }[] = [];
afterEach(async () => {
  for (const s of sources.splice(0)) s.dispose();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(options: Parameters<typeof startWireServer>[0]): Promise<WireServer> {
  const server = await startWireServer(options);
  servers.push(server);
  return server;
}

async function call(server: WireServer, auth: Parameters<typeof authorizedFetch>[0]) {
  const f = authorizedFetch(auth);
  sources.push(f.source);
  const response = await f(`${server.origin}/api/resource`);
  return { status: response.status, source: f.source };
}

describe('vendor guides, end to end', () => {
  it('Postman, SAPIENT: form body with client_id, client_secret and grant_type client-credentials', async () => {
    const server = await serve({
      tokenPath: '/oauth/token',
      answer: ({ bodyType, fields, basic }) => {
        if (bodyType !== 'form' || basic) return oauthError(400, 'invalid_request', 'x-www-form-urlencoded body with the credentials');
        if (fields.grant_type !== 'client-credentials') return oauthError(400, 'unsupported_grant_type', 'grant_type must be client-credentials');
        if (fields.client_id !== 'SAPIENT_ID' || fields.client_secret !== 'SAPIENT_SECRET') return oauthError(401, 'invalid_client', 'bad credentials');
        return { token: (access_token) => ({ access_token, token_type: 'Bearer', expires_in: 3600 }) };
      },
    });
    const grant = clientCredentials({ tokenUrl: server.tokenUrl, clientId: 'SAPIENT_ID', clientSecret: 'SAPIENT_SECRET', placement: 'form', grantType: 'client-credentials' });
    const { status, source } = await call(server, grant);
    expect(status).toBe(200);
    expect(server.apiCalls).toStrictEqual([{ path: '/api/resource', accepted: true }]);
    // "Cache the authentication token and check for expiry before requesting a new one."
    await source.getToken();
    expect(server.requests).toHaveLength(1);
  });

  it('walr: JSON body with audience', async () => {
    const server = await serve({
      tokenPath: '/oauth/token',
      answer: ({ bodyType, fields }) => {
        if (bodyType !== 'json') return oauthError(400, 'invalid_request', 'content-type must be application/json');
        if (fields.audience !== 'https://api.walr.com') return oauthError(403, 'access_denied', 'Service not enabled within domain: undefined');
        if (fields.grant_type !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', 'grant_type');
        if (fields.client_id !== 'YOUR_CLIENT_ID' || fields.client_secret !== 'YOUR_CLIENT_SECRET') return oauthError(401, 'access_denied', 'Unauthorized');
        return { token: (access_token) => ({ access_token, token_type: 'Bearer', expires_in: 3600 }) };
      },
    });
    const grant = clientCredentials({
      tokenUrl: server.tokenUrl,
      clientId: 'YOUR_CLIENT_ID',
      clientSecret: 'YOUR_CLIENT_SECRET',
      placement: 'json',
      audience: 'https://api.walr.com',
    });
    expect((await call(server, grant)).status).toBe(200);
    expect(server.requests[0]?.fields).toStrictEqual({
      grant_type: 'client_credentials',
      client_id: 'YOUR_CLIENT_ID',
      client_secret: 'YOUR_CLIENT_SECRET',
      audience: 'https://api.walr.com',
    });
  });

  it('Postman Basic Auth: Basic Auth (username = client id, password = secret) plus client_id in the form body', async () => {
    const server = await serve({
      tokenPath: '/oauth/token',
      answer: ({ bodyType, fields, basic }) => {
        // Postman's "Basic Auth" writes base64(username:password) as typed.
        if (basic?.id !== 'acme-client' || basic.secret !== 'acme-secret') return oauthError(401, 'invalid_client', 'Basic credentials required');
        if (bodyType !== 'form' || fields.grant_type !== 'client_credentials') return oauthError(400, 'invalid_request', 'form body with grant_type');
        if (fields.client_id !== basic.id) return oauthError(400, 'invalid_request', 'client_id must be in the body too');
        return { token: (access_token) => ({ access_token, token_type: 'bearer', expires_in: 300 }) };
      },
    });
    const grant = clientCredentials({ tokenUrl: server.tokenUrl, clientId: 'acme-client', clientSecret: 'acme-secret', placement: 'basic-with-client-id' });
    const { status, source } = await call(server, grant);
    expect(status).toBe(200);
    const token = await source.getToken();
    expect(token.tokenType).toBe('Bearer');
    expect((token.expiresAt ?? 0) - token.issuedAt).toBe(300_000);
  });

  it('a JSON-body guide: JSON body, answered with expires_in as the string "3600"', async () => {
    const server = await serve({
      tokenPath: '/api/v2/oauth2/token',
      answer: ({ bodyType, fields, headers }) => {
        if (bodyType !== 'json' || !headers.accept?.includes('application/json')) return oauthError(415, 'invalid_request', 'JSON in, JSON out');
        if (fields.client_id !== 'your_client_ID' || fields.client_secret !== 'your_client_secret') return oauthError(401, 'invalid_client', 'no');
        return { token: (access_token) => ({ token_type: 'Bearer', access_token, expires_in: '3600' }) };
      },
    });
    const grant = clientCredentials({ tokenUrl: server.tokenUrl, clientId: 'your_client_ID', clientSecret: 'your_client_secret', placement: 'json' });
    const { status, source } = await call(server, grant);
    expect(status).toBe(200);
    const token = await source.getToken();
    expect((token.expiresAt ?? 0) - token.issuedAt).toBe(3_600_000);
  });

  it('Unqork: a static bearer token, given with or without "Bearer "', async () => {
    const server = await serve({ tokenPath: '/never', staticTokens: ['unqork-static-token'], answer: () => oauthError(400, 'invalid_request', 'no token endpoint') });
    expect((await call(server, 'unqork-static-token')).status).toBe(200);
    expect((await call(server, 'Bearer unqork-static-token')).status).toBe(200);
    expect((await call(server, 'another-token')).status).toBe(401);
    expect(server.requests).toHaveLength(0);
  });
});
