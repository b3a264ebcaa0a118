// The behaviour every adapter promises, run against each client this runtime has: the token goes
// only where it belongs, is fetched once and shared, and is renewed once when the API refuses it.
import { clientCredentials, createTokenSource, ErrorCode, isOAuthError } from '@tok/core';
import { deepEqual, equal, match, ok, rejects } from './assert.js';
import { inlineTransport, issuedTokens } from './helpers.js';

/**
 * Registers the shared adapter tests for one client. `client.create(auth, options)` returns
 * `send(url, { method, headers, body })` resolving to `{ status, body }` (JSON parsed), whatever the
 * status; it rejects only when the request could not be sent.
 */
export function adapterTests(client) {
  const tests = [];
  const test = (name, fn) => tests.push({ name: `${client.name}: ${name}`, fn });
  const grantOf = (t) => clientCredentials({ tokenUrl: t.config.tokenUrl, ...t.config.clients.plain });
  const api = (t, path = 'items') => `${t.config.api}${path}`;
  const originsOf = (t) => ({ origins: [t.config.apiOrigin] });

  test('a grant: the token is fetched through the client and the API accepts it', async (t) => {
    const send = client.create(grantOf(t), originsOf(t));
    const answer = await send(api(t));
    equal(answer.status, 200, 'the API accepts the call');
    const state = await t.control.state();
    equal(state.token.count, 1, 'one token request');
    deepEqual(state.api.requests.map((request) => request.token), issuedTokens(state), 'the API got the issued token');
    match(state.api.requests[0].headers.authorization, /^Bearer \S+$/);
  });

  test('caching: three calls, one token request', async (t) => {
    const send = client.create(grantOf(t), originsOf(t));
    for (const path of ['a', 'b', 'c']) equal((await send(api(t, path))).status, 200);
    equal((await t.control.state()).token.count, 1);
  });

  test('single flight: 10 concurrent first calls, one token request', async (t) => {
    await t.control.behave({ delayMs: 150 });
    const send = client.create(grantOf(t), originsOf(t));
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => send(api(t, `p${i}`))));
    deepEqual(answers.map((answer) => answer.status), Array(10).fill(200));
    equal((await t.control.state()).token.count, 1);
  });

  test('origin scoping: another origin and the token endpoint never see the token', async (t) => {
    const send = client.create(grantOf(t), originsOf(t));
    equal((await send(api(t))).status, 200);
    const other = await send(`${t.config.echo}elsewhere`);
    equal(other.status, 200);
    equal(other.body.authorization, null, 'the other origin got no Authorization header');
    const state = await t.control.state();
    equal(state.echo.requests.length, 1);
    ok(state.token.requests.every((request) => !/^bearer/i.test(request.headers.authorization ?? '')), 'no bearer token sent to the token endpoint');
  });

  test('a redirect to another origin carries no token', async (t) => {
    const send = client.create(grantOf(t), originsOf(t));
    const answer = await send(`${t.config.apiOrigin}/redirect?to=${encodeURIComponent(`${t.config.echo}landed`)}`);
    equal(answer.status, 200);
    equal(answer.body.path, '/landed', 'the redirect was followed');
    const { echo, api: apiState } = await t.control.state();
    match(apiState.requests[0].headers.authorization ?? '', /^Bearer /, 'the API origin got the token');
    deepEqual(echo.requests.map((request) => request.headers.authorization), [undefined], 'the other origin did not');
  });

  test('401 recovery: a refused token is replaced and the call retried once', async (t) => {
    const send = client.create(grantOf(t), originsOf(t));
    equal((await send(api(t))).status, 200);
    await t.control.expireAll();
    equal((await send(api(t, 'again'))).status, 200, 'the retried call succeeds');
    const state = await t.control.state();
    equal(state.token.count, 2, 'one refresh');
    deepEqual(state.api.requests.map((request) => request.status), [200, 401, 200]);
  });

  test('20 concurrent 401s for one token cause one refresh', async (t) => {
    const send = client.create(grantOf(t), originsOf(t));
    equal((await send(api(t))).status, 200);
    await t.control.expireAll();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => send(api(t, `c${i}`))));
    deepEqual(answers.map((answer) => answer.status), Array(20).fill(200));
    equal((await t.control.state()).token.count, 2);
  });

  test('a POST body is sent again on the retry', async (t) => {
    const send = client.create(grantOf(t), originsOf(t));
    equal((await send(api(t))).status, 200);
    await t.control.expireAll();
    const body = JSON.stringify({ n: 1, text: 'héllo' });
    const answer = await send(api(t, 'things'), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    equal(answer.status, 200);
    equal(answer.body.body, body, 'the API got the body on the retry');
  });

  test("the caller's own Authorization header is left alone", async (t) => {
    const send = client.create(grantOf(t), originsOf(t));
    const answer = await send(api(t), { headers: { authorization: 'Bearer callers-own' } });
    equal(answer.status, 401, 'sent as given, and not retried with a token of ours');
    const state = await t.control.state();
    equal(state.token.count, 0, 'no token request');
    deepEqual(state.api.requests.map((request) => request.token), ['callers-own']);
  });

  test('a shared token source and a static token string', async (t) => {
    const source = createTokenSource(grantOf(t), { transport: inlineTransport() });
    t.defer(() => source.dispose());
    const first = client.create(source, originsOf(t));
    const second = client.create(source, originsOf(t));
    equal((await first(api(t))).status, 200);
    equal((await second(api(t))).status, 200);
    equal((await t.control.state()).token.count, 1, 'one token for both clients');
    const fixed = client.create(`Bearer ${(await source.getToken()).accessToken}`, originsOf(t));
    equal((await fixed(api(t))).status, 200, 'a static token works');
  });

  test('no token, no request: the call rejects with the OAuth error', async (t) => {
    await t.control.behave({ status: 400, body: { error: 'invalid_client', error_description: 'unknown client' } });
    const send = client.create(grantOf(t), originsOf(t));
    const error = await rejects(send(api(t)));
    const cause = client.unwrap ? client.unwrap(error) : error;
    ok(isOAuthError(cause), `an OAuthError, got ${cause?.name}: ${cause?.message}`);
    deepEqual([cause.code, cause.error], [ErrorCode.OAuth, 'invalid_client']);
    equal((await t.control.state()).api.requests.length, 0, 'the API was never called');
  });

  return tests;
}
