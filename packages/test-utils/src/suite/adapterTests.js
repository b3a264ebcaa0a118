// The behaviour every HTTP-client adapter promises (@tok/fetch, @tok/axios, @tok/ky), written once
// for every runtime: plain ESM and web APIs only. Node runs it under vitest (../adapterSuite.ts),
// Bun, Deno, workerd and Chromium through the runtime suite (packages/runtime-tests/suite); each
// shim hands the tests a context with the servers' addresses, what they received and their levers.
// The servers themselves always run in Node. Types: ./adapterTests.d.ts.
import { deepEqual, equal, match, ok, rejects } from './assert.js';

// Where tok follows redirects itself: everywhere but in a browser, where the browser follows them
// (dropping only Authorization across origins) and a manual redirect would hide its target.
const scope = globalThis;
const tokFollowsRedirects = scope.document === undefined && typeof scope.importScripts !== 'function';

/** The adapter tests for one client, as `[{ name, fn(context) }]`. */
export function adapterTests(core, driver) {
  const tests = [];
  const test = (name, fn) => tests.push({ name: `${driver.name}: ${name}`, fn });
  const grant = (t, clientSecret = t.client.clientSecret) => core.clientCredentials({ tokenUrl: t.tokenUrl, clientId: t.client.clientId, clientSecret });
  const issued = (state, index) => state.token.issued[index]?.accessToken;
  const redirect = (t, to, status = 307) => `${t.apiOrigin}/redirect?status=${status}&to=${encodeURIComponent(to)}`;

  // Header
  test('attaches Authorization: Bearer <token> from a grant, fetched once and reused', async (t) => {
    const client = driver.client(grant(t), { origins: [t.apiOrigin] });
    equal((await client.send(`${t.apiOrigin}/items`)).status, 200);
    equal((await client.send(`${t.apiOrigin}/items/2`)).status, 200);
    const state = await t.state();
    equal(state.token.count, 1, 'one token request');
    deepEqual(state.api.requests.map((request) => request.headers.authorization), [`Bearer ${issued(state, 0)}`, `Bearer ${issued(state, 0)}`]);
  });

  test('single flight: 10 concurrent first calls, one token request', async (t) => {
    await t.behave({ delayMs: 150 });
    const client = driver.client(grant(t), { origins: [t.apiOrigin] });
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => client.send(`${t.apiOrigin}/p${i}`)));
    deepEqual(answers.map((answer) => answer.status), Array(10).fill(200));
    equal((await t.state()).token.count, 1);
  });

  test('uses the configured header name and scheme', async (t) => {
    await driver.client(grant(t), { origins: [t.echoOrigin], header: 'X-Api-Key', scheme: '' }).send(t.echoUrl);
    await driver.client(grant(t), { origins: [t.echoOrigin], scheme: 'Token' }).send(t.echoUrl);
    const state = await t.state();
    deepEqual(
      state.echo.requests.map((request) => [request.headers['x-api-key'], request.headers.authorization]),
      [
        [issued(state, 0), undefined],
        [undefined, `Token ${issued(state, 1)}`],
      ],
    );
  });

  test('leaves the header alone when the caller set it on the request, and fetches no token', async (t) => {
    await driver.client(grant(t), { origins: [t.echoOrigin] }).send(t.echoUrl, { headers: { Authorization: 'Bearer mine' } });
    await driver.client(grant(t), { origins: [t.echoOrigin], header: 'x-api-key' }).send(t.echoUrl, { headers: { 'X-API-Key': 'my-key' } });
    const state = await t.state();
    deepEqual(state.echo.requests.map((request) => [request.headers.authorization, request.headers['x-api-key']]), [
      ['Bearer mine', undefined],
      [undefined, 'my-key'],
    ]);
    equal(state.token.count, 0);
  });

  // Origins
  test('sends no token to an origin that is not allowed, and fetches none for it', async (t) => {
    equal((await driver.client(grant(t), { origins: [t.apiOrigin] }).send(`${t.echoOrigin}/elsewhere`)).status, 200);
    const state = await t.state();
    equal(state.echo.requests[0]?.headers.authorization, undefined);
    equal(state.token.count, 0);
  });

  if (driver.hasBaseUrl) {
    test('defaults origins to the base URL origin', async (t) => {
      const client = driver.client(grant(t), {}, `${t.apiOrigin}/`);
      equal((await client.send(`${t.apiOrigin}/items`)).status, 200);
      await client.send(t.echoUrl);
      const state = await t.state();
      equal(state.api.requests[0]?.token, issued(state, 0));
      equal(state.echo.requests[0]?.headers.authorization, undefined);
    });
  }

  test('refuses a setup with neither origins nor base URL, explaining the choice; origins "*" opts in to every origin', async (t) => {
    const setup = async () => driver.client(grant(t), {}).send(t.echoUrl);
    await rejects(setup, (error) => {
      ok(error instanceof core.ConfigError, `a ConfigError, got ${error?.name}`);
      match(error.message, /origins.*"\*"/);
    });
    equal((await t.state()).echo.requests.length, 0);
    await driver.client(grant(t), { origins: '*' }).send(t.echoUrl);
    const state = await t.state();
    equal(state.echo.requests[0]?.headers.authorization, `Bearer ${issued(state, 0)}`);
  });

  test('never sends the token to the token endpoint, even on an allowed origin', async (t) => {
    const client = driver.client(grant(t), { origins: '*' });
    await client.send(t.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
    let state = await t.state();
    equal(state.token.requests.length, 1);
    equal(state.token.requests[0]?.headers.authorization, undefined);
    await client.send(`${t.tokenOrigin}/other`);
    state = await t.state();
    equal(state.token.requests.at(-1)?.headers.authorization, `Bearer ${issued(state, 0)}`);
  });

  // Redirects. In a browser the browser follows them and drops only Authorization across origins.
  for (const header of tokFollowsRedirects ? ['authorization', 'x-api-key'] : ['authorization']) {
    test(`a redirect to another origin carries no token (${header})`, async (t) => {
      const response = await driver.client(grant(t), { origins: [t.apiOrigin], header }).send(redirect(t, `${t.echoOrigin}/landing`));
      equal(response.status, 200);
      const state = await t.state();
      match(state.api.requests[0]?.headers[header], new RegExp(`${issued(state, 0)}$`), 'the API origin got the token');
      equal(state.echo.requests.length, 1, 'the redirect was followed');
      equal(state.echo.requests[0]?.headers[header], undefined);
    });

    test(`a redirect to the token endpoint carries no token (${header})`, async (t) => {
      await driver.client(grant(t), { origins: '*', header }).send(redirect(t, t.tokenUrl));
      const state = await t.state();
      equal(state.token.requests.length, 2);
      match(state.token.requests[0]?.headers.authorization, /^Basic /);
      deepEqual([state.token.requests[1]?.headers.authorization, state.token.requests.map((request) => request.headers['x-api-key'])], [undefined, [undefined, undefined]]);
      match(state.api.requests[0]?.headers[header], new RegExp(`${issued(state, 0)}$`));
    });
  }

  if (tokFollowsRedirects) {
    test('a redirect to another allowed origin carries the token', async (t) => {
      await driver.client(grant(t), { origins: [t.apiOrigin, t.echoOrigin] }).send(redirect(t, `${t.echoOrigin}/landing`, 302));
      const state = await t.state();
      equal(state.echo.requests[0]?.headers.authorization, `Bearer ${issued(state, 0)}`);
    });
  }

  test('a POST redirected with 303 arrives as a GET without its body, the token decided for the hop', async (t) => {
    const sent = { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'payload' };
    equal((await driver.client(grant(t), { origins: [t.apiOrigin] }).send(redirect(t, `${t.echoOrigin}/landing`, 303), sent)).status, 200);
    const state = await t.state();
    equal(state.api.requests[0]?.body, 'payload');
    const [hop] = state.echo.requests;
    deepEqual([hop?.method, hop?.body, hop?.headers.authorization, hop?.headers['content-type']], ['GET', '', undefined, undefined]);
  });

  // onSkip
  test('onSkip reports each request that goes out without a token: its origin only, and why', async (t) => {
    const skips = [];
    const client = driver.client(grant(t), { origins: [t.apiOrigin, t.tokenOrigin], onSkip: (skip) => skips.push(skip) });
    await client.send(`${t.echoOrigin}/private/path?user=alice`);
    await client.send(`${t.apiOrigin}/items`);
    await client.send(`${t.apiOrigin}/mine`, { headers: { Authorization: 'Bearer mine' } });
    await client.send(t.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
    deepEqual(skips, [
      { origin: t.echoOrigin, reason: 'origin' },
      { origin: t.apiOrigin, reason: 'own-header' },
      { origin: t.tokenOrigin, reason: 'token-endpoint' },
    ]);
    // The hook saw no path or query, and the token requests themselves are not reported.
    ok(!/private|alice|mine/.test(JSON.stringify(skips)), 'no path, query or header value reported');
    const state = await t.state();
    match(state.token.requests[0]?.headers.authorization, /^Basic /);
    equal(state.token.requests[1]?.headers.authorization, undefined);
  });

  if (tokFollowsRedirects) {
    test('onSkip reports a redirect hop to an origin that is not allowed', async (t) => {
      const skips = [];
      const client = driver.client(grant(t), { origins: [t.apiOrigin], header: 'x-api-key', onSkip: (skip) => skips.push(skip) });
      await client.send(redirect(t, `${t.echoOrigin}/landing?id=7`));
      deepEqual(skips, [{ origin: t.echoOrigin, reason: 'origin' }]);
      equal((await t.state()).echo.requests[0]?.headers['x-api-key'], undefined);
    });
  }

  test('refuses an onSkip that is not a function, as a ConfigError', async (t) => {
    await rejects(async () => driver.client(grant(t), { origins: [t.apiOrigin], onSkip: 'console' }).send(`${t.apiOrigin}/items`), (error) => ok(error instanceof core.ConfigError));
    equal((await t.state()).api.requests.length, 0);
  });

  // 401 recovery
  test('invalidates exactly the token the request used and retries once with a fresh one, body included', async (t) => {
    const client = driver.client(grant(t), { origins: [t.apiOrigin] });
    await client.send(`${t.apiOrigin}/warm`);
    await t.expire(issued(await t.state(), 0));
    const body = JSON.stringify({ n: 1, text: 'héllo' });
    equal((await client.send(`${t.apiOrigin}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status, 200);
    const state = await t.state();
    deepEqual(state.api.requests.map((request) => [request.status, request.token, request.body]), [
      [200, issued(state, 0), ''],
      [401, issued(state, 0), body],
      [200, issued(state, 1), body],
    ]);
    equal(state.token.count, 2);
  });

  test('50 concurrent 401s for one token cause exactly one refresh', async (t) => {
    const client = driver.client(grant(t), { origins: [t.apiOrigin] });
    await client.send(`${t.apiOrigin}/warm`);
    await t.expire(issued(await t.state(), 0));
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => client.send(`${t.apiOrigin}/items/${i}`)));
    deepEqual(responses.map((response) => response.status), Array(50).fill(200));
    const state = await t.state();
    equal(state.token.count, 2);
    equal(state.api.requests.filter((request) => request.status === 200 && request.token === issued(state, 1)).length, 50);
  });

  test('an API that refuses every token is paced: 50 calls in a row cost 2 token requests, not 51', async (t) => {
    const client = driver.client(grant(t), { origins: [t.refusingOrigin] });
    const started = Date.now();
    for (let i = 0; i < 50; i++) equal((await client.send(`${t.refusingOrigin}/items/${i}`)).status, 401);
    // The first token, then a new one for the first refusal; later refusals are paced (1 s, then
    // 2 s, 4 s, …), so a machine slow enough to need seconds for the 50 calls may see one more per
    // pace that has passed, never one per call.
    const elapsedS = (Date.now() - started) / 1_000;
    const atMost = 2 + Math.floor(Math.log2(elapsedS + 1));
    const { count } = (await t.state()).token;
    ok(count >= 2 && count <= atMost, `2 to ${atMost} token requests in ${elapsedS.toFixed(1)} s, got ${count}`);
  });

  test('a late 401 for a token already replaced causes no further refresh: the request is retried with the current token', async (t) => {
    const client = driver.client(grant(t), { origins: [t.apiOrigin] });
    await client.send(`${t.apiOrigin}/warm`);
    // Sent with token 0, checked by the API only after token 0 was refused and replaced (the
    // hold leaves a loaded machine plenty of time for the steps in between).
    const late = client.send(`${t.apiOrigin}/late?delay=1500`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await t.expire(issued(await t.state(), 0));
    equal((await client.send(`${t.apiOrigin}/now`)).status, 200);
    equal((await t.state()).token.count, 2);
    equal((await late).status, 200);
    const state = await t.state();
    equal(state.token.count, 2);
    const lateRequests = state.api.requests.filter((request) => request.path.startsWith('/late'));
    deepEqual(lateRequests.map((request) => [request.status, request.token]), [
      [401, issued(state, 0)],
      [200, issued(state, 1)],
    ]);
  });

  test('retryOn401 "invalid_token" retries only a 401 whose challenge says invalid_token', async (t) => {
    const counts = async () => {
      const state = await t.state();
      return [state.api.requests.length, state.token.count];
    };
    // The API reads only Authorization: a token in another header earns a bare `Bearer` challenge.
    const bare = await driver.client(grant(t), { origins: [t.apiOrigin], header: 'x-token', retryOn401: 'invalid_token' }).send(`${t.apiOrigin}/a`);
    deepEqual([bare.status, ...(await counts())], [401, 1, 1]);
    const any = await driver.client(grant(t), { origins: [t.apiOrigin], header: 'x-token' }).send(`${t.apiOrigin}/b`);
    deepEqual([any.status, ...(await counts())], [401, 3, 3]);

    const client = driver.client(grant(t), { origins: [t.apiOrigin], retryOn401: 'invalid_token' });
    await client.send(`${t.apiOrigin}/warm`);
    await t.expireAll();
    equal((await client.send(`${t.apiOrigin}/c`)).status, 200);
    equal((await t.state()).token.count, 5);
  });

  test('retryOn401 "never" returns the 401', async (t) => {
    const client = driver.client(grant(t), { origins: [t.apiOrigin], retryOn401: 'never' });
    await client.send(`${t.apiOrigin}/warm`);
    await t.expire(issued(await t.state(), 0));
    equal((await client.send(`${t.apiOrigin}/items`)).status, 401);
    const state = await t.state();
    deepEqual([state.api.requests.length, state.token.count], [2, 1]);
  });

  if (driver.streams !== false) {
    test('does not retry a request whose body cannot be replayed, but drops its token', async (t) => {
      const client = driver.client(grant(t), { origins: [t.apiOrigin] });
      await client.send(`${t.apiOrigin}/warm`);
      await t.expire(issued(await t.state(), 0));
      equal((await client.send(`${t.apiOrigin}/upload`, { method: 'POST', body: 'streamed', stream: true })).status, 401);
      let state = await t.state();
      deepEqual(state.api.requests.map((request) => [request.status, request.body]), [
        [200, ''],
        [401, 'streamed'],
      ]);
      equal((await client.send(`${t.apiOrigin}/next`)).status, 200);
      state = await t.state();
      equal(state.api.requests[2]?.token, issued(state, 1));
    });
  }

  // Auth
  test('sends a static token as Bearer, with or without the scheme, and never retries it', async (t) => {
    await driver.client('abc', { origins: [t.echoOrigin] }).send(t.echoUrl);
    await driver.client('Bearer abc', { origins: [t.echoOrigin] }).send(t.echoUrl);
    deepEqual((await t.state()).echo.requests.map((request) => request.headers.authorization), ['Bearer abc', 'Bearer abc']);

    const source = core.createTokenSource(grant(t), { transport: driver.transport() });
    const { accessToken } = await source.getToken();
    source.dispose();
    const client = driver.client(accessToken, { origins: [t.apiOrigin] });
    equal((await client.send(`${t.apiOrigin}/a`)).status, 200);
    await t.expire(accessToken);
    equal((await client.send(`${t.apiOrigin}/b`)).status, 401);
    const state = await t.state();
    deepEqual([state.api.requests.length, state.token.count], [2, 1]);
  });

  test('shares one token source between clients', async (t) => {
    const source = core.createTokenSource(grant(t), { transport: driver.transport() });
    t.defer(() => source.dispose());
    const first = driver.client(source, { origins: [t.apiOrigin] });
    const second = driver.client(source, { origins: [t.apiOrigin] });
    await Promise.all([first.send(`${t.apiOrigin}/one`), second.send(`${t.apiOrigin}/two`)]);
    const state = await t.state();
    equal(state.token.count, 1);
    deepEqual(state.api.requests.map((request) => request.status), [200, 200]);
  });

  // No token
  test('rejects with OAuthError and sends nothing when the token endpoint refuses the client', async (t) => {
    const error = await rejects(driver.client(grant(t, 'wrong'), { origins: [t.apiOrigin] }).send(`${t.apiOrigin}/items`));
    ok(error instanceof core.OAuthError, `an OAuthError, got ${error?.name}: ${error?.message}`);
    equal(error.error, 'invalid_client');
    equal((await t.state()).api.requests.length, 0);
  });

  test('rejects with TransportError and sends nothing when the token endpoint is down', async (t) => {
    const down = core.clientCredentials({ tokenUrl: t.downTokenUrl, clientId: t.client.clientId, clientSecret: t.client.clientSecret });
    const error = await rejects(driver.client(down, { origins: [t.apiOrigin], source: { retry: { retries: 0 } } }).send(`${t.apiOrigin}/items`));
    ok(error instanceof core.TransportError, `a TransportError, got ${error?.name}: ${error?.message}`);
    equal((await t.state()).api.requests.length, 0);
  });

  test("the caller's signal aborts the wait for a token, and nothing is sent", async (t) => {
    await t.behave({ delayMs: 1_000 });
    const controller = new AbortController();
    const attempt = driver.client(grant(t), { origins: [t.apiOrigin] }).send(`${t.apiOrigin}/items`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await rejects(attempt);
    ok(driver.isAbort(error), `the client's abort error, got ${error?.name}: ${error?.message}`);
    // The token request others could wait on goes on: its token arrives, and is never sent.
    const until = Date.now() + 10_000;
    while ((await t.state()).token.issued.length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    const state = await t.state();
    equal(state.token.issued.length, 1);
    equal(state.api.requests.length, 0);
  });

  // The transport
  const tokenRequest = (t, secret) => ({
    url: t.tokenUrl,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: `grant_type=client_credentials&client_id=${encodeURIComponent(t.client.clientId)}&client_secret=${secret}`,
  });

  test('transport: answers status, lower-case headers and the text body, whatever the status', async (t) => {
    const transport = driver.transport();
    const answer = await transport(tokenRequest(t, encodeURIComponent(t.client.clientSecret)), { signal: new AbortController().signal });
    equal(answer.status, 200);
    match(answer.headers['content-type'], /^application\/json/);
    equal(answer.headers['cache-control'], 'no-store');
    const state = await t.state();
    deepEqual([JSON.parse(answer.body).access_token, JSON.parse(answer.body).token_type], [issued(state, 0), 'Bearer']);
    const refused = await transport(tokenRequest(t, 'wrong'), { signal: new AbortController().signal });
    // RFC 6749 §5.2: 400 for credentials in the body (401 is for the Authorization header).
    deepEqual([refused.status, JSON.parse(refused.body).error], [400, 'invalid_client']);
  });

  if (tokFollowsRedirects) {
    test('transport: does not follow redirects', async (t) => {
      const answer = await driver.transport()({ url: redirect(t, t.echoUrl), method: 'POST', headers: {}, body: 'client_secret=s' }, { signal: new AbortController().signal });
      equal(answer.status, 307);
      equal((await t.state()).echo.requests.length, 0);
    });
  }

  test('transport: rejects when its signal aborts', async (t) => {
    await t.behave({ delayMs: 2_000 });
    const controller = new AbortController();
    const pending = driver.transport()(tokenRequest(t, 'x'), { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await rejects(pending);
  });

  if (driver.transportOnClient) {
    test("transport: bypasses the adapter's own token handling", async (t) => {
      await driver.transportOnClient('static-token')({ url: t.echoUrl, method: 'POST', headers: {}, body: 'x' }, { signal: new AbortController().signal });
      equal((await t.state()).echo.requests[0]?.headers.authorization, undefined);
    });
  }

  return tests;
}
