// What only the openapi-fetch middleware does; the behaviour all adapters share is in
// middleware.suite.test.ts, the end-to-end case against oidc-provider in perOperation.test.ts.
import { readFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { clientCredentials, privateKeyJwt } from '@tok/core';
import { type AuthorizationServer, type ProtectedApi, startAuthorizationServer, startProtectedApi } from '@tok/testing';
import createClient from 'openapi-fetch';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fromOpenApi, type OpenApiDocument, tokenMiddleware } from '../index.js';
import type { paths } from '../../examples/inventory-api.js';

let auth: AuthorizationServer;
let api: ProtectedApi;
const client = { clientId: 'test-client', clientSecret: 'test-secret' };
beforeEach(async () => {
  auth = await startAuthorizationServer();
  api = await startProtectedApi({ authorizationServer: auth });
});
afterEach(() => Promise.all([auth.close(), api.close()]));

it('replays a streamed body after a 401: the middleware sees a Request, and keeps a copy of any body', async () => {
  const openapi = createClient({ baseUrl: api.origin });
  openapi.use(tokenMiddleware(clientCredentials({ tokenUrl: auth.tokenUrl, ...client })));
  await openapi.GET('/warm' as never);
  api.expire(auth.issued[0]?.accessToken ?? '');
  const stream = new Blob(['streamed']).stream();
  const { response } = await openapi.POST('/upload' as never, { body: stream as never, bodySerializer: (body: unknown) => body, duplex: 'half', parseAs: 'text' } as never);
  expect(response.status).toBe(200);
  expect(api.requests.slice(1).map(({ status, body, token }) => [status, body, token])).toStrictEqual([
    [401, 'streamed', auth.issued[0]?.accessToken],
    [200, 'streamed', auth.issued[1]?.accessToken],
  ]);
});

it('per operation: one token source per scope set, none for an operation that needs no token, a 401 renews only its own set', async () => {
  const fixture = JSON.parse(readFileSync(new URL('../../examples/inventory.openapi.json', import.meta.url), 'utf8')) as OpenApiDocument;
  const scheme = { type: 'oauth2', flows: { clientCredentials: { tokenUrl: auth.tokenUrl, scopes: {} } } };
  const document = { ...fixture, servers: [{ url: `${api.origin}/v1` }], components: { securitySchemes: { inventoryAuth: scheme } } };
  const openapi = createClient<paths>({ baseUrl: `${api.origin}/v1` });
  openapi.use(tokenMiddleware(fromOpenApi<paths>(document, client)));

  await openapi.GET('/health');
  await openapi.GET('/items');
  await openapi.GET('/items/{id}', { params: { path: { id: '7' } } });
  await openapi.DELETE('/items/{id}', { params: { path: { id: '7' } } });
  expect(auth.issued.map((token) => token.scope)).toStrictEqual(['items:read', 'items:delete items:write']);
  expect(api.requests.map(({ path, token }) => [path, token === null ? null : auth.find(token)?.scope])).toStrictEqual([
    ['/v1/health', null],
    ['/v1/items', 'items:read'],
    ['/v1/items/7', 'items:read'],
    ['/v1/items/7', 'items:delete items:write'],
  ]);

  api.expire(auth.issued[1]?.accessToken ?? '');
  expect((await openapi.DELETE('/items/{id}', { params: { path: { id: '8' } } })).response.status).toBe(200);
  expect((await openapi.GET('/items')).response.status).toBe(200);
  expect(auth.issued.map((token) => token.scope)).toStrictEqual(['items:read', 'items:delete items:write', 'items:delete items:write']);
});

it('passes the options of clientCredentials on: a private_key_jwt client, its assertion verified by the server', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  await using signing = await startAuthorizationServer({ clients: [{ clientId: 'signer', jwks: { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1' }] } }] });
  await using signed = await startProtectedApi({ authorizationServer: signing, requiredScopes: () => ['items:read'] });
  const scheme = { type: 'oauth2', flows: { clientCredentials: { tokenUrl: signing.tokenUrl, scopes: { 'items:read': 'Read' } } } };
  const document = { openapi: '3.0.3', security: [{ m2m: ['items:read'] }], components: { securitySchemes: { m2m: scheme } }, paths: { '/items': { get: {} } } };
  const key = { ...privateKey.export({ format: 'jwk' }), kid: 'k1' } as JsonWebKey & { kid: string };
  const openapi = createClient<{ '/items': { get: { responses: { 200: { content: { 'application/json': unknown } } } } } }>({ baseUrl: signed.origin });
  openapi.use(tokenMiddleware(fromOpenApi(document, { clientId: 'signer', placement: privateKeyJwt({ key, alg: 'ES256' }) })));
  expect((await openapi.GET('/items')).response.status).toBe(200);
  expect(signing.counts).toStrictEqual({ total: 1, byPlacement: { private_key_jwt: 1 }, byOutcome: { issued: 1, refused: 0, fault: 0 } });
  expect(signing.issued[0]?.scope).toBe('items:read');
});
