import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { runReadmeExample } from '@tok/test-utils/readme';
import { defaultClient, serveOnLoopback, startAuthorizationServer, startProtectedApi } from '@tok/testing';
import { expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

it('the README example reads the document, and calls the API with a token scoped for the operation', async () => {
  await using auth = await startAuthorizationServer();
  await using api = await startProtectedApi({ authorizationServer: auth, requiredScopes: () => ['items:read'] });
  const document = {
    openapi: '3.1.0',
    servers: [{ url: `${api.origin}/v1` }],
    components: { securitySchemes: { m2m: { type: 'oauth2', flows: { clientCredentials: { tokenUrl: auth.tokenUrl, scopes: { 'items:read': 'Read items' } } } } } },
    paths: { '/items': { get: { security: [{ m2m: ['items:read'] }] } } },
  };
  const served = await serveOnLoopback(createServer((_req, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(document))));
  try {
    const run = await runReadmeExample(`${packageDir}README.md`, packageDir, { DOCUMENT_URL: `${served.origin}/openapi.json`, CLIENT_ID: defaultClient.clientId, CLIENT_SECRET: defaultClient.clientSecret });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^200 \{ ok: true, path: '\/v1\/items'/);
    expect(run.code).toBe(0);
    expect(auth.issued.map((token) => token.scope)).toStrictEqual(['items:read']);
  } finally {
    await served.close();
  }
}, 30_000);
