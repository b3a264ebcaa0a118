// One leak test for every transport: each misbehaviour of a token endpoint gives an error, through
// a token source and through the adapter's client, and no view of that error (message, stack, each
// cause, util.inspect, JSON.stringify, String, the 'refresh-failed' event) shows the client secret,
// the Basic credentials, a grant header value or the access token. Also: answers over 1 MiB are cut
// off with a typed error that is not retried, and a redirect names its Location.
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultClient, freePort } from '@tok/testing';
import { type TokenServer, startTokenServer } from './index.js';
import { type MisbehavingServer, type Misbehaviour, startMisbehavingServer } from './misbehavingServer.js';

/** The parts of `@tok/core` the suite uses, passed in (test-utils cannot depend on core). */
export interface LeakCore {
  clientCredentials(options: { tokenUrl: string; clientId: string; clientSecret: string; placement?: 'basic' | 'form'; headers?: Record<string, string> }): object;
  createTokenSource(
    grant: object,
    options: { transport: never; retry?: { retries?: number; baseDelayMs?: number } },
  ): {
    getToken(): Promise<unknown>;
    subscribe(listener: (event: { type: string; error?: unknown }) => void): () => void;
    stats(): { tokenRequests: number };
    invalidate(): void;
    peek(): unknown;
    dispose(): void;
  };
}

/** What the suite needs from one transport (and the client it belongs to). */
export interface LeakDriver {
  /** E.g. `@tok/axios (fetch adapter)`. */
  readonly name: string;
  /** The transport under test. */
  transport(): unknown;
  /**
   * Sends one request to `url` through the adapter's client with `grant` installed for `url`'s
   * origin (token requests through the same transport, no retries); resolves to what it rejects with.
   */
  clientError(grant: object, url: string): Promise<unknown>;
}

const CLIENT_ID = 'leak-client';
// Characters that every encoding changes: form (+ and /), percent, JSON (the quote is left out:
// some servers refuse it; the JSON escaping of the others is covered by core's unit tests).
const SECRET = 'Sec+ret/42=never~shown';
const API_KEY = 'ak-9f27c1e0-never-shown';

type Case = { readonly misbehaviour: Misbehaviour | 'refused'; readonly placement: 'basic' | 'form' };

const CASES: readonly Case[] = [
  { misbehaviour: 'refused', placement: 'basic' },
  { misbehaviour: 'reset', placement: 'basic' },
  { misbehaviour: 'echo-400', placement: 'basic' },
  { misbehaviour: 'echo-400', placement: 'form' },
  { misbehaviour: 'bare-token', placement: 'basic' },
  { misbehaviour: 'json-string', placement: 'basic' },
  { misbehaviour: 'form-labelled-json', placement: 'basic' },
  { misbehaviour: 'camel-case', placement: 'basic' },
  { misbehaviour: 'huge', placement: 'form' },
  { misbehaviour: 'error-with-token', placement: 'basic' },
];

/** Every way an error gets shown: message, stack and String of each cause at any depth, inspect, JSON. */
export function errorViews(error: unknown): string {
  const views = [inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }), String(error)];
  try {
    views.push(JSON.stringify(error));
  } catch (e) {
    views.push(String(e));
  }
  const seen = new Set<unknown>();
  for (let e = error; typeof e === 'object' && e !== null && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const { message, stack, attempts } = e as { message?: unknown; stack?: unknown; attempts?: unknown };
    views.push(String(message), String(stack), String(e));
    if (Array.isArray(attempts)) for (const attempt of attempts) views.push(errorViews((attempt as { error?: unknown }).error));
  }
  if (typeof (error as { cause?: unknown } | null)?.cause === 'string') views.push((error as { cause: string }).cause);
  return views.join('\n');
}

/**
 * Registers the leak checks for one transport.
 *
 * @example
 * ```ts
 * import * as core from '@tok/core';
 * leakSuite(core, { name: '@tok/fetch', transport: () => fetchTransport(fetch), clientError: … });
 * ```
 */
