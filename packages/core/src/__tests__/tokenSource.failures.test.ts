import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isOAuthError, OAuthError } from '../errors/OAuthError.js';
import { ResponseError } from '../errors/ResponseError.js';
import { TransportError } from '../errors/TransportError.js';
import { DEFAULT_RETRY } from '../policy/retry.js';
import type { TokenEvent } from '../source/events.js';
import { flush } from './helpers/fakeTime.js';
import { failAnswer, tokenAnswer } from './helpers/fakeTransport.js';
import { HOUR_REFRESH_AT, rejection, SECRET, setup, unhandledRejections } from './helpers/fixtures.js';

// A timeout no backoff delay equals, to tell the two apart in the delays asked of the timers.
const TIMEOUT = 7_777;

function networkError(): Error {
  return new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
}

/** The delays asked of the timers, minus request timeouts and refresh timers. */
function backoffs(delays: readonly number[]): number[] {
  return delays.filter((ms) => ms !== TIMEOUT && ms < 60_000);
}

describe('retried failures', () => {
  it('retries network errors and reports them as TOK_NETWORK with the cause kept', async () => {
    const { time, endpoint, source } = setup({ timeoutMs: TIMEOUT, retry: { retries: 2 } });
    endpoint.queue(networkError(), networkError());
    const pending = source.getToken();
    await time.advance(1_000);
    await expect(pending).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(endpoint.count).toBe(3);
    expect(source.stats()).toMatchObject({ tokenRequests: 3, failures: 2 });

    const { source: once, endpoint: down } = setup({ retry: { retries: 0 } });
    const cause = networkError();
    down.queue(cause);
    const error = await rejection(once.getToken());
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'TOK_NETWORK', cause });
    expect((error as Error).message).toContain('ECONNRESET');
    expect((error as Error).message).toContain('https://auth.example.com/oauth/token');
  });

  it('retries a request that timed out', async () => {
    const { time, endpoint, source } = setup({ timeoutMs: TIMEOUT, retry: { retries: 1 } });
    endpoint.queue('hang');
    const pending = source.getToken();
    await time.advance(TIMEOUT - 1);
    expect(endpoint.count).toBe(1);
    expect(endpoint.calls[0]?.signal.aborted).toBe(false);
    await time.advance(1);
    expect(endpoint.calls[0]?.signal.aborted).toBe(true);
    expect(endpoint.count).toBe(2);
    await expect(pending).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it.each([
    ['500', failAnswer(500)],
    ['502', failAnswer(502)],
    ['503', failAnswer(503)],
    ['500 server_error', failAnswer(500, { error: 'server_error' })],
    ['503 temporarily_unavailable', failAnswer(503, { error: 'temporarily_unavailable' })],
    ['429', failAnswer(429)],
    ['429 slow_down', failAnswer(429, { error: 'slow_down' })],
  ])('retries %s', async (_, answer) => {
    const { time, endpoint, source } = setup({ retry: { retries: 1 } });
    endpoint.queue(answer);
    const pending = source.getToken();
    await time.advance(1_000);
    await expect(pending).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(endpoint.count).toBe(2);
  });

  it('backs off exponentially with full jitter, bounded by maxDelayMs, and gives up after `retries`', async () => {
    const retry = { retries: 5, baseDelayMs: 100, maxDelayMs: 350 };
    const { time, endpoint, source } = setup({ timeoutMs: TIMEOUT, retry, random: () => 0.999 });
    endpoint.setDefault(failAnswer(503));
    const failed = rejection(source.getToken());
    await time.advance(10_000);
    const error = await failed;
    expect(error).toBeInstanceOf(ResponseError);
    expect(error).toMatchObject({ code: 'TOK_HTTP_STATUS', status: 503 });
    expect(endpoint.count).toBe(6);
    const ceilings = [100, 200, 350, 350, 350];
    const delays = backoffs(time.delays);
    expect(delays).toHaveLength(5);
    delays.forEach((ms, i) => {
      expect(ms).toBeLessThan(ceilings[i] ?? 0);
      expect(ms).toBeCloseTo(0.999 * (ceilings[i] ?? 0), 6);
    });
  });

  it('draws each backoff at random between 0 and the ceiling (full jitter)', async () => {
    const draws = [0.25, 0.75, 0];
    const { time, endpoint, source } = setup({ timeoutMs: TIMEOUT, retry: { retries: 3, baseDelayMs: 1_000 }, random: () => draws.shift() ?? 0 });
    endpoint.queue(failAnswer(503), failAnswer(503), failAnswer(503));
    const pending = source.getToken();
    await time.advance(250);
    expect(endpoint.count).toBe(2);
    await time.advance(1_499);
    expect(endpoint.count).toBe(2);
    // The third draw is 0: the fourth attempt follows the third at once.
    await time.advance(1);
    expect(endpoint.count).toBe(4);
    await expect(pending).resolves.toBeDefined();
    expect(backoffs(time.delays)).toEqual([250, 1_500, 0]);
  });

  it('waits at least the Retry-After of a 429 before the next attempt', async () => {
    const { time, endpoint, source } = setup({ timeoutMs: TIMEOUT });
    endpoint.queue(failAnswer(429, { headers: { 'retry-after': '3' } }));
    const pending = source.getToken();
    await time.advance(2_999);
    expect(endpoint.count).toBe(1);
    await time.advance(1);
    expect(endpoint.count).toBe(2);
    await expect(pending).resolves.toBeDefined();
    expect(backoffs(time.delays)).toEqual([3_000]);
  });

  it('gives up on a Retry-After longer than maxDelayMs, and sends nothing more until it has passed', async () => {
    const { time, endpoint, source } = setup({ retry: { maxDelayMs: 5_000 } });
    endpoint.queue(failAnswer(503, { error: 'temporarily_unavailable', headers: { 'retry-after': '60' } }));
    const first = await rejection(source.getToken());
    expect(first).toMatchObject({ code: 'TOK_OAUTH_ERROR', status: 503, retryAfterMs: 60_000 });
    expect(endpoint.count).toBe(1);

    await time.advance(30_000);
    const burst = await Promise.all(Array.from({ length: 20 }, () => rejection(source.getToken())));
    expect(burst.every((error) => error === first)).toBe(true);
    expect(endpoint.count).toBe(1);

    await time.advance(30_000);
    await expect(source.getToken()).resolves.toBeDefined();
    expect(endpoint.count).toBe(2);
  });
});

