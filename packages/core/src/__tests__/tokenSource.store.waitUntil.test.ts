// Serverless and edge runtimes end an invocation when its response is sent, and with it any work
// nobody awaits: the refresh ahead of expiry that a cache hit starts is handed to `waitUntil`.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/ConfigError.js';
import { createTokenSource } from '../source/tokenSource.js';
import { flush } from './helpers/fakeTime.js';
import { deferred, failAnswer, fakeTransport, tokenAnswer } from './helpers/fakeTransport.js';
import { HOUR_REFRESH_AT, setup, testGrant } from './helpers/fixtures.js';

/** A waitUntil that records what it is given and whether each promise has settled. */
function recordingWaitUntil() {
  const given: { promise: Promise<unknown>; settled: boolean; value?: unknown }[] = [];
  const waitUntil = (promise: Promise<unknown>) => {
    const entry: (typeof given)[number] = { promise, settled: false };
    given.push(entry);
    promise.then(
      (value) => Object.assign(entry, { settled: true, value }),
      () => Object.assign(entry, { settled: true, value: 'rejected' }),
    );
  };
  return { waitUntil, given };
}

describe('waitUntil', () => {
  it('is given the background refresh a cache hit starts, and it settles only once the new token is in', async () => {
    const { waitUntil, given } = recordingWaitUntil();
    const { time, endpoint, source } = setup({ waitUntil });
    const first = await source.getToken();
    // A token request a caller awaits keeps the invocation alive by itself.
    expect(given).toHaveLength(0);

    time.jump(HOUR_REFRESH_AT);
    const answer = deferred<ReturnType<typeof tokenAnswer>>();
    endpoint.queue(answer.promise);
    // The response goes out with the old token; the refresh goes on after it.
    expect(await source.getToken()).toBe(first);
    expect(given).toHaveLength(1);
    await flush();
    expect(given[0]?.settled).toBe(false);

    answer.resolve(tokenAnswer({ accessToken: 'renewed' }));
    await given[0]?.promise;
    expect(source.peek()?.accessToken).toBe('renewed');
    expect(given).toHaveLength(1);
  });

  it('gets a promise that never rejects, even when the refresh fails', async () => {
    const { waitUntil, given } = recordingWaitUntil();
    const { time, endpoint, source, events } = setup({ waitUntil, retry: { retries: 0 } });
    await source.getToken();
    time.jump(HOUR_REFRESH_AT);
    endpoint.queue(failAnswer(503));
    await source.getToken();
    await given[0]?.promise;
    expect(given[0]).toMatchObject({ settled: true, value: undefined });
    expect(events.at(-1)).toMatchObject({ type: 'refresh-failed', background: true });
  });

  it('is given the refresh the timer starts too', async () => {
    const { waitUntil, given } = recordingWaitUntil();
    const { time, source } = setup({ waitUntil });
    await source.getToken();
    await source.getToken(); // used: worth refreshing on time
    await time.advance(HOUR_REFRESH_AT);
    expect(given).toHaveLength(1);
    await given[0]?.promise;
  });

  it('must be a function: a ConfigError at construction otherwise', () => {
    const { transport } = fakeTransport();
    expect(() => createTokenSource(testGrant(), { transport, waitUntil: 'ctx.waitUntil' as never })).toThrow(ConfigError);
    expect(() => createTokenSource(testGrant(), { transport, waitUntil: 'ctx.waitUntil' as never })).toThrow(/^waitUntil: expected a function/);
  });
});