export function leakSuite(core: LeakCore, driver: LeakDriver): void {
  describe(`${driver.name}: no secret or token in any view of an error`, () => {
    let server: MisbehavingServer;
    let refusedUrl: string;

    beforeAll(async () => {
      server = await startMisbehavingServer();
      refusedUrl = `http://127.0.0.1:${await freePort()}/token`;
    });
    afterAll(() => server.close());

    const urlOf = (misbehaviour: Case['misbehaviour']) => (misbehaviour === 'refused' ? refusedUrl : server.url(misbehaviour));
    const grantFor = ({ misbehaviour, placement }: Case) =>
      core.clientCredentials({ tokenUrl: urlOf(misbehaviour), clientId: CLIENT_ID, clientSecret: SECRET, placement, headers: { 'x-api-key': API_KEY } });

    function expectNoLeak(error: unknown): void {
      expect(error).toBeInstanceOf(Error);
      const shown = errorViews(error);
      const basic = btoa(`${CLIENT_ID}:${encodeURIComponent(SECRET)}`);
      const forbidden = {
        secret: SECRET,
        'form-encoded secret': new URLSearchParams([['', SECRET]]).toString().slice(1),
        'Basic credentials': basic,
        'grant header value': API_KEY,
        'access token': server.token,
      };
      for (const [what, value] of Object.entries(forbidden)) expect(shown.includes(value), `${what} in ${shown.slice(0, 2_000)}`).toBe(false);
    }

    describe.each(CASES)('$misbehaviour ($placement)', (c) => {
      it('getToken() and the refresh-failed event', async () => {
        const source = core.createTokenSource(grantFor(c), { transport: driver.transport() as never, retry: { retries: 0 } });
        const events: unknown[] = [];
        source.subscribe((event) => void (event.type === 'refresh-failed' && events.push(event.error)));
        try {
          const error = await source.getToken().then(
            () => expect.unreachable(),
            (e: unknown) => e,
          );
          expectNoLeak(error);
          expect(events).toHaveLength(1);
          expectNoLeak(events[0]);
        } finally {
          source.dispose();
        }
      });

      it("the adapter's client", async () => {
        expectNoLeak(await driver.clientError(grantFor(c), `${server.origin}/api`));
      });
    });

    it.each(['huge', 'endless', 'gzip-bomb'] as const)('%s: cut off at 1 MiB with TOK_RESPONSE_TOO_LARGE, not retried', async (misbehaviour) => {
      const source = core.createTokenSource(grantFor({ misbehaviour, placement: 'basic' }), { transport: driver.transport() as never, retry: { retries: 2, baseDelayMs: 1 } });
      try {
        const error = await source.getToken().then(
          () => expect.unreachable(),
          (e: unknown) => e,
        );
        expect(error).toMatchObject({ name: 'ResponseError', code: 'TOK_RESPONSE_TOO_LARGE' });
        expect((error as Error).message).toContain('over 1048576 bytes (1 MiB)');
        expect(source.stats().tokenRequests).toBe(1);
      } finally {
        source.dispose();
      }
    });

    it.each(['huge', 'endless', 'gzip-bomb'] as const)('%s: the transport itself rejects with TOK_RESPONSE_TOO_LARGE', async (misbehaviour) => {
      const transport = driver.transport() as (request: object, init: { signal: AbortSignal }) => Promise<unknown>;
      const request = { url: server.url(misbehaviour), method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' };
      const error = await transport(request, { signal: AbortSignal.timeout(20_000) }).then(
        () => expect.unreachable(),
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ name: 'ResponseError', code: 'TOK_RESPONSE_TOO_LARGE' });
      expect((error as Error).message).toContain(server.url(misbehaviour));
    });

    it('a redirect from the token endpoint: its Location named, not followed', async () => {
      const source = core.createTokenSource(grantFor({ misbehaviour: 'redirect', placement: 'basic' }), { transport: driver.transport() as never, retry: { retries: 0 } });
      try {
        const error = await source.getToken().then(
          () => expect.unreachable(),
          (e: unknown) => e,
        );
        expect(error).toMatchObject({ code: 'TOK_HTTP_STATUS', status: 302 });
        expect((error as Error).message).toContain('Location "/elsewhere/token"');
        expect((error as Error).message).toContain('tok does not follow redirects for token requests');
      } finally {
        source.dispose();
      }
    });
  });
}