describe('final failures', () => {
  it.each([
    [401, 'invalid_client'],
    [400, 'invalid_scope'],
    [400, 'unauthorized_client'],
    [400, 'invalid_request'],
  ])('does not retry %i %s and rejects with an OAuthError', async (status, code) => {
    const { time, endpoint, source } = setup({ retry: { retries: 3 } });
    endpoint.queue(failAnswer(status, { error: code }));
    const failed = rejection(source.getToken());
    await time.advance(60_000);
    const error = await failed;
    expect(error).toBeInstanceOf(OAuthError);
    expect(isOAuthError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'TOK_OAUTH_ERROR', error: code, status });
    expect(endpoint.count).toBe(1);
    expect(source.stats()).toMatchObject({ tokenRequests: 1, failures: 1 });
    for (const view of [(error as Error).message, JSON.stringify(error), inspect(error, { depth: 10 })]) expect(view).not.toContain(SECRET);
  });

  it.each([
    ['a 403 without an OAuth body', failAnswer(403)],
    ['a 200 that is not a token', { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>login</html>' }],
  ])('does not retry %s', async (_, answer) => {
    const { time, endpoint, source } = setup({ retry: { retries: 3 } });
    endpoint.queue(answer);
    const failed = rejection(source.getToken());
    await time.advance(60_000);
    expect(await failed).toBeInstanceOf(ResponseError);
    expect(endpoint.count).toBe(1);
  });
});

describe('a failing endpoint', () => {
  it('keeps serving the current token when a background refresh fails, until it really expires', async () => {
    // A 100 s token: refresh from 70 s, not sent from 99 s.
    const { time, endpoint, source, events } = setup({ retry: { retries: 0 } });
    endpoint.queue(tokenAnswer({ expiresIn: 100 }));
    const old = await source.getToken();
    endpoint.setDefault(failAnswer(503));

    await time.advance(70_000);
    expect(await source.getToken()).toBe(old);
    await flush();
    expect(endpoint.count).toBe(2);
    const failed = events.filter((event): event is Extract<TokenEvent, { type: 'refresh-failed' }> => event.type === 'refresh-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ background: true, error: { code: 'TOK_HTTP_STATUS', status: 503 } });

    // A burst right after the failure gets the old token and does not hit the endpoint again.
    const burst = await Promise.all(Array.from({ length: 100 }, () => source.getToken()));
    expect(burst.every((token) => token === old)).toBe(true);
    await flush();
    expect(endpoint.count).toBe(2);

    // It tries again later (a quarter of the time left, at least 1 s), still serving the old token.
    await time.advance(7_250);
    expect(await source.getToken()).toBe(old);
    await flush();
    expect(endpoint.count).toBe(3);

    // Until 99 s the old token is served; from then on callers wait, and get the endpoint's error.
    await time.advance(99_000 - 70_000 - 7_250 - 1);
    expect(await source.getToken()).toBe(old);
    await time.advance(1);
    const count = endpoint.count;
    const error = await rejection(source.getToken());
    expect(error).toMatchObject({ code: 'TOK_HTTP_STATUS', status: 503 });
    expect(endpoint.count).toBe(count + 1);
    expect(events.at(-1)).toMatchObject({ type: 'refresh-failed', background: false });
  });

  it('replaces the token once the endpoint recovers after a failed background refresh', async () => {
    const { time, endpoint, source } = setup({ retry: { retries: 0 } });
    endpoint.queue(tokenAnswer({ expiresIn: 100 }), failAnswer(500));
    const old = await source.getToken();
    await time.advance(70_000);
    await source.getToken();
    // The re-armed timer tries again on its own (no call needed) and the endpoint has recovered.
    await time.advance(8_000);
    await flush();
    const next = await source.getToken();
    expect(next).not.toBe(old);
    expect(endpoint.count).toBe(3);
  });

  it('does not poison the cache: after a failure and a short pause the next call tries again', async () => {
    const { time, endpoint, source, events } = setup({ retry: { retries: 0 } });
    endpoint.queue(failAnswer(503));
    const failure = await rejection(source.getToken());
    expect(failure).toMatchObject({ status: 503 });
    expect(events).toMatchObject([{ type: 'refresh-failed', background: false }]);
    // During the pause a call gets the same failure at once, and sends nothing.
    await time.advance(DEFAULT_RETRY.baseDelayMs - 1);
    expect(await rejection(source.getToken())).toBe(failure);
    expect([endpoint.count, source.stats().waits]).toStrictEqual([1, 1]);
    await time.advance(1);
    await expect(source.getToken()).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(endpoint.count).toBe(2);
  });

  it('spaces the flights of steady traffic on a failing endpoint: a pause after each failed flight, doubling to maxDelayMs, reset by a success', async () => {
    const { time, endpoint, source } = setup({ retry: { retries: 0, baseDelayMs: 100, maxDelayMs: 400 } });
    endpoint.setDefault(failAnswer(503));
    // One call every 10 ms for 2 s: without pauses, 200 token requests.
    const flightsAt: number[] = [];
    for (let t = 0; t < 2_000; t += 10) {
      const before = endpoint.count;
      await rejection(source.getToken());
      if (endpoint.count > before) flightsAt.push(t);
      await time.advance(10);
    }
    // Pauses of 100, 200, 400, 400, … ms after each failure.
    expect(flightsAt).toStrictEqual([0, 100, 300, 700, 1_100, 1_500, 1_900]);
    expect(endpoint.count).toBe(7);

    endpoint.setDefault(tokenAnswer());
    await time.advance(400);
    const token = await source.getToken();
    source.invalidate(token);
    endpoint.setDefault(failAnswer(503));
    await rejection(source.getToken());
    const count = endpoint.count;
    // A success ended the streak: the pause is back to baseDelayMs.
    await time.advance(100);
    await rejection(source.getToken());
    expect(endpoint.count).toBe(count + 1);
  });

  it('lets a Retry-After longer than the pause decide when the next flight may start', async () => {
    const { time, endpoint, source } = setup({ retry: { retries: 0 } });
    endpoint.queue(failAnswer(429, { headers: { 'retry-after': '3' } }));
    const failure = await rejection(source.getToken());
    await time.advance(2_999);
    expect(await rejection(source.getToken())).toBe(failure);
    expect(endpoint.count).toBe(1);
    await time.advance(1);
    await expect(source.getToken()).resolves.toMatchObject({ tokenType: 'Bearer' });
  });

  it('gives a burst of concurrent callers one flight per burst on a failing endpoint', async () => {
    const { time, endpoint, source } = setup({ retry: { retries: 2 } });
    endpoint.setDefault(failAnswer(503));
    for (const burst of [1, 2]) {
      const callers = Array.from({ length: 200 }, () => rejection(source.getToken()));
      await time.advance(10_000);
      const errors = await Promise.all(callers);
      expect(new Set(errors).size).toBe(1);
      expect(endpoint.count).toBe(3 * burst);
    }
  });

  it('copes with a refresh timer that fires late, while a Retry-After holds requests back', async () => {
    // A busy event loop: a call reaches the refresh point before the refresh timer has run.
    const unhandled = unhandledRejections();
    const { time, endpoint, source } = setup({ retry: { retries: 0 } });
    const old = await source.getToken();
    await source.getToken();
    endpoint.queue(failAnswer(429, { headers: { 'retry-after': '60' } }));
    time.jump(HOUR_REFRESH_AT);
    expect(await source.getToken()).toBe(old);
    await flush();
    expect(endpoint.count).toBe(2);
    await time.advance(0); // the late timer
    expect(endpoint.count).toBe(2);
    expect(await source.getToken()).toBe(old);
    await flush();
    expect(unhandled).toEqual([]);
  });

  it('keeps the old token when a background refresh gets an OAuth error, and tells subscribers', async () => {
    const { time, endpoint, source, events } = setup();
    const old = await source.getToken();
    endpoint.queue(failAnswer(400, { error: 'invalid_scope' }));
    await time.advance(HOUR_REFRESH_AT);
    expect(await source.getToken()).toBe(old);
    await flush();
    expect(events.at(-1)).toMatchObject({ type: 'refresh-failed', background: true, error: { error: 'invalid_scope' } });
    expect(await source.getToken()).toBe(old);
  });
});
