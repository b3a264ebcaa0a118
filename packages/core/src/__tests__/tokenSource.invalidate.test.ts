import type { TokenResponse } from '../http/types.js';
import { describe, expect, it } from 'vitest';

import { DEFAULT_RETRY } from '../policy/retry.js';
import { flush } from './helpers/fakeTime.js';
import { deferred, failAnswer, tokenAnswer } from './helpers/fakeTransport.js';
import { HOUR_REFRESH_AT, rejection, setup, track } from './helpers/fixtures.js';

describe('invalidate(token)', () => {
  it('drops the current token and fetches a new one; callers get the new one, never the refused one', async () => {
    const { endpoint, source } = setup();
    const refused = await source.getToken();
    source.invalidate(refused);
    expect(source.peek()).toBeUndefined();
    await flush();
    expect(endpoint.count).toBe(2);
    const next = await source.getToken();
    expect(next.accessToken).not.toBe(refused.accessToken);
    expect(endpoint.count).toBe(2);
  });

  it('makes callers wait for the replacement rather than serve the refused token', async () => {
    const { endpoint, source } = setup();
    const refused = await source.getToken();
    const answer = deferred<TokenResponse>();
    endpoint.queue(answer.promise);
    source.invalidate(refused);
    const waiting = track(source.getToken());
    await flush();
    expect(waiting.settled).toBe(false);
    answer.resolve(tokenAnswer({ accessToken: 'replacement' }));
    expect((await waiting.promise).accessToken).toBe('replacement');
  });

  it('accepts the access token as a string', async () => {
    const { endpoint, source } = setup();
    const refused = await source.getToken();
    source.invalidate(refused.accessToken);
    expect(source.peek()).toBeUndefined();
    await flush();
    expect(endpoint.count).toBe(2);
  });

  it('without an argument drops whatever is current', async () => {
    const { endpoint, source } = setup();
    await source.getToken();
    source.invalidate();
    expect(source.peek()).toBeUndefined();
    await flush();
    expect(endpoint.count).toBe(2);
  });

  it('de-duplicates: 50 concurrent invalidations of the current token cause one refresh', async () => {
    const { endpoint, source } = setup();
    const refused = await source.getToken();
    const answer = deferred<TokenResponse>();
    endpoint.queue(answer.promise);
    for (let i = 0; i < 50; i++) source.invalidate(i % 2 === 0 ? refused : refused.accessToken);
    await flush();
    expect(endpoint.count).toBe(2);
    answer.resolve(tokenAnswer());
    await flush();
    for (let i = 0; i < 50; i++) source.invalidate(refused);
    await flush();
    expect(endpoint.count).toBe(2);
    expect(source.peek()?.accessToken).not.toBe(refused.accessToken);
  });

  it('ignores a late invalidate with an older token', async () => {
    const { endpoint, source } = setup();
    const older = await source.getToken();
    source.invalidate(older);
    const current = await source.getToken();
    expect(endpoint.count).toBe(2);

    source.invalidate(older);
    source.invalidate(older.accessToken);
    await flush();
    expect(endpoint.count).toBe(2);
    expect(source.peek()).toBe(current);
    expect(await source.getToken()).toBe(current);
  });

  it('ignores an invalidate with a token it never issued', async () => {
    const { endpoint, source } = setup();
    const current = await source.getToken();
    source.invalidate('some-other-token');
    await flush();
    expect(source.peek()).toBe(current);
    expect(endpoint.count).toBe(1);
  });

  it('does nothing when there is no token yet', async () => {
    const { endpoint, source } = setup();
    source.invalidate();
    source.invalidate('anything');
    await flush();
    expect(endpoint.count).toBe(0);
  });

  it('lets a background refresh already under way bring the replacement, with no second request', async () => {
    const { time, endpoint, source } = setup();
    const refused = await source.getToken();
    await time.advance(HOUR_REFRESH_AT);
    const answer = deferred<TokenResponse>();
    endpoint.queue(answer.promise);
    expect(await source.getToken()).toBe(refused); // starts the background refresh
    await flush();
    expect(endpoint.count).toBe(2);

    source.invalidate(refused);
    const waiting = track(source.getToken());
    await flush();
    expect(waiting.settled).toBe(false);
    expect(endpoint.count).toBe(2);
    answer.resolve(tokenAnswer({ accessToken: 'replacement' }));
    expect((await waiting.promise).accessToken).toBe('replacement');
    expect(endpoint.count).toBe(2);
  });

  it('stops the refresh timer of the dropped token', async () => {
    const { time, endpoint, source } = setup();
    const answer = deferred<TokenResponse>();
    const refused = await source.getToken();
    expect(time.pending()).toHaveLength(1);
    endpoint.queue(answer.promise);
    source.invalidate(refused);
    await flush();
    // Only the new request's timeout is left.
    expect(time.pending().map((timer) => timer.ms)).toEqual([10_000]);
    answer.resolve(tokenAnswer());
    await flush();
  });

  it('surfaces a failed replacement to callers, and the next call after the pause tries again', async () => {
    const { time, endpoint, source, events } = setup({ retry: { retries: 0 } });
    const refused = await source.getToken();
    endpoint.queue(failAnswer(401, { error: 'invalid_client' }));
    source.invalidate(refused);
    const error = await rejection(source.getToken());
    expect(error).toMatchObject({ error: 'invalid_client' });
    expect(events.at(-1)).toMatchObject({ type: 'refresh-failed', background: false });
    await time.advance(DEFAULT_RETRY.baseDelayMs);
    const next = await source.getToken();
    expect(next.accessToken).not.toBe(refused.accessToken);
    expect(endpoint.count).toBe(3);
  });
});