/**
 * What one answer of a token endpoint may cost a client, through one transport, against the local
 * token server: a passing failure is retried, a huge `Retry-After` holds new token requests back
 * for at most 5 minutes (and `invalidate()` ends that), lifetimes of 0 and 1e308 are kept in range,
 * and a token that cannot be sent in a header is refused, never quoted and never cached.
 *
 * @example
 * ```ts
 * boundsSuite(core, { name: '@tok/fetch', transport: () => fetchTransport(fetch) });
 * ```
 */
export function boundsSuite(core: LeakCore, driver: Pick<LeakDriver, 'name' | 'transport'>): void {
  describe(`${driver.name}: bounded against a misbehaving token endpoint`, () => {
    let tokens: TokenServer;
    beforeAll(async () => {
      tokens = await startTokenServer();
    });
    afterAll(() => tokens.close());

    const sourceFor = (retries = 0) => {
      tokens.reset();
      const grant = core.clientCredentials({ tokenUrl: tokens.url, clientId: defaultClient.clientId, clientSecret: defaultClient.clientSecret, placement: 'form' });
      return core.createTokenSource(grant, { transport: driver.transport() as never, retry: { retries, baseDelayMs: 1 } });
    };
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => expect.unreachable(),
        (error: unknown) => error,
      );

    it.each([
      ['a 503', { status: 503, body: { error: 'temporarily_unavailable' } }],
      ['a reset connection', { drop: true }],
    ] as const)('%s once is retried and the caller gets a token', async (_, behaviour) => {
      const source = sourceFor(2);
      try {
        tokens.behave(behaviour);
        await expect(source.getToken()).resolves.toMatchObject({ tokenType: 'Bearer' });
        expect(tokens.count).toBe(2);
      } finally {
        source.dispose();
      }
    });

    it.each(['1000000000', 'Fri, 31 Dec 9999 23:59:59 GMT'])('Retry-After: %s holds token requests back for 5 minutes at most, until invalidate()', async (retryAfter) => {
      const source = sourceFor();
      try {
        tokens.behave({ status: 429, headers: { 'retry-after': retryAfter }, body: { error: 'slow_down' } });
        const first = await failure(source.getToken());
        expect(first).toMatchObject({ code: 'TOK_OAUTH_ERROR', status: 429, retryAfterMs: 300_000 });
        expect(await failure(source.getToken())).toBe(first);
        expect(tokens.count).toBe(1);
        source.invalidate();
        await expect(source.getToken()).resolves.toMatchObject({ tokenType: 'Bearer' });
        expect(tokens.count).toBe(2);
      } finally {
        source.dispose();
      }
    });

    it('expires_in: 0 does not cost a token request per call', async () => {
      const source = sourceFor();
      try {
        tokens.setDefault({ expiresIn: 0 });
        for (let i = 0; i < 20; i++) await source.getToken();
        // A second at least (MIN_LIFETIME_MS), refreshed at half of it: 20 calls in a row need one or two.
        expect(tokens.count).toBeLessThanOrEqual(2);
      } finally {
        tokens.setDefault({});
        source.dispose();
      }
    });

    it('expires_in: 1e308 gives a finite expiry a year away, not Infinity', async () => {
      const source = sourceFor();
      try {
        tokens.behave({ expiresIn: 1e308 });
        const token = (await source.getToken()) as { issuedAt: number; expiresAt: number };
        expect(token.expiresAt - token.issuedAt).toBe(365 * 24 * 3_600_000);
        await source.getToken();
        expect(tokens.count).toBe(1);
      } finally {
        source.dispose();
      }
    });

    it.each([
      ['CR/LF', 'abc\r\nx-injected: 1'],
      ['NUL', 'abc\u0000def'],
      ['a character above U+00FF', 'abc\u0100def'],
      ['a character above U+007F', 'abc\u00e9def'],
    ])('a token with %s is refused without being quoted, and not cached', async (_, accessToken) => {
      const source = sourceFor();
      try {
        tokens.behave({ accessToken });
        const error = await failure(source.getToken());
        expect(error).toMatchObject({ name: 'ResponseError', code: 'TOK_INVALID_RESPONSE' });
        expect(errorViews(error)).not.toContain(accessToken);
        expect(source.peek()).toBeUndefined();
        source.invalidate();
        await expect(source.getToken()).resolves.toMatchObject({ tokenType: 'Bearer' });
      } finally {
        source.dispose();
      }
    });
  });
}
