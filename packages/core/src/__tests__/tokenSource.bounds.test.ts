import { describe, expect, it } from 'vitest';
import { rejectionPaceMs } from '../policy/recovery.js';
import { MAX_RETRY_AFTER_MS } from '../policy/retryAfter.js';
import { flush } from './helpers/fakeTime.js';
import { failAnswer } from './helpers/fakeTransport.js';
import { rejection, setup } from './helpers/fixtures.js';

describe("a caller's deadline across retries", () => {
  it('ends the wait at deadlineMs (default 30 s) and says how many attempts it took over how long', async () => {
    const { time, endpoint, source } = setup({ retry: { retries: 10, baseDelayMs: 1_000, maxDelayMs: 1_000 }, random: () => 0.5 });
    endpoint.setDefault('hang');
    const failed = rejection(source.getToken());
    await time.advance(30_000);
    const error = (await failed) as Error;
    expect(error).toMatchObject({ code: 'TOK_TIMEOUT' });
    // 10 s + 0.5 s + 10 s + 0.5 s + the 9 s left.
    expect(endpoint.count).toBe(3);
    expect(error.message).toMatch(/timed out after 9 s \(3 attempts over 30 s\)$/);
    expect(error.stack).toContain('(3 attempts over 30 s)');
  });

  it('cuts the last attempt short rather than outlive the deadline', async () => {
    const { time, endpoint, source } = setup({ deadlineMs: 12_000, retry: { retries: 5, baseDelayMs: 1_000, maxDelayMs: 1_000 }, random: () => 0.5 });
    endpoint.setDefault('hang');
    const failed = rejection(source.getToken());
    await time.advance(12_000);
    expect(await failed).toMatchObject({ code: 'TOK_TIMEOUT', message: expect.stringContaining('(2 attempts over 12 s)') });
    expect(time.delays.filter((ms) => ms !== 500)).toEqual([10_000, 1_500]);
    expect(endpoint.count).toBe(2);
  });

  it('does not sleep past the deadline: a backoff that would end after it ends the wait now', async () => {
    const { time, endpoint, source } = setup({ deadlineMs: 1_000, retry: { retries: 5, baseDelayMs: 2_000, maxDelayMs: 2_000 }, random: () => 0.9 });
    endpoint.setDefault(failAnswer(503));
    const error = await rejection(source.getToken());
    expect(endpoint.count).toBe(1);
    expect((error as Error).message).not.toContain('attempts');
    expect(time.pending().filter((timer) => timer.ms > 0)).toHaveLength(0);
  });

  it('keeps a single-attempt message as it was', async () => {
    const { endpoint, source } = setup({ retry: { retries: 0 } });
    endpoint.queue(failAnswer(503));
    expect(((await rejection(source.getToken())) as Error).message).not.toContain('attempts');
  });
});

describe('a Retry-After that would stop the source for long', () => {
  it('holds new token requests for at most MAX_RETRY_AFTER_MS, however long the server asks for', async () => {
    const { time, endpoint, source } = setup({ retry: { retries: 0 } });
    endpoint.queue(failAnswer(429, { headers: { 'retry-after': '1000000000' } }));
    const first = await rejection(source.getToken());
    expect(first).toMatchObject({ retryAfterMs: MAX_RETRY_AFTER_MS });
    await time.advance(MAX_RETRY_AFTER_MS - 1);
    expect(await rejection(source.getToken())).toBe(first);
    expect(endpoint.count).toBe(1);
    await time.advance(1);
    await expect(source.getToken()).resolves.toMatchObject({ tokenType: 'Bearer' });
    expect(endpoint.count).toBe(2);
  });

  it('an HTTP-date in year 9999 is capped the same way', async () => {
    const { time, endpoint, source } = setup({ retry: { retries: 0 } });
    endpoint.queue(failAnswer(503, { headers: { 'retry-after': 'Fri, 31 Dec 9999 23:59:59 GMT' } }));
    await rejection(source.getToken());
    await time.advance(MAX_RETRY_AFTER_MS);
    await expect(source.getToken()).resolves.toBeDefined();
  });

  it('invalidate() ends the hold at once', async () => {
    const { endpoint, source } = setup({ retry: { retries: 0 } });
    endpoint.queue(failAnswer(429, { headers: { 'retry-after': '120' } }));
    const first = await rejection(source.getToken());
    expect(await rejection(source.getToken())).toBe(first);
    source.invalidate();
    await expect(source.getToken()).resolves.toBeDefined();
    expect(endpoint.count).toBe(2);
  });
});

describe('an API that refuses every token', () => {
  it('paces the token requests its 401s cause: 50 refusals in a row cost 2, not 51', async () => {
    const { time, endpoint, source } = setup();
    for (let call = 0; call < 50; call++) {
      const used = await source.getToken();
      source.invalidate(used); // what an adapter does on a 401
      await flush();
      await time.advance(10);
    }
    expect(endpoint.count).toBe(2);
  });

  it('replaces a single refused token at once, and doubles the pace only while refusals keep coming', async () => {
    const { time, endpoint, source } = setup();
    const refuseCurrent = async () => {
      source.invalidate(await source.getToken());
      await flush();
    };
    await refuseCurrent();
    expect(endpoint.count).toBe(2);
    await time.advance(rejectionPaceMs(1) - 1);
    await refuseCurrent(); // within 1 s: paced, the token stays
    expect(endpoint.count).toBe(2);
    await time.advance(1);
    await refuseCurrent(); // streak 2
    expect(endpoint.count).toBe(3);
    await time.advance(rejectionPaceMs(2) - 1);
    await refuseCurrent();
    expect(endpoint.count).toBe(3);
    await time.advance(1);
    await refuseCurrent(); // streak 3: the next pace is 4 s
    expect(endpoint.count).toBe(4);
    // Quiet for twice the pace: the next refusal starts a new streak.
    await time.advance(2 * rejectionPaceMs(3));
    await refuseCurrent();
    expect(endpoint.count).toBe(5);
    await time.advance(rejectionPaceMs(1));
    await refuseCurrent();
    expect(endpoint.count).toBe(6);
  });

  it('bounds a minute of constant refusals: 7 token requests, then 1 a minute', async () => {
    const { time, endpoint, source } = setup();
    const refuseFor = async (ms: number) => {
      for (let t = 0; t < ms; t += 100) {
        source.invalidate(await source.getToken());
        await flush();
        await time.advance(100);
      }
    };
    await refuseFor(60_000);
    // 1 (first token) + refreshes at 0, 1, 3, 7, 15, 31 s: the pace reaches 32 s, then 60 s.
    expect(endpoint.count).toBe(7);
    const afterOneMinute = endpoint.count;
    await refuseFor(120_000);
    expect(endpoint.count - afterOneMinute).toBeLessThanOrEqual(2);
  });

  it('does not pace invalidate() without a token: an explicit reset always fetches anew', async () => {
    const { endpoint, source } = setup();
    for (let i = 0; i < 3; i++) {
      await source.getToken();
      source.invalidate();
      await flush();
    }
    expect(endpoint.count).toBe(4);
  });
});

describe('rejectionPaceMs', () => {
  it('starts at 1 s and doubles up to 60 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 100].map(rejectionPaceMs)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });
});
