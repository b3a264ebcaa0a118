// One suite for every HTTP-client adapter (@tok/fetch, @tok/axios, @tok/ky): each package runs it
// with a small driver against real servers on 127.0.0.1. Kept apart from the index, which must not
// import vitest (benchmarks and the demo import the servers too).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApiServer, startApiServer } from './apiServer.js';
import { type EchoServer, startEchoServer } from './echoServer.js';
import { listen, send } from './http.js';
import { type TokenServer, startTokenServer } from './tokenServer.js';

/** A request as the suite describes it; each driver turns it into its client's call. */
export interface SuiteRequest {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Send `body` as a stream, which the client cannot send twice. */
  readonly stream?: boolean;
  readonly signal?: AbortSignal;
}

/** An answer, whatever its status: drivers turn off their client's HTTP-error rejection. */
export interface SuiteResponse {
  readonly status: number;
  readonly body: string;
}

/** A client with the adapter installed. */
export interface SuiteClient {
  send(url: string, request?: SuiteRequest): Promise<SuiteResponse>;
}

/** The parts of `@tok/core` the suite uses, passed in: test-utils cannot depend on core (core's tests use test-utils). */
export interface SuiteCore {
  clientCredentials(options: { tokenUrl: string; clientId: string; clientSecret: string }): object;
  createTokenSource(grant: object, options: { transport: never }): { getToken(): Promise<{ accessToken: string }>; dispose(): void };
  ConfigError: abstract new (...args: never[]) => Error;
  OAuthError: abstract new (...args: never[]) => Error;
  TransportError: abstract new (...args: never[]) => Error;
}

/** What the suite needs from one adapter. */
export interface AdapterDriver {
  readonly name: string;
  /**
   * A client using the adapter with `auth` (grant, token source or string) and `options`; `baseUrl`
   * is the client's base URL (axios `baseURL`, ky `prefixUrl`). A setup error may be thrown here or
   * by the first request.
   */
  client(auth: unknown, options: Readonly<Record<string, unknown>>, baseUrl?: string): SuiteClient;
  /** Whether the client has a base URL whose origin `origins` defaults to. */
  readonly hasBaseUrl: boolean;
  /** The adapter's transport (`fetchTransport(fetch)`, …). */
  transport(): unknown;
  /** A transport built on a client that has the adapter installed with `auth` for every origin, if the adapter has one. */
  transportOnClient?(auth: unknown): unknown;
  /** Whether `error` is how the client reports a request aborted by its caller. */
  isAbort(error: unknown): boolean;
}

type Transport = (request: { url: string; method: string; headers: Record<string, string>; body?: string }, init: { signal: AbortSignal }) => Promise<{ status: number; headers: Record<string, string>; body: string }>;

/**
 * Registers the behaviour every adapter shares: where the token goes (header, origins, redirects,
 * token endpoint), 401 recovery, failures, static tokens, shared sources, abort and the transport.
 *
 * @example
 * ```ts
 * import * as core from '@tok/core';
 * adapterSuite(core, { name: 'fetch', hasBaseUrl: false, client: (auth, options) => …, … });
 * ```
 */
