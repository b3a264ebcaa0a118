import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createTokenSource } from '../source/tokenSource.js';
import { fakeTime, flush } from './helpers/fakeTime.js';
import { failAnswer, fakeTransport, tokenAnswer } from './helpers/fakeTransport.js';
import { HOUR_REFRESH_AT, setup, testGrant } from './helpers/fixtures.js';

afterEach(() => vi.unstubAllGlobals());

describe('the refresh timer', () => {
  it('re-arms after a failed background refresh, so an active token is refreshed without another call', async () => {
    const { time, endpoint, source, events } = setup();
    await source.getToken();
    await source.getToken(); // in use
    endpoint.queue(failAnswer(503), failAnswer(503), failAnswer(503));
    await time.advance(HOUR_REFRESH_AT); // the timer starts a refresh that fails (3 attempts)
    await flush();
    expect(events.filter((e) => e.type === 'refresh-failed')).toHaveLength(1);
    expect(endpoint.count).toBe(4);
    // No getToken() call from here on: the re-armed timer alone tries again.
    await time.advance(200_000);
    await flush();
    expect(endpoint.count).toBe(5);
    expect(source.peek()?.accessToken).toBe(endpoint.issued.at(-1));
  });

  it('does not refresh early when the runtime caps a long delay (~24.8 days) and fires before its time', async () => {
    const MAX_DELAY = 2_147_483_647;
    const time = fakeTime();
    const endpoint = fakeTransport(tokenAnswer({ expiresIn: 90 * 24 * 3600 })); // 90 days
    const capped = { setTimeout: (cb: () => void, ms: number) => time.timers.setTimeout(cb, Math.min(ms, MAX_DELAY)), clearTimeout: time.timers.clearTimeout };
    const source = createTokenSource(testGrant(), { transport: endpoint.transport, clock: time.clock, timers: capped, random: () => 0 });
    onTestFinished(() => source.dispose());
    await source.getToken();
    await source.getToken(); // in use
    await time.advance(MAX_DELAY); // the capped timer fires ~24.8 days in, 72 days before the refresh point
    await flush();
    expect(endpoint.count).toBe(1);
    await time.advance(72 * 24 * 3600 * 1000 - MAX_DELAY); // 80 % of 90 days
    await flush();
    expect(endpoint.count).toBe(2);
  });
});

describe('a listener that throws', () => {
  it('does not fail the callers waiting for the token, and its error is reported on its own', async () => {
    const reported: unknown[] = [];
    vi.stubGlobal('queueMicrotask', (job: () => void) => {
      try {
        job();
      } catch (error) {
        reported.push(error);
      }
    });
    const { source } = setup();
    const broken = new Error('listener bug');
    source.subscribe(() => {
      throw broken;
    });
    const token = await source.getToken();
    expect(token.accessToken).toMatch(/^token-/);
    expect(reported).toEqual([broken]);
  });
});
