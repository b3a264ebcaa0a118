// @tok/core in this runtime: token acquisition for each placement, caching, single flight,
// expiry, 401 recovery through invalidate(), origin scoping and typed errors.
import { clientCredentials, createTokenSource, ErrorCode, isOAuthError, isTokError } from '@tok/core';
import { createAuthorizer, shouldRenewToken } from '@tok/core/adapter';
import { deepEqual, equal, match, notEqual, ok, rejects, throws } from './assert.js';
import { callApi, fastRetry, inlineTransport, issuedTokens } from './helpers.js';

/** A token source for `client` with `placement`, disposed after the test. */
function source(t, { client = t.config.clients.plain, placement, grant = {}, ...options } = {}) {
  const tokens = createTokenSource(
    clientCredentials({ tokenUrl: t.config.tokenUrl, clientId: client.clientId, clientSecret: client.clientSecret, placement, ...grant }),
    { transport: inlineTransport(), retry: fastRetry, ...options },
  );
  t.defer(() => tokens.dispose());
  return tokens;
}

const decodeBasic = (header) => atob(header.replace(/^Basic /, ''));

// What each placement must put on the wire, checked on the token server's record of the request.
const placementChecks = {
  basic: (request, client) => {
    equal(decodeBasic(request.headers.authorization), `${encodeForm(client.clientId)}:${encodeForm(client.clientSecret)}`, 'Basic credentials form-encoded');
    equal(request.fields.client_secret, undefined, 'no secret in the body');
    equal(request.fields.client_id, undefined, 'no client_id in the body');
  },
  'basic-raw': (request, client) => {
    equal(decodeBasic(request.headers.authorization), `${client.clientId}:${client.clientSecret}`, 'Basic credentials as they are');
    equal(request.fields.client_secret, undefined, 'no secret in the body');
  },
  'basic-with-client-id': (request, client) => {
    match(request.headers.authorization, /^Basic /, 'a Basic header');
    equal(request.fields.client_id, client.clientId, 'client_id repeated in the body');
    equal(request.fields.client_secret, undefined, 'no secret in the body');
  },
  form: (request, client) => {
    equal(request.headers.authorization, undefined, 'no Authorization header');
    match(request.headers['content-type'], /^application\/x-www-form-urlencoded/, 'a form body');
    deepEqual([request.fields.client_id, request.fields.client_secret], [client.clientId, client.clientSecret], 'credentials in the form');
  },
  json: (request, client) => {
    equal(request.headers.authorization, undefined, 'no Authorization header');
    match(request.headers['content-type'], /^application\/json/, 'a JSON body');
    deepEqual(JSON.parse(request.body), { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret, scope: 'read' });
  },
};

const encodeForm = (value) => new URLSearchParams([['', value]]).toString().slice(1);

export const coreTests = [];
const test = (name, fn) => coreTests.push({ name: `core: ${name}`, fn });

for (const [placement, check] of Object.entries(placementChecks)) {
  // basic-raw cannot carry the special secret (the server form-decodes it); the others must.
  const which = placement === 'basic-raw' ? 'plain' : 'special';
  test(`placement ${placement} gets a token the API accepts (${which} secret)`, async (t) => {
    const client = t.config.clients[which];
    const token = await source(t, { client, placement, grant: { scope: 'read' } }).getToken();
    const state = await t.control.state();
    equal(state.token.count, 1, 'one token request');
    const [request] = state.token.requests;
    equal(request.method, 'POST');
    equal(request.fields.grant_type, 'client_credentials');
    equal(request.fields.scope, 'read');
    check(request, client);
    deepEqual(issuedTokens(state), [token.accessToken], 'the token the server issued');
    equal(token.tokenType, 'Bearer');
    equal(token.scope, 'read');
    const answer = await callApi(`${t.config.api}items`, token.accessToken);
    equal(answer.status, 200, 'the API accepts it');
  });
}

