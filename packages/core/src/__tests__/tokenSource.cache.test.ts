import type { TokenResponse } from '../http/types.js';
import { describe, expect, it } from 'vitest';

import type { Token } from '../response/token.js';
import { flush } from './helpers/fakeTime.js';
import { deferred, failAnswer, tokenAnswer } from './helpers/fakeTransport.js';
import { HOUR_EXPIRED_AT, HOUR_REFRESH_AT, rejection, setup, track } from './helpers/fixtures.js';

describe('cache', () => {
  it('answers from the cache while the token is fresh, with no transport call', async () => {
    const { time, endpoint, source } = setup();
    const first = await source.getToken();
    for (let i = 0; i < 100; i++) expect(await source.getToken()).toBe(first);
    await time.advance(HOUR_REFRESH_AT - 1);
    expect(await source.getToken()).toBe(first);
    expect(endpoint.count).toBe(1);
    expect(source.stats()).toMatchObject({ tokenRequests: 1, cacheHits: 101, waits: 1 });
  });

  it('answers a cache hit without waiting for any I/O or timer', async () => {
    const { endpoint, source } = setup();
    await source.getToken();
    endpoint.setDefault('hang');
    const hit = track(source.getToken());
    await Promise.resolve();
    await Promise.resolve();
    expect(hit.settled).toBe(true);
    expect(endpoint.count).toBe(1);
  });

  it('peek() shows the current token without I/O, and nothing before the first one', async () => {
    const { endpoint, source } = setup();
    expect(source.peek()).toBeUndefined();
    const token = await source.getToken();
    expect(source.peek()).toBe(token);
    expect(endpoint.count).toBe(1);
  });

  it('never hands out a token past its expiry, even when no timer ran (a process that slept)', async () => {
    const { time, endpoint, source } = setup();
    const old = await source.getToken();
    time.jump(HOUR_EXPIRED_AT);
    const next = await source.getToken();
    expect(next.accessToken).not.toBe(old.accessToken);
    expect(endpoint.count).toBe(2);
  });
});

describe('single flight', () => {
  it('1,000 concurrent cold callers cause one token request and all get the same token', async () => {
    const { endpoint, source } = setup();
    const answer = deferred<TokenResponse>();
    endpoint.queue(answer.promise);
    const callers = Array.from({ length: 1000 }, () => source.getToken());
    await flush();
    expect(endpoint.count).toBe(1);
    answer.resolve(tokenAnswer({ accessToken: 'shared' }));
    const tokens = await Promise.all(callers);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]?.accessToken).toBe('shared');
    expect(endpoint.count).toBe(1);
    expect(source.stats()).toMatchObject({ tokenRequests: 1, waits: 1000, cacheHits: 0 });
  });

  it('1,000 concurrent cold callers on a refusing endpoint all get the same error from one request', async () => {
    const { endpoint, source } = setup();
    const answer = deferred<TokenResponse>();
    endpoint.queue(answer.promise);
    const callers = Array.from({ length: 1000 }, () => rejection(source.getToken()));
    await flush();
    answer.resolve(failAnswer(401, { error: 'invalid_client' }));
    const errors = await Promise.all(callers);
    expect(new Set(errors).size).toBe(1);
    expect(errors[0]).toMatchObject({ code: 'TOK_OAUTH_ERROR', error: 'invalid_client' });
    expect(endpoint.count).toBe(1);
  });

  it('keeps callers who arrive during the retries of a flight on that same flight', async () => {
    const { time, endpoint, source } = setup({ retry: { retries: 2 } });
    endpoint.queue(failAnswer(503), failAnswer(503));
    const early = source.getToken();
    await flush();
    const late = Array.from({ length: 10 }, () => source.getToken());
    await time.advance(0);
    const tokens = await Promise.all([early, ...late]);
    expect(new Set(tokens).size).toBe(1);
    expect(endpoint.count).toBe(3);
  });
});

