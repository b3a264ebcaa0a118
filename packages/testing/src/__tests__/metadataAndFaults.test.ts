import { createPublicKey, verify } from 'node:crypto';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { faults, startAuthorizationServer, startProtectedApi } from '../index.js';

const tokenRequest = (url: string, scope?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${btoa('test-client:test-secret')}` },
    body: `grant_type=client_credentials${scope ? `&scope=${encodeURIComponent(scope)}` : ''}`,
  });

describe('RFC 8414 metadata and JWT access tokens', () => {
  it('publishes metadata derived from the options', async () => {
    await using server = await startAuthorizationServer({
      scopes: ['read'],
      tokenFormat: 'jwt',
      clients: [{ clientId: 'a', clientSecret: 's' }, { clientId: 'b', jwks: { keys: [] } }],
    });
    const metadata = await (await fetch(server.metadataUrl)).json();
    expect(server.metadataUrl).toBe(`${server.issuer}/.well-known/oauth-authorization-server`);
    expect(metadata).toStrictEqual({
      issuer: server.issuer,
      token_endpoint: server.tokenUrl,
      grant_types_supported: ['client_credentials'],
      response_types_supported: [],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'client_secret_jwt', 'private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: ['RS256', 'PS256', 'ES256', 'HS256', 'HS384', 'HS512'],
      scopes_supported: ['read'],
      jwks_uri: server.jwksUrl,
    });
    expect(server.count).toBe(0);
  });

  it('issues RFC 9068 JWTs signed with the key at jwks_uri, with exp from the configured lifetime', async () => {
    await using server = await startAuthorizationServer({ tokenFormat: 'jwt', expiresIn: 120, audience: 'https://api.example' });
    const body = (await (await tokenRequest(server.tokenUrl, 'read')).json()) as { access_token: string; expires_in: number };
    const [header, payload, signature] = body.access_token.split('.') as [string, string, string];
    const { keys } = (await (await fetch(server.jwksUrl)).json()) as { keys: JsonWebKey[] };
    const key = createPublicKey({ key: keys[0] as never, format: 'jwk' });
    expect(verify('sha256', Buffer.from(`${header}.${payload}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'))).toBe(true);
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(claims).toMatchObject({ iss: server.issuer, sub: 'test-client', client_id: 'test-client', aud: 'https://api.example', scope: 'read', jti: expect.any(String) });
    expect(claims.exp - claims.iat).toBe(120);
    expect(body.expires_in).toBe(120);
    // The protected API accepts it like any token the server issued.
    await using api = await startProtectedApi({ authorizationServer: server, requiredScopes: () => ['read'] });
    expect((await fetch(api.url, { headers: { authorization: `Bearer ${body.access_token}` } })).status).toBe(200);
  });
});

describe('faults', () => {
  it('runs a script of faults in order, then answers normally, counting each as a fault', async () => {
    await using server = await startAuthorizationServer({
      script: [faults.serverError(), faults.serverError(500), faults.rateLimited(7), faults.errorIn200(), faults.malformedBody(), faults.wrongContentType()],
    });
    const seen = [];
    for (let i = 0; i < 7; i++) {
      const response = await tokenRequest(server.tokenUrl);
      seen.push([response.status, response.headers.get('retry-after'), response.headers.get('content-type'), (await response.text()).slice(0, 30)]);
    }
    expect(seen).toStrictEqual([
      [503, null, 'application/json; charset=utf-8', '{"error":"temporarily_unavaila'],
      [500, null, 'application/json; charset=utf-8', '{"error":"server_error"}'],
      [429, '7', 'application/json; charset=utf-8', '{"error":"too_many_requests"}'],
      [200, null, 'application/json; charset=utf-8', '{"error":"invalid_scope","erro'],
      [200, null, 'application/json', '{"access_token":"eyJhbGciOi'],
      [200, null, 'text/html; charset=utf-8', expect.stringMatching(/^\{"access_token":"/)],
      [200, null, 'application/json; charset=utf-8', expect.stringMatching(/^\{"access_token":"/)],
    ]);
    expect(server.counts.byOutcome).toStrictEqual({ issued: 2, refused: 0, fault: 5 });
  });

  it('resets the connection, and sends an oversize body as fast as the client reads it', async () => {
    await using server = await startAuthorizationServer({ script: [faults.reset(), faults.oversizeBody(3_000_000)] });
    await expect(tokenRequest(server.tokenUrl)).rejects.toThrow(TypeError);
    const response = await tokenRequest(server.tokenUrl);
    expect(response.headers.get('content-length')).toBe('3000000');
    expect((await response.arrayBuffer()).byteLength).toBe(3_000_000);
  });

  it('delays by the given time, and hangs until the client gives up', async () => {
    await using server = await startAuthorizationServer();
    server.behave(faults.delay(300), faults.hang());
    const started = performance.now();
    expect((await tokenRequest(server.tokenUrl)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    // A hanging answer: the request is open (counted) and unanswered until the client gives up.
    const pending = request(server.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const outcome = new Promise<string>((resolve) => {
      pending.once('response', () => resolve('answered'));
      pending.once('error', () => resolve('gave up'));
    });
    pending.end('grant_type=client_credentials');
    while (server.count < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    pending.destroy(new Error('client timeout'));
    expect(await outcome).toBe('gave up');
    expect(server.counts.byOutcome).toStrictEqual({ issued: 1, refused: 0, fault: 1 });
  });
});