export function adapterSuite(core: SuiteCore, driver: AdapterDriver): void {
  describe(`${driver.name}: shared adapter behaviour`, () => {
    let tokens: TokenServer;
    let api: ApiServer;
    let echo: EchoServer;
    const grant = (clientSecret = 'test-secret') => core.clientCredentials({ tokenUrl: tokens.url, clientId: 'test-client', clientSecret });
    const issued = (index: number) => tokens.issued[index]?.accessToken;
    const tokenOf = (index: number) => api.requests.map((request) => request.token)[index];

    beforeEach(async () => {
      tokens = await startTokenServer();
      [api, echo] = await Promise.all([startApiServer({ tokenServer: tokens }), startEchoServer()]);
    });
    afterEach(() => Promise.all([tokens.close(), api.close(), echo.close()]));

    describe('header', () => {
      it('attaches Authorization: Bearer <token> from a grant, fetched once and reused', async () => {
        const client = driver.client(grant(), { origins: [api.origin] });
        expect(await client.send(`${api.origin}/items`)).toMatchObject({ status: 200 });
        expect(await client.send(`${api.origin}/items/2`)).toMatchObject({ status: 200 });
        expect(tokens.count).toBe(1);
        expect(api.requests.map((request) => request.headers.authorization)).toStrictEqual([`Bearer ${issued(0)}`, `Bearer ${issued(0)}`]);
      });

      it('uses the configured header name and scheme', async () => {
        await driver.client(grant(), { origins: [echo.origin], header: 'X-Api-Key', scheme: '' }).send(echo.url);
        await driver.client(grant(), { origins: [echo.origin], scheme: 'Token' }).send(echo.url);
        expect(echo.requests[0]?.headers['x-api-key']).toBe(issued(0));
        expect(echo.requests[0]?.headers.authorization).toBeUndefined();
        expect(echo.requests[1]?.headers.authorization).toBe(`Token ${issued(1)}`);
      });

      it('leaves the header alone when the caller set it on the request, and fetches no token', async () => {
        await driver.client(grant(), { origins: [echo.origin] }).send(echo.url, { headers: { Authorization: 'Bearer mine' } });
        await driver.client(grant(), { origins: [echo.origin], header: 'x-api-key' }).send(echo.url, { headers: { 'X-API-Key': 'my-key' } });
        expect(echo.requests.map((request) => [request.headers.authorization, request.headers['x-api-key']])).toStrictEqual([
          ['Bearer mine', undefined],
          [undefined, 'my-key'],
        ]);
        expect(tokens.count).toBe(0);
      });
    });

    describe('origins', () => {
      it('sends no token to an origin that is not allowed, and fetches none for it', async () => {
        const response = await driver.client(grant(), { origins: [api.origin] }).send(`${echo.origin}/elsewhere`);
        expect(response.status).toBe(200);
        expect(echo.requests[0]?.headers.authorization).toBeUndefined();
        expect(tokens.count).toBe(0);
      });

      // Registered only for clients with a base URL (no skipped tests elsewhere).
      if (driver.hasBaseUrl) it('defaults origins to the base URL origin', async () => {
        const client = driver.client(grant(), {}, `${api.origin}/`);
        expect(await client.send(`${api.origin}/items`)).toMatchObject({ status: 200 });
        await client.send(echo.url);
        expect(tokenOf(0)).toBe(issued(0));
        expect(echo.requests[0]?.headers.authorization).toBeUndefined();
      });

      it('refuses a setup with neither origins nor base URL, explaining the choice; origins "*" opts in to every origin', async () => {
        const setup = async () => driver.client(grant(), {}).send(echo.url);
        await expect(setup()).rejects.toThrow(core.ConfigError);
        await expect(setup()).rejects.toThrow(/origins.*"\*"/);
        expect(echo.count).toBe(0);
        await driver.client(grant(), { origins: '*' }).send(echo.url);
        expect(echo.requests[0]?.headers.authorization).toBe(`Bearer ${issued(0)}`);
      });

      it('never sends the token to the token endpoint, even on an allowed origin', async () => {
        const client = driver.client(grant(), { origins: '*' });
        await client.send(tokens.url, { method: 'POST', body: 'grant_type=client_credentials' });
        expect(tokens.requests).toHaveLength(1);
        expect(tokens.requests[0]?.headers.authorization).toBeUndefined();
        await client.send(`${tokens.origin}/other`);
        expect(tokens.requests.at(-1)?.headers.authorization).toBe(`Bearer ${issued(0)}`);
      });
    });

    describe('redirects', () => {
      const redirect = (to: string, status = 307) => `${api.origin}/redirect?status=${status}&to=${encodeURIComponent(to)}`;

      it.each([{ header: 'authorization' }, { header: 'x-api-key' }])('a redirect to another origin carries no token ($header)', async ({ header }) => {
        const response = await driver.client(grant(), { origins: [api.origin], header }).send(redirect(`${echo.origin}/landing`));
        expect(response.status).toBe(200);
        expect(api.requests[0]?.headers[header]).toMatch(new RegExp(`${issued(0)}$`));
        expect(echo.requests).toHaveLength(1);
        expect(echo.requests[0]?.headers[header]).toBeUndefined();
      });

      it('a redirect to another allowed origin carries the token', async () => {
        await driver.client(grant(), { origins: [api.origin, echo.origin] }).send(redirect(`${echo.origin}/landing`, 302));
        expect(echo.requests[0]?.headers.authorization).toBe(`Bearer ${issued(0)}`);
      });

      it.each([{ header: 'authorization' }, { header: 'x-api-key' }])('a redirect to the token endpoint carries no token ($header)', async ({ header }) => {
        await driver.client(grant(), { origins: '*', header }).send(redirect(tokens.url));
        expect(tokens.requests.map((request) => request.headers.authorization)).toStrictEqual([expect.stringMatching(/^Basic /), undefined]);
        expect(tokens.requests.map((request) => request.headers['x-api-key'])).toStrictEqual([undefined, undefined]);
        expect(api.requests[0]?.headers[header]).toMatch(new RegExp(`${issued(0)}$`));
      });

      it('a POST redirected with 303 arrives as a GET without its body, the token decided for the hop', async () => {
        const response = await driver.client(grant(), { origins: [api.origin] }).send(redirect(`${echo.origin}/landing`, 303), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'payload' });
        expect(response.status).toBe(200);
        expect(api.requests[0]?.body).toBe('payload');
        expect([echo.requests[0]?.method, echo.requests[0]?.body, echo.requests[0]?.headers.authorization, echo.requests[0]?.headers['content-type']]).toStrictEqual(['GET', '', undefined, undefined]);
      });
    });

    describe('onSkip', () => {
      type Skip = { origin: string; reason: string };

      it('reports each request that goes out without a token: its origin only, and why', async () => {
        const skips: Skip[] = [];
        const client = driver.client(grant(), { origins: [api.origin, tokens.origin], onSkip: (skip: Skip) => skips.push(skip) });
        await client.send(`${echo.origin}/private/path?user=alice`);
        await client.send(`${api.origin}/items`);
        await client.send(`${api.origin}/mine`, { headers: { Authorization: 'Bearer mine' } });
        await client.send(tokens.url, { method: 'POST', body: 'grant_type=client_credentials' });
        expect(skips).toStrictEqual([
          { origin: echo.origin, reason: 'origin' },
          { origin: api.origin, reason: 'own-header' },
          { origin: tokens.origin, reason: 'token-endpoint' },
        ]);
        // The hook saw no path or query, and the token requests themselves are not reported.
        expect(JSON.stringify(skips)).not.toMatch(/private|alice|mine/);
        expect(tokens.requests.map((request) => request.headers.authorization)).toStrictEqual([expect.stringMatching(/^Basic /), undefined]);
      });

      it('reports a redirect hop to an origin that is not allowed', async () => {
        const skips: Skip[] = [];
        const client = driver.client(grant(), { origins: [api.origin], header: 'x-api-key', onSkip: (skip: Skip) => skips.push(skip) });
        await client.send(`${api.origin}/redirect?status=307&to=${encodeURIComponent(`${echo.origin}/landing?id=7`)}`);
        expect(skips).toStrictEqual([{ origin: echo.origin, reason: 'origin' }]);
        expect(echo.requests[0]?.headers['x-api-key']).toBeUndefined();
      });

      it('refuses an onSkip that is not a function, as a ConfigError', async () => {
        await expect(async () => driver.client(grant(), { origins: [api.origin], onSkip: 'console' }).send(`${api.origin}/items`)).rejects.toThrow(core.ConfigError);
        expect(api.count).toBe(0);
      });
    });

    describe('401 recovery', () => {
      it('invalidates exactly the token the request used and retries once with a fresh one, body included', async () => {
        const client = driver.client(grant(), { origins: [api.origin] });
        await client.send(`${api.origin}/warm`);
        api.expire(issued(0) ?? '');
        const response = await client.send(`${api.origin}/items`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'payload' });
        expect(response.status).toBe(200);
        expect(api.requests.map((request) => [request.status, request.token, request.body])).toStrictEqual([
          [200, issued(0), ''],
          [401, issued(0), 'payload'],
          [200, issued(1), 'payload'],
        ]);
        expect(tokens.count).toBe(2);
      });

      it('50 concurrent 401s for one token cause exactly one refresh', async () => {
        const client = driver.client(grant(), { origins: [api.origin] });
        await client.send(`${api.origin}/warm`);
        api.expire(issued(0) ?? '');
        const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => client.send(`${api.origin}/items/${i}`)));
        expect(responses.map((response) => response.status)).toStrictEqual(Array(50).fill(200));
        expect(tokens.count).toBe(2);
        expect(api.requests.filter((request) => request.status === 200 && request.token === issued(1))).toHaveLength(50);
      });

      it('an API that refuses every token is paced: 50 calls in a row cost 2 token requests, not 51', async () => {
        const refusing = await listen(async (_req, res) => send(res, 401, 'refused', { 'www-authenticate': 'Bearer error="invalid_token"' }));
        try {
          const client = driver.client(grant(), { origins: [refusing.origin] });
          const started = Date.now();
          for (let i = 0; i < 50; i++) expect((await client.send(`${refusing.origin}/items/${i}`)).status).toBe(401);
          // The first refusal is answered at once, the next one no sooner than 1 s later; a machine
          // slow enough to need more than 1 s for the 50 calls may see one more.
          expect(tokens.count).toBe(Date.now() - started < 1_000 ? 2 : 3);
        } finally {
          await refusing.close();
        }
      });

      it('a late 401 for a token already replaced causes no further refresh: the request is retried with the current token', async () => {
        const client = driver.client(grant(), { origins: [api.origin] });
        await client.send(`${api.origin}/warm`);
        // Sent with token 0, checked by the API only after token 0 was refused and replaced (the
        // hold leaves a loaded machine plenty of time for the steps in between).
        const late = client.send(`${api.origin}/late?delay=1500`);
        await new Promise((resolve) => setTimeout(resolve, 100));
        api.expire(issued(0) ?? '');
        expect((await client.send(`${api.origin}/now`)).status).toBe(200);
        expect(tokens.count).toBe(2);
        expect((await late).status).toBe(200);
        expect(tokens.count).toBe(2);
        const lateRequests = api.requests.filter((request) => request.path.startsWith('/late'));
        expect(lateRequests.map((request) => [request.status, request.token])).toStrictEqual([
          [401, issued(0)],
          [200, issued(1)],
        ]);
      });

      it('retryOn401 "invalid_token" retries only a 401 whose challenge says invalid_token', async () => {
        // The API reads only Authorization: a token in another header earns a bare `Bearer` challenge.
        const bare = await driver.client(grant(), { origins: [api.origin], header: 'x-token', retryOn401: 'invalid_token' }).send(`${api.origin}/a`);
        expect([bare.status, api.count, tokens.count]).toStrictEqual([401, 1, 1]);
        const any = await driver.client(grant(), { origins: [api.origin], header: 'x-token' }).send(`${api.origin}/b`);
        expect([any.status, api.count, tokens.count]).toStrictEqual([401, 3, 3]);

        const client = driver.client(grant(), { origins: [api.origin], retryOn401: 'invalid_token' });
        await client.send(`${api.origin}/warm`);
        api.expireAll();
        expect(await client.send(`${api.origin}/c`)).toMatchObject({ status: 200 });
        expect(tokens.count).toBe(5);
      });

      it('retryOn401 "never" returns the 401', async () => {
        const client = driver.client(grant(), { origins: [api.origin], retryOn401: 'never' });
        await client.send(`${api.origin}/warm`);
        api.expire(issued(0) ?? '');
        expect(await client.send(`${api.origin}/items`)).toMatchObject({ status: 401 });
        expect([api.count, tokens.count]).toStrictEqual([2, 1]);
      });

      it('does not retry a request whose body cannot be replayed, but drops its token', async () => {
        const client = driver.client(grant(), { origins: [api.origin] });
        await client.send(`${api.origin}/warm`);
        api.expire(issued(0) ?? '');
        const response = await client.send(`${api.origin}/upload`, { method: 'POST', body: 'streamed', stream: true });
        expect(response.status).toBe(401);
        expect(api.requests.map((request) => [request.status, request.body])).toStrictEqual([
          [200, ''],
          [401, 'streamed'],
        ]);
        expect(await client.send(`${api.origin}/next`)).toMatchObject({ status: 200 });
        expect(tokenOf(2)).toBe(issued(1));
      });
    });

    describe('auth', () => {
      it('sends a static token as Bearer, with or without the scheme, and never retries it', async () => {
        await driver.client('abc', { origins: [echo.origin] }).send(echo.url);
        await driver.client('Bearer abc', { origins: [echo.origin] }).send(echo.url);
        expect(echo.requests.map((request) => request.headers.authorization)).toStrictEqual(['Bearer abc', 'Bearer abc']);

        const source = core.createTokenSource(grant(), { transport: driver.transport() as never });
        const { accessToken } = await source.getToken();
        const client = driver.client(accessToken, { origins: [api.origin] });
        expect(await client.send(`${api.origin}/a`)).toMatchObject({ status: 200 });
        api.expire(accessToken);
        expect(await client.send(`${api.origin}/b`)).toMatchObject({ status: 401 });
        expect([api.count, tokens.count]).toStrictEqual([2, 1]);
      });

      it('shares one token source between clients', async () => {
        const source = core.createTokenSource(grant(), { transport: driver.transport() as never });
        const first = driver.client(source, { origins: [api.origin] });
        const second = driver.client(source, { origins: [api.origin] });
        await Promise.all([first.send(`${api.origin}/one`), second.send(`${api.origin}/two`)]);
        expect(tokens.count).toBe(1);
        expect(api.requests.map((request) => request.status)).toStrictEqual([200, 200]);
        source.dispose();
      });
    });

    describe('no token', () => {
      it('rejects with OAuthError and sends nothing when the token endpoint refuses the client', async () => {
        const attempt = driver.client(grant('wrong'), { origins: [api.origin] }).send(`${api.origin}/items`);
        await expect(attempt).rejects.toThrow(core.OAuthError);
        await expect(attempt).rejects.toMatchObject({ error: 'invalid_client' });
        expect(api.count).toBe(0);
      });

      it('rejects with TransportError and sends nothing when the token endpoint is down', async () => {
        const down = await startTokenServer();
        await down.close();
        const grantToDown = core.clientCredentials({ tokenUrl: down.url, clientId: 'test-client', clientSecret: 'test-secret' });
        const attempt = driver.client(grantToDown, { origins: [api.origin], source: { retry: { retries: 0 } } }).send(`${api.origin}/items`);
        await expect(attempt).rejects.toThrow(core.TransportError);
        expect(api.count).toBe(0);
      });

      it("the caller's signal aborts the wait for a token, and nothing is sent", async () => {
        tokens.behave({ delayMs: 2_000 });
        const controller = new AbortController();
        const attempt = driver.client(grant(), { origins: [api.origin] }).send(`${api.origin}/items`, { signal: controller.signal });
        setTimeout(() => controller.abort(), 20);
        const error = await attempt.then(() => undefined, (reason: unknown) => reason);
        expect(driver.isAbort(error)).toBe(true);
        expect(api.count).toBe(0);
      });
    });

    describe('transport', () => {
      const tokenRequest = (secret: string) => ({
        url: tokens.url,
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: `grant_type=client_credentials&client_id=test-client&client_secret=${secret}`,
      });

      it('answers status, lower-case headers and the text body, whatever the status', async () => {
        const transport = driver.transport() as Transport;
        const ok = await transport(tokenRequest('test-secret'), { signal: new AbortController().signal });
        expect(ok.status).toBe(200);
        expect(ok.headers['content-type']).toMatch(/^application\/json/);
        expect(ok.headers['cache-control']).toBe('no-store');
        expect(JSON.parse(ok.body)).toMatchObject({ access_token: issued(0), token_type: 'Bearer' });
        const refused = await transport(tokenRequest('wrong'), { signal: new AbortController().signal });
        // RFC 6749 §5.2: 400 for credentials in the body (401 is for the Authorization header).
        expect([refused.status, JSON.parse(refused.body).error]).toStrictEqual([400, 'invalid_client']);
      });

      it('does not follow redirects', async () => {
        const transport = driver.transport() as Transport;
        const url = `${api.origin}/redirect?status=307&to=${encodeURIComponent(echo.url)}`;
        const answer = await transport({ url, method: 'POST', headers: {}, body: 'client_secret=s' }, { signal: new AbortController().signal });
        expect(answer.status).toBe(307);
        expect(echo.count).toBe(0);
      });

      it('rejects when its signal aborts', async () => {
        tokens.behave({ delayMs: 2_000 });
        const controller = new AbortController();
        const pending = (driver.transport() as Transport)(tokenRequest('test-secret'), { signal: controller.signal });
        setTimeout(() => controller.abort(), 20);
        await expect(pending).rejects.toBeDefined();
      });

      const { transportOnClient } = driver;
      if (transportOnClient) it("bypasses the adapter's own token handling", async () => {
        const transport = transportOnClient('static-token') as Transport;
        await transport({ url: echo.url, method: 'POST', headers: {}, body: 'x' }, { signal: new AbortController().signal });
        expect(echo.requests[0]?.headers.authorization).toBeUndefined();
      });
    });
  });
}