test('placement none sends no secret and surfaces invalid_client as an OAuthError', async (t) => {
  const grant = clientCredentials({ tokenUrl: t.config.tokenUrl, clientId: t.config.clients.plain.clientId, placement: 'none' });
  const tokens = createTokenSource(grant, { transport: inlineTransport(), retry: fastRetry });
  t.defer(() => tokens.dispose());
  const error = await rejects(tokens.getToken());
  ok(isOAuthError(error) && isTokError(error), 'an OAuthError');
  equal(error.code, ErrorCode.OAuth);
  equal(error.error, 'invalid_client');
  equal(error.status, 400);
  const [request] = (await t.control.state()).token.requests;
  equal(request.headers.authorization, undefined, 'no Authorization header');
  equal(request.fields.client_secret, undefined, 'no secret');
  equal(request.fields.client_id, t.config.clients.plain.clientId);
});

test('a wrong secret is an OAuthError that never shows the secret', async (t) => {
  const secret = 'not-the-secret-123';
  const tokens = source(t, { client: { clientId: t.config.clients.plain.clientId, clientSecret: secret } });
  const error = await rejects(tokens.getToken());
  equal(error.error, 'invalid_client');
  equal(error.status, 401);
  ok(!String(error.message).includes(secret) && !JSON.stringify(grantOf(t, secret)).includes(secret), 'the secret is never printed');
});

const grantOf = (t, secret) => clientCredentials({ tokenUrl: t.config.tokenUrl, clientId: 'x', clientSecret: secret });

test('caches the token: three calls, one token request', async (t) => {
  const tokens = source(t);
  const first = await tokens.getToken();
  const second = await tokens.getToken();
  const third = await tokens.getToken();
  equal(second, first, 'the same token object');
  equal(third, first);
  equal((await t.control.state()).token.count, 1, 'one token request');
  equal(tokens.stats().cacheHits, 2);
  equal(tokens.peek(), first);
});

test('single flight: 20 concurrent calls share one token request', async (t) => {
  await t.control.behave({ delayMs: 150 });
  const tokens = source(t);
  const all = await Promise.all(Array.from({ length: 20 }, () => tokens.getToken()));
  ok(all.every((token) => token === all[0]), 'every caller gets the same token');
  equal((await t.control.state()).token.count, 1, 'one token request');
  equal(tokens.stats().tokenRequests, 1);
});

test('an expired token is replaced on the next call', async (t) => {
  let offset = 0;
  const tokens = source(t, { clock: () => Date.now() + offset });
  await t.control.behave({ expiresIn: 60 });
  const first = await tokens.getToken();
  equal(first.expiresAt - first.issuedAt, 60_000, 'a 60 s token');
  offset = 61_000;
  const second = await tokens.getToken();
  notEqual(second.accessToken, first.accessToken, 'a new token');
  equal((await t.control.state()).token.count, 2);
});

test('expires_in as a string and token_type in lower case are accepted', async (t) => {
  await t.control.behave({ expiresIn: '120', tokenType: 'bearer' });
  const token = await source(t).getToken();
  equal(token.tokenType, 'Bearer');
  equal(token.expiresAt - token.issuedAt, 120_000);
});

test('401 recovery: the API refuses the token, invalidate() gets exactly one new one', async (t) => {
  const tokens = source(t);
  const url = `${t.config.api}items`;
  const first = await tokens.getToken();
  equal((await callApi(url, first.accessToken)).status, 200);
  await t.control.expireAll();
  const refused = await callApi(url, first.accessToken);
  equal(refused.status, 401);
  ok(shouldRenewToken(refused.status, refused.headers.get('www-authenticate'), 'invalid_token'), 'WWW-Authenticate says invalid_token');
  for (let i = 0; i < 10; i++) tokens.invalidate(first); // a burst of 401s for one token
  const second = await tokens.getToken();
  notEqual(second.accessToken, first.accessToken);
  equal((await callApi(url, second.accessToken)).status, 200);
  tokens.invalidate(first); // stale: no effect
  equal(await tokens.getToken(), second);
  equal((await t.control.state()).token.count, 2, 'one refresh for the burst');
});

