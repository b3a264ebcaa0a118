// What a clientCredentials grant does per token request, through a token source: discovery once, a fresh signed request per
// attempt, placement negotiation. The transport is a function that routes by method and path.
import type { HttpRequest, TokenResponse, Transport } from '../http/types.js';
import { describe, expect, it } from 'vitest';
import { createAuthorizer } from '../adapter/authorizer.js';
import { clientSecretJwt } from '../client-auth/clientSecretJwt.js';
import { ConfigError } from '../errors/ConfigError.js';
import { NegotiationError } from '../errors/NegotiationError.js';
import { clientCredentials } from '../request/grant.js';

import type { Timers } from '../source/timers.js';
import { createTokenSource } from '../source/tokenSource.js';
import { discover } from '../discovery/discover.js';
import { auto } from '../client-auth/autoPlacement.js';

const issuer = 'https://as.example.com';
const json = (body: unknown, status = 200): TokenResponse => ({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const tokenBody = (n: number) => json({ access_token: `token-${n}`, token_type: 'Bearer', expires_in: 3600 });
const invalidClient = (status: number) => json({ error: 'invalid_client', error_description: 'client authentication failed' }, status);

// Timers that never fire: these tests do not wait for refreshes or backoff.
const timers: Timers = { setTimeout: () => 0, clearTimeout: () => {} };
// Backoff sleeps (short) end at once; request timeouts and refreshes (long) never fire.
const backoffNow: Timers = { setTimeout: (fn, ms) => (ms < 10_000 && queueMicrotask(fn), 0), clearTimeout: () => {} };

function server(routes: Record<string, (request: HttpRequest, n: number) => TokenResponse | Error>) {
  const seen: HttpRequest[] = [];
  let tokens = 0;
  const transport: Transport = async (request) => {
    seen.push(request);
    const route = routes[`${request.method} ${new URL(request.url).pathname}`];
    const answer = route ? route(request, request.method === 'POST' ? ++tokens : 0) : json({ error: 'not_found' }, 404);
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { transport, seen, paths: () => seen.map((r) => `${r.method} ${new URL(r.url).pathname}`) };
}

const metadata = (methods?: string[]) => () =>
  json({ issuer, token_endpoint: `${issuer}/oauth/token`, ...(methods ? { token_endpoint_auth_methods_supported: methods } : {}) });

describe('discovery in the token source', () => {
  it('reads the metadata once, then posts to its token endpoint', async () => {
    const as = server({ 'GET /.well-known/oauth-authorization-server': metadata(), 'POST /oauth/token': (_r, n) => tokenBody(n) });
    const source = createTokenSource(clientCredentials({ issuer: discover(issuer), clientId: 'app', clientSecret: 's' }), { transport: as.transport, timers });
    expect(source.tokenUrl).toBeUndefined();
    await source.getToken();
    source.invalidate();
    await source.getToken();
    expect(as.paths()).toStrictEqual(['GET /.well-known/oauth-authorization-server', 'POST /oauth/token', 'POST /oauth/token']);
    expect(as.seen[0]?.headers).toStrictEqual({ accept: 'application/json' });
    expect(as.seen[1]?.headers.authorization).toBe(`Basic ${btoa('app:s')}`);
    expect(source.tokenUrl).toBe(`${issuer}/oauth/token`);
    expect(source.stats().tokenRequests).toBe(2);
  });

  it('falls back to openid-configuration, and says where it looked when neither exists', async () => {
    const oidc = server({ 'GET /.well-known/openid-configuration': metadata(['client_secret_post']), 'POST /oauth/token': (_r, n) => tokenBody(n) });
    const source = createTokenSource(clientCredentials({ issuer: discover(issuer), clientId: 'app', clientSecret: 's' }), { transport: oidc.transport, timers });
    await source.getToken();
    expect(oidc.paths()).toStrictEqual(['GET /.well-known/oauth-authorization-server', 'GET /.well-known/openid-configuration', 'POST /oauth/token']);
    expect(oidc.seen[2]?.body).toBe('grant_type=client_credentials&client_id=app&client_secret=s');

    const none = server({});
    const lost = createTokenSource(clientCredentials({ issuer: discover(issuer), clientId: 'app', clientSecret: 's' }), { transport: none.transport, timers });
    await expect(lost.getToken()).rejects.toThrow(
      `no authorization server metadata for issuer "${issuer}": ${issuer}/.well-known/oauth-authorization-server answered 404, ${issuer}/.well-known/openid-configuration answered 404; check the issuer, or give tokenUrl instead`,
    );
  });

  it('tries discovery again on the next call after a failure, and retries a network failure', async () => {
    let down = 2;
    const as = server({
      'GET /.well-known/oauth-authorization-server': () => (down-- > 0 ? new TypeError('fetch failed') : metadata()()),
      'POST /oauth/token': (_r, n) => tokenBody(n),
    });
    const source = createTokenSource(clientCredentials({ issuer: discover(issuer), clientId: 'app', clientSecret: 's' }), {
      transport: as.transport,
      timers: backoffNow,
      // No pause after the failed flight (see the token source's failure hold): the next call goes out.
      retry: { retries: 1, baseDelayMs: 0 },
    });
    await expect(source.getToken()).rejects.toThrow(`metadata request to ${issuer}/.well-known/oauth-authorization-server failed: fetch failed`);
    expect((await source.getToken()).accessToken).toBe('token-1');
  });

  it("an 'auto' grant whose server lists only JWT methods fails with the placement to use", async () => {
    const as = server({ 'GET /.well-known/oauth-authorization-server': metadata(['private_key_jwt']) });
    const source = createTokenSource(clientCredentials({ issuer: discover(issuer), clientId: 'app', clientSecret: 's' }), { transport: as.transport, timers });
    const error = await source.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('use placement: privateKeyJwt({ key })');
  });
});

describe('signed assertions per attempt', () => {
  it('a retry after a 503 sends a new jti and iat', async () => {
    let now = 1_767_225_600_000;
    let ids = 0;
    const as = server({ 'POST /token': (_r, n) => (n === 1 ? json({ error: 'temporarily_unavailable' }, 503) : tokenBody(n)) });
    const grant = clientCredentials({ tokenUrl: `${issuer}/token`, clientId: 'app', clientSecret: 'k', placement: clientSecretJwt() });
    const source = createTokenSource(grant, {
      transport: as.transport,
      clock: () => (now += 1_000),
      jti: () => `id-${++ids}`,
      random: () => 0,
      timers: backoffNow,
    });
    await source.getToken();
    const claims = as.seen.map((r) => JSON.parse(atob((new URLSearchParams(r.body).get('client_assertion') ?? '').split('.')[1] ?? '')) as { jti: string; iat: number });
    expect(claims.map((c) => c.jti)).toStrictEqual(['id-1', 'id-2']);
    expect(claims[1]!.iat).toBeGreaterThan(claims[0]!.iat);
  });

  it('the default jti is 128 random bits, different every time', async () => {
    const as = server({ 'POST /token': (_r, n) => tokenBody(n) });
    const grant = clientCredentials({ tokenUrl: `${issuer}/token`, clientId: 'app', clientSecret: 'k', placement: clientSecretJwt() });
    const source = createTokenSource(grant, { transport: as.transport, timers });
    await source.getToken();
    source.invalidate();
    await source.getToken();
    const jtis = as.seen.map((r) => (JSON.parse(atob((new URLSearchParams(r.body).get('client_assertion') ?? '').split('.')[1] ?? '')) as { jti: string }).jti);
    expect(jtis[0]).toMatch(/^[\w-]{22}$/);
    expect(jtis[1]).not.toBe(jtis[0]);
  });
});

describe("placement 'auto' in the token source", () => {
  const formOnly = (r: HttpRequest, n: number) => (r.headers.authorization ? invalidClient(401) : tokenBody(n));

  it('remembers the placement that worked', async () => {
    const as = server({ 'POST /token': formOnly });
    const source = createTokenSource(clientCredentials({ tokenUrl: `${issuer}/token`, clientId: 'app', clientSecret: 's', placement: auto() }), { transport: as.transport, timers });
    expect((await source.getToken()).accessToken).toBe('token-2');
    source.invalidate();
    await source.getToken();
    expect(as.seen.map((r) => (r.headers.authorization ? 'basic' : 'form'))).toStrictEqual(['basic', 'form', 'form']);
  });

  it('does not fall back on errors that are not about the client (invalid_scope)', async () => {
    const as = server({ 'POST /token': () => json({ error: 'invalid_scope' }, 400) });
    const source = createTokenSource(clientCredentials({ tokenUrl: `${issuer}/token`, clientId: 'app', clientSecret: 's', placement: auto() }), { transport: as.transport, timers });
    await expect(source.getToken()).rejects.toMatchObject({ error: 'invalid_scope' });
    expect(as.seen).toHaveLength(1);
  });

  it('reports both refusals as a NegotiationError that is still an invalid_client OAuthError', async () => {
    const as = server({ 'POST /token': (r) => invalidClient(r.headers.authorization ? 401 : 400) });
    const source = createTokenSource(clientCredentials({ tokenUrl: `${issuer}/token`, clientId: 'app', clientSecret: 'hunter2', placement: auto() }), { transport: as.transport, timers });
    const error = (await source.getToken().catch((e: unknown) => e)) as NegotiationError;
    expect(error).toBeInstanceOf(NegotiationError);
    expect(error).toMatchObject({ name: 'NegotiationError', code: 'TOK_OAUTH_ERROR', error: 'invalid_client', status: 400 });
    expect(error.attempts.map((a) => a.placement)).toStrictEqual(['basic', 'form']);
    expect(error.message).toContain('basic: token endpoint answered 401 invalid_client');
    expect(error.message).not.toContain('hunter2');
  });

  it('reports both refusals when the last one has no OAuth body (an HTML 401)', async () => {
    const html401: TokenResponse = { status: 401, headers: { 'content-type': 'text/html' }, body: '<h1>401 Unauthorized</h1>' };
    const as = server({ 'POST /token': (r) => (r.headers.authorization ? invalidClient(401) : html401) });
    const grant = clientCredentials({ tokenUrl: `${issuer}/token`, clientId: 'app', clientSecret: 'hunter2', placement: auto() });
    const error = (await createTokenSource(grant, { transport: as.transport, timers }).getToken().catch((e: unknown) => e)) as NegotiationError;
    expect(error).toBeInstanceOf(NegotiationError);
    expect(error).toMatchObject({ code: 'TOK_OAUTH_ERROR', error: 'invalid_client', errorDescription: 'client authentication failed', status: 401 });
    expect(error.attempts.map((a) => [a.placement, a.error.code])).toStrictEqual([
      ['basic', 'TOK_OAUTH_ERROR'],
      ['form', 'TOK_HTTP_STATUS'],
    ]);
    expect(error.message).toContain('basic: token endpoint answered 401 invalid_client');
    expect(error.message).toContain('form: token endpoint answered 401 (check clientId, clientSecret and placement): (text/html) "<h1>401 Unauthorized</h1>"');
    expect(error.message).not.toContain('hunter2');
  });

  it('reports every refusal when none has an OAuth body, as invalid_client with the last status', async () => {
    const as = server({ 'POST /token': (r) => ({ status: 401, headers: {}, body: r.headers.authorization ? 'basic refused' : 'form refused' }) });
    const grant = clientCredentials({ tokenUrl: `${issuer}/token`, clientId: 'app', clientSecret: 's', placement: auto() });
    const error = (await createTokenSource(grant, { transport: as.transport, timers }).getToken().catch((e: unknown) => e)) as NegotiationError;
    expect(error).toBeInstanceOf(NegotiationError);
    expect(error).toMatchObject({ error: 'invalid_client', status: 401, cause: 'form refused' });
    expect(error.attempts.map((a) => a.placement)).toStrictEqual(['basic', 'form']);
    expect(error.message).toContain('basic refused');
    expect(error.message).toContain('form refused');
  });

  it('leaves a failure that may pass (a 503 page after a refusal) as it is, so that it is retried', async () => {
    const as = server({ 'POST /token': (r) => (r.headers.authorization ? invalidClient(401) : { status: 503, headers: {}, body: 'down' }) });
    const grant = clientCredentials({ tokenUrl: `${issuer}/token`, clientId: 'app', clientSecret: 's', placement: auto() });
    const error = await createTokenSource(grant, { transport: as.transport, timers, retry: { retries: 0 } }).getToken().catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(NegotiationError);
    expect(error).toMatchObject({ code: 'TOK_HTTP_STATUS', status: 503 });
  });

  it('uses the lifetime the grant gives when the answer has no expires_in', async () => {
    const as = server({ 'POST /token': () => json({ access_token: 'opaque' }) });
    const grant = clientCredentials({ tokenUrl: `${issuer}/token`, clientId: 'app', clientSecret: 's', defaultLifetimeMs: 7_200_000 });
    const token = await createTokenSource(grant, { transport: as.transport, timers, clock: () => 1_000 }).getToken();
    expect(token.expiresAt).toBe(7_201_000);
    expect(() => clientCredentials({ tokenUrl: `${issuer}/token`, clientId: 'app', clientSecret: 's', defaultLifetimeMs: -1 })).toThrow(ConfigError);
  });
});

describe('an adapter with an issuer grant', () => {
  it('never sends the token to the discovered token endpoint', async () => {
    const as = server({ 'GET /.well-known/oauth-authorization-server': metadata(), 'POST /oauth/token': (_r, n) => tokenBody(n) });
    const authorizer = createAuthorizer(clientCredentials({ issuer: discover(issuer), clientId: 'app', clientSecret: 's' }), { origins: '*', source: { timers } }, { transport: as.transport });
    expect(authorizer.appliesTo(`${issuer}/oauth/token`)).toBe(true); // not known yet
    await authorizer.source.getToken();
    expect(authorizer.appliesTo(`${issuer}/oauth/token`)).toBe(false);
    expect(authorizer.appliesTo(`${issuer}/api/items`)).toBe(true);
  });
});