describe('refresh ahead', () => {
  it('starts one background refresh at the refresh point; callers keep the old token without waiting', async () => {
    const { time, endpoint, source } = setup();
    const old = await source.getToken();
    await time.advance(HOUR_REFRESH_AT);
    expect(endpoint.count).toBe(1);

    const answer = deferred<TokenResponse>();
    endpoint.queue(answer.promise);
    // The endpoint has not answered: every caller still gets the valid token at once.
    const during = await Promise.all(Array.from({ length: 100 }, () => source.getToken()));
    expect(during.every((token) => token === old)).toBe(true);
    expect(endpoint.count).toBe(2);
    await time.advance(5_000); // less than the request timeout
    expect(await source.getToken()).toBe(old);
    expect(endpoint.count).toBe(2);

    answer.resolve(tokenAnswer({ accessToken: 'renewed' }));
    await flush();
    expect((await source.getToken()).accessToken).toBe('renewed');
    expect(endpoint.count).toBe(2);
    expect(source.stats().waits).toBe(1);
  });

  it('does not refresh a moment before the refresh point', async () => {
    const { time, endpoint, source } = setup();
    await source.getToken();
    await time.advance(HOUR_REFRESH_AT - 1);
    await source.getToken();
    await flush();
    expect(endpoint.count).toBe(1);
    await time.advance(1);
    await source.getToken();
    await flush();
    expect(endpoint.count).toBe(2);
  });

  it('takes jitter off the refresh point with the injected randomness', async () => {
    // random 0.5 takes half of 5 % of the hour (90 s) off the refresh point.
    const { time, endpoint, source } = setup({ random: () => 0.5 });
    await source.getToken();
    expect(time.delays).toContain(HOUR_REFRESH_AT - 90_000);
    time.jump(HOUR_REFRESH_AT - 90_001);
    await source.getToken();
    await flush();
    expect(endpoint.count).toBe(1);
    time.jump(1);
    await source.getToken();
    await flush();
    expect(endpoint.count).toBe(2);
  });

  it("honours the server's refresh_in hint", async () => {
    const { time, endpoint, source } = setup();
    endpoint.queue(tokenAnswer({ refreshIn: 600 }));
    await source.getToken();
    time.jump(600_000);
    await source.getToken();
    await flush();
    expect(endpoint.count).toBe(2);
  });

  it('a timer refreshes a token in active use on time even when no call comes in the window', async () => {
    const { time, endpoint, source } = setup();
    const old = await source.getToken();
    await source.getToken(); // in use
    expect(time.pending().map((timer) => timer.ms)).toEqual([HOUR_REFRESH_AT]);
    await time.advance(HOUR_REFRESH_AT);
    expect(endpoint.count).toBe(2);
    const next = await source.getToken();
    expect(next).not.toBe(old);
    expect(endpoint.count).toBe(2);
    // The new token has its own timer, from its own issue time.
    expect(time.pending().map((timer) => timer.at)).toEqual([time.now + HOUR_REFRESH_AT]);
  });

  it('judges each token on its own use: a token the timer fetched that nobody uses then lapses', async () => {
    const { time, endpoint, source } = setup();
    await source.getToken();
    await source.getToken(); // in use
    await time.advance(HOUR_REFRESH_AT);
    expect(endpoint.count).toBe(2);
    await time.advance(HOUR_REFRESH_AT);
    expect(endpoint.count).toBe(2);
  });

  it('lets an idle token lapse: the timer does not refresh a token nobody used', async () => {
    const { time, endpoint, source } = setup();
    await source.getToken();
    await time.advance(HOUR_REFRESH_AT);
    await time.advance(HOUR_EXPIRED_AT);
    expect(endpoint.count).toBe(1);
    await source.getToken();
    expect(endpoint.count).toBe(2);
  });

  it('waits for a new token once the old one has expired, even if a refresh was never started', async () => {
    const { time, endpoint, source } = setup();
    const old = await source.getToken();
    await time.advance(HOUR_EXPIRED_AT);
    const answer = deferred<TokenResponse>();
    endpoint.queue(answer.promise);
    const waiting = track(source.getToken());
    await flush();
    expect(waiting.settled).toBe(false);
    answer.resolve(tokenAnswer());
    const next: Token = await waiting.promise;
    expect(next).not.toBe(old);
  });
});

describe('current(): the cache hit without a promise', () => {
  it('is undefined until a token is there, then the same token getToken() gives, counted as a cache hit', async () => {
    const { endpoint, source } = setup();
    expect(source.current?.()).toBeUndefined();
    expect(endpoint.count).toBe(0);
    const token = await source.getToken();
    expect(source.current?.()).toBe(token);
    expect(source.stats()).toMatchObject({ cacheHits: 1, waits: 1, tokenRequests: 1 });
  });

  it('is undefined once the token must no longer be sent, and starts nothing itself', async () => {
    const { time, endpoint, source } = setup();
    await source.getToken();
    time.jump(HOUR_EXPIRED_AT);
    expect(source.current?.()).toBeUndefined();
    expect(source.peek()).toBeDefined();
    await flush();
    expect(endpoint.count).toBe(1);
  });

  it('starts the refresh ahead of expiry like a getToken() hit, and keeps serving the valid token', async () => {
    const { time, endpoint, source } = setup();
    const first = await source.getToken();
    time.jump(HOUR_REFRESH_AT);
    expect(source.current?.()).toBe(first);
    await flush();
    expect(endpoint.count).toBe(2);
    expect(source.current?.()?.accessToken).not.toBe(first.accessToken);
  });

  it('is undefined after dispose()', async () => {
    const { source } = setup();
    await source.getToken();
    source.dispose();
    expect(source.current?.()).toBeUndefined();
  });
});