test('retries a 503 then succeeds', async (t) => {
  await t.control.behave({ status: 503 }, { status: 502, body: 'bad gateway' });
  const token = await source(t).getToken();
  const state = await t.control.state();
  equal(state.token.count, 3, 'two failures, one success');
  deepEqual(issuedTokens(state), [token.accessToken]);
});

test('an OAuth error answer is typed, with status and error_description', async (t) => {
  await t.control.behave({ status: 400, body: { error: 'invalid_scope', error_description: 'scope nope is unknown' } });
  const error = await rejects(source(t).getToken());
  ok(isOAuthError(error));
  deepEqual([error.code, error.error, error.errorDescription, error.status], [ErrorCode.OAuth, 'invalid_scope', 'scope nope is unknown', 400]);
  equal((await t.control.state()).token.count, 1, 'a 4xx is not retried');
});

test('a token request that hangs times out with TOK_TIMEOUT', async (t) => {
  await t.control.behave({ hang: true });
  const error = await rejects(source(t, { timeoutMs: 200, retry: { retries: 0 } }).getToken());
  ok(isTokError(error));
  equal(error.code, ErrorCode.Timeout);
});

test('an endpoint that hangs up is TOK_NETWORK, not an unhandled TypeError', async (t) => {
  const closed = new URL(t.config.tokenUrl);
  closed.port = String(t.config.downPort);
  const tokens = createTokenSource(clientCredentials({ tokenUrl: closed.href, clientId: 'a', clientSecret: 'b' }), {
    transport: inlineTransport(),
    retry: { retries: 0 },
  });
  t.defer(() => tokens.dispose());
  const error = await rejects(tokens.getToken());
  equal(error.code, ErrorCode.Network);
});

test('an aborted getToken() rejects with TOK_ABORTED while the shared request goes on', async (t) => {
  await t.control.behave({ delayMs: 200 });
  const tokens = source(t);
  const controller = new AbortController();
  const aborted = tokens.getToken({ signal: controller.signal });
  const patient = tokens.getToken();
  controller.abort();
  const error = await rejects(aborted);
  equal(error.code, ErrorCode.Aborted);
  ok((await patient).accessToken, 'the other caller still gets the token');
  equal((await t.control.state()).token.count, 1);
});

test('origin scoping: the authorizer applies to allowed origins only, never the token endpoint', async (t) => {
  const grant = clientCredentials({ tokenUrl: t.config.tokenUrl, ...t.config.clients.plain });
  const authorizer = createAuthorizer(grant, { origins: [t.config.apiOrigin, t.config.tokenOrigin] }, { transport: inlineTransport() });
  t.defer(() => authorizer.source.dispose());
  ok(authorizer.appliesTo(`${t.config.api}items?x=1`), 'the API');
  ok(!authorizer.appliesTo(`${t.config.echo}items`), 'not another origin');
  ok(!authorizer.appliesTo(t.config.tokenUrl), 'never the token endpoint, even on an allowed origin');
  ok(!authorizer.appliesTo(`${t.config.apiOrigin}@evil.example/`), 'not a userinfo trick');
  throws(() => createAuthorizer(grant, {}, { transport: inlineTransport() }), (error) => equal(error.code, ErrorCode.InvalidOption));
  match(authorizer.value(await authorizer.source.getToken()), /^Bearer \S+$/);
});

test('the secret never prints: String, JSON and the grant object', async (t) => {
  const grant = clientCredentials({ tokenUrl: t.config.tokenUrl, ...t.config.clients.special });
  const secret = t.config.clients.special.clientSecret;
  ok(!JSON.stringify(grant).includes(secret), 'JSON.stringify');
  ok(!String(grant.clientSecret).includes(secret), 'String()');
  ok(!`${grant.clientSecret}`.includes(secret), 'template literal');
  equal(grant.clientSecret.reveal(), secret, 'reveal() returns it');
});
