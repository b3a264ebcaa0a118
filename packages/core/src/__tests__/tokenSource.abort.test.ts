import type { TokenResponse } from '../http/types.js';
import { describe, expect, it } from 'vitest';
import { TransportError } from '../errors/TransportError.js';

import { flush } from './helpers/fakeTime.js';
import { deferred, failAnswer, tokenAnswer } from './helpers/fakeTransport.js';
import { rejection, SECRET, setup, track, unhandledRejections } from './helpers/fixtures.js';

describe('timeouts', () => {
  it('puts a default 10 s timeout on each token request (TOK_TIMEOUT)', async () => {
    const { time, endpoint, source } = setup({ retry: { retries: 0 } });
    endpoint.queue('hang');
    const failed = track(rejection(source.getToken()));
    await flush();
    expect(time.delays).toEqual([10_000]);
    await time.advance(9_999);
    expect(failed.settled).toBe(false);
    await time.advance(1);
    const error = await failed.promise;
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'TOK_TIMEOUT' });
    expect((error as Error).message).toContain('timed out after 10 s');
    expect((error as Error).message).not.toContain(SECRET);
    expect(endpoint.calls[0]?.signal.aborted).toBe(true);
    expect(time.pending()).toEqual([]);
  });

  it('takes timeoutMs, and times out each attempt on its own', async () => {
    const { time, endpoint, source } = setup({ timeoutMs: 500, retry: { retries: 2 } });
    endpoint.setDefault('hang');
    const failed = rejection(source.getToken());
    await time.advance(1_499);
    expect(endpoint.count).toBe(3);
    await time.advance(1);
    expect(await failed).toMatchObject({ code: 'TOK_TIMEOUT' });
    expect(time.delays.filter((ms) => ms === 500)).toHaveLength(3);
  });

  it('clears the timeout once the answer arrives', async () => {
    const { time, source } = setup();
    await source.getToken();
    expect(time.pending().map((timer) => timer.ms)).not.toContain(10_000);
  });
});

describe("a caller's AbortSignal", () => {
  it("ends only that caller's wait; the others get the token from the same single request", async () => {
    const { endpoint, source } = setup();
    const answer = deferred<TokenResponse>();
    endpoint.queue(answer.promise);
    const controller = new AbortController();
    const others = Array.from({ length: 10 }, () => source.getToken());
    const aborted = rejection(source.getToken({ signal: controller.signal }));
    const reason = new Error('user navigated away');
    controller.abort(reason);

    const error = await aborted;
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'TOK_ABORTED', cause: reason });
    expect(endpoint.calls[0]?.signal.aborted).toBe(false);

    answer.resolve(tokenAnswer({ accessToken: 'shared' }));
    const tokens = await Promise.all(others);
    expect(tokens.every((token) => token.accessToken === 'shared')).toBe(true);
    expect(endpoint.count).toBe(1);
  });

  it('keeps the shared request going when every waiting caller aborts; the next caller gets its token', async () => {
    const { endpoint, source } = setup();
    const answer = deferred<TokenResponse>();
    endpoint.queue(answer.promise);
    const controller = new AbortController();
    const aborted = Array.from({ length: 5 }, () => rejection(source.getToken({ signal: controller.signal })));
    controller.abort();
    for (const error of await Promise.all(aborted)) expect(error).toMatchObject({ code: 'TOK_ABORTED' });

    const later = source.getToken();
    answer.resolve(tokenAnswer({ accessToken: 'finished' }));
    expect((await later).accessToken).toBe('finished');
    expect(endpoint.count).toBe(1);
    expect(endpoint.calls[0]?.signal.aborted).toBe(false);
  });

  it('rejects at once for a signal that is already aborted, and starts no token request', async () => {
    const { endpoint, source } = setup();
    const error = await rejection(source.getToken({ signal: AbortSignal.abort() }));
    expect(error).toMatchObject({ code: 'TOK_ABORTED' });
    await flush();
    expect(endpoint.count).toBe(0);
  });

  it('rejects at once for an aborted signal while a Retry-After holds requests back', async () => {
    const unhandled = unhandledRejections();
    const { endpoint, source } = setup({ retry: { retries: 0 } });
    endpoint.queue(failAnswer(429, { headers: { 'retry-after': '60' } }));
    await expect(source.getToken()).rejects.toMatchObject({ status: 429 });
    const error = await rejection(source.getToken({ signal: AbortSignal.abort() }));
    expect(error).toMatchObject({ code: 'TOK_ABORTED' });
    await flush();
    expect(endpoint.count).toBe(1);
    expect(unhandled).toEqual([]);
  });

  it("gives the caller the endpoint's error when it fails before the signal aborts", async () => {
    const { endpoint, source } = setup({ retry: { retries: 0 } });
    endpoint.queue(failAnswer(401, { error: 'invalid_client' }));
    const controller = new AbortController();
    const error = await rejection(source.getToken({ signal: controller.signal }));
    expect(error).toMatchObject({ code: 'TOK_OAUTH_ERROR' });
    controller.abort();
  });

  it('does not matter on a cache hit', async () => {
    const { endpoint, source } = setup();
    const token = await source.getToken();
    const controller = new AbortController();
    expect(await source.getToken({ signal: controller.signal })).toBe(token);
    controller.abort();
    expect(await source.getToken()).toBe(token);
    expect(endpoint.count).toBe(1);
  });
});
